package relay

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
)

// StreamConfig is one connection of a listener.
type StreamConfig struct {
	Store   store.Store
	Session store.ListenSession
	// LastEventID is the listener's cursor (the Last-Event-ID header); ""
	// on its first connection.
	LastEventID string
	// Wake receives a value when this instance commits an event of the
	// account (Hub.Subscribe).
	Wake <-chan struct{}
	// Done closes when the server shuts down.
	Done <-chan struct{}
	Log  *slog.Logger
	// Now, Poll and Heartbeat default to time.Now, PollInterval and
	// HeartbeatInterval.
	Now       func() time.Time
	Poll      time.Duration
	Heartbeat time.Duration
	// ReplayCtx, when set, bounds the first read (the replay) instead of
	// Stream's ctx: the request's deadline, which a stream leaves only once
	// it has started.
	ReplayCtx context.Context
	// Start, when set, is called once the first read is done, before the
	// first write: the caller writes the response headers there. A Stream
	// that fails before it has written nothing, and the caller can still
	// answer with an error.
	Start func()
	// Allowed, when set, is asked after each read that found events to
	// send and before they are sent: false ends the stream (with
	// ErrNotAllowed, before anything is written when it is the replay's
	// read); an error is a failed read. Asked after the read, so that no
	// event committed after the credential was withdrawn (an API key
	// revoked) is sent: the stream is woken at once by a new event, and a
	// check on a timer of its own let it send the events of the seconds
	// between.
	Allowed func(ctx context.Context) (bool, error)
}

// ErrNotAllowed ends a stream whose StreamConfig.Allowed said false.
var ErrNotAllowed = errors.New("listen stream: no longer allowed")

// Flusher is what Stream needs of the response: http.ResponseWriter with
// an http.ResponseController's Flush and SetWriteDeadline.
type Flusher interface {
	Write([]byte) (int, error)
	Flush() error
	SetWriteDeadline(time.Time) error
}

// ResponseFlusher adapts an http.ResponseWriter.
func ResponseFlusher(w http.ResponseWriter) Flusher {
	return responseFlusher{w, http.NewResponseController(w)}
}

type responseFlusher struct {
	http.ResponseWriter
	rc *http.ResponseController
}

func (f responseFlusher) Flush() error                       { return f.rc.Flush() }
func (f responseFlusher) SetWriteDeadline(t time.Time) error { return f.rc.SetWriteDeadline(t) }

// writeTimeout bounds one write to a listener that stopped reading.
const writeTimeout = 30 * time.Second

// pageSize is how many events one store read returns while streaming.
const pageSize = 100

// Stream sends the session's events to w as Server-Sent Events until ctx
// ends, Done closes or a write fails: first a ready message, then what the
// listener missed (within the replay bound), then every new event. The
// caller has written the response headers, or writes them in c.Start.
func Stream(ctx context.Context, w Flusher, c StreamConfig) error {
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Poll <= 0 {
		c.Poll = PollInterval
	}
	if c.Heartbeat <= 0 {
		c.Heartbeat = HeartbeatInterval
	}
	if c.Log == nil {
		c.Log = slog.Default()
	}
	s := &stream{c: c, w: w, sent: map[string]struct{}{}}
	types := c.Session.Events
	if len(types) == len(order.EventTypes) {
		types = nil // every type: no filter
	}
	s.types = types

	// Where this connection starts: never before the session, never more
	// than ReplayWindow back, and Lookback behind the listener's cursor
	// (it drops the events it already has).
	now := c.Now()
	start := c.Session.CreatedAt
	if w := now.Add(-ReplayWindow); start.Before(w) {
		start = w
	}
	rctx := ctx
	if c.ReplayCtx != nil {
		rctx = c.ReplayCtx
	}
	truncated := false
	if t, ok := IDTime(ids.Event, c.LastEventID); ok {
		if window := now.Add(-ReplayWindow); t.Before(window) {
			// Missed for good only if an event fell between the cursor
			// (or the session's start) and the window: after a quiet
			// hour nothing did, and listen said more was missed.
			after := c.LastEventID
			if f := ids.Floor(ids.Event, c.Session.CreatedAt); f > after {
				after = f
			}
			gap, err := c.Store.ListEventsAfter(rctx, store.EventsAfterParams{AccountID: c.Session.AccountID, After: after, Types: types, Limit: 1})
			if err != nil {
				return fmt.Errorf("replay: %w", err)
			}
			truncated = len(gap) > 0 && gap[0].ID < ids.Floor(ids.Event, window)
		}
		if t = t.Add(-Lookback); t.After(start) {
			start = t
		}
	}
	s.lowest = ids.Floor(ids.Event, start)
	s.cursor = s.lowest

	evs, err := c.Store.ListEventsAfter(rctx, store.EventsAfterParams{AccountID: c.Session.AccountID, After: s.lowest, Types: s.types,
		Limit: ReplayLimit + 1, Newest: true})
	if err != nil {
		return fmt.Errorf("replay: %w", err)
	}
	if len(evs) > ReplayLimit {
		// What is older than the replay is left out for good: the reads
		// behind the cursor (catchUp's back) start above it, or they would
		// send it after all, oldest last.
		// Missed only if the listener did not have it: the replay starts
		// Lookback behind its cursor, and those it had count here too.
		truncated = truncated || evs[0].ID > c.LastEventID
		s.lowest, evs = evs[0].ID, evs[1:]
	}
	replayed := 0
	for _, ev := range evs {
		if ev.ID > c.LastEventID {
			replayed++
		}
	}
	if err := s.allowed(rctx, evs); err != nil {
		return err
	}
	if c.Start != nil {
		c.Start()
	}
	// A write blocked on a listener that reads nothing would otherwise
	// hold a graceful shutdown (or a revoked key's stream) for the whole
	// writeTimeout, longer than serve's grace.
	g := &cuttable{Flusher: w, finished: make(chan struct{})}
	s.w = g
	defer g.finish()
	go func() {
		select {
		case <-ctx.Done():
		case <-c.Done:
		case <-g.finished:
			return
		}
		g.cut()
	}()
	if err := s.send(EventReady, "", Ready{SessionID: c.Session.ID, Replayed: replayed, Truncated: truncated}); err != nil {
		return err
	}
	if err := s.sendEvents(evs); err != nil {
		return err
	}
	if err := s.w.Flush(); err != nil {
		return err
	}

	poll := time.NewTicker(c.Poll)
	defer poll.Stop()
	sweep := time.NewTicker(Lookback / 2)
	defer sweep.Stop()
	beat := time.NewTicker(c.Heartbeat)
	defer beat.Stop()
	failures := 0
	for {
		back := false
		select {
		case <-ctx.Done():
			return nil
		case <-c.Done:
			return nil
		case <-beat.C:
			if err := s.write([]byte(": ping\n\n")); err != nil {
				return err
			}
			if err := s.w.Flush(); err != nil {
				return err
			}
			continue
		case <-c.Wake:
		case <-poll.C:
		case <-sweep.C:
			back = true
		}
		if err := s.catchUp(ctx, back); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			if _, ok := err.(writeError); ok || errors.Is(err, ErrNotAllowed) {
				return err
			}
			// The store may be back by the next poll; the listener keeps
			// its connection meanwhile.
			failures++
			if failures == 1 || failures%60 == 0 {
				c.Log.Warn("listen stream: reading events", slog.String("session", c.Session.ID), slog.Any("err", err), slog.Int("failures", failures))
			}
			continue
		}
		failures = 0
	}
}

type stream struct {
	c      StreamConfig
	w      Flusher
	types  []string
	lowest string // never read at or below this id
	cursor string // the newest id sent
	sent   map[string]struct{}
}

type writeError struct{ error }

// catchUp sends the events committed since the last read. With back, it
// reads again from Lookback ago, for events that committed late (after a
// newer event was sent): a read of that window is what a busy account makes
// expensive, so it runs every Lookback/2, not at every wake-up.
func (s *stream) catchUp(ctx context.Context, back bool) error {
	floor := ids.Floor(ids.Event, s.c.Now().Add(-Lookback))
	after := s.cursor
	if back {
		after = max(min(s.cursor, floor), s.lowest)
	}
	for {
		evs, err := s.c.Store.ListEventsAfter(ctx, store.EventsAfterParams{AccountID: s.c.Session.AccountID, After: after,
			Types: s.types, Limit: pageSize})
		if err != nil {
			return err
		}
		if err := s.allowed(ctx, evs); err != nil {
			return err
		}
		if err := s.sendEvents(evs); err != nil {
			return err
		}
		if len(evs) < pageSize {
			break
		}
		after = evs[len(evs)-1].ID
	}
	if back { // forget what can no longer be read again
		for id := range s.sent {
			if id <= floor {
				delete(s.sent, id)
			}
		}
	}
	if err := s.w.Flush(); err != nil {
		return writeError{err}
	}
	return nil
}

// allowed asks StreamConfig.Allowed whether evs, just read, may be sent,
// when there is one not sent yet: a poll that found nothing new costs no
// question.
func (s *stream) allowed(ctx context.Context, evs []store.Event) error {
	if s.c.Allowed == nil || !slices.ContainsFunc(evs, func(ev store.Event) bool { _, dup := s.sent[ev.ID]; return !dup }) {
		return nil
	}
	ok, err := s.c.Allowed(ctx)
	if err != nil {
		return err
	}
	if !ok {
		return ErrNotAllowed
	}
	return nil
}

func (s *stream) sendEvents(evs []store.Event) error {
	for _, ev := range evs {
		if _, dup := s.sent[ev.ID]; dup {
			continue
		}
		m := Message{ID: ev.ID, Type: ev.Type, CreatedAt: order.FormatTime(ev.CreatedAt), Payload: string(ev.Payload)}
		if err := s.send(EventWebhook, ev.ID, m); err != nil {
			return err
		}
		s.sent[ev.ID] = struct{}{}
		s.cursor = max(s.cursor, ev.ID)
	}
	return nil
}

// send writes one SSE message. JSON never holds a raw newline, so data is
// one line.
func (s *stream) send(event, id string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	buf := make([]byte, 0, len(data)+len(id)+len(event)+32)
	if id != "" {
		buf = append(buf, "id: "...)
		buf = append(buf, id...)
		buf = append(buf, '\n')
	}
	buf = append(buf, "event: "...)
	buf = append(buf, event...)
	buf = append(buf, "\ndata: "...)
	buf = append(buf, data...)
	buf = append(buf, "\n\n"...)
	return s.write(buf)
}

func (s *stream) write(b []byte) error {
	if _, err := s.w.Write(b); err != nil {
		return writeError{err}
	}
	return nil
}

// errStreamCut is what a write after cut returns.
var errStreamCut = errors.New("listen stream cut: the stream ended or the server is shutting down")

// cuttable gives each write writeTimeout, and lets another goroutine end
// a write that is blocked now. mu orders cut against the deadline each
// write sets: a write that set its deadline after cut would undo it.
type cuttable struct {
	Flusher
	mu       sync.Mutex
	isCut    bool
	finished chan struct{}
	done     bool
}

func (g *cuttable) Write(b []byte) (int, error) {
	g.mu.Lock()
	if g.isCut {
		g.mu.Unlock()
		return 0, errStreamCut
	}
	_ = g.Flusher.SetWriteDeadline(time.Now().Add(writeTimeout))
	g.mu.Unlock()
	return g.Flusher.Write(b)
}

// cut fails the write in progress and every later one, unless Stream has
// returned: the connection may then serve the next request, whose writes
// a past deadline would fail.
func (g *cuttable) cut() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.done {
		return
	}
	g.isCut = true
	_ = g.Flusher.SetWriteDeadline(time.Now())
}

// finish is called as Stream returns.
func (g *cuttable) finish() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.done = true
	close(g.finished)
}
