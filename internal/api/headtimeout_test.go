package api_test

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// serveWithShortHeadWait serves h as serveLikeServe does, but waits only
// wait for a request's head and for the next request on an idle
// connection, so that a test of those waits takes a moment, not 10 s.
func serveWithShortHeadWait(t *testing.T, h http.Handler, wait time.Duration) string {
	t.Helper()
	return serveWithWaits(t, h, wait, wait)
}

// A request whose head (its request line and headers) stopped arriving,
// a slowloris client's or one whose sender stalled, was dropped at the
// server's header timeout without a word: the client read only the
// connection's end, as if the server had crashed, where a body that stops
// arriving is answered 408 request_timeout. Now a head that was begun and
// not finished is answered 408 request_timeout in the API's JSON shape
// too, with Connection: close, and the connection is closed after it.
func TestHeadThatStopsArrivingIsAnswered408(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	addr := serveWithShortHeadWait(t, s.API, 300*time.Millisecond)
	check := func(t *testing.T, resp *http.Response, body, after []byte) {
		t.Helper()
		if resp.StatusCode != http.StatusRequestTimeout {
			t.Fatalf("status %d, want 408; body %s", resp.StatusCode, body)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type %q, want application/json", ct)
		}
		if !resp.Close {
			t.Errorf("no Connection: close")
		}
		var e struct {
			Error struct{ Type, Code, Message, Param string }
		}
		if err := json.Unmarshal(body, &e); err != nil {
			t.Fatalf("body %q is not JSON: %v", body, err)
		}
		if e.Error.Type != "invalid_request_error" || e.Error.Code != "request_timeout" || e.Error.Message == "" {
			t.Errorf("error %+v, want invalid_request_error request_timeout with a message", e.Error)
		}
		if len(after) != 0 {
			t.Errorf("after the answer the connection held %q, want its end", after)
		}
	}
	for _, c := range []struct{ name, sent string }{
		{"headers cut", "GET /v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer esk_"},
		{"headers without their empty line", "POST /v1/orders HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"},
		{"request line cut", "GET /v1/ord"},
		{"three bytes", "GET"},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp, body, after := refusalExchange(t, addr, c.sent)
			check(t, resp, body, after)
		})
	}

	// On a kept-alive connection, the next request's head cut short is
	// answered the same way after the first request's answer.
	t.Run("second request on the connection", func(t *testing.T) {
		for _, next := range []string{"GET /healthz HTTP/1.1\r\nHost: x\r\n", "GE"} {
			conn, br := answeredOnce(t, addr)
			if _, err := io.WriteString(conn, next); err != nil {
				t.Fatal(err)
			}
			resp, err := http.ReadResponse(br, nil)
			if err != nil {
				t.Fatalf("next head %q cut short: no answer: %v", next, err)
			}
			body, _ := io.ReadAll(resp.Body)
			after, _ := io.ReadAll(br)
			check(t, resp, body, after)
		}
	})

	// A pipelining client sends its next request before reading the
	// answer to the one before, so the start of the next head is read with
	// the first request: when the rest of it stops arriving, it is
	// answered 408 too. It was answered 400 malformed_request (or, cut
	// within its first four bytes, closed without a word), as the watch
	// took a head begun in the same read for nothing sent since the answer.
	t.Run("pipelined after a request", func(t *testing.T) {
		for _, next := range []string{"GET /heal", "GET /healthz HTTP/1.1\r\nHos", "GE"} {
			_, br := answeredOnceThen(t, addr, next)
			resp, err := http.ReadResponse(br, nil)
			if err != nil {
				t.Fatalf("pipelined head %q cut short: no answer: %v", next, err)
			}
			body, _ := io.ReadAll(resp.Body)
			after, _ := io.ReadAll(br)
			check(t, resp, body, after)
		}
	})

	// A connection that sent nothing, or nothing more after an answer,
	// began no request: it is closed at the wait's end with no answer, as
	// before (there is no request to answer, and a client that kept it
	// for its next request reads the close and opens another).
	t.Run("nothing sent", func(t *testing.T) {
		_, br := rawConn(t, addr)
		if got, _ := io.ReadAll(br); len(got) != 0 {
			t.Errorf("a connection that sent nothing got %q, want its end alone", got)
		}
		_, br = answeredOnce(t, addr)
		if got, _ := io.ReadAll(br); len(got) != 0 {
			t.Errorf("an idle kept-alive connection got %q after its answer, want its end alone", got)
		}
	})
}

// answeredOnce opens a connection to addr and has one request answered on
// it (200 from /healthz, read whole): a kept-alive connection waiting for
// its next request.
func answeredOnce(t *testing.T, addr string) (net.Conn, *bufio.Reader) {
	t.Helper()
	return answeredOnceThen(t, addr, "")
}

// answeredOnceThen is answeredOnce with next sent right behind the
// request, in the same write (a pipelined request's start).
func answeredOnceThen(t *testing.T, addr, next string) (net.Conn, *bufio.Reader) {
	t.Helper()
	conn, br := rawConn(t, addr)
	if _, err := io.WriteString(conn, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"+next); err != nil {
		t.Fatal(err)
	}
	first, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, first.Body)
	if first.StatusCode != http.StatusOK {
		t.Fatalf("first request: status %d, want 200", first.StatusCode)
	}
	return conn, br
}
