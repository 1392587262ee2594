// Package loopback holds TCP servers on 127.0.0.1 for tests that need a
// peer misbehaving below HTTP (a reset, a raw HTTP/2 framer, an answer
// that stalls), and that must know which client ends connected: error
// texts are checked for them. It imports nothing of ours, so any
// package's tests can use it, the egress package's own included.
package loopback

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
)

// Server accepts connections on 127.0.0.1 until the test ends, and hands
// each to its handler in a goroutine of its own.
type Server struct {
	ln    net.Listener
	mu    sync.Mutex
	peers []string // the client ends (address:port) it accepted
}

// Serve starts a Server whose handler owns each connection; the test's
// cleanup closes the listener and waits for every handler to return.
func Serve(t testing.TB, handle func(conn net.Conn)) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{ln: ln}
	var wg sync.WaitGroup
	t.Cleanup(func() {
		ln.Close()
		wg.Wait()
	})
	wg.Go(func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.peers = append(s.peers, conn.RemoteAddr().String())
			s.mu.Unlock()
			wg.Go(func() { handle(conn) })
		}
	})
	return s
}

// Resetter starts a Server that reads what a connection sends first (a
// request, a proxy's CONNECT, a TLS ClientHello) and then resets it:
// SO_LINGER 0, so the close sends an RST, as a crashing receiver or a
// proxy dropping a connection does.
func Resetter(t testing.TB) *Server {
	return Serve(t, func(conn net.Conn) {
		conn.Read(make([]byte, 64<<10))
		conn.(*net.TCPConn).SetLinger(0)
		conn.Close()
	})
}

// Answering starts a Server that reads each connection's request, writes
// response (raw bytes: any status line, a malformed answer, a body cut
// short) and closes the connection, as a receiver that answers once and
// hangs up does.
func Answering(t testing.TB, response string) *Server {
	return answering(t, response, false)
}

// AnsweringThenReset is Answering whose close is a reset (SO_LINGER 0):
// the bytes of response go out, and then an RST, which discards whatever
// the client had not read yet.
func AnsweringThenReset(t testing.TB, response string) *Server {
	return answering(t, response, true)
}

func answering(t testing.TB, response string, reset bool) *Server {
	return Serve(t, func(conn net.Conn) {
		defer conn.Close()
		req, err := http.ReadRequest(bufio.NewReader(conn))
		if err != nil {
			return
		}
		io.Copy(io.Discard, req.Body)
		io.WriteString(conn, response)
		if reset {
			conn.(*net.TCPConn).SetLinger(0)
		}
	})
}

// Stalling starts a Server that reads each connection's request, writes
// response (raw bytes: a status line of one's choosing, a 101, a body cut
// short) and then keeps the connection open and quiet until the test
// ends, as a receiver that hangs mid-answer does.
func Stalling(t testing.TB, response string) *Server {
	release := make(chan struct{})
	s := Serve(t, func(conn net.Conn) {
		defer conn.Close()
		go func() { <-release; conn.Close() }() // ends a read still waiting too
		req, err := http.ReadRequest(bufio.NewReader(conn))
		if err != nil {
			return
		}
		io.Copy(io.Discard, req.Body)
		io.WriteString(conn, response)
		<-release
	})
	// Registered after Serve's, so it runs first: the handlers return
	// before Serve's cleanup waits for them.
	t.Cleanup(func() { close(release) })
	return s
}

// Addr is the server's host:port.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Peers are the client ends of the connections accepted so far.
func (s *Server) Peers() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.peers...)
}
