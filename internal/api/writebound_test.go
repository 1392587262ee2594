package api_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// stuckReader opens a connection with a small receive buffer to base,
// pipelines n requests for GET path on it, and never reads.
func stuckReader(t *testing.T, base, path string, n int) net.Conn {
	t.Helper()
	d := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		var serr error
		if err := c.Control(func(fd uintptr) {
			serr = setReceiveBuffer(fd, 1024)
		}); err != nil {
			return err
		}
		return serr
	}}
	conn, err := d.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	req := "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n"
	if _, err := io.WriteString(conn, strings.Repeat(req, n)); err != nil {
		t.Fatal(err)
	}
	return conn
}

// closedByServer reports whether the server has closed conn: reading what
// is left ends (EOF or a reset) rather than waiting for more.
func closedByServer(t *testing.T, conn net.Conn) bool {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	_, err := io.Copy(io.Discard, conn)
	var ne net.Error
	return !(errors.As(err, &ne) && ne.Timeout())
}

// TestAnswerLeftUnreadClosesTheConnection: a client that stops reading
// its answers loses its connection once the write bound has passed; it
// held the connection, its goroutine and the answers in the kernel for
// good, and a graceful stop waited its whole grace for them.
func TestAnswerLeftUnreadClosesTheConnection(t *testing.T) {
	const bound = 300 * time.Millisecond
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{ResponseWriteTimeout: bound})
	conn := stuckReader(t, s.URL, "/openapi.json", 400)
	// The bound runs from an answer the server cannot write: a fixed wait
	// from the requests' sending, on a loaded machine, ended before the
	// server had got there, and reading then let it write everything.
	testenv.WaitPeerStuckWriting(t, conn, 10*time.Second)
	time.Sleep(5 * bound) // the bound passes while the answer stays unread
	if !closedByServer(t, conn) {
		t.Fatalf("a client that read nothing for %v after the server got stuck writing still has its connection (bound %v)", 5*bound, bound)
	}
}

// TestWriteBoundLeavesKeptAliveConnectionsWorking: the deadline an answer
// leaves on its connection does not fail the next request's "100 Continue"
// when it comes after the bound.
func TestWriteBoundLeavesKeptAliveConnectionsWorking(t *testing.T) {
	const bound = 200 * time.Millisecond
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{ResponseWriteTimeout: bound})
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	br := bufio.NewReader(conn)
	fmt.Fprint(conn, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	time.Sleep(3 * bound)

	body := `{"url": "http://127.0.0.1:9/h"}`
	fmt.Fprintf(conn, "POST /v1/webhook_endpoints HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: %d\r\n\r\n", s.APIKey, len(body))
	line, err := br.ReadString('\n')
	if err != nil || !strings.Contains(line, "100 Continue") {
		t.Fatalf("after an idle %v: %q, %v; want 100 Continue", 3*bound, line, err)
	}
	if _, err := br.ReadString('\n'); err != nil { // the blank line ending the interim answer
		t.Fatal(err)
	}
	fmt.Fprint(conn, body)
	resp, err = http.ReadResponse(br, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("create endpoint: %d %s", resp.StatusCode, b)
	}
}

// TestListenStreamOutlivesTheWriteBound: a quiet listen stream bounds its
// own writes, and still delivers an event long after the write bound.
func TestListenStreamOutlivesTheWriteBound(t *testing.T) {
	const bound = 200 * time.Millisecond
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{ResponseWriteTimeout: bound})
	ls := s.NewListenSession(t, s.APIKey, `{"events": ["stamp.uploaded"]}`)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", s.URL+"/v1/listen_sessions/"+ls+"/stream", nil)
	req.Header.Set("Authorization", "Bearer "+s.APIKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("stream: %d", resp.StatusCode)
	}
	time.Sleep(10 * bound)
	event := newEvent(t, s, "upload")
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "id: ") && strings.Contains(sc.Text(), event) {
			return
		}
	}
	t.Fatalf("the stream ended without the event sent %v after it went quiet: %v", 10*bound, sc.Err())
}
