package egress

import (
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv/loopback"
)

// A receiver on an http:// URL that speaks only HTTP/2 (cleartext HTTP/2
// with prior knowledge: Node's http2.createServer(), Go's http2.Server
// given the connection) answers the HTTP/1.1 request with its SETTINGS
// frame, and the attempt read `the response is not valid HTTP: malformed
// HTTP response "\x00\x00$\x04\x00…"`: binary bytes, with no word of
// HTTP/2, that left the customer (and a developer behind esahayak listen)
// nothing to act on. It now says what the endpoint spoke and what to serve.
func TestCleartextHTTP2AnswerIsNamed(t *testing.T) {
	const want = "the endpoint answered an HTTP/1.1 request in HTTP/2 frames (a server that speaks HTTP/2 alone: h2c, prior knowledge); " +
		"webhook requests use HTTP/2 only when a TLS server offers it in the handshake (ALPN), so serve HTTP/1.1 at this URL too " +
		"(in Node.js, http.createServer rather than http2.createServer)"
	for _, tc := range []struct {
		name string
		srv  *loopback.Server
	}{
		// The SETTINGS frame Go's http2.Server sends, after the request.
		// The server itself sends it as soon as it has the connection:
		// when it arrives before the request is written, Go's client
		// reports "Unsolicited response received on idle HTTP channel"
		// and the attempt reads Go's own words (readLoopPeekFailLocked),
		// a race this does not name (CI failed on it once).
		{"Go's HTTP/2 server", loopback.Serve(t, func(conn net.Conn) {
			defer conn.Close()
			conn.Read(make([]byte, 4<<10))
			io.WriteString(conn, "\x00\x00$\x04\x00\x00\x00\x00\x00\x00\x05\x00\x10\x00\x00\x00\x03\x00\x00\x00\xfa\x00\x06\x00\x10\x01@\x00\x01\x00\x00\x10\x00\x00\x04\x00\x10\x00\x00\x00\t\x00\x00\x00\x01")
		})},
		// What Node.js 20's http2.createServer() sends to an HTTP/1.1
		// request, before it closes the connection: an empty SETTINGS
		// frame, then GOAWAY INTERNAL_ERROR.
		{"Node's HTTP/2 server", loopback.Serve(t, func(conn net.Conn) {
			defer conn.Close()
			conn.Read(make([]byte, 4<<10))
			io.WriteString(conn, "\x00\x00\x00\x04\x00\x00\x00\x00\x00"+
				"\x00\x00\x08\x07\x00\x00\x00\x00\x00"+"\x00\x00\x00\x00\x00\x00\x00\x02")
		})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(t, Options{AllowPrivate: true, Timeout: 2 * time.Second})
			_, err := post(t, c, "http://"+tc.srv.Addr()+"/hook", "{}")
			if got := Classify(err); got != KindOther {
				t.Fatalf("Classify(%v) = %q, want %q", err, got, KindOther)
			}
			if got := ErrorText(PlainError(err, 2*time.Second)); got != want {
				t.Errorf("error text\n %q\nwant\n %q", got, want)
			}
		})
	}
	// A status line that is not HTTP/2's is still said as before.
	s := loopback.Stalling(t, "garbage\r\n\r\n")
	c := newClient(t, Options{AllowPrivate: true, Timeout: 2 * time.Second})
	_, err := post(t, c, "http://"+s.Addr()+"/hook", "{}")
	if got := ErrorText(PlainError(err, 2*time.Second)); !strings.HasPrefix(got, `the response is not valid HTTP: malformed HTTP response "garbage"`) {
		t.Errorf("error text %q", got)
	}
}
