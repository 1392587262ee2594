package api

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync/atomic"
	"time"
)

// A request with both Content-Length and Transfer-Encoding: chunked is
// read by Go's HTTP/1 server as chunked (the Transfer-Encoding overrides,
// RFC 9112 §6.1), and the server drops the Content-Length header before
// any handler sees it. A proxy in front that frames the same bytes by
// their Content-Length sees a different request boundary: what this
// server takes for the next request on the connection (a chunked "0"
// ending early, then "POST /v1/…") is bytes the proxy sent as the body of
// its client's request, and it is answered on a connection the proxy
// pairs with another client (request smuggling). RFC 9112 §6.3 therefore
// says that a server that reads such a request MUST close the connection
// after responding to it; the server kept it open for the next request.
//
// GuardFraming wraps the server's listener with a connection that reads
// each request head as it arrives and remembers one that held both
// headers; ServeHTTP then answers it with "Connection: close", and the
// server closes the connection after the answer, with nothing after it
// read as a request.

// GuardFraming returns ln with every accepted connection watched for a
// request head holding both Content-Length and Transfer-Encoding, and
// sets srv.ConnContext (keeping one already set) so that the Server
// serving srv closes such a connection after its answer. Serve srv on the
// returned listener.
func GuardFraming(srv *http.Server, ln net.Listener) net.Listener {
	prev := srv.ConnContext
	srv.ConnContext = func(ctx context.Context, c net.Conn) context.Context {
		if prev != nil {
			ctx = prev(ctx, c)
		}
		if fc, ok := c.(*framingConn); ok {
			ctx = context.WithValue(ctx, framingConnKey{}, fc)
			fc.plain.Store(true)
		}
		return ctx
	}
	// A connection's answers are Go's own plain-text refusals only between
	// the end of one answer (StateIdle) and the next request handed to a
	// handler (goerrors.go); a hijacked one is the handler's for good.
	prevState := srv.ConnState
	srv.ConnState = func(c net.Conn, st http.ConnState) {
		if fc, ok := c.(*framingConn); ok {
			switch st {
			case http.StateIdle:
				fc.answering.Store(false)
				fc.ctlInHead.Store(false)
				fc.watchFresh.Store(true)
				fc.watchHead.Store(true)
			case http.StateHijacked:
				fc.hijacked.Store(true)
			}
		}
		if prevState != nil {
			prevState(c, st)
		}
	}
	// Every request the server hands on is counted, its requests served
	// before api.Server's handler took over the address included, so that
	// a handler knows which of the heads read from its connection is its
	// own (chunklimit.go).
	next := srv.Handler
	if next == nil {
		next = http.DefaultServeMux
	}
	srv.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if fc, ok := r.Context().Value(framingConnKey{}).(*framingConn); ok {
			fc.answering.Store(true)
			fc.watchHead.Store(false)
			if r.ProtoMajor == 1 {
				fc.served.Add(1)
			}
		}
		next.ServeHTTP(w, r)
	})
	headerLimit := srv.MaxHeaderBytes
	if headerLimit <= 0 {
		headerLimit = http.DefaultMaxHeaderBytes
	}
	return framingListener{Listener: ln, headerLimit: headerLimit, writeTimeout: srv.WriteTimeout}
}

type framingConnKey struct{}

// ambiguousFraming reports whether r came on a connection where a
// request head held both Content-Length and Transfer-Encoding. The
// head of r itself has been read when r is served, so a head that did
// is always seen; a later one read ahead (a pipelined request) only
// closes the connection one answer early.
//
// An HTTP/1.0 request with Transfer-Encoding, with or without
// Content-Length, is ambiguous too: Go's server ignores the header on
// HTTP/1.0 (its issue 12785) and frames the body by Content-Length, or
// takes none, while a proxy that honours it frames it as chunked; with
// "Connection: keep-alive" the chunked body was then read as the next
// request. RFC 9112 §6.1 says the server MUST close the connection after
// processing such a message.
func ambiguousFraming(r *http.Request) bool {
	fc, ok := r.Context().Value(framingConnKey{}).(*framingConn)
	return ok && (fc.ambiguous.Load() || !r.ProtoAtLeast(1, 1) && fc.sawTE.Load())
}

type framingListener struct {
	net.Listener
	headerLimit  int           // the server's MaxHeaderBytes, for its 431's message
	writeTimeout time.Duration // the server's WriteTimeout, for a stalled head's 408
}

func (l framingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	fc := &framingConn{Conn: c, headerLimit: l.headerLimit, writeTimeout: l.writeTimeout}
	fc.watchHead.Store(true)
	fc.framer.totals = &fc.totals
	fc.framer.lineFault = fc.noteLineFault
	return fc, nil
}

// framingConn scans what is read from the connection line by line: the
// lines of a header block since the last empty line, where Go's server
// ends a head. It looks at every line, bodies included, because it cannot
// tell where a body ends without parsing it as the server does: a body
// line that looks like one of the two headers can only close a connection
// early, while a real head's header lines all follow its request line, with
// no empty line among them, so they are never missed.
type framingConn struct {
	net.Conn
	// The scan's state, used by Read only: the server never reads a
	// connection from two goroutines at once.
	lineLen int
	start   [len("transfer-encoding:")]byte // the line's first bytes, in lower case
	cl, te  bool                            // seen since the last empty line
	// ambiguous and sawTE are read by the handler's goroutine: a head
	// held both headers, and a head held Transfer-Encoding (which is
	// ambiguous on HTTP/1.0, the version the scan does not read).
	ambiguous atomic.Bool
	sawTE     atomic.Bool
	// framer follows the requests' framing (chunklimit.go), used by Read
	// alone; totals is what it shares with the handler's LimitBody; served
	// counts the requests handed to the handler.
	framer chunkFramer
	totals chunkTotals
	served atomic.Int64
	// lineFault is what Go's server refuses in the last request line, or
	// Host or Content-Length, read that it refuses (requestLineFault,
	// hostOrLengthFault), with its head's number: Go's
	// bare 400 for that head (the one after the served ones) then says
	// what is wrong (goerrors.go), and a 400 for an earlier head read
	// with it (a control character in a header line) does not blame it.
	// Set by Read, read by Write.
	lineFault atomic.Pointer[headFault]
	// answering is set while a handler's answer is being written (from the
	// handler's start until the server is done with it: StateIdle), and
	// hijacked once a handler took the connection: then no Write is Go's
	// own plain-text refusal, and none is rewritten (goerrors.go).
	answering   atomic.Bool
	hijacked    atomic.Bool
	headerLimit int
	// Go's server refuses a header line holding a control character with a
	// bare "400 Bad Request". watchHead is set while the connection reads
	// the head of a request no handler has yet taken (from the connection's
	// start, or its StateIdle, to that head's empty line), and ctlInHead
	// once a header line of it held a control character, so that the
	// refusal can say so. headLines, headLineLen and headCR are the watch's
	// place in the head, used by Read alone, which starts them afresh when
	// watchFresh says the watch began again (a handler may have stopped it
	// midway through a pipelined head).
	watchHead, ctlInHead   atomic.Bool
	watchFresh             atomic.Bool
	headLines, headLineLen int
	headCR                 bool
	// headBegun says that a byte of the watched head was read (used by
	// Read alone), and headTimedOut that the head stopped arriving and
	// was answered 408 (headStalled): Go's server then closes the
	// connection, after its own 400 for a request line cut short, which
	// Write drops. plain is set when the server serves the connection as
	// it is: under TLS the bytes read here are TLS records, and an answer
	// written here would break the stream. writeTimeout bounds the 408's
	// write, as the server's WriteTimeout bounds its own refusals'.
	headBegun    bool
	headTimedOut atomic.Bool
	plain        atomic.Bool
	writeTimeout time.Duration
}

func (c *framingConn) Read(p []byte) (int, error) {
	if err := c.totals.takeOver(); err != nil {
		// The chunked body being read declared more than its limit
		// (chunklimit.go): its read ends now, not when data that was
		// never going to fit stops arriving.
		return 0, err
	}
	n, err := c.Conn.Read(p)
	if n > 0 {
		if !c.ambiguous.Load() {
			c.scan(p[:n])
		}
		c.framer.feed(p[:n])
		if c.watchHead.Load() {
			if c.watchFresh.Swap(false) {
				c.headLines, c.headLineLen, c.headCR = 0, 0, false
			}
			c.headBegun = true
			c.watchControls(p[:n])
		}
	}
	if err != nil && c.headStalled(err) {
		c.answerStalledHead()
	}
	return n, err
}

// headStalled reports whether err is the server's wait for a request's
// head running out (ReadHeaderTimeout, or IdleTimeout with the next
// request begun) after some of the head arrived. Go's server closes such
// a connection without a word, or, when the request line was cut short,
// answers 400 for a malformed request line: a slow or stalled client was
// told that the request it never finished sending was malformed, or told
// nothing, where a body that stops arriving is answered 408. A connection
// that sent nothing since the last answer began no request, and is
// closed without one, as before. A head begun in the read that brought
// the request before it (a pipelining client's) is one begun too: the
// watch starts afresh at each answer and sees no byte of it, so the
// framer, which follows every byte read, says so. Called by Read alone.
func (c *framingConn) headStalled(err error) bool {
	var ne net.Error
	begun := c.watchHead.Load() && !c.watchFresh.Load() && c.headBegun || c.framer.midHead()
	return errors.As(err, &ne) && ne.Timeout() && c.plain.Load() && begun &&
		!c.answering.Load() && !c.hijacked.Load() && !c.headTimedOut.Load()
}

// answerStalledHead writes the 408 for a head that stopped arriving
// (headStalled) and has Write drop what Go's server writes after it.
func (c *framingConn) answerStalledHead() {
	c.headTimedOut.Store(true)
	if c.writeTimeout > 0 {
		_ = c.Conn.SetWriteDeadline(time.Now().Add(c.writeTimeout))
	}
	_, _ = c.Conn.Write(stalledHeadAnswer)
}

// watchControls follows the head being read after the connection went
// idle, line by line, to its empty line, and notes a control character in
// one of its header lines (the lines after the first) as Go's textproto
// refuses it: a byte below 0x20 but tab, a CR not right before the LF, or
// DEL. A head begun in an earlier read (a pipelined one) is watched from
// where the watch began, its first line taken for the request line; its
// refusal then says only what Go's says.
func (c *framingConn) watchControls(b []byte) {
	for _, ch := range b {
		if ch == '\n' {
			if c.headLineLen == 0 || c.headLineLen == 1 && c.headCR {
				// The head's end: what follows is a body, or the next
				// request, read before any handler took this one.
				c.watchHead.Store(false)
				c.headLines, c.headLineLen, c.headCR = 0, 0, false
				return
			}
			c.headLines++
			c.headLineLen, c.headCR = 0, false
			continue
		}
		if c.headCR || (ch < 0x20 && ch != '\t' && ch != '\r') || ch == 0x7f {
			if c.headLines > 0 {
				c.ctlInHead.Store(true)
			}
		}
		c.headCR = ch == '\r'
		c.headLineLen++
	}
}

// Write passes p on, except one of Go's own plain-text refusals of a
// request it could not read (a bad header value, a missing Host, headers
// over the limit), which the server writes in one Write on the connection
// with no handler's answer in progress: that is answered as the API
// answers, in JSON (goerrors.go). It reports len(p) written either way.
func (c *framingConn) Write(p []byte) (int, error) {
	if !c.answering.Load() && !c.hijacked.Load() {
		if c.headTimedOut.Load() {
			// The head that stopped arriving has had its 408; Go's
			// own answer to it (a 400 for a request line it read cut
			// short) would follow that on a closing connection.
			return len(p), nil
		}
		fault := ""
		if f := c.lineFault.Load(); f != nil && f.head == c.served.Load()+1 {
			fault = f.fault
		}
		if b, ok := jsonForGoError(p, c.headerLimit, c.ctlInHead.Load(), fault); ok {
			if _, err := c.Conn.Write(b); err != nil {
				return 0, err
			}
			return len(p), nil
		}
	}
	return c.Conn.Write(p)
}

// headFault is what Go's server refuses in the request line of the
// head'th head handed to the handler (counting as served does).
type headFault struct {
	head  int64
	fault string
}

// noteLineFault keeps fault, what Go's server refuses in the request line
// of the head'th head, for Write.
func (c *framingConn) noteLineFault(head int64, fault string) {
	c.lineFault.Store(&headFault{head, fault})
}

// CloseWrite keeps the server's half-close (its FIN before closing, and
// lingerAfterBrokenBody's) working through the wrapper.
func (c *framingConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

func (c *framingConn) scan(b []byte) {
	for _, ch := range b {
		if ch == '\n' {
			c.endLine()
			continue
		}
		if c.lineLen < len(c.start) {
			if 'A' <= ch && ch <= 'Z' {
				ch += 'a' - 'A'
			}
			c.start[c.lineLen] = ch
		}
		c.lineLen++
	}
}

// endLine takes in a line that has ended (its '\n' read). Go's server ends
// a line at '\n' with or without the '\r' before it, and a header's name is
// followed by its ':' at once (a space before it is refused) in any case.
func (c *framingConn) endLine() {
	start := c.start[:min(c.lineLen, len(c.start))]
	n := c.lineLen
	c.lineLen = 0
	if n == 0 || n == 1 && start[0] == '\r' {
		if c.cl && c.te {
			c.ambiguous.Store(true)
		}
		if c.te {
			c.sawTE.Store(true)
		}
		c.cl, c.te = false, false
		return
	}
	switch {
	case hasPrefix(start, "content-length:"):
		c.cl = true
	case hasPrefix(start, "transfer-encoding:"):
		c.te = true
	}
}

func hasPrefix(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && string(b[:len(prefix)]) == prefix
}
