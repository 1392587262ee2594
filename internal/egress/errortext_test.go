package egress

import (
	"bufio"
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv/loopback"
)

// checkNoOwnAddress fails if text names one of our side's addresses (the
// client ends the server saw) or any source->destination pair.
func checkNoOwnAddress(t *testing.T, text string, peers []string) {
	t.Helper()
	t.Logf("error text: %s", text)
	if len(peers) == 0 {
		t.Fatalf("the server saw no connection; error %q", text)
	}
	for _, p := range peers {
		if strings.Contains(text, p) {
			t.Errorf("the error names our own address %s: %q", p, text)
		}
	}
	if strings.Contains(text, "->") {
		t.Errorf("the error names both ends of a connection: %q", text)
	}
}

// The error text an attempt keeps says what happened and at most the
// endpoint's address, never our own side's: a real reset from a loopback
// receiver, of a request and of a TLS handshake.
func TestErrorTextLeavesOutOurAddress(t *testing.T) {
	t.Run("request reset", func(t *testing.T) {
		r := loopback.Resetter(t)
		c := newClient(t, Options{AllowPrivate: true})
		_, err := post(t, c, "http://"+r.Addr()+"/hook", "{}")
		if Classify(err) != KindConnectionReset {
			t.Fatalf("Classify(%v) = %q, want %q", err, Classify(err), KindConnectionReset)
		}
		text := ErrorText(err)
		checkNoOwnAddress(t, text, r.Peers())
		if !strings.Contains(text, r.Addr()) || !strings.Contains(text, "connection reset by peer") {
			t.Errorf("the error does not say what happened where: %q", text)
		}
		if got := c.ErrorText(err); got != text {
			t.Errorf("without a proxy, Client.ErrorText = %q, ErrorText = %q", got, text)
		}
	})
	t.Run("reset in the TLS handshake", func(t *testing.T) {
		r := loopback.Resetter(t)
		c := newClient(t, Options{AllowPrivate: true})
		_, err := post(t, c, "https://"+r.Addr()+"/hook", "{}")
		if err == nil {
			t.Fatal("a request to a server that resets succeeded")
		}
		checkNoOwnAddress(t, ErrorText(err), r.Peers())
	})
}

// Through an egress proxy every connection goes to the proxy: whatever
// failed there (here a real reset, of a forwarded request and of a
// CONNECT), the attempt's text says "(egress proxy)", not the proxy's
// address, nor our own; also when the proxy is configured by name, and
// its connection is to the address the name resolved to.
func TestErrorTextThroughAProxyLeavesOutItsAddress(t *testing.T) {
	r := loopback.Resetter(t)
	_, proxyPort, _ := net.SplitHostPort(r.Addr())
	target := closedPort(t) // never dialled: the proxy resets first
	for _, proxy := range []string{"http://" + r.Addr(), "http://localhost:" + proxyPort} {
		for _, scheme := range []string{"http", "https"} {
			t.Run(proxy+" "+scheme, func(t *testing.T) {
				u, err := url.Parse(proxy)
				if err != nil {
					t.Fatal(err)
				}
				c := newClient(t, Options{AllowPrivate: true, Proxy: u, Resolver: localhostOnly})
				_, err = post(t, c, scheme+"://"+target+"/hook", "{}")
				if err == nil {
					t.Fatal("a request through a proxy that resets succeeded")
				}
				text := c.ErrorText(err)
				checkNoOwnAddress(t, text, r.Peers())
				if strings.Contains(text, proxyPort) || !strings.Contains(text, "(egress proxy)") {
					t.Errorf("%s: the error text is %q; want the proxy named (egress proxy), not by its address", Classify(err), text)
				}
			})
		}
	}
}

// A proxy whose name does not resolve is not named either.
func TestErrorTextProxyNameNotFound(t *testing.T) {
	u, _ := url.Parse("http://egress-proxy.invalid:3128")
	c := newClient(t, Options{AllowPrivate: true, Proxy: u, Resolver: localhostOnly})
	_, err := post(t, c, "http://"+closedPort(t)+"/hook", "{}")
	if Classify(err) != KindProxy {
		t.Fatalf("Classify(%v) = %q, want %q", err, Classify(err), KindProxy)
	}
	if text := c.ErrorText(err); strings.Contains(text, "egress-proxy.invalid") || !strings.Contains(text, "lookup (egress proxy): ") {
		t.Errorf("the error text is %q; want the proxy named (egress proxy)", text)
	}
}

// localhostOnly resolves from /etc/hosts only (localhost) and sends no
// DNS query: any other name fails at once, as not found.
var localhostOnly = &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
	return nil, &net.DNSError{Err: "no such host", IsNotFound: true}
}}

// A receiver that answers without "Connection: close" and then closes the
// connection without reading on resets the next request sent on it: the
// receiver never read that request. The attempt's error said only "read
// tcp ADDR: read: connection reset by peer", in the socket's words, which
// left the customer to search their logs for a request that never
// arrived. It says now, in plain words, that the endpoint reset the
// connection, that it was a kept-alive one the endpoint had answered on
// and had the request, and why that happens.
func TestResetOfAKeptAliveConnectionIsSaid(t *testing.T) {
	r := loopback.Serve(t, func(conn net.Conn) {
		defer conn.Close()
		br := bufio.NewReader(conn)
		req, err := http.ReadRequest(br)
		if err != nil {
			return
		}
		io.Copy(io.Discard, req.Body)
		// Kept alive by HTTP/1.1's default: no Connection: close.
		io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
		// The next request arrives meanwhile and is never read: the
		// close with it unread sends an RST.
		deadline := time.Now().Add(5 * time.Second)
		for br.Buffered() == 0 && time.Now().Before(deadline) {
			conn.SetReadDeadline(time.Now().Add(50 * time.Millisecond))
			br.Peek(1)
		}
		conn.(*net.TCPConn).SetLinger(0)
	})
	c := newClient(t, Options{AllowPrivate: true})
	if resp, err := post(t, c, "http://"+r.Addr()+"/hook", "{}"); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("first request: %+v, %v", resp, err)
	}
	_, err := post(t, c, "http://"+r.Addr()+"/hook", "{}")
	if Classify(err) != KindConnectionReset {
		t.Fatalf("second request on the kept-alive connection: Classify(%v) = %q, want %q", err, Classify(err), KindConnectionReset)
	}
	text := ErrorText(PlainError(err, 10*time.Second))
	checkNoOwnAddress(t, text, r.Peers())
	for _, want := range []string{
		"the connection was reset by " + r.Addr() + " (connection reset by peer)",
		"kept-alive connection",
		"Connection: close",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the error does not say %q: %q", want, text)
		}
	}
	if strings.Contains(text, "read tcp") {
		t.Errorf("the error is in the socket's words: %q", text)
	}
}

// Over HTTP/2 a request cut off on a connection that carried an earlier
// answer is a stream the server reset (or a GOAWAY), a frame the error
// names: the advice about "Connection: close", an HTTP/1.1 header, is not
// added to it.
func TestHTTP2StreamResetIsNotSaidAsAKeptAliveClose(t *testing.T) {
	var n atomic.Int32
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if n.Add(1) > 1 {
			panic(http.ErrAbortHandler) // RST_STREAM before any answer
		}
		io.WriteString(w, "ok")
	}))
	startHTTP2(t, ts)
	c := clientTrusting(t, ts, Options{})
	if resp, err := post(t, c, ts.URL+"/hook", "{}"); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("first request: %+v, %v", resp, err)
	}
	_, err := post(t, c, ts.URL+"/hook", "{}")
	if Classify(err) != KindConnectionReset {
		t.Fatalf("Classify(%v) = %q, want %q", err, Classify(err), KindConnectionReset)
	}
	text := ErrorText(PlainError(err, 10*time.Second))
	if !strings.Contains(text, "INTERNAL_ERROR") || strings.Contains(text, "Connection: close") || strings.Contains(text, "kept-alive") {
		t.Errorf("error text %q; want the stream's reset, without the HTTP/1.1 advice", text)
	}
}

// An HTTP/2 connection closed before the answer began (a receiver that
// crashed or was stopped with the request in hand) read "unexpected EOF",
// Go's word alone, where the same close over HTTP/1.1 reads "the
// connection was closed before any response (EOF)". It says so now.
func TestHTTP2CloseBeforeTheAnswerIsSaid(t *testing.T) {
	srv := startRawH2(t, func(t *testing.T, h2 *rawH2Conn, stream uint32) {
		// A FIN alone (no GOAWAY, no close_notify, no reset), and what
		// the client still sends read until it closes: a close with any
		// of it unread (the body's DATA, a SETTINGS ack arriving after
		// the HEADERS) sent a reset, and about one run in six under
		// -race read "the connection was reset by …".
		h2.tcp.CloseWrite()
		io.Copy(io.Discard, h2.tcp)
		h2.tcp.Close()
	})
	c := newClient(t, Options{AllowPrivate: true, TLSConfig: &tls.Config{RootCAs: srv.pool}})
	_, err := post(t, c, "https://"+srv.Addr()+"/hook", "{}")
	if Classify(err) != KindConnectionReset {
		t.Fatalf("Classify(%v) = %q, want %q", err, Classify(err), KindConnectionReset)
	}
	const want = "the connection was closed before any response (unexpected EOF)"
	if got := ErrorText(PlainError(err, 10*time.Second)); got != want {
		t.Errorf("error text %q, want %q", got, want)
	}
}

// An error said in plain words (PlainError) no longer holds its socket
// error's own text, which ErrorText took our address out of: a write
// reset inside net/http's "readfrom" kept it ("readfrom tcp
// 10.0.4.7:51234->203.0.113.9:443: the connection was reset by
// 203.0.113.9:443 (connection reset by peer)").
func TestErrorTextLeavesOutOurAddressOnceSaidInWords(t *testing.T) {
	ours := &net.TCPAddr{IP: net.IPv4(10, 0, 4, 7), Port: 51234}
	theirs := &net.TCPAddr{IP: net.IPv4(203, 0, 113, 9), Port: 443}
	write := &net.OpError{Op: "write", Net: "tcp", Source: ours, Addr: theirs, Err: syscall.ECONNRESET}
	readFrom := &net.OpError{Op: "readfrom", Net: "tcp", Source: ours, Addr: theirs, Err: write}
	err := &url.Error{Op: "Post", URL: "https://203.0.113.9/hook", Err: readFrom}
	text := ErrorText(PlainError(err, 10*time.Second))
	checkNoOwnAddress(t, text, []string{ours.String()})
	if !strings.Contains(text, "the connection was reset by 203.0.113.9:443") {
		t.Errorf("the error does not say what happened where: %q", text)
	}
}
