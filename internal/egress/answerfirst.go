package egress

import (
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
}

func newAnswerFirstConn(c net.Conn) *answerFirstConn {
	return &answerFirstConn{Conn: c, closed: make(chan struct{}), readFailed: make(chan struct{})}
}

func (c *answerFirstConn) Read(b []byte) (int, error) {
	n, err := c.Conn.Read(b)
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
