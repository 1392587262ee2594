package dashboard

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/esahayak/esahayak/internal/delivery"
	"github.com/esahayak/esahayak/internal/store"
)

// Live updates over Server-Sent Events. Each event carries the HTML the
// page would have rendered (a table row, a capture), so the script only
// puts it in place, and the markup has one source: the templates.
//
// Deliveries change live as this instance's delivery engine reports them;
// with several instances, a tab sees the deliveries its own instance
// sends, and every page shows all of them on reload. An endpoint disabled,
// enabled or deleted changes its deliveries in the store all at once: the
// stream says "endpoint", and the page reads again what it shows: the
// deliveries of it, and the lists of endpoints ([data-live-endpoints]:
// the overview's, Settings', Monitoring's). A key created or revoked: the
// stream says "apikeys", and Settings reads its list of keys again
// ([data-live-keys]).

// heartbeat keeps idle streams open through proxies, and is when a stream
// with nothing to send checks that its session is still signed in
// (Config.StreamHeartbeat).
const heartbeat = 20 * time.Second

// sessionRecheck is how often an open stream checks that its session,
// its user and its account still stand, whether or not it has anything
// to send. A sign-out in this dashboard could be told to the streams, but
// a user or an account removed from the database tells no one: checked
// only at the heartbeat, a removed account's open tabs went on showing
// it, as Live, for up to 20 seconds, where a revoked API key's listen
// stream ends within 2 (api's streamRecheck).
const sessionRecheck = time.Second

// errHeadOnly ends a stream answered to HEAD after its headers.
var errHeadOnly = errors.New("HEAD: headers only")

// streamWriteTimeout bounds each write of a stream: a client that stops
// reading fills its socket's buffer, and a write without a deadline would
// then block for good, past sign-out and shutdown, holding its goroutine
// and its subscription.
const streamWriteTimeout = 10 * time.Second

// maxStreamsPerAccount bounds an account's open live streams (deliveries
// and inspectors, every tab of every user): each one looks up and renders
// every change for itself, so thousands of them from one session made
// every delivery slow.
const maxStreamsPerAccount = 32

// errTooManyStreams is answered 429 to a stream past maxStreamsPerAccount.
var errTooManyStreams = &httpError{status: http.StatusTooManyRequests,
	msg: "Too many live views are open for this account; close some tabs (this one tries again every 15 seconds)."}

// openStream counts a stream of the account; done gives its place back.
func (d *Dashboard) openStream(accountID string) (done func(), err error) {
	d.streamsMu.Lock()
	defer d.streamsMu.Unlock()
	if d.streams[accountID] >= maxStreamsPerAccount {
		return nil, errTooManyStreams
	}
	if d.streams == nil {
		d.streams = map[string]int{}
	}
	d.streams[accountID]++
	return sync.OnceFunc(func() {
		d.streamsMu.Lock()
		defer d.streamsMu.Unlock()
		if d.streams[accountID]--; d.streams[accountID] <= 0 {
			delete(d.streams, accountID)
		}
	}), nil
}

// eventStream is an open Server-Sent Events response.
type eventStream struct {
	w  http.ResponseWriter
	rc *http.ResponseController

	// mu orders cut against the deadline each write sets: a write that
	// set its deadline after cut would undo it and block for the whole
	// streamWriteTimeout, past a graceful shutdown's grace.
	mu    sync.Mutex
	isCut bool
}

// errStreamCut is what a write after cut returns.
var errStreamCut = errors.New("event stream cut: the server is shutting down")

// arm gives the next write its deadline, unless the stream was cut.
func (es *eventStream) arm() error {
	es.mu.Lock()
	defer es.mu.Unlock()
	if es.isCut {
		return errStreamCut
	}
	_ = es.rc.SetWriteDeadline(time.Now().Add(streamWriteTimeout))
	return nil
}

func (d *Dashboard) startStream(w http.ResponseWriter, r *http.Request) (*eventStream, error) {
	rc := http.NewResponseController(w)
	// The server's read timeout would end the stream (it cancels the
	// request when the connection's read deadline passes); a stream reads
	// nothing, so it has no deadline.
	_ = rc.SetReadDeadline(time.Time{})
	_ = rc.SetWriteDeadline(time.Time{})
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		// The headers are the whole answer: the stream is not run.
		return nil, errHeadOnly
	}
	es := &eventStream{w: w, rc: rc}
	if _, err := fmt.Fprint(w, "retry: 3000\n: connected\n\n"); err != nil {
		return nil, err
	}
	return es, rc.Flush()
}

func (es *eventStream) send(event string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if err := es.arm(); err != nil {
		return err
	}
	if _, err := fmt.Fprintf(es.w, "event: %s\ndata: %s\n\n", event, b); err != nil {
		return err
	}
	return es.rc.Flush()
}

func (es *eventStream) ping() error {
	if err := es.arm(); err != nil {
		return err
	}
	if _, err := fmt.Fprint(es.w, ": ping\n\n"); err != nil {
		return err
	}
	return es.rc.Flush()
}

// cut ends a write that is blocked now (a client that reads nothing): the
// stream is over, and its goroutine must not wait for the write's deadline.
// Every write after it fails at once.
func (es *eventStream) cut() {
	es.mu.Lock()
	defer es.mu.Unlock()
	es.isCut = true
	_ = es.rc.SetWriteDeadline(time.Now())
}

// liveDelivery is one delivery change as the page's script receives it.
type liveDelivery struct {
	ID         string `json:"id"`
	EndpointID string `json:"endpoint_id"`
	EventType  string `json:"event_type"`
	EventID    string `json:"event_id"`
	Status     string `json:"status"`
	HTML       string `json:"html"`
}

// liveEndpoint tells the page that an endpoint was disabled, enabled or
// deleted: the store changed its deliveries in bulk (held, waiting again,
// failed), and the page reads again what it shows of them. Or that it was
// edited (URL, description, events): its page reads it again. Or created:
// a list of the account's endpoints shows it.
type liveEndpoint struct {
	EndpointID string `json:"endpoint_id"`
}

// liveDeliveries streams the account's delivery changes, and its
// endpoints' changes as "endpoint" events.
func (d *Dashboard) liveDeliveries(w http.ResponseWriter, r *http.Request, s *session) error {
	if d.engine == nil {
		http.Error(w, "live updates are not available", http.StatusNotImplemented)
		return nil
	}
	done, err := d.openStream(s.AccountID)
	if err != nil {
		return err
	}
	defer done()
	changes, cancel := d.engine.Subscribe(s.AccountID)
	defer cancel()
	es, err := d.startStream(w, r)
	if err != nil {
		return nil
	}
	endpoints := endpointCache{}
	serveStream(d, r, s, es, changes, func(c delivery.Change) bool {
		if c.Kind == delivery.ChangesMissed {
			// More changes than this stream kept up with (a fan-out to
			// many endpoints): the page reads what it shows again.
			return es.send("resync", struct{}{}) == nil
		}
		if c.Kind == delivery.ChangeEndpoint {
			if c.AccountID != s.AccountID {
				return true // the engine tells only the account's streams; a guard
			}
			// Disabled, enabled, deleted or edited: rows rendered from now on
			// must not show what it was.
			delete(endpoints, c.EndpointID)
			return es.send("endpoint", liveEndpoint{EndpointID: c.EndpointID}) == nil
		}
		if c.Kind == delivery.ChangeAPIKeys {
			if c.AccountID != s.AccountID {
				return true
			}
			// A key created or revoked in another tab: the list of keys
			// ([data-live-keys]) reads again.
			return es.send("apikeys", struct{}{}) == nil
		}
		ev, err := d.deliveryEvent(r, s, c, endpoints)
		switch {
		case err == nil:
		case r.Context().Err() != nil:
			return false // the tab went: no warning for each change queued
		case isNotFound(err):
			return true // the delivery is gone: a reload would not show it either
		case errors.Is(err, errRender):
			// A template that cannot render the row would not render it
			// on a reload either.
			d.log.Warn("live delivery update", "delivery", c.DeliveryID, "err", err)
			return true
		default:
			// The store did not answer: the change was dropped, and the
			// page, still saying Live, never showed it until reloaded by
			// hand. The stream ends as a dropped connection does; the
			// browser opens it again, which waits for the store, and
			// catches up on what it missed.
			if d.st.Unavailable(err) {
				if ok, withheld := d.unavailableLogs.Allow(d.cfg.Now()); ok {
					d.log.Warn(msgUnavailableLogged, "method", r.Method, "path", r.URL.Path, "err", err,
						"also_failed_since_last_warning", withheld)
				}
			} else {
				d.log.Error("live delivery update: the stream ends, and its page catches up when it reconnects", "delivery", c.DeliveryID, "err", err)
			}
			return false
		}
		return es.send("delivery", ev) == nil
	}, func() {})
	return nil
}

// endpointCache keeps the endpoints a stream's rows name, so that a burst
// of changes does not look each one up again. An entry is good for
// liveEndpointTTL: an endpoint renamed (which the engine is not told of)
// shows its new name in the rows rendered after that.
type endpointCache map[string]cachedEndpoint

type cachedEndpoint struct {
	e  store.Endpoint // the zero endpoint when deleted
	at time.Time
}

// liveEndpointTTL is how long a stream trusts an endpoint it looked up.
const liveEndpointTTL = 5 * time.Second

// maxCachedEndpoints bounds a stream's cache; past it, it starts afresh.
const maxCachedEndpoints = 1000

// serveStream runs a stream of session s until the client goes, the
// server shuts down, s ends (checked every sessionRecheck, at each
// heartbeat and before items are sent, when the stream is told
// "signedout") or items closes (then
// closed says why). Each item goes
// to handle, which returns false to end the stream.
func serveStream[T any](d *Dashboard, r *http.Request, s *session, es *eventStream, items <-chan T, handle func(T) bool, closed func()) {
	tick := time.NewTicker(d.cfg.StreamHeartbeat)
	defer tick.Stop()
	recheck := time.NewTicker(min(sessionRecheck, d.cfg.StreamHeartbeat))
	defer recheck.Stop()
	shutdown := d.shutdown.done(r)
	// A write blocked at shutdown ends at once, not at its deadline: open
	// tabs must never hold up a graceful shutdown.
	over := make(chan struct{})
	defer close(over)
	go func() {
		select {
		case <-shutdown:
			es.cut()
		case <-over:
		}
	}()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-shutdown:
			return
		case <-recheck.C:
			// Only a session found gone ends the stream here. A check
			// the store could not answer is left to the heartbeat's (and
			// to the one before sending), as it was: a database blip of
			// a second must not send every open tab reconnecting at once.
			if ok, err := d.stillSignedIn(r, s); !ok && err == nil {
				es.send("signedout", struct{}{})
				return
			}
		case <-tick.C:
			if !d.streamMayGoOn(r, s, es) {
				return
			}
			if es.ping() != nil {
				return
			}
		case item, ok := <-items:
			if !ok {
				closed()
				return
			}
			// The items waiting now, then the session: what is sent was
			// made before it was found still signed in. A sign-out is
			// otherwise learnt of at the next heartbeat (20 s), and every
			// change and capture made meanwhile went to the stream of a
			// session that no longer exists (a copied cookie's, say).
			batch, open := []T{item}, true
		drain:
			for len(batch) < maxStreamBatch {
				select {
				case item, ok := <-items:
					if !ok {
						open = false
						break drain
					}
					batch = append(batch, item)
				default:
					break drain
				}
			}
			if !d.streamMayGoOn(r, s, es) {
				return
			}
			for _, item := range batch {
				if !handle(item) {
					return
				}
			}
			if !open {
				closed()
				return
			}
		}
	}
}

// maxStreamBatch bounds the items a stream sends after one check of its
// session.
const maxStreamBatch = 64

// errRender is a delivery row the template could not render.
var errRender = errors.New("render the delivery row")

func (d *Dashboard) deliveryEvent(r *http.Request, s *session, c delivery.Change, endpoints endpointCache) (liveDelivery, error) {
	dl, err := d.st.GetDelivery(r.Context(), s.AccountID, c.DeliveryID)
	if err != nil {
		return liveDelivery{}, fmt.Errorf("get delivery: %w", err)
	}
	now := d.now()
	cached, ok := endpoints[dl.EndpointID]
	e := cached.e
	if !ok || now.Sub(cached.at) > liveEndpointTTL || now.Before(cached.at) {
		if e, err = d.st.GetEndpoint(r.Context(), s.AccountID, dl.EndpointID); err != nil && !isNotFound(err) {
			return liveDelivery{}, fmt.Errorf("get endpoint: %w", err)
		}
		if len(endpoints) >= maxCachedEndpoints {
			clear(endpoints)
		}
		endpoints[dl.EndpointID] = cachedEndpoint{e: e, at: now}
	}
	html, err := d.fragment("delivery-row", deliveryRow{Delivery: dl, Endpoint: e})
	if err != nil {
		return liveDelivery{}, fmt.Errorf("%w: %w", errRender, err)
	}
	return liveDelivery{ID: dl.ID, EndpointID: dl.EndpointID, EventType: dl.EventType, EventID: dl.EventID, Status: dl.Status, HTML: html}, nil
}

// stillSignedIn re-checks the session of a long-lived stream, so that
// signing out (or the session expiring) also stops the stream. It does
// not extend the session: an open tab nobody looks at is not a use. It is
// s, the session the stream was opened with and whose account it shows,
// that must still stand: any session named by the request's cookies (a
// browser may send several) kept a signed-out session's stream going as
// long as another one lived. Its user must still exist too, in the
// session's account: a removed user's open tabs went on receiving the
// account's deliveries and an inspector's captures for as long as the
// session lived, while every page load was refused. And so must its
// account.
//
// It is false with a nil error only when the store answered that the
// session or its user is gone; an error is the store not answering (an
// outage), which says nothing about the session.
func (d *Dashboard) stillSignedIn(r *http.Request, s *session) (bool, error) {
	if _, err := d.st.DashboardSessionByHash(r.Context(), s.TokenHash, d.now()); err != nil {
		if isNotFound(err) {
			return false, nil
		}
		return false, err
	}
	u, err := d.st.GetUser(r.Context(), s.UserID)
	if isNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if u.AccountID != s.AccountID {
		return false, nil
	}
	// Its account too (the users of a removed one may remain: nothing
	// ties them in PostgreSQL): every page load of the session was sent
	// to sign in, while its open tabs went on showing the account.
	if _, err := d.st.GetAccount(r.Context(), s.AccountID); err != nil {
		if isNotFound(err) {
			return false, nil
		}
		return false, err
	}
	return true, nil
}

// streamMayGoOn checks a stream's session before it sends more: false
// ends the stream. A session that ended (or whose user is gone) is told
// "signedout", and its page says so and stops. A check the store could
// not answer ends the stream without it: any error was taken for a
// sign-out, so a database outage of a moment told every open tab "You
// were signed out, so this page no longer updates", and stopped them for
// good, while their sessions stood. Ended as a dropped connection is,
// the stream is opened again by the browser (its page says
// "Reconnecting…"), which checks the session anew, answers 503 while
// the database is out, and catches up on what it missed once it is back.
func (d *Dashboard) streamMayGoOn(r *http.Request, s *session, es *eventStream) bool {
	ok, err := d.stillSignedIn(r, s)
	switch {
	case ok:
		return true
	case err == nil:
		es.send("signedout", struct{}{})
	case r.Context().Err() != nil:
		// The tab went.
	case d.st.Unavailable(err) || errors.Is(err, context.DeadlineExceeded):
		if ok, withheld := d.unavailableLogs.Allow(d.cfg.Now()); ok {
			d.log.Warn(msgUnavailableLogged, "method", r.Method, "path", r.URL.Path, "err", err,
				"also_failed_since_last_warning", withheld)
		}
	default:
		d.log.Error("live stream: check its session", "path", r.URL.Path, "err", err)
	}
	return false
}

// inspectorGone is the "gone" event of an inspector's live stream.
type inspectorGone struct {
	// Reason is "deleted", "expired" or "unknown" (the stream opened
	// after the inspector was gone).
	Reason string `json:"reason"`
}

// inspectorLive streams the inspector's new captures.
func (d *Dashboard) inspectorLive(w http.ResponseWriter, r *http.Request, s *session) error {
	id := r.PathValue("id")
	now := d.now()
	captures, cancel, expiresAt, ok := d.inspectors.subscribe(s.AccountID, id, now)
	if !ok {
		// Deleted or expired (or never this account's): the page stops
		// listening at this event instead of retrying an error. Which of
		// the two is no longer known.
		if es, err := d.startStream(w, r); err == nil {
			es.send("gone", inspectorGone{Reason: "unknown"})
		}
		return nil
	}
	defer cancel()
	// At its expiry the inspector is removed, which ends the stream with
	// "gone": a page left open says it expired when it does, not at the
	// next capture or listing.
	expiry := time.AfterFunc(expiresAt.Sub(now)+time.Second, func() { d.inspectors.get(s.AccountID, id, d.now()) })
	defer expiry.Stop()
	done, err := d.openStream(s.AccountID)
	if err != nil {
		return err
	}
	defer done()
	es, err := d.startStream(w, r)
	if err != nil {
		return nil
	}
	// The page says which: an inspector deleted in another tab is not one
	// that expired, and its owner may look for it under Inspector.
	gone := func() {
		reason := "deleted"
		if !d.now().Before(expiresAt) {
			reason = "expired"
		}
		es.send("gone", inspectorGone{Reason: reason})
	}
	serveStream(d, r, s, es, captures, func(c *capture) bool {
		if c == missedCaptures {
			return es.send("resync", struct{}{}) == nil
		}
		// The endpoint is looked up per capture: it may have been chosen,
		// created or rotated since the page was loaded.
		in, _, found := d.inspectors.get(s.AccountID, id, d.now())
		if !found {
			gone()
			return false
		}
		e, _, err := d.verifyEndpoint(r, s, in)
		if err != nil && r.Context().Err() == nil {
			d.log.Warn("inspector: look up the endpoint that checks signatures", "inspector", id, "err", err)
		}
		html, err := d.fragment("capture", captureView{capture: c, Verdict: liveVerdict(e, err, c)})
		if err != nil {
			d.log.Warn("live capture", "err", err)
			return true
		}
		return es.send("capture", map[string]any{"seq": c.Seq, "html": html}) == nil
	}, gone)
	return nil
}
