package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
)

// A request that Go's HTTP/1 server cannot read as one (a header value
// holding a control character, an HTTP/1.1 request without Host, a header
// block over MaxHeaderBytes, a Transfer-Encoding other than chunked, a
// version other than HTTP/1.x) is answered by the server itself, before
// any handler sees it, in plain text: "400 Bad Request: invalid header
// value". The API promises a precise JSON error for bad input, and a
// client that decodes every error body as JSON failed on these with a
// parse error of its own instead of the reason.
//
// The server writes each such answer in one Write straight on the
// accepted connection, the framingConn (net/http's conn.serve), in one of
// exactly these shapes:
//
//	HTTP/1.1 <code> <text>: <detail><goErrorHeaders><code> <text>: <detail>
//	HTTP/1.1 <code> <text><goErrorHeaders><code> <text>
//	HTTP/1.1 501 Not Implemented<goErrorHeaders>Unsupported transfer encoding
//
// framingConn.Write recognises such a Write, when no handler's answer is
// in progress on the connection and it was not hijacked, and writes the
// same status line with the API's JSON error instead. A handler's answer
// never takes these shapes (it goes through the server's buffered writer
// and carries a Date header), and the connection's state rules out one
// whose body happens to.

// goErrorHeaders is what net/http's server writes between the status line
// and the text of its own answers (errorHeaders in conn.serve).
const goErrorHeaders = "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"

// goUnsupportedTE is the body of Go's 501, which names no detail (so as
// not to echo the client's Transfer-Encoding).
const goUnsupportedTE = "Unsupported transfer encoding"

// goErrorCodes gives, per status Go's server answers itself, the API's
// error for it; its message is filled in by goErrorMessage.
var goErrorCodes = map[int]Error{
	http.StatusBadRequest:                  {Status: 400, Type: typeInvalidRequest, Code: "malformed_request"},
	http.StatusRequestHeaderFieldsTooLarge: {Status: 431, Type: typeInvalidRequest, Code: "request_headers_too_large"},
	http.StatusNotImplemented:              {Status: 501, Type: typeInvalidRequest, Code: "unsupported_transfer_encoding"},
	http.StatusHTTPVersionNotSupported:     {Status: 505, Type: typeInvalidRequest, Code: "http_version_not_supported"},
}

// goErrorDetails says, for each detail Go's server gives after its status,
// which rule of HTTP the request broke. Go's own words stay first in the
// message, so that they can be searched for.
var goErrorDetails = map[string]string{
	"missing required Host header": "an HTTP/1.1 request must have a Host header naming the server (RFC 9112 §3.2); send Host: with the address you connect to",
	"malformed Host header":        "the Host header must be a host name or IP address with an optional :port, without spaces, slashes or control characters (RFC 9112 §3.2)",
	"invalid header name":          "a header name may hold only letters, digits and !#$%&'*+-.^_`|~, with its colon right after it (RFC 9110 §5.1)",
	"invalid header value":         "a header value holds a control character (a byte below 0x20 other than tab, or 0x7F), which no header value may hold (RFC 9110 §5.5)",
	"unsupported protocol version": "the request line's version is not HTTP/1.x; this server reads HTTP/1.0 and HTTP/1.1 requests (RFC 9110 §15.6.6)",
}

// goErrorMessage is the API's message for Go's answer with status code and
// detail (empty when Go gave none); headerLimit is the server's
// MaxHeaderBytes (which Go's server exceeds by up to 4 KiB before it
// refuses, hence "about"), ctlInHeader says that the connection saw a control
// character in a header line of the head Go refused, and lineFault is what
// Go refuses in its request line (requestLineFault), which Go reads, and
// refuses, before any header line, or in its Host or Content-Length
// (hostOrLengthFault), which Go refuses after every header line is read.
func goErrorMessage(code int, detail string, headerLimit int, ctlInHeader bool, lineFault string) string {
	switch {
	case code == http.StatusRequestHeaderFieldsTooLarge:
		return "request header fields too large: the request line and headers are over the server's limit of about " + byteSize(headerLimit) + " (RFC 6585 §5); send fewer or shorter headers"
	case code == http.StatusNotImplemented:
		return "unsupported transfer encoding: this server reads a body framed by Content-Length or by one Transfer-Encoding: chunked header, and no other transfer coding (such as gzip, or a list of them) (RFC 9112 §6.1)"
	case code == http.StatusBadRequest && detail == "" && lineFault != "":
		return "malformed request: " + lineFault
	case detail == "" && ctlInHeader:
		// Go's textproto refuses it with no detail the server passes on.
		return "malformed request: a header line holds a control character (a byte below 0x20 other than tab, a CR not right before its LF, or 0x7F), which no header name or value may hold (RFC 9110 §5.5)"
	case detail == "":
		return "malformed request: the request line (METHOD target HTTP/1.1), its target, a header line (Name: value, a name of letters, digits and !#$%&'*+-.^_`|~ with no space before the colon, a value without control characters), a Host given twice or the Content-Length (digits, one value) is not valid HTTP/1.1 (RFC 9112)"
	}
	if why, ok := goErrorDetails[detail]; ok {
		return detail + ": " + why
	}
	return detail
}

// byteSize writes n bytes as "64 KiB" or "1 MiB" where it is a whole
// number of them.
func byteSize(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.Itoa(n>>20) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.Itoa(n>>10) + " KiB"
	}
	return strconv.Itoa(n) + " bytes"
}

// jsonForGoError returns the API's JSON answer for p when p is exactly one
// of the plain-text answers of Go's server (see above), and false for
// anything else. headerLimit is the server's MaxHeaderBytes, for the 431's
// message, and ctlInHeader and lineFault are framingConn's findings for a
// 400 with no detail (see goErrorMessage).
func jsonForGoError(p []byte, headerLimit int, ctlInHeader bool, lineFault string) ([]byte, bool) {
	rest, ok := bytes.CutPrefix(p, []byte("HTTP/1.1 "))
	if !ok {
		return nil, false
	}
	line, body, ok := bytes.Cut(rest, []byte(goErrorHeaders))
	// The status line is "<code> <text>" with the status's own text, then
	// ": <detail>" or nothing; the body repeats it (or, for the 501, is its
	// fixed text). Nothing else is Go's.
	if !ok || len(line) < 5 || line[3] != ' ' || bytes.ContainsAny(line, "\r\n") {
		return nil, false
	}
	code, err := strconv.Atoi(string(line[:3]))
	apiErr, known := goErrorCodes[code]
	if err != nil || !known {
		return nil, false
	}
	after, ok := bytes.CutPrefix(line[4:], []byte(http.StatusText(code)))
	if !ok {
		return nil, false
	}
	var detail string
	switch {
	case len(after) == 0 && code == http.StatusNotImplemented:
		if string(body) != goUnsupportedTE {
			return nil, false
		}
	case !bytes.Equal(body, line):
		return nil, false
	case len(after) == 0:
	default:
		d, ok := bytes.CutPrefix(after, []byte(": "))
		if !ok || len(d) == 0 {
			return nil, false
		}
		detail = string(d)
	}
	apiErr.Message = goErrorMessage(code, detail, headerLimit, ctlInHeader, lineFault)
	b, err := json.Marshal(map[string]*Error{"error": &apiErr})
	if err != nil {
		return nil, false
	}
	return closingAnswer(line, b), true
}

// closingAnswer is a whole answer written straight on a connection that
// is closed after it: the status line's code and text (line), the API's
// headers for JSON, Connection: close, and body, the API's error JSON,
// to which it adds the API's closing newline.
func closingAnswer(line, body []byte) []byte {
	body = append(body, '\n')
	out := make([]byte, 0, len(line)+len(body)+200)
	out = append(out, "HTTP/1.1 "...)
	out = append(out, line...)
	out = append(out, "\r\nContent-Type: application/json\r\nX-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\nContent-Length: "...)
	out = strconv.AppendInt(out, int64(len(body)), 10)
	out = append(out, "\r\n\r\n"...)
	return append(out, body...)
}

// stalledHeadAnswer is the answer to a request whose head stopped
// arriving before its end (framingConn.headStalled): 408 request_timeout,
// as for a body that stops arriving, and the connection closed.
var stalledHeadAnswer = func() []byte {
	b, err := json.Marshal(map[string]*Error{"error": {Status: http.StatusRequestTimeout, Type: typeInvalidRequest, Code: "request_timeout",
		Message: "the request line and headers did not arrive in time; send the whole head of the request at once"}})
	if err != nil {
		panic(err)
	}
	return closingAnswer([]byte("408 Request Timeout"), b)
}()
