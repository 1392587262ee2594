package egress

import (
	"context"
	"crypto/tls"
	"net"
	"sync"
	"time"
)

// answerFirstWait bounds how long a write that failed waits for the
// connection's reader (see [answerFirstConn]). The reader of a connection
// whose writes fail meets its end at once (a close or a reset), and the
// transport closes the connection once it has taken the answer, so this
// is only a bound.
const answerFirstWait = 2 * time.Second

// answerFirstConn is a connection whose failed write waits, before it
// returns its error, until the connection is closed or a read on it has
// failed (or answerFirstWait): so that the answer the endpoint sent
// before it closed reaches net/http first.
//
// An endpoint that answers a request before it has read all of its body
// (a 2xx at once, the body unread: a webhook receiver that queues the
// delivery by its headers, or a proxy that rejects it by its size) and
// then closes the connection makes our write of the rest fail, with a
// reset or a broken pipe, although its answer has arrived. net/http's
// writer then closed the connection at once, and its reader, which had
// not yet read the answer from the socket (or had, but the writer's error
// reached the request first), failed the attempt with "the connection was
// closed while the request was still being sent". With a body of several
// hundred kilobytes that lost the endpoint's 200 in one attempt out of
// ten, and out of two with 8 MB. Held back, the write's error comes after
// the answer: net/http returns the answer to a request whose answer
// arrived, and the write's error only ends the connection's reuse.
// Without an answer, the reader meets the close or the reset at once, and
// the attempt fails as before. A write after the reader has failed (the
// close_notify alert a *tls.Conn sends as it is closed) does not wait.
//
// It has no ReadFrom, on purpose: net/http writes a request's body with
// io.Copy, and a *net.TCPConn's ReadFrom would write it past Write.
type answerFirstConn struct {
	net.Conn
	closeOnce, readOnce sync.Once
	closed, readFailed  chan struct{}

	// What settle waits on: mu guards the fields below it.
	mu      sync.Mutex
	reading bool          // a Read is in progress
	held    bool          // an attempt has the connection and has not yet looked at its answer
	wake    chan struct{} // closed when reading or held changes, for a settle that waits; nil if none does
}

func newAnswerFirstConn(c net.Conn) *answerFirstConn {
	return &answerFirstConn{Conn: c, closed: make(chan struct{}), readFailed: make(chan struct{})}
}

func (c *answerFirstConn) Read(b []byte) (int, error) {
	c.setReading(true)
	n, err := c.Conn.Read(b)
	c.setReading(false)
	if err != nil {
		c.readOnce.Do(func() { close(c.readFailed) })
	}
	return n, err
}

func (c *answerFirstConn) Write(b []byte) (int, error) {
	n, err := c.Conn.Write(b)
	if err != nil {
		t := time.NewTimer(answerFirstWait)
		select {
		case <-c.closed:
		case <-c.readFailed:
		case <-t.C:
		}
		t.Stop()
	}
	return n, err
}

func (c *answerFirstConn) Close() error {
	c.closeOnce.Do(func() { close(c.closed) })
	return c.Conn.Close()
}

// settleWait bounds how long a request that took a kept-alive HTTP/1
// connection from the pool waits in settle. The wait it bounds is the
// transport's own few steps after an answer (microseconds); past it the
// request goes on as it would have.
const settleWait = time.Second

// settle holds c for a request that took it, a kept-alive HTTP/1
// connection, from the pool, once the answer before it on c is done
// with: the attempt that had c has looked at that answer (release), and
// net/http's reader is reading the socket again, having found nothing
// left of that answer (or c is closed, or its reader failed). net/http
// puts a connection back in the pool, where a request waiting for one
// gets it at once, before it looks for bytes left after the answer: a
// 204 or 304 that sent a body anyway, or a body longer than its
// Content-Length ("ok" and then "junk"). A request that took c in that
// moment was written on it and read those bytes as the start of its own
// answer, and failed ("the response is not valid HTTP: malformed HTTP
// version \"junkHTTP/1.1\"") although its receiver answered 200, a few
// requests in a thousand among concurrent deliveries to the host. Made
// to wait, the request finds c closed (net/http closes a connection with
// bytes it did not ask for, and closeAfterStrayBody one whose 204 has a
// body), and is sent on another connection, as one that met a closed
// connection before it was written is. ctx ends the wait too.
func (c *answerFirstConn) settle(ctx context.Context) {
	var t *time.Timer // made only if the wait is not over at once
	for {
		c.mu.Lock()
		if c.done() || !c.held && c.reading {
			c.held = true
			c.mu.Unlock()
			return
		}
		if t == nil {
			t = time.NewTimer(settleWait)
			defer t.Stop()
		}
		if c.wake == nil {
			c.wake = make(chan struct{})
		}
		wake := c.wake
		c.mu.Unlock()
		select {
		case <-wake:
		case <-c.closed:
		case <-c.readFailed:
		case <-t.C:
			c.hold()
			return
		case <-ctx.Done():
			return
		}
	}
}

// hold marks c as had by an attempt that has not yet looked at its
// answer: a request that takes it from the pool meanwhile waits (settle).
func (c *answerFirstConn) hold() {
	c.mu.Lock()
	c.held = true
	c.mu.Unlock()
}

// release ends hold.
func (c *answerFirstConn) release() {
	c.mu.Lock()
	c.held = false
	c.wakeLocked()
	c.mu.Unlock()
}

func (c *answerFirstConn) setReading(r bool) {
	c.mu.Lock()
	c.reading = r
	if r {
		c.wakeLocked()
	}
	c.mu.Unlock()
}

func (c *answerFirstConn) wakeLocked() {
	if c.wake != nil {
		close(c.wake)
		c.wake = nil
	}
}

// done reports whether c is closed or its reader has failed.
func (c *answerFirstConn) done() bool {
	select {
	case <-c.closed:
		return true
	case <-c.readFailed:
		return true
	default:
		return false
	}
}

// answerFirstOf is the answerFirstConn under conn, a connection net/http
// took for a request (the TLS connection over it for https), or nil.
func answerFirstOf(conn net.Conn) *answerFirstConn {
	if tc, ok := conn.(*tls.Conn); ok {
		conn = tc.NetConn()
	}
	c, _ := conn.(*answerFirstConn)
	return c
}
