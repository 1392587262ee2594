package api_test

import (
	"context"
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

// smallSendBuffers makes every accepted connection's kernel send buffer
// small, so that a client that reads nothing blocks the server's writes
// after a few kilobytes rather than megabytes.
type smallSendBuffers struct{ net.Listener }

func (l smallSendBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(4096)
	}
	return c, err
}

// TestStuckListenStreamDoesNotHoldUpShutdown: a listen stream whose
// client stopped reading is blocked in a write; a graceful shutdown ends
// that write at once instead of waiting out the stream's 30 s write
// deadline, longer than serve's whole grace.
func TestStuckListenStreamDoesNotHoldUpShutdown(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	ls := s.NewListenSession(t, s.APIKey, `{}`)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: s.API}
	go hs.Serve(smallSendBuffers{ln})
	t.Cleanup(func() { hs.Close() })

	d := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		return c.Control(func(fd uintptr) {
			setReceiveBuffer(fd, 1024)
		})
	}}
	conn, err := d.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /v1/listen_sessions/%s/stream HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n\r\n", ls, s.APIKey)
	head := make([]byte, 12)
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.ReadFull(conn, head); err != nil || !strings.HasPrefix(string(head), "HTTP/1.1 200") {
		t.Fatalf("listen stream: %q %v", head, err)
	}
	// Then it reads nothing while events pile up on it.
	for range 300 {
		newEvent(t, s, "upload")
	}
	testenv.WaitPeerStuckWriting(t, conn, 10*time.Second)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	start := time.Now()
	if err := hs.Shutdown(ctx); err != nil {
		t.Fatalf("graceful shutdown with a listen stream that reads nothing: %v after %v", err, time.Since(start))
	}
}
