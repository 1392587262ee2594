package egress

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// An HTTP/2 connection that goes dead without being closed (a load
// balancer or NAT that dropped it in silence) is given up within the
// attempt timeout: the next attempts reach the receiver on a new
// connection. Without a health check every attempt to the host went to
// the dead connection and timed out, as long as attempts kept coming
// (no idle gap to close it) or until the server's stream limit was used
// up by the reset streams, 250 timeouts for Go's server.
func TestDeadHTTP2ConnectionIsReplaced(t *testing.T) {
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Write([]byte("ok"))
	}))
	startHTTP2(t, ts)
	proxy := newBlackHoleProxy(t, ts.Listener.Addr().String())

	// 3 s: the new connection's TLS handshake must fit in an attempt
	// under -race on a loaded machine.
	const timeout = 3 * time.Second
	c := clientTrusting(t, ts, Options{Timeout: timeout})
	url := "https://" + proxy.addr() + "/hook"
	if _, err := post(t, c, url, "{}"); err != nil {
		t.Fatalf("first attempt: %v", err)
	}

	proxy.swallowOpenConnections()
	// Attempts follow each other with no idle gap, as an endpoint's do
	// under steady traffic; within a few timeouts one must get through.
	deadline := time.Now().Add(4 * timeout)
	failed := 0
	for {
		resp, err := post(t, c, url, "{}")
		if err == nil && resp.StatusCode == http.StatusOK {
			break
		}
		failed++
		// The attempt the dead connection held ends as what it is to
		// the customer: the receiver did not answer in time.
		if k := Classify(err); err != nil && k != KindTimeout {
			t.Errorf("attempt on the dead connection: kind %q, want %q (%v)", k, KindTimeout, err)
		}
		t.Logf("attempt %d failed: %v", failed, err)
		if time.Now().After(deadline) {
			t.Fatalf("after %d failed attempts over %s the dead HTTP/2 connection is still used (last error: %v)", failed, 4*timeout, err)
		}
	}
	if failed > 2 {
		t.Errorf("%d attempts failed before a new connection was made, want at most 2", failed)
	}
}

// blackHoleProxy forwards TCP connections to a target; once told to, it
// forwards nothing more on the connections it has (reading and dropping
// what arrives, never closing them), while new connections work.
type blackHoleProxy struct {
	ln  net.Listener
	gen atomic.Int64 // connections accepted before a swallow are dead
	mu  sync.Mutex
	all []net.Conn
}

func newBlackHoleProxy(t *testing.T, target string) *blackHoleProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &blackHoleProxy{ln: ln}
	t.Cleanup(func() {
		ln.Close()
		p.mu.Lock()
		defer p.mu.Unlock()
		for _, c := range p.all {
			c.Close()
		}
	})
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			u, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.all = append(p.all, c, u)
			p.mu.Unlock()
			gen := p.gen.Load()
			pipe := func(dst, src net.Conn) {
				buf := make([]byte, 32<<10)
				for {
					n, err := src.Read(buf)
					if err != nil {
						dst.Close()
						return
					}
					if p.gen.Load() == gen {
						dst.Write(buf[:n])
					}
				}
			}
			go pipe(u, c)
			go pipe(c, u)
		}
	}()
	return p
}

func (p *blackHoleProxy) addr() string { return p.ln.Addr().String() }

func (p *blackHoleProxy) swallowOpenConnections() { p.gen.Add(1) }

// The health check does not end a healthy connection whose receiver is
// slow to answer: the receiver's server answers the PING while its
// handler works. The attempt timeout is 30 s, so that the health check
// has its production values (a PING after 5 s of silence, 5 s for its
// answer) and the handler's answer, 2 s after the PING, has 23 s to
// spare on a loaded machine (with 2 s attempts and a 1.8 s handler, CI
// under -race ran out of the 0.2 s left).
func TestSlowHTTP2AnswerOutlivesThePing(t *testing.T) {
	const timeout = 30 * time.Second
	if h2PingAfter >= timeout/2 {
		t.Fatalf("h2PingAfter %v: the test needs it under half its %v attempt timeout", h2PingAfter, timeout)
	}
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		time.Sleep(h2PingAfter + 2*time.Second) // past the ping
		w.Write([]byte("ok"))
	}))
	startHTTP2(t, ts)
	c := clientTrusting(t, ts, Options{Timeout: timeout})
	resp, err := post(t, c, ts.URL+"/hook", "{}")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("resp=%v err=%v, want 200", resp, err)
	}
}
