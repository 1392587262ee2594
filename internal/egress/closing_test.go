package egress

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv/loopback"
)

// A receiver that closes each connection right after its answer, without
// "Connection: close" (simple servers, some proxies), had about one
// webhook in ten that followed another within a moment fail: the close
// met the next request already on its way on the kept-alive connection,
// and the attempt failed (connection_reset) for a request the receiver
// never read. Once such a close has been seen, requests to the host say
// "Connection: close" and go on connections of their own: at most the
// first request fails.
func TestReceiverThatClosesAfterItsAnswerIsSentConnectionClose(t *testing.T) {
	hook, seen, askedToClose := closingReceiver(t, true)
	c := newClient(t, Options{AllowPrivate: true})
	const sends = 200
	var ok, failed int64
	for range sends {
		resp, err := post(t, c, hook, `{}`)
		if err == nil && resp.StatusCode == 200 {
			ok++
			continue
		}
		if failed++; failed == 1 {
			t.Logf("the first failure: %v", err)
		}
	}
	if failed > 1 {
		t.Errorf("%d of %d requests failed on connections the receiver closed after its answers; want at most the first", failed, sends)
	}
	if seen.Load() != ok {
		t.Errorf("the receiver read %d requests, %d succeeded", seen.Load(), ok)
	}
	if askedToClose.Load() == 0 {
		t.Errorf("no request said Connection: close")
	}
	if u, _ := url.Parse(strings.TrimSuffix(hook, "/hook") + "/other"); !c.SendsConnectionClose(u) {
		t.Errorf("SendsConnectionClose is false for the host: the attempt log would leave the header out")
	}
	t.Logf("%d of %d requests succeeded, %d said Connection: close", ok, sends, askedToClose.Load())
}

// A receiver that keeps its connections open is not sent "Connection:
// close": one connection carries all its requests.
func TestKeptAliveReceiverKeepsItsConnection(t *testing.T) {
	var closeAsked atomic.Int64
	ts := startServer(t, "127.0.0.1:0", func(w http.ResponseWriter, r *http.Request) {
		if r.Close {
			closeAsked.Add(1)
		}
		okHandler(w, r)
	})
	c := newClient(t, Options{AllowPrivate: true})
	for range 50 {
		if _, err := post(t, c, ts.URL, `{}`); err != nil {
			t.Fatal(err)
		}
	}
	if u, _ := url.Parse(ts.URL); c.SendsConnectionClose(u) {
		t.Errorf("SendsConnectionClose is true for a receiver that keeps its connections")
	}
	if n := ts.conns.Load(); n != 1 || closeAsked.Load() != 0 {
		t.Errorf("%d connections, %d requests said Connection: close; want 1 and 0", n, closeAsked.Load())
	}
}

// closingReceiver starts a receiver that reads one request per
// connection, answers it 200 without "Connection: close", and closes the
// connection for writing: a FIN without a reset; what comes after is read
// and dropped, never answered. With waitForNext the close waits for the
// next request's first bytes, so that it meets that request on its way
// every time: a close right after the answer meets it only when the
// timing falls so (about one time in ten), and on a loaded machine
// net/http could see every FIN first, leaving a test nothing to catch.
// seen counts the requests read, askedToClose those that said
// "Connection: close".
func closingReceiver(t *testing.T, waitForNext bool) (hook string, seen, askedToClose *atomic.Int64) {
	seen, askedToClose = new(atomic.Int64), new(atomic.Int64)
	srv := loopback.Serve(t, func(conn net.Conn) {
		defer conn.Close()
		br := bufio.NewReader(conn)
		req, err := http.ReadRequest(br)
		if err != nil {
			return
		}
		io.Copy(io.Discard, req.Body)
		seen.Add(1)
		if req.Close {
			askedToClose.Add(1)
		}
		io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		if waitForNext {
			br.Peek(1)
		}
		conn.(*net.TCPConn).CloseWrite()
		io.Copy(io.Discard, br)
	})
	return "http://" + srv.Addr() + "/hook", seen, askedToClose
}
