package egress

import (
	"context"
	"net/url"
	"sync"
	"time"
)

// answerCloseWindow is how soon after its last answer a server that
// closed a kept-alive connection is taken for one that closes after each
// answer (without saying "Connection: close"), rather than one whose idle
// timeout ran out: every server's idle timeout we know is longer.
const answerCloseWindow = time.Second

// closingHostMemory is how long a host seen closing after its answers is
// sent "Connection: close": a server changes its ways seldom, and the
// cost, a new connection per request, is what such a server costs anyway.
const closingHostMemory = 15 * time.Minute

// maxClosingHosts bounds the hosts remembered; past it the expired ones
// go, and then the whole memory (it is only an optimisation).
const maxClosingHosts = 10000

// closingHosts remembers the hosts (host:port) whose server closed a
// kept-alive connection right after answering on it. Such a close, when
// it met the next request already on its way, failed that attempt
// (connection_reset, EOF or a reset, for a request the receiver never
// read), about one request in ten that followed another within a moment;
// and a close seen before the request went out cost a send on another
// connection. Requests to such a host say "Connection: close", as the
// server should have, and go on connections of their own.
type closingHosts struct {
	mu    sync.Mutex
	until map[string]time.Time
}

// closes reports whether requests to host go with "Connection: close".
func (h *closingHosts) closes(host string, now time.Time) bool {
	if h == nil {
		return false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return now.Before(h.until[host])
}

// mark remembers host as one that closes after its answers.
func (h *closingHosts) mark(host string, now time.Time) {
	if h == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.until == nil {
		h.until = make(map[string]time.Time)
	}
	if _, ok := h.until[host]; !ok && len(h.until) >= maxClosingHosts {
		for k, t := range h.until {
			if !now.Before(t) {
				delete(h.until, k)
			}
		}
		if len(h.until) >= maxClosingHosts {
			clear(h.until)
		}
	}
	h.until[host] = now.Add(closingHostMemory)
}

// closedAfterAnswer reports whether err, the error of a try whose trace
// this is, is the server closing or resetting a kept-alive HTTP/1
// connection within answerCloseWindow of its last answer on it, before
// any answer to this request: net/http's "server closed idle connection"
// (staleConn), or the close meeting the request on its way (a reset or
// EOF before the answer).
func (p *phase) closedAfterAnswer(ctx context.Context, err error) bool {
	if ctx.Err() != nil || !p.reused.Load() || p.h2.Load() || p.at.Load() >= phaseAnswering {
		return false
	}
	if time.Duration(p.idle.Load()) >= answerCloseWindow {
		return false
	}
	return p.staleConn(ctx, err) || Classify(err) == KindConnectionReset
}

// SendsConnectionClose reports whether a request to u now goes with
// "Connection: close" (its server was seen closing connections right
// after its answers), for the attempt log, which shows the request as it
// went out.
func (c *Client) SendsConnectionClose(u *url.URL) bool {
	return u != nil && c.closing.closes(canonicalAddr(u), time.Now())
}
