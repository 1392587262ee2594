package api

import (
	"net/http"
	"sync/atomic"
	"time"
)

// A client that stops reading its answer fills its socket's buffer, and a
// write without a deadline then blocks for good: the connection, its
// goroutine and the answer held in the kernel stay until the process ends,
// and a graceful stop waits its whole grace for them. The server's
// WriteTimeout cannot bound that alone: it runs from the end of the
// request's headers, so it would have to outlast the slowest body (the 60 s
// read timeout) and the slowest handler (RequestTimeout), and would leave
// such a client its connection for minutes. Each response's writing is
// bounded here instead, from the moment it writes: every piece of at most
// writeChunk bytes has at least half the bound to be taken by the client,
// so a client that reads slowly but steadily gets any answer, and one that
// stops reading is cut within ResponseWriteTimeout. A handler that sets its own
// write deadline (an event stream, through http.ResponseController) keeps
// it: its writes are its own to bound from then on.

// ResponseWriteTimeout is how long a client may leave a response unread
// before its connection is closed. It is shorter than the shutdown's
// default grace (15 s), so a stop does not wait that grace for such
// clients.
const ResponseWriteTimeout = 10 * time.Second

// writeChunk is the most one deadline covers: a large answer written at
// once is given to the connection in pieces, each with its own deadline.
const writeChunk = 64 << 10

// writeBound sets the connection's write deadline before each write of a
// response (see ResponseWriteTimeout).
type writeBound struct {
	http.ResponseWriter
	rc       *http.ResponseController
	timeout  time.Duration
	deadline time.Time
	// handlerOwned: the handler set a deadline of its own. Atomic: a
	// stream may set one from another goroutine to end a blocked write
	// (the dashboard's cut), as a connection's deadlines allow.
	handlerOwned atomic.Bool
}

// newWriteBound also bounds what the server writes on its own while the
// handler runs (a "100 Continue" when the body is first read), until the
// handler's first write: a deadline that an earlier answer on this
// connection left behind has often passed. requestTimeout is how long the
// handler may take to get that far.
func newWriteBound(w http.ResponseWriter, timeout, requestTimeout time.Duration) *writeBound {
	b := &writeBound{ResponseWriter: w, rc: http.NewResponseController(w), timeout: timeout}
	_ = b.rc.SetWriteDeadline(time.Now().Add(requestTimeout + timeout))
	return b
}

// extend gives the next write the whole bound. The deadline is moved only
// once half of it is spent: a page rendered in many small writes costs one
// timer change, not one per write.
func (b *writeBound) extend() {
	if b.handlerOwned.Load() {
		return
	}
	now := time.Now()
	if b.deadline.Sub(now) >= b.timeout/2 {
		return
	}
	b.deadline = now.Add(b.timeout)
	_ = b.rc.SetWriteDeadline(b.deadline)
}

func (b *writeBound) Write(p []byte) (int, error) {
	written := 0
	for len(p) > 0 {
		piece := p[:min(len(p), writeChunk)]
		b.extend()
		n, err := b.ResponseWriter.Write(piece)
		written += n
		if err != nil {
			return written, err
		}
		p = p[len(piece):]
	}
	return written, nil
}

// FlushError is what http.ResponseController.Flush calls.
func (b *writeBound) FlushError() error {
	b.extend()
	return b.rc.Flush()
}

// SetWriteDeadline is what http.ResponseController.SetWriteDeadline calls:
// the handler bounds its own writes from now on.
func (b *writeBound) SetWriteDeadline(t time.Time) error {
	b.handlerOwned.Store(true)
	return b.rc.SetWriteDeadline(t)
}

// Unwrap gives http.ResponseController the server's writer for the rest
// (read deadlines, full duplex).
func (b *writeBound) Unwrap() http.ResponseWriter { return b.ResponseWriter }

// finish bounds what the server writes once the handler has returned (the
// buffered end of the answer), the handler's own deadline included: it may
// have passed while the handler finished.
func (b *writeBound) finish() {
	_ = b.rc.SetWriteDeadline(time.Now().Add(b.timeout))
}
