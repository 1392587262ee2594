package testenv

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// WaitPeerStuckWriting waits until the far end of c, a loopback TCP
// connection whose reader has stopped reading, is stuck writing to it:
// c's receive queue holds bytes and the peer's send queue holds bytes the
// full window does not let through (Linux's /proc/net/tcp; on loopback
// sent bytes are acknowledged at once, so a send queue that is not empty
// is a peer that cannot send). Tests of what cuts such a writer waited a
// fixed time for this, and passed without testing anything when the
// writer had not yet got there.
func WaitPeerStuckWriting(t testing.TB, c net.Conn, timeout time.Duration) {
	t.Helper()
	local, peer := c.LocalAddr().String(), c.RemoteAddr().String()
	Eventually(t, timeout, "the peer stuck writing to a connection that reads nothing", func() bool {
		_, received, ok := tcpQueues(t, local, peer)
		if !ok || received == 0 {
			return false
		}
		unsent, _, ok := tcpQueues(t, peer, local)
		return ok && unsent > 0
	})
}

// WaitPeerRead waits until the far end of c, a loopback TCP connection,
// has read everything sent to it so far: its socket's receive queue is
// empty (Linux's /proc/net/tcp). A server has then accepted c and read
// the request written on it, as far as it has come. Tests that signal a
// server while a request is in its hands waited a fixed time for this,
// and on a loaded machine signalled it before it had read the request.
func WaitPeerRead(t testing.TB, c net.Conn, timeout time.Duration) {
	t.Helper()
	local, peer := c.LocalAddr().String(), c.RemoteAddr().String()
	Eventually(t, timeout, "the peer to read what was sent on "+local, func() bool {
		_, received, ok := tcpQueues(t, peer, local)
		return ok && received == 0
	})
}

// tcpQueues reads the send and receive queues, in bytes, of the IPv4 TCP
// socket from local to remote (both "127.0.0.1:port").
func tcpQueues(t testing.TB, local, remote string) (send, recv int, ok bool) {
	t.Helper()
	want := [2]string{procAddr(t, local), procAddr(t, remote)}
	f, err := os.Open("/proc/net/tcp")
	if err != nil {
		t.Fatalf("socket queues: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// "sl local_address rem_address st tx_queue:rx_queue ..."
		fs := strings.Fields(sc.Text())
		if len(fs) < 5 || fs[1] != want[0] || fs[2] != want[1] {
			continue
		}
		tx, rx, _ := strings.Cut(fs[4], ":")
		s, err1 := strconv.ParseInt(tx, 16, 64)
		r, err2 := strconv.ParseInt(rx, 16, 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("socket queues: cannot read %q", fs[4])
		}
		return int(s), int(r), true
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("socket queues: %v", err)
	}
	return 0, 0, false
}

// procAddr writes an IPv4 address and port as /proc/net/tcp does: the
// address's four bytes in the host's (little-endian) order, then the port,
// in upper-case hex.
func procAddr(t testing.TB, hostport string) string {
	ap, err := net.ResolveTCPAddr("tcp", hostport)
	if err != nil || ap.IP.To4() == nil {
		t.Fatalf("socket queues: %q is not an IPv4 address and port", hostport)
	}
	ip := ap.IP.To4()
	return fmt.Sprintf("%02X%02X%02X%02X:%04X", ip[3], ip[2], ip[1], ip[0], ap.Port)
}
