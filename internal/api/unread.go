package api

import (
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// An answer decided before the request's body was read (a missing key, an
// unknown route, a stream that takes no body) must not wait for that body.
// Go's HTTP/1 server reads what is left of a body before it writes the
// response header, so that the connection can serve the next request; a
// client that announced a body and never sends it would get its 401 only
// when the 60 s read timeout ends, and an event stream would never start.
// bodyGuard answers such requests at once with "Connection: close" (the
// server then skips that read) and, once the handler is done, gives the
// connection's read only unreadBodyGrace more, so the server does not
// wait out the read timeout for the body either.

// guardUnreadBody wraps w and r when r announces an HTTP/1 body. The
// returned finish must run after the handler.
func guardUnreadBody(w http.ResponseWriter, r *http.Request, arriving *arrivingBodies) (http.ResponseWriter, *http.Request, func()) {
	if r.ProtoMajor != 1 || r.ContentLength == 0 || r.Body == nil || r.Body == http.NoBody {
		return w, r, func() {}
	}
	body := &watchedBody{ReadCloser: r.Body, rc: http.NewResponseController(w), arriving: arriving}
	arriving.add(body)
	// A copy: the server's own request must keep its body's type, which
	// it looks at to decide how to close the connection (lingering, so
	// that a client still sending can read the answer).
	r2 := new(http.Request)
	*r2 = *r
	r2.Body = body
	g := &bodyGuard{ResponseWriter: w, body: body}
	return g, r2, func() {
		arriving.remove(body)
		if body.broken {
			lingerAfterBrokenBody(w)
			return
		}
		if body.done {
			return
		}
		// What the client may still send is read for at most a moment
		// more, so that one that sends nothing cannot hold the
		// connection (and a shutdown) for the full read timeout.
		rc := http.NewResponseController(w)
		_ = rc.SetReadDeadline(time.Now().Add(unreadBodyGrace))
		if r.ContentLength > unreadBodyDrain {
			// Too much to read for an answer already given: the
			// server's close reads up to 256 KiB and resets the rest.
			// (A client that sent Expect: 100-continue is read too:
			// one that waits sends nothing and has its whole answer,
			// which says its length, at once; one that sends anyway,
			// as many do, can finish.)
			return
		}
		// A client that sends its whole request before it reads any
		// answer (Python's urllib, many scripts) must be able to finish
		// sending: a socket closed with its body unread answers the
		// rest with a reset, which reaches the client while it is
		// still sending and loses the answer it never read. So the
		// answer goes out first and the body is read to its end, as
		// Apache's lingering close does.
		_ = rc.Flush()
		_, _ = io.CopyN(io.Discard, body, unreadBodyDrain+1)
	}
}

// lingerAfterBrokenBody closes the connection of a request whose body
// broke its own framing (a chunk-size line over Go's 4 KiB, a size that is
// not hex, a malformed trailer) the way Go's server closes one whose body
// went over its limit: the answer (400 body_unreadable) goes out, then a
// FIN, and what the client still sends is read for unreadBodyGrace. Go's
// server closed such a connection at once with the rest of the request
// unread, and the kernel answered that rest with a reset, which reached a
// client that sends its whole request before reading (Python's
// http.client, most scripts) before it read the 400: it saw only
// "connection reset by peer".
func lingerAfterBrokenBody(w http.ResponseWriter) {
	rc := http.NewResponseController(w)
	if err := rc.Flush(); err != nil {
		return
	}
	conn, _, err := rc.Hijack()
	if err != nil {
		return
	}
	defer conn.Close()
	if cw, ok := conn.(interface{ CloseWrite() error }); ok {
		_ = cw.CloseWrite()
	}
	_ = conn.SetReadDeadline(time.Now().Add(unreadBodyGrace))
	_, _ = io.CopyN(io.Discard, conn, unreadBodyDrain)
}

// brokenFraming reports whether err, from reading a request body, says
// that the body's own framing is malformed, rather than that the body
// ended (io.EOF), was cut short by the client (io.ErrUnexpectedEOF), or
// that the connection failed or timed out (a net.Error).
func brokenFraming(err error) bool {
	var ne net.Error
	return err != nil && err != io.EOF && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.As(err, &ne) &&
		!errors.Is(err, http.ErrBodyReadAfterClose) && !errors.Is(err, net.ErrClosed)
}

// unreadBodyGrace is how long the server may still read an unread body
// once the answer is given (see guardUnreadBody).
const unreadBodyGrace = 500 * time.Millisecond

// unreadBodyDrain is the most of an unread body the server reads after
// its answer so that the client can read it (see guardUnreadBody): at
// loopback speed 16 MiB takes milliseconds, and a slower client is cut
// off by unreadBodyGrace.
const unreadBodyDrain = 16 << 20

// LimitBody is http.MaxBytesReader for a handler behind [Server]: it
// gives the limit the server's own ResponseWriter, which the reader tells
// when the limit is hit so that the connection is closed properly (with a
// wait that lets a client still sending read the 413). Given the guard
// around it, the reader could not tell it.
//
// A chunked body whose chunk sizes pass n fails as soon as the sizes are
// read, before the data they announce (chunklimit.go).
func LimitBody(w http.ResponseWriter, r *http.Request, n int64) io.ReadCloser {
	for {
		u, ok := w.(interface{ Unwrap() http.ResponseWriter })
		if !ok {
			break
		}
		w = u.Unwrap()
	}
	return limitDeclared(r, http.MaxBytesReader(w, r.Body, n), n)
}

// watchedBody records whether the body was read to its end.
type watchedBody struct {
	io.ReadCloser
	done     bool
	rc       *http.ResponseController
	arriving *arrivingBodies
	cut      bool // its read was given a deadline at shutdown (arrivingBodies.stop)
	// broken says that the body's framing was malformed (brokenFraming):
	// its connection is closed with a linger (lingerAfterBrokenBody).
	broken bool
}

func (b *watchedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && !b.done {
		b.done = true // read to its end, or it failed: nothing is left to wait for
		b.broken = brokenFraming(err)
		b.arriving.finished(b, err == io.EOF)
	}
	return n, err
}

// arrivingBodies are the request bodies still arriving. At shutdown, a
// client sending its body slowly (or not at all) held the server's
// Shutdown, and so the process, for the whole grace with nothing in
// flight: their reads are given bodyStopGrace to end, then the request is
// answered 408 and its connection closed.
type arrivingBodies struct {
	mu       sync.Mutex
	stopping bool
	bodies   map[*watchedBody]struct{}
}

// bodyStopGrace is how long a body still arriving at shutdown may take.
const bodyStopGrace = 2 * time.Second

func (a *arrivingBodies) add(b *watchedBody) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.stopping {
		b.cut = true
		_ = b.rc.SetReadDeadline(time.Now().Add(bodyStopGrace))
		return
	}
	if a.bodies == nil {
		a.bodies = map[*watchedBody]struct{}{}
	}
	a.bodies[b] = struct{}{}
}

// finished takes b out once its read has ended. A body read to its end
// after its deadline was set has its deadline lifted: the server's own
// read of the connection (which tells it the client went away) starts at
// once, and would end the request's context when the deadline passes.
// A body cut off keeps its deadline, so nothing more is read from a
// connection that is closing.
func (a *arrivingBodies) finished(b *watchedBody, complete bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.bodies, b)
	if b.cut && complete {
		_ = b.rc.SetReadDeadline(time.Time{})
	}
}

// remove takes b out when its handler has returned, read or not.
func (a *arrivingBodies) remove(b *watchedBody) {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.bodies, b)
}

// stop gives every body still arriving bodyStopGrace to end, and every
// later one the same from its start.
func (a *arrivingBodies) stop() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.stopping = true
	deadline := time.Now().Add(bodyStopGrace)
	for b := range a.bodies {
		b.cut = true
		_ = b.rc.SetReadDeadline(deadline)
	}
}

type bodyGuard struct {
	http.ResponseWriter
	body        *watchedBody
	wroteHeader bool
}

func (g *bodyGuard) WriteHeader(code int) {
	if !g.wroteHeader {
		g.wroteHeader = true
		if !g.body.done && code >= 200 {
			g.Header().Set("Connection", "close")
		}
	}
	g.ResponseWriter.WriteHeader(code)
}

func (g *bodyGuard) Write(p []byte) (int, error) {
	if !g.wroteHeader {
		g.WriteHeader(http.StatusOK)
	}
	return g.ResponseWriter.Write(p)
}

// Flush lets event streams flush through the guard.
func (g *bodyGuard) Flush() {
	if !g.wroteHeader {
		g.WriteHeader(http.StatusOK)
	}
	http.NewResponseController(g.ResponseWriter).Flush()
}

// Unwrap gives http.ResponseController the server's writer (deadlines,
// full duplex).
func (g *bodyGuard) Unwrap() http.ResponseWriter { return g.ResponseWriter }
