package egress

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// BlockedError is returned (possibly wrapped, e.g. in a *url.Error) when the
// private-address guard refuses to connect to an address. Use errors.As to
// detect it, or [Classify], which reports "blocked".
type BlockedError struct {
	Host   string     // host name (or literal) from the request, if known
	IP     netip.Addr // the refused address
	Reason string     // see the Reason* constants, e.g. "loopback"
}

// Error is what the customer reads in the attempt log. For a host name it
// does not say which address the name resolved to, nor what kind: an
// account could otherwise map the operator's internal DNS (which names
// exist, and their private addresses) by saving endpoints and sending test
// events. An address the customer typed is named, with its kind.
func (e *BlockedError) Error() string {
	target := e.IP.String()
	if _, err := netip.ParseAddr(e.Host); err == nil {
		// An address typed in another spelling than the one refused (an
		// IPv4-mapped "::ffff:127.0.0.1" is refused as 127.0.0.1) is
		// named as typed: it resolves to nothing.
		target = e.Host
	}
	if target != e.Host && e.Host != "" {
		target = e.Host + " (it resolves to an address that is not public)"
	} else {
		target = fmt.Sprintf("%s (%s)", target, e.Reason)
	}
	return "refused to connect to " + target +
		": private-address protection; run with --allow-insecure-urls for local development"
}

// InsecureURLError refuses a URL that is not https:// when
// --allow-insecure-urls is off: an endpoint saved while the flag was on
// keeps its http:// URL in the store, and must not be sent to in clear
// text once the server runs without it. [Classify] reports "blocked".
type InsecureURLError struct {
	URL string // redacted
}

func (e *InsecureURLError) Error() string {
	return "refused to send to " + e.URL + ": only https:// URLs are delivered; run with --allow-insecure-urls for local development"
}

// ProxyError reports that the egress proxy refused a CONNECT tunnel.
type ProxyError struct {
	StatusCode int
	Status     string // e.g. "403 Forbidden"
}

func (e *ProxyError) Error() string {
	return "egress proxy refused CONNECT: " + e.Status
}

// Error kinds returned by [Classify].
const (
	KindBlocked           = "blocked"
	KindCanceled          = "canceled"
	KindProxy             = "proxy"
	KindDNS               = "dns"
	KindTimeout           = "timeout"
	KindTLS               = "tls"
	KindConnectionRefused = "connection_refused"
	KindConnectionReset   = "connection_reset"
	KindOther             = "other"
	// KindRedirect and KindHTTPStatus are kinds of answers, not errors:
	// see [StatusFailure].
	KindRedirect   = "redirect"
	KindHTTPStatus = "http_status"
)

// UnfinishedAnswerNote is what the error of an attempt adds when a 2xx
// status arrived and the rest of its answer did not (the body broke off,
// or did not end within the attempt timeout): the log shows the 2xx
// beside a failure, which read as the sender's fault. An answer counts
// with its body, as the customer guide's 10 s say; one cut off may come
// from a receiver that failed while it answered, and a retry risks a
// duplicate where a success would risk a lost event. "" for any other
// status. Deliveries and `esahayak listen` both use it.
func UnfinishedAnswerNote(status int, timeout time.Duration) string {
	if status < 200 || status > 299 {
		return ""
	}
	return fmt.Sprintf("; the %d status counts only with its whole body within the %s attempt timeout, so the attempt failed", status, timeout)
}

// FailedStatusNote is what the error of an attempt adds when a status
// that is itself a failure (anything but a 2xx) arrived and the rest of
// its answer did not: the body broke off, was not valid, or did not end
// within the attempt timeout. The error said only what went wrong with
// the body, and the customer read nothing of the 500 their endpoint
// answered, which fails the attempt whatever the body. message is what
// [StatusFailure] says of the status; "" when it says nothing (a 2xx,
// whose note is [UnfinishedAnswerNote]).
func FailedStatusNote(message string) string {
	if message == "" {
		return ""
	}
	return "; the response's status was " + message
}

// PlainHTTPRedirectNote is what a redirect's error ([StatusFailure]) adds
// when it leads to a plain http:// URL and only https:// URLs are
// delivered to (no --allow-insecure-urls): "configure the final URL" alone
// named a URL that the API refuses to save (url_not_https).
const PlainHTTPRedirectNote = " with https://: it leads to plain http://, which webhooks are not sent to " +
	"(an application behind a TLS proxy often writes http:// for its own address)"

// RedirectsToPlainHTTP reports whether target, a redirect's URL as
// [RedirectTarget] resolves it, is a plain http:// URL.
func RedirectsToPlainHTTP(target string) bool {
	u, err := url.Parse(target)
	return err == nil && u.Scheme == "http"
}

// StatusFailure says why an answer with this status is not a delivery:
// "" for 2xx; a redirect (a 3xx with a Location, never followed) naming
// it; 410 Gone,
// counted like any other failure; any other status. A 304 Not Modified is
// no redirect, whatever headers come with it: it leads nowhere, and one
// with a Location (a framework that sets it on every answer) read
// "redirect to …; configure the final URL" about a URL that was right.
// Deliveries and `esahayak listen` both use it, so one answer reads the
// same in both.
func StatusFailure(status int, location string) (kind, message string) {
	switch {
	case status >= 200 && status < 300:
		return "", ""
	case status >= 300 && status < 400 && status != http.StatusNotModified && location != "":
		return KindRedirect, fmt.Sprintf("HTTP %d redirect to %s: redirects are not followed; configure the final URL", status, quoteLocation(location))
	case status == 410:
		return KindHTTPStatus, "HTTP 410 Gone (counted as a failure like any other non-2xx status)"
	default:
		return KindHTTPStatus, fmt.Sprintf("HTTP %d (a 2xx status is required)", status)
	}
}

// Classify maps an error from [Client.Do] to a short, stable kind for attempt
// logs and metrics labels:
//
//   - "blocked": the private-address guard refused the destination;
//   - "canceled": the caller's context was canceled (e.g. shutdown), which
//     is not a failure of the receiver;
//   - "proxy": the egress proxy could not be reached or refused the tunnel;
//   - "dns": the host name could not be resolved (including DNS timeouts);
//   - "timeout": the whole-attempt deadline passed (connect, TLS, headers or
//     body);
//   - "tls": the TLS handshake failed, e.g. an untrusted certificate;
//   - "connection_refused": nothing listens on the port;
//   - "connection_reset": the peer reset or closed the connection before a
//     complete response (over HTTP/2 also: it reset the request's stream,
//     or sent GOAWAY and closed the connection or refused the request);
//   - "other": anything else.
//
// When several apply the first in that list wins. Classify(nil) is "".
func Classify(err error) string {
	if err == nil {
		return ""
	}
	var (
		blocked  *BlockedError
		insecure *InsecureURLError
		proxy    *ProxyError
		refused  *refusedError
		sendCut  *sendCutError
		opErr    *net.OpError
		dnsErr   *net.DNSError
		netErr   net.Error
	)
	switch {
	case errors.As(err, &blocked), errors.As(err, &insecure):
		return KindBlocked
	case errors.Is(err, context.Canceled):
		return KindCanceled
	case errors.As(err, &proxy), errors.As(err, &opErr) && opErr.Op == "proxyconnect":
		return KindProxy
	case errors.As(err, &dnsErr):
		return KindDNS
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return KindTimeout
	case isTLSError(err):
		return KindTLS
	case errors.Is(err, syscall.ECONNREFUSED):
		return KindConnectionRefused
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, syscall.ECONNABORTED),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		isHTTP2Reset(err), errors.As(err, &refused), errors.As(err, &sendCut):
		return KindConnectionReset
	}
	return KindOther
}

// http2StreamError has the fields of net/http's HTTP/2 StreamError, whose
// As method fills any struct of that shape: it is how errors.As matches
// golang.org/x/net/http2.StreamError, and this copy is matched the same
// way without compiling in that package's second HTTP/2 implementation.
type http2StreamError struct {
	StreamID uint32
	Code     uint32 // an HTTP/2 error code, e.g. 2 (INTERNAL_ERROR)
	Cause    error
}

func (e http2StreamError) Error() string {
	return fmt.Sprintf("stream error: stream ID %d; code %d", e.StreamID, e.Code)
}

// http2GoAwayTexts start the errors net/http returns when an HTTP/2
// server sent GOAWAY: it closed the connection before the answer was
// complete (a GoAwayError), refused the connection's first request, or
// kept refusing the request until net/http's retries were spent. Their
// types are unexported, with no As method: the text is all there is to
// match.
var http2GoAwayTexts = []string{
	"http2: server sent GOAWAY and closed the connection",
	"http2: Transport received GOAWAY from server",
	"http2: Transport received Server's graceful shutdown GOAWAY",
}

// silentConnError is net/http's "http2: client connection lost": the
// HTTP/2 health check (h2PingAfter) closed a connection on which the
// receiver had answered nothing, not even a PING, in time. It counts as
// a timeout, which it is (the receiver did not answer in time), and the
// engine narrows the endpoint's lane for it as for any other.
type silentConnError struct{ err error }

func (e *silentConnError) Error() string {
	return e.err.Error() + " (the connection went silent: no answer to a ping)"
}
func (e *silentConnError) Unwrap() error   { return e.err }
func (e *silentConnError) Timeout() bool   { return true }
func (e *silentConnError) Temporary() bool { return true }

// isSilentConn reports whether err is net/http's error for a connection
// its HTTP/2 health check closed (unexported: the text is all there is).
func isSilentConn(err error) bool {
	return walk(err, func(e error) bool { return e.Error() == "http2: client connection lost" })
}

// isHTTP2Reset reports whether err is HTTP/2's form of a connection reset
// or closed before a complete answer: the receiver reset the request's
// stream (RST_STREAM, as Go's server does when a handler panics), or
// sent GOAWAY. A stream error our own side raised (a malformed answer) is
// not one.
func isHTTP2Reset(err error) bool {
	var streamErr http2StreamError
	// The Cause of a reset the peer sent is a sentinel of net/http's, not
	// exported: its text tells it from the causes of our own resets.
	if errors.As(err, &streamErr) && streamErr.Cause != nil && streamErr.Cause.Error() == "received from peer" {
		return true
	}
	return walk(err, func(e error) bool {
		msg := e.Error()
		for _, prefix := range http2GoAwayTexts {
			if strings.HasPrefix(msg, prefix) {
				return true
			}
		}
		return false
	})
}

func isTLSError(err error) bool {
	var (
		certErr      *tls.CertificateVerificationError
		recordErr    tls.RecordHeaderError
		alertErr     tls.AlertError
		echErr       *tls.ECHRejectionError
		unknownCA    x509.UnknownAuthorityError
		hostnameErr  x509.HostnameError
		invalidCert  x509.CertificateInvalidError
		systemRoots  x509.SystemRootsError
		constraintEr x509.ConstraintViolationError
	)
	if errors.As(err, &certErr) || errors.As(err, &recordErr) || errors.As(err, &alertErr) ||
		errors.As(err, &echErr) || errors.As(err, &unknownCA) || errors.As(err, &hostnameErr) ||
		errors.As(err, &invalidCert) || errors.As(err, &systemRoots) || errors.As(err, &constraintEr) {
		return true
	}
	// crypto/tls reports many handshake failures (unsupported versions, no
	// common cipher suite, ...) as plain errors prefixed "tls: ", and
	// net/http turns a plain-HTTP answer to a ClientHello into a plain error.
	return walk(err, func(e error) bool {
		msg := e.Error()
		return strings.HasPrefix(msg, "tls: ") || msg == "http: server gave HTTP response to HTTPS client"
	})
}

// walk reports whether f holds for err or any error in its tree.
func walk(err error, f func(error) bool) bool {
	if err == nil {
		return false
	}
	if f(err) {
		return true
	}
	switch u := err.(type) {
	case interface{ Unwrap() error }:
		return walk(u.Unwrap(), f)
	case interface{ Unwrap() []error }:
		for _, e := range u.Unwrap() {
			if walk(e, f) {
				return true
			}
		}
	}
	return false
}
