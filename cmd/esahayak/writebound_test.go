//go:build unix

package main_test

import (
	"errors"
	"io"
	"net"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/testenv"
)

// TestShutdownBesideAClientThatStopsReading: serve cuts a client that
// stops reading its answers within api.ResponseWriteTimeout, so SIGTERM
// with no delivery in flight does not wait the whole --shutdown-grace for
// it (it did, and the connection lived on until then). Unix only (the
// build tag above): SIGTERM, and the socket option set with an int fd.
func TestShutdownBesideAClientThatStopsReading(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "w.db")
	const grace = 40 * time.Second
	p := startServe(t, "--db", db, "--shutdown-grace", grace.String())
	d := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		var serr error
		if err := c.Control(func(fd uintptr) {
			serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 1024)
		}); err != nil {
			return err
		}
		return serr
	}}
	conn, err := d.Dial("tcp", strings.TrimPrefix(p.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, strings.Repeat("GET /openapi.json HTTP/1.1\r\nHost: x\r\n\r\n", 400)); err != nil {
		t.Fatal(err)
	}
	testenv.WaitPeerStuckWriting(t, conn, 10*time.Second)
	start := time.Now()
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.done:
		p.done <- err
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v", err)
		}
	case <-time.After(grace + 10*time.Second):
		t.Fatal("serve did not stop within its grace")
	}
	if took, want := time.Since(start), api.ResponseWriteTimeout+3*time.Second; took > want {
		t.Errorf("SIGTERM took %v beside a client that reads nothing; want the write bound (%v), not the grace (%v)", took.Round(time.Millisecond), api.ResponseWriteTimeout, grace)
	}
	// The connection was cut before the process ended: what is left to read
	// ends at once.
	conn.SetReadDeadline(time.Now().Add(2 * time.Second))
	_, err = io.Copy(io.Discard, conn)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Errorf("the connection is still open after serve stopped")
	}
}
