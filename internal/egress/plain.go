package egress

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// PlainError is err, an error of [Client.Do] or of `esahayak listen`'s
// forward, with the text a person reads for it (in an attempt's log, the
// API, the dashboard, listen's output): the problem in plain words,
// without Go's "Post \"https://…/path\": " in front. The endpoint's URL
// is shown beside the error already (the delivery's endpoint, the URL
// listen forwards to), and a URL of up to 2,048 characters in front of it
// took all of the MaxErrorText bytes an error keeps, so the cut text named
// no problem. timeout is the attempt's, named for "context deadline
// exceeded", which says neither whose deadline nor how long it was.
//
// The error tree is kept under the new text (errors.Is, errors.As and
// [Classify] answer as for err): [ErrorText] and [Client.ErrorText] read
// it to leave out our own addresses and the proxy's, so pass them the
// result. Deliveries and listen both say their errors through it, so one
// receiver's failure reads the same in both. PlainError(nil) is nil.
func PlainError(err error, timeout time.Duration) error {
	if err == nil {
		return nil
	}
	var cut *cutOffError
	note := ""
	if errors.As(err, &cut) {
		// Added after the text is said in plain words: the cases below
		// compare the error's own text.
		note = "; " + cut.note
		err = cut.err
	}
	text := withoutRequestPrefix(err.Error())
	switch Classify(err) {
	case KindTimeout:
		text = strings.Replace(text, "context deadline exceeded", "timed out after "+timeout.String(), 1)
	case KindTLS:
		var certErr *tls.CertificateVerificationError
		switch {
		case errors.As(err, &certErr):
			// "tls: failed to verify certificate: x509: certificate
			// signed by unknown authority": the x509 text is the news.
			text = "TLS handshake: " + strings.TrimPrefix(certErr.Err.Error(), "x509: ")
			if issuer := unsentIssuer(certErr); issuer != "" {
				text += fmt.Sprintf(" (the chain the endpoint sent ends at a certificate issued by %q, which it did not send and which is no trusted root: "+
					"serve the full chain, with the intermediate certificates (fullchain.pem rather than cert.pem; browsers fill in a missing intermediate, "+
					"webhook requests do not), or a certificate from a public certificate authority)", issuer)
			}
		case remoteAlert(err) != nil:
			// "remote error: tls: certificate required": the receiver's
			// TLS server ended the handshake (TLS 1.3 says so when the
			// request is already sent, hence the whole text is said).
			op := remoteAlert(err)
			alert := strings.TrimPrefix(op.Err.Error(), "tls: ")
			said := fmt.Sprintf("TLS handshake: the endpoint refused it with the alert %q", alert)
			switch alert {
			case "certificate required":
				said += " (it asks for a client certificate; webhook requests present none)"
			case "protocol version not supported":
				// We offer TLS 1.2 and 1.3: a server that shares
				// neither speaks only older versions.
				said += ": it offers only TLS versions older than 1.2; " + tlsVersionsUsed
			}
			text = said
		case oldTLSVersion.MatchString(text):
			// An older server answers a ClientHello with the highest
			// version it has, and crypto/tls says it in hex ("tls:
			// server selected unsupported protocol version 301").
			v, _ := strconv.ParseUint(oldTLSVersion.FindStringSubmatch(text)[1], 16, 16)
			text = fmt.Sprintf("TLS handshake: the endpoint chose %s, older than webhook requests accept; %s", tls.VersionName(uint16(v)), tlsVersionsUsed)
		case strings.HasPrefix(text, "tls: "):
			text = "TLS handshake: " + strings.TrimPrefix(text, "tls: ")
		case text == "http: server gave HTTP response to HTTPS client":
			text = "TLS handshake: the endpoint answered in plain HTTP, not TLS (is the URL's port an http:// one?)"
		}
	case KindConnectionRefused:
		// "dial tcp 203.0.113.9:443: connect: connection refused" said it
		// in the words of the socket calls. The address stays: it is the
		// one of the endpoint's addresses that refused, which a host name
		// with several leaves the reader to know. Unlike the address a
		// BlockedError leaves out (a private one, which would map the
		// operator's network), it passed the private-address guard, or
		// private addresses are allowed (local development, listen).
		if op := refusedDial(err); op != nil {
			text = strings.Replace(text, op.Error(), "connection refused by "+op.Addr.String()+
				" (nothing is listening on that port, or a firewall refused the connection)", 1)
		}
	case KindConnectionReset:
		var sendCut *sendCutError
		switch {
		case errors.As(err, &sendCut):
			text = sendCut.plain()
		case text == "EOF":
			text = "the connection was closed before any response (EOF)"
		case text == "unexpected EOF":
			// HTTP/2's word for a connection closed before the answer's
			// headers (HTTP/1.1 says "EOF", or names the transport).
			text = "the connection was closed before any response (unexpected EOF)"
		case text == "reading response body: unexpected EOF":
			// A body shorter than its Content-Length, or a chunked
			// body without its end.
			text = "reading response body: the connection was closed before the end of the body (unexpected EOF)"
		case resetSocket(err) != nil:
			// "read tcp 203.0.113.9:443: read: connection reset by
			// peer" said it in the words of the socket calls.
			op := resetSocket(err)
			text = strings.Replace(text, op.Error(), "the connection was reset by "+op.Addr.String()+" (connection reset by peer)", 1)
		case text == "net/http: HTTP/1.x transport connection broken: unexpected EOF":
			// Closed in the middle of the status line or the headers,
			// or after a 1xx (a "199", "103 Early Hints") with no final
			// answer behind it.
			text = "the connection was closed before a final status line and headers were complete (unexpected EOF)"
		default:
			text = plainHTTP2Reset(text, err)
		}
	case KindOther:
		var flood *informationalFloodError
		if errors.As(err, &flood) {
			text = flood.Error()
			break
		}
		if strings.Contains(text, "net/http: server response headers exceeded ") {
			// A valid answer whose header block passed what an attempt
			// reads: "not valid HTTP" sent the customer looking for a
			// fault in their framing.
			text = fmt.Sprintf("the response headers were longer than %d bytes, the most an attempt reads (the attempt fails whatever its status)", MaxResponseHeaderBytes)
			break
		}
		if rest, ok := strings.CutPrefix(text, "reading response body: "); ok {
			if said := brokenChunked(rest); said != "" {
				text = "reading response body: " + said
				break
			}
		}
		if answeredHTTP2(text) {
			text = "the endpoint answered an HTTP/1.1 request in HTTP/2 frames (a server that speaks HTTP/2 alone: h2c, prior knowledge); " +
				"webhook requests use HTTP/2 only when a TLS server offers it in the handshake (ALPN), so serve HTTP/1.1 at this URL too " +
				"(in Node.js, http.createServer rather than http2.createServer)"
			break
		}
		if strings.Contains(text, "readLoopPeekFailLocked") {
			// net/http's words when a pooled connection, idle before
			// the request went out, received bytes: it logs them
			// ("Unsolicited response received on idle HTTP channel")
			// and ends the connection with this error, which the
			// request then meets: "readLoopPeekFailLocked:
			// %!w(<nil>)" was the whole error a customer read when the
			// endpoint's port was a mail server's.
			text = "the server at that address sent data before the request was sent, as SSH and mail servers do on connecting " +
				"and HTTP servers never do (is the URL's port the HTTP server's?)"
			break
		}
		if strings.HasPrefix(text, "malformed HTTP ") {
			// The same words bare: net/http read them before it had
			// written any of the request (its nothingWrittenError), so
			// the server spoke first, which no HTTP server does: the
			// URL's port is another service's (SSH's greeting, a mail
			// server's "220 …"), whose line read as a status code.
			text = "the response is not valid HTTP: " + text + "; it arrived before the request was sent: " +
				"the server at that address spoke first, as SSH and mail servers do and HTTP servers never do (is the URL's port the HTTP server's?)"
			break
		}
		// Go's words for a status line or header block it could not
		// parse ("malformed HTTP status code \"OK\"").
		text = strings.Replace(text, "net/http: HTTP/1.x transport connection broken: ", "the response is not valid HTTP: ", 1)
	}
	text += note
	if cut != nil {
		err = cut
	}
	if text == err.Error() {
		return err
	}
	return &plainError{text: text, err: err}
}

// oldTLSVersion matches crypto/tls's error for a server that chose a
// version the client does not accept (older than its MinVersion).
var oldTLSVersion = regexp.MustCompile(`^tls: server selected unsupported protocol version ([0-9a-f]{1,4})$`)

// tlsVersionsUsed says which TLS versions webhook requests use, for an
// endpoint that speaks only older ones.
const tlsVersionsUsed = "webhook requests use TLS 1.2 or 1.3 and refuse older versions as insecure, so enable TLS 1.2 or 1.3 on the endpoint's server"

// chunkedFaults are the errors of net/http's chunked reader
// (net/http/internal/chunked.go), unexported, for a body that is not
// valid chunked encoding; its "header line too long" is a chunk's size
// line over its 4096 bytes, said here as such.
var chunkedFaults = map[string]string{
	"invalid byte in chunk length":                "invalid byte in chunk length",
	"empty hex number for chunk length":           "empty hex number for chunk length",
	"http chunk length too large":                 "http chunk length too large",
	"malformed chunked encoding":                  "malformed chunked encoding",
	"chunked line ends with bare LF":              "chunked line ends with bare LF",
	"chunked encoding contains too much non-data": "chunked encoding contains too much non-data",
	"header line too long":                        "a chunk's size line is longer than 4096 bytes",
}

// brokenChunked says in words why a body could not be read when its
// chunked encoding, or the trailer after it, was broken ("" for any other
// error). Go's words alone ("reading response body: invalid byte in chunk
// length", "… header line too long") named neither the encoding nor, for
// the last, the body: the customer looked at their headers.
func brokenChunked(text string) string {
	if said, ok := chunkedFaults[text]; ok {
		return "the body is not valid chunked encoding (Transfer-Encoding: chunked): " + said
	}
	if strings.HasPrefix(text, "malformed MIME header") {
		// The only header block read with a body is its trailer.
		return "the trailer after the chunked body is not valid HTTP: " + text
	}
	return ""
}

// malformedResponse is net/http's error for a first line of an answer
// that is no status line, with the line quoted (strconv.Quote).
var malformedResponse = regexp.MustCompile(`malformed HTTP response ("(?:[^"\\]|\\.)*")`)

// answeredHTTP2 reports whether text is net/http's error for an answer
// whose first line is an HTTP/2 server's connection preface: a SETTINGS
// frame (RFC 9113, section 3.4), which a server that speaks only HTTP/2
// (cleartext with prior knowledge, h2c: Node's http2.createServer, a
// gRPC server) sends first whatever it was sent. Quoted, its binary
// bytes ("\x00\x00$\x04\x00…") said nothing the customer could act on.
// The frame header is 9 bytes: a length (a multiple of 6 for SETTINGS),
// the type 0x4, flags, and stream 0.
func answeredHTTP2(text string) bool {
	m := malformedResponse.FindStringSubmatch(text)
	if m == nil {
		return false
	}
	line, err := strconv.Unquote(m[1])
	if err != nil || len(line) < 9 {
		return false
	}
	length := int(line[0])<<16 | int(line[1])<<8 | int(line[2])
	return length%6 == 0 && line[3] == 0x4 && line[4]&^0x1 == 0 && line[5:9] == "\x00\x00\x00\x00"
}

// http2ErrCodeNames are HTTP/2's error codes by number (RFC 9113,
// section 7), as Go's errors write them.
var http2ErrCodeNames = []string{"NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR", "FLOW_CONTROL_ERROR", "SETTINGS_TIMEOUT",
	"STREAM_CLOSED", "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL", "COMPRESSION_ERROR", "CONNECT_ERROR",
	"ENHANCE_YOUR_CALM", "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED"}

func http2ErrCodeName(code uint32) string {
	if int(code) < len(http2ErrCodeNames) {
		return http2ErrCodeNames[code]
	}
	return fmt.Sprintf("unknown error code 0x%x", code)
}

// goAwayClosed is net/http's text for a GOAWAY that closed the connection
// with the answer unfinished: the code and the debug data (the
// receiver's, quoted by Go) are kept.
var goAwayClosed = regexp.MustCompile(`http2: server sent GOAWAY and closed the connection; LastStreamID=\d+, ErrCode=([A-Za-z0-9_ ]+), debug=("(?:[^"\\]|\\.)*")`)

// goAwayRefused is net/http's text for a request refused by a GOAWAY.
var goAwayRefused = regexp.MustCompile(`http2: Transport received GOAWAY from server ErrCode:([A-Za-z0-9_ ]+)`)

// plainHTTP2Reset says in words an HTTP/2 reset of the request's stream
// by the receiver, or its GOAWAY, that Go's errors wrote in the
// protocol's: "stream error: stream ID 7; INTERNAL_ERROR; received from
// peer" gave a stream number the customer can do nothing with and did
// not say who reset what. The frame and its error code stay, in words a
// receiver's logs or its server's documentation use. Any other text is
// returned as it is.
func plainHTTP2Reset(text string, err error) string {
	var streamErr http2StreamError
	if errors.As(err, &streamErr) && streamErr.Cause != nil && streamErr.Cause.Error() == "received from peer" {
		code := http2ErrCodeName(streamErr.Code)
		goText := fmt.Sprintf("stream error: stream ID %d; %s; received from peer", streamErr.StreamID, code)
		if i := strings.Index(text, goText); i >= 0 {
			return text[:i] + "the endpoint reset the request's HTTP/2 stream " + before(text[:i]) + " (RST_STREAM " + code + ")" + text[i+len(goText):]
		}
	}
	if m := goAwayClosed.FindStringSubmatchIndex(text); m != nil {
		said := "the endpoint closed the HTTP/2 connection " + before(text[:m[0]]) + " (GOAWAY " + text[m[2]:m[3]]
		if debug := text[m[4]:m[5]]; debug != `""` {
			said += ", debug data " + debug
		}
		return text[:m[0]] + said + ")" + text[m[1]:]
	}
	if m := goAwayRefused.FindStringSubmatchIndex(text); m != nil {
		return text[:m[0]] + "the endpoint refused the request " + before(text[:m[0]]) + " (HTTP/2 GOAWAY " + text[m[2]:m[3]] + ")" + text[m[1]:]
	}
	if strings.HasPrefix(text, "http2: Transport received Server's graceful shutdown GOAWAY") {
		return "the endpoint refused the request before any response: it was shutting down (HTTP/2 GOAWAY), on each connection the request was tried on" +
			strings.TrimPrefix(text, "http2: Transport received Server's graceful shutdown GOAWAY")
	}
	return text
}

// before is where an HTTP/2 reset came, from what the error says before
// it: in the body ("reading response body: "), or before any response.
func before(prefix string) string {
	if strings.HasPrefix(prefix, "reading response body") {
		return "before the end of the body"
	}
	return "before any response"
}

// unsentIssuer is the issuer's name of the last certificate the endpoint
// sent, when verification failed for an unknown authority and that
// certificate is not self-issued ("" otherwise): the chain stops short of
// a root, most often because the server leaves out its intermediate
// certificates. A browser fetches a missing one (AIA) or has it cached, so
// the customer saw their site as valid, and "certificate signed by
// unknown authority" alone read as a self-signed certificate's.
func unsentIssuer(certErr *tls.CertificateVerificationError) string {
	var unknown x509.UnknownAuthorityError
	if !errors.As(certErr.Err, &unknown) || len(certErr.UnverifiedCertificates) == 0 {
		return ""
	}
	last := certErr.UnverifiedCertificates[len(certErr.UnverifiedCertificates)-1]
	if bytes.Equal(last.RawIssuer, last.RawSubject) {
		return "" // self-signed, or a root: the text says it as it is
	}
	if last.Issuer.CommonName != "" {
		return last.Issuer.CommonName
	}
	return last.Issuer.String()
}

// remoteAlert is the TLS alert in err's tree that the far end sent (nil
// if there is none): crypto/tls reports it as a *net.OpError whose Op is
// "remote error".
func remoteAlert(err error) *net.OpError {
	var found *net.OpError
	walk(err, func(e error) bool {
		op, ok := e.(*net.OpError)
		if ok && op.Op == "remote error" && op.Err != nil {
			found = op
			return true
		}
		return false
	})
	return found
}

// refusedDial is the dial in err's tree that was refused, with the
// address it dialled (nil if there is none).
func refusedDial(err error) *net.OpError {
	var found *net.OpError
	walk(err, func(e error) bool {
		op, ok := e.(*net.OpError)
		if ok && op.Op == "dial" && op.Addr != nil && errors.Is(op.Err, syscall.ECONNREFUSED) {
			found = op
			return true
		}
		return false
	})
	return found
}

// resetSocket is the socket read or write in err's tree that the far end
// reset (ECONNRESET), with its address (nil if there is none).
func resetSocket(err error) *net.OpError {
	var found *net.OpError
	walk(err, func(e error) bool {
		op, ok := e.(*net.OpError)
		if ok && (op.Op == "read" || op.Op == "write") && op.Addr != nil && errors.Is(op.Err, syscall.ECONNRESET) {
			found = op
			return true
		}
		return false
	})
	return found
}

// withoutRequestPrefix is text without the "Post \"URL\": " that Go's
// *url.Error, and Client.Do's error for a body that failed, put in front.
func withoutRequestPrefix(text string) string {
	rest, ok := strings.CutPrefix(text, "Post ")
	if !ok {
		return text
	}
	quoted, err := strconv.QuotedPrefix(rest)
	if err != nil {
		return text
	}
	if after, ok := strings.CutPrefix(rest[len(quoted):], ": "); ok {
		return after
	}
	return text
}

// plainError is an error said in other words: err stays under it for
// errors.As and the walk of the tree by ErrorText.
type plainError struct {
	text string
	err  error
}

func (e *plainError) Error() string { return e.text }
func (e *plainError) Unwrap() error { return e.err }
