package api_test

import (
	"bufio"
	"crypto/tls"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/testenv"
)

// serveLikeServe serves h on 127.0.0.1 as serve does: its http.Server's
// limits (MaxHeaderBytes 64 KiB among them) and api.GuardFraming on the
// listener. It returns the address.
func serveLikeServe(t *testing.T, h http.Handler) string {
	t.Helper()
	return serveWithWaits(t, h, 10*time.Second, 120*time.Second)
}

// serveWithWaits is serveLikeServe with the server's wait for a request's
// head (ReadHeaderTimeout) and for the next request on an idle connection
// (IdleTimeout) set.
func serveWithWaits(t *testing.T, h http.Handler, headWait, idleWait time.Duration) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: headWait,
		ReadTimeout:       60 * time.Second,
		IdleTimeout:       idleWait,
		MaxHeaderBytes:    64 << 10,
		WriteTimeout:      api.ResponseWriteTimeout,
	}
	go srv.Serve(api.GuardFraming(srv, ln))
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// refusalExchange sends req on a new connection to addr and returns the
// answer, its body, and what the connection held after it.
func refusalExchange(t *testing.T, addr, req string) (*http.Response, []byte, []byte) {
	t.Helper()
	c, br := rawConn(t, addr)
	if _, err := io.WriteString(c, req); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the answer's body: %v", err)
	}
	after, err := io.ReadAll(br)
	if err != nil {
		t.Fatalf("after the answer: %v; want the connection's end (EOF)", err)
	}
	return resp, body, after
}

// A request that Go's HTTP server refuses before any handler sees it was
// answered in plain text ("400 Bad Request: invalid header value",
// text/plain): a client that decodes every error as the API's JSON failed
// on it with a parse error and never learnt what was wrong. Each is now
// the API's JSON error with its status, a code, and a message that names
// the rule broken, Content-Length framing the body, and the connection
// closed after it.
func TestGoServerRefusalsAreJSON(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	addr := serveLikeServe(t, s.API)
	for _, c := range []struct {
		name, req string
		status    int
		code      string
		message   string // a part of the message
	}{
		{"control character in a header value", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n",
			400, "malformed_request", "a header line holds a control character"},
		{"DEL in a header value", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\x7fb\r\n\r\n",
			400, "malformed_request", "a header line holds a control character"},
		{"a CR inside a header value", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n",
			400, "malformed_request", "a header line holds a control character"},
		{"a space in a header name", "GET /healthz HTTP/1.1\r\nHost: x\r\nX A: b\r\n\r\n",
			400, "malformed_request", "invalid header name: a header name may hold only"},
		{"Host twice", "GET /healthz HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",
			400, "malformed_request", "the request has Host twice; send it once"},
		{"no Host on HTTP/1.1", "GET /healthz HTTP/1.1\r\n\r\n",
			400, "malformed_request", "missing required Host header: an HTTP/1.1 request must have a Host header"},
		{"malformed Host", "GET /healthz HTTP/1.1\r\nHost: a b\r\n\r\n",
			400, "malformed_request", "malformed Host header"},
		{"malformed request line", "GET\r\nHost: x\r\n\r\n",
			400, "malformed_request", `the request line "GET" is not METHOD target HTTP/1.1`},
		{"headers over 64 KiB", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 80<<10) + "\r\n\r\n",
			431, "request_headers_too_large", "over the server's limit of about 64 KiB"},
		{"Transfer-Encoding gzip", "POST /v1/orders HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
			501, "unsupported_transfer_encoding", "no other transfer coding"},
		{"HTTP/2.0 in a request line", "GET / HTTP/2.0\r\nHost: x\r\n\r\n",
			505, "http_version_not_supported", "unsupported protocol version: the request line's version is not HTTP/1.x"},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp, body, after := refusalExchange(t, addr, c.req)
			if resp.StatusCode != c.status {
				t.Fatalf("status %d %s; want %d", resp.StatusCode, body, c.status)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
				t.Fatalf("Content-Type %q, body %q; want application/json", ct, body)
			}
			if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("Cache-Control") != "no-store" {
				t.Fatalf("headers %v; want nosniff and no-store", resp.Header)
			}
			if cl := resp.Header.Get("Content-Length"); cl != strconv.Itoa(len(body)) {
				t.Fatalf("Content-Length %q for a body of %d bytes", cl, len(body))
			}
			if !resp.Close || len(after) != 0 {
				t.Fatalf("Connection: close %v, then %q; want the connection closed after the answer", resp.Close, after)
			}
			var e struct {
				Error struct{ Type, Code, Message, Param string }
			}
			if err := json.Unmarshal(body, &e); err != nil {
				t.Fatalf("body %q: %v", body, err)
			}
			if code, _ := errCode(t, body); code != c.code || e.Error.Type != "invalid_request_error" || !strings.Contains(e.Error.Message, c.message) {
				t.Fatalf("error %+v; want type invalid_request_error, code %s and a message with %q", e.Error, c.code, c.message)
			}
		})
	}
	// After a handler's answer on the same connection, pipelined behind
	// its request, a refusal is JSON too.
	t.Run("pipelined after an answered request", func(t *testing.T) {
		resp, b := answerAfterHealthz(t, addr, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n")
		if code, _ := errCode(t, b); resp.StatusCode != 400 || code != "malformed_request" || resp.Header.Get("Content-Type") != "application/json" {
			t.Fatalf("%d %v %s; want 400 malformed_request in JSON", resp.StatusCode, resp.Header, b)
		}
	})
	// A control character in a body, read by a handler, is not taken for
	// one in the next head: that one's refusal says only what Go's does.
	t.Run("control character in an earlier body", func(t *testing.T) {
		body := "{\"a\": \"\x01\"}\r\nX-A: \x01\r\n"
		req := "POST /v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + s.APIKey + "\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n" + body
		c, br := rawConn(t, addr)
		io.WriteString(c, req)
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatal(err)
		}
		if b, _ := io.ReadAll(resp.Body); resp.Close {
			t.Fatalf("first answer %d %s closed the connection", resp.StatusCode, b)
		}
		io.WriteString(c, "GET\r\nHost: x\r\n\r\n")
		resp, err = http.ReadResponse(br, nil)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		if code, _ := errCode(t, b); resp.StatusCode != 400 || code != "malformed_request" || strings.Contains(string(b), "holds a control character") {
			t.Fatalf("%d %s; want 400 malformed_request not blaming a control character", resp.StatusCode, b)
		}
	})
	// The server goes on answering well-formed requests as before.
	resp, body, _ := refusalExchange(t, addr, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	if resp.StatusCode != 200 {
		t.Fatalf("healthz after the refusals: %d %s", resp.StatusCode, body)
	}
}

// goPlainAnswer is, byte for byte, what Go's server writes for a request
// it refuses itself: a handler's answer that holds it is the handler's.
const goPlainAnswer = "HTTP/1.1 400 Bad Request: invalid header value\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request: invalid header value"

// A handler's own answer is never rewritten, even one whose body is
// exactly what Go's server writes for a request it refuses, in one
// write of its own (flushed apart from the head), and even when the
// handler took over the connection and wrote those bytes on it itself.
func TestHandlerAnswersThatLookLikeGoRefusalsAreKept(t *testing.T) {
	addr := serveLikeServe(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/body":
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Header().Set("Content-Length", strconv.Itoa(len(goPlainAnswer)))
			w.WriteHeader(200)
			http.NewResponseController(w).Flush()
			io.WriteString(w, goPlainAnswer) // written on the connection after the handler returns, in one Write
		case "/hijacked":
			conn, _, err := http.NewResponseController(w).Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			defer conn.Close()
			io.WriteString(conn, goPlainAnswer)
		}
	}))
	t.Run("in a body", func(t *testing.T) {
		c, br := rawConn(t, addr)
		// Twice on one connection: the second answer comes after the
		// first's end (StateIdle) as well.
		for i := range 2 {
			io.WriteString(c, "GET /body HTTP/1.1\r\nHost: x\r\n\r\n")
			resp, err := http.ReadResponse(br, nil)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != 200 || string(b) != goPlainAnswer || resp.Header.Get("Content-Type") != "text/plain; charset=utf-8" {
				t.Fatalf("answer %d: %d %v %q; want the handler's 200 with its body as written", i, resp.StatusCode, resp.Header, b)
			}
		}
	})
	t.Run("hijacked", func(t *testing.T) {
		c, _ := rawConn(t, addr)
		io.WriteString(c, "GET /hijacked HTTP/1.1\r\nHost: x\r\n\r\n")
		if b, err := io.ReadAll(c); err != nil || string(b) != goPlainAnswer {
			t.Fatalf("read %q (%v); want the handler's bytes as written", b, err)
		}
	})
}

// TLS in front of the guarded listener (as httptest's StartTLS puts it)
// still serves: the guard sees only the TLS records there, and passes
// them on unchanged.
func TestGuardFramingUnderTLSStillServes(t *testing.T) {
	hs := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok")
	}))
	hs.Listener = api.GuardFraming(hs.Config, hs.Listener)
	hs.StartTLS()
	defer hs.Close()
	resp, err := hs.Client().Get(hs.URL)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(b) != "ok" || resp.TLS == nil {
		t.Fatalf("%d %q (TLS %v); want 200 ok over TLS", resp.StatusCode, b, resp.TLS != nil)
	}
	// A malformed request over TLS is still answered (in Go's plain text:
	// the guard below TLS cannot read it).
	c, err := tls.Dial("tcp", hs.Listener.Addr().String(), &tls.Config{InsecureSkipVerify: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n")
	resp, err = http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil || resp.StatusCode != 400 {
		t.Fatalf("%v %v; want a 400", resp, err)
	}
}

// answerAfterHealthz sends a GET /healthz with head pipelined behind it,
// in one write on one connection, checks that the first is answered 200,
// and returns the answer to head.
func answerAfterHealthz(t *testing.T, addr, head string) (*http.Response, []byte) {
	t.Helper()
	c, br := rawConn(t, addr)
	io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"+head)
	if resp, err := http.ReadResponse(br, nil); err != nil || resp.StatusCode != 200 {
		t.Fatalf("first answer: %v %v", resp, err)
	} else {
		io.ReadAll(resp.Body)
	}
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}
