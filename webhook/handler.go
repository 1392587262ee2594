package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/esahayak/esahayak/internal/suggest"
)

// DefaultMaxBodyBytes is the largest body a Handler reads unless
// WithMaxBodyBytes says otherwise. Real events are around a kilobyte; the
// limit only stops a client from making the receiver buffer arbitrary data
// before the signature has been checked.
const DefaultMaxBodyBytes int64 = 1 << 20

// queuePerWorker is how many accepted events may wait per background worker.
// Past that the Handler answers 503 so the sender retries later, rather than
// acknowledging events it has no room to remember.
const queuePerWorker = 64

// storeTimeout bounds each dedup Commit or Release. They run detached from
// the request's context, so a client that hangs up after its handler
// succeeded still gets its event committed (and a retry is not handled twice).
const storeTimeout = 10 * time.Second

// handlerFunc handles one verified event. Returning an error makes the
// receiver answer 500, so the sender retries the delivery later.
type handlerFunc = func(ctx context.Context, e *Event) error

// Handler is an http.Handler that receives eSahayak webhooks: it verifies
// each request, drops duplicates, and dispatches the event to the functions
// registered with On for its type.
//
// Responses, and what the sender does with them:
//
//	405  not a POST                                  (Allow: POST)
//	400  body too large, unreadable, missing or malformed signature headers,
//	     or a signed body that is not a valid event  (retried; will fail again)
//	401  no matching signature, or timestamp outside the tolerance
//	200  handled, duplicate of a handled event, type with no handler, or
//	     (WithBackground) queued                     {"received": true, "event_id": …}
//	409  another delivery of this event is being handled right now
//	     (Retry-After: 30)                           (retried on the schedule)
//	500  a handler returned an error or panicked, or the dedup store failed:
//	     the claim is released so the sender's retry is handled afresh
//	503  the background queue is full or the Handler is shut down (Retry-After)
//
// Why 409 for a duplicate in progress: the outcome of the other delivery
// is not known yet, so the answer must not be a 2xx (if that delivery's
// handler fails, this one is what brings the event back), and it is not
// an outage either: a 503 would show the endpoint as down in the delivery
// log and trip alerts on the receiver's 5xx rate, though nothing is wrong.
// 409 "event is being processed" says what happened. eSahayak retries it
// like any non-2xx, on its schedule (5 s, then 5 minutes, later); it reads
// Retry-After only on 429 and 503, so the 409's Retry-After is for senders
// that read it on any status. By the next attempt the other delivery has
// usually finished, and this one is answered 200 as a duplicate.
//
// A Handler is safe for concurrent use, and On may be called while it serves.
type Handler struct {
	v       *Verifier
	log     *slog.Logger
	maxBody int64
	dedup   DedupStore
	workers int

	mu       sync.RWMutex
	handlers map[string][]handlerFunc

	// Background mode. qmu guards closed and sends on queue, so Shutdown can
	// close the queue without racing a send.
	qmu      sync.RWMutex
	closed   bool
	queue    chan job
	wg       sync.WaitGroup
	baseCtx  context.Context
	cancel   context.CancelFunc
	shutOnce sync.Once
	// pending counts the events enqueued and not yet handled or dropped.
	// It only falls once Shutdown has closed the queue, and at 0 nothing
	// is left for Shutdown to wait for, whatever its context says.
	pending atomic.Int64

	// Claims held by this Handler (queued or running events), renewed
	// every renewEvery (a third of the store's lease) while there are any,
	// when the store is a ClaimRenewer. renewing says a renewal goroutine
	// runs; renewDone is closed when the latest one has ended.
	hmu        sync.Mutex
	held       map[string]int
	renewing   bool
	renewDone  chan struct{}
	lease      time.Duration
	renewEvery time.Duration
}

type job struct {
	e       *Event
	attempt string
	token   string // the claim's owner token, when the store is a ClaimOwner
}

// HandlerOption configures a Handler.
type HandlerOption func(*Handler)

// WithDedupStore sets where handled event ids are remembered. The default is
// NewMemoryDedup(DefaultDedupTTL), which is right for one instance; use a
// shared store such as SQLDedup when several instances receive the same
// endpoint's traffic. WithDedupStore(nil) turns deduplication off: every
// delivery, retries included, then runs the handlers.
func WithDedupStore(s DedupStore) HandlerOption {
	return func(h *Handler) { h.dedup = s }
}

// WithBackground makes the Handler answer 200 as soon as a request is
// verified and its event claimed, and run the handlers later on workers
// goroutines. Use it when handlers may take longer than the sender's
// 10-second deadline.
//
// The trade-off: the sender has its 200 before the handler runs, so a
// handler error is only logged (and the claim released, so a manual
// redelivery is handled); the sender will not retry by itself. Call
// Shutdown to drain the queue before exiting. workers <= 0 keeps the
// default, synchronous mode; more than MaxBackgroundWorkers count as
// MaxBackgroundWorkers.
func WithBackground(workers int) HandlerOption {
	return func(h *Handler) { h.workers = min(max(workers, 0), MaxBackgroundWorkers) }
}

// MaxBackgroundWorkers bounds WithBackground. Each worker is a goroutine
// and room for 64 waiting events, made when the Handler is: a count no
// machine can hold (a configuration's extra zeros, 100000000) ended the
// program at start with "fatal error: runtime: out of memory", which no
// recover catches, rather than serving.
const MaxBackgroundWorkers = 10000

// WithLogger sets the logger (default slog.Default()). The Handler logs one
// line per delivery, with its event id, type, attempt and outcome.
func WithLogger(l *slog.Logger) HandlerOption {
	return func(h *Handler) {
		if l != nil {
			h.log = l
		}
	}
}

// WithMaxBodyBytes sets the largest body accepted (default
// DefaultMaxBodyBytes); larger bodies get 400. n <= 0 keeps the default.
func WithMaxBodyBytes(n int64) HandlerOption {
	return func(h *Handler) {
		if n > 0 {
			h.maxBody = n
		}
	}
}

// NewHandler returns a Handler that verifies requests with v. It panics if v
// is nil: a receiver that cannot verify must not start.
func NewHandler(v *Verifier, opts ...HandlerOption) *Handler {
	if v == nil {
		panic("webhook: NewHandler with nil *Verifier")
	}
	h := &Handler{
		v:        v,
		log:      slog.Default(),
		maxBody:  DefaultMaxBodyBytes,
		dedup:    NewMemoryDedup(DefaultDedupTTL),
		handlers: make(map[string][]handlerFunc),
		held:     make(map[string]int),
	}
	for _, opt := range opts {
		opt(h)
	}
	// Renew by the store's own lease, not DefaultClaimLease: a store with a
	// shorter lease (NewMemoryDedup with a short TTL) would otherwise see
	// its claims lapse before the first renewal. A third of the lease lets
	// two renewals fail before it lapses.
	h.lease = DefaultClaimLease
	if l, ok := h.dedup.(ClaimLeaser); ok && l.ClaimLease() > 0 {
		h.lease = l.ClaimLease()
	}
	h.renewEvery = max(h.lease/3, time.Millisecond)
	h.baseCtx, h.cancel = context.WithCancel(context.Background())
	if h.workers > 0 {
		h.queue = make(chan job, h.workers*queuePerWorker)
		h.wg.Add(h.workers)
		for range h.workers {
			go h.worker()
		}
	}
	return h
}

// On registers fn for events of eventType (one of the Event* constants).
// Several functions may be registered for one type; they run in
// registration order and the first error stops the rest. Because a failed
// delivery is retried as a whole, earlier functions then run again: every
// function must be idempotent. A type that is not in EventTypes (a
// misspelling such as "order.canceled", or a type newer than this
// package) is registered all the same, with a warning in the log that
// names the type it was probably meant to be.
func (h *Handler) On(eventType string, fn func(ctx context.Context, e *Event) error) {
	if fn == nil {
		panic("webhook: Handler.On with nil func")
	}
	if !slices.Contains(EventTypes, eventType) {
		h.warnUnknownType(eventType)
	}
	h.mu.Lock()
	h.handlers[eventType] = append(h.handlers[eventType], fn)
	h.mu.Unlock()
}

// unsignedHeaderMax is how much of a header the signature does not cover
// goes into a log line; eSahayak's are far shorter (a delivery id, an
// attempt number).
const unsignedHeaderMax = 64

// unsignedHeader is a header that the signature does not cover, cut for
// the log. Anyone can send it, before any check, and Go's server takes
// headers up to 1 MB: every refused request wrote a log line of the size
// its sender chose.
func unsignedHeader(r *http.Request, name string) string {
	v := r.Header.Get(name)
	if len(v) <= unsignedHeaderMax {
		return v
	}
	cut := unsignedHeaderMax
	for cut > 0 && !utf8.RuneStart(v[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes)", v[:cut], len(v))
}

// warnUnknownType warns that On was given a type eSahayak does not send.
// A misspelt type ("order.canceled", "stamp_uploaded") loses events
// silently otherwise: its function never runs, and the events of the type
// meant are answered 200 unhandled, so eSahayak does not send them again.
// It is a warning, not a panic, so that a receiver built with an older
// package can still register a type added since.
func (h *Handler) warnUnknownType(eventType string) {
	attrs := []any{slog.String("event_type", eventType), slog.String("known_types", strings.Join(EventTypes, ", "))}
	if meant := suggest.EventType(eventType, EventTypes...); meant != "" {
		attrs = append(attrs, slog.String("did_you_mean", meant))
	}
	h.log.Warn("webhook: a function registered with On for an event type eSahayak does not send "+
		"runs for no event, and events of the type meant are answered 200 without it", attrs...)
}

// Shutdown stops accepting events (later requests get 503) and waits until
// the background workers have drained the queue, or ctx is done; then the
// context passed to handlers still running is cancelled, the events still
// queued are not run (each is logged as not handled, with its event id:
// it was answered 200, so send it again once the receiver is back) and
// ctx.Err() is returned. Either way it stops renewing claims (those of
// handlers still running lapse after their lease), and when it returns nil
// no goroutine of the Handler is left. Call it after http.Server.Shutdown,
// so no request is mid-flight.
// It is safe to call more than once. In synchronous mode it only stops
// accepting, and there, or when no event is queued or running, it returns
// nil even if ctx has ended already.
func (h *Handler) Shutdown(ctx context.Context) error {
	h.shutOnce.Do(func() {
		h.qmu.Lock()
		h.closed = true
		if h.queue != nil {
			close(h.queue)
		}
		h.qmu.Unlock()
	})
	if h.pending.Load() == 0 {
		// Nothing queued or running (always so in synchronous mode): the
		// workers end as soon as they find the queue closed. A context
		// that has ended already (the signal's, as it often is) must not
		// make this an error at random, as the select below would.
		h.wg.Wait()
		h.cancel()
		h.waitRenewals()
		return nil
	}
	done := make(chan struct{})
	go func() { h.wg.Wait(); close(done) }()
	select {
	case <-done:
		h.cancel()
		h.waitRenewals()
		return nil
	case <-ctx.Done():
		h.cancel()
		h.dropQueued()
		return ctx.Err()
	}
}

// dropQueued empties the queue once Shutdown's deadline has passed: the
// events still in it were answered 200 but will not be handled, so each
// is named in the log (the sender will not send it again by itself)
// instead of being started later with a cancelled context, after
// Shutdown returned and while the program exits. The queue is closed, so
// this ends once it is empty; a worker that takes an event meanwhile
// drops it the same way.
func (h *Handler) dropQueued() {
	if h.queue == nil {
		return
	}
	for j := range h.queue {
		h.drop(j)
	}
}

// drop logs a queued event that Shutdown's deadline left unhandled. Its
// claim is not released (the deadline has passed; no store call should
// hold Shutdown up): it lapses after its lease, as those of handlers
// still running do, and a redelivery before then is answered 409 and
// retried.
func (h *Handler) drop(j job) {
	defer h.pending.Add(-1)
	h.log.Error("webhook not handled: Shutdown's deadline passed while it was queued; it was answered 200, so send it again "+
		"(its delivery: GET /v1/deliveries?event_id=<event_id>; then POST /v1/deliveries/{id}/retry)",
		slog.String("event_id", j.e.ID), slog.String("event_type", j.e.Type),
		slog.Bool("test", j.e.Test), slog.String("attempt", j.attempt))
	if h.dedup != nil {
		h.unhold(j.e.ID)
	}
}

// closeIfUnread marks the answer to a request whose body is left unread
// with "Connection: close". Otherwise net/http, to keep the connection,
// first reads and discards the body (up to 256 KiB) before it sends the
// answer: a refusal made before the body arrived would wait for a slow or
// stalled body, up to the server's ReadTimeout.
//
// HTTP/1 only: on HTTP/2 the header ends the whole multiplexed connection
// (Go's server sends GOAWAY), and a stream's unread body costs nothing.
func closeIfUnread(w http.ResponseWriter, r *http.Request) {
	if r.ProtoMajor == 1 && r.ContentLength != 0 {
		w.Header().Set("Connection", "close")
	}
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		closeIfUnread(w, r)
		w.Header().Set("Allow", http.MethodPost)
		writeJSON(w, http.StatusMethodNotAllowed, errorBody("method not allowed"))
		return
	}
	h.qmu.RLock()
	closed := h.closed
	h.qmu.RUnlock()
	if closed {
		closeIfUnread(w, r)
		w.Header().Set("Retry-After", "10")
		writeJSON(w, http.StatusServiceUnavailable, errorBody("shutting down, retry later"))
		return
	}
	attempt := unsignedHeader(r, HeaderAttempt)
	log := h.log.With(slog.String("delivery", unsignedHeader(r, HeaderDelivery)), slog.String("attempt", attempt))

	// The headers first: a request that cannot verify (no signature, a
	// stale timestamp, no v1 signature) is refused before its body is read
	// and buffered.
	if _, _, _, err := h.v.checkHeaders(r.Header); err != nil {
		status, msg := verifyStatus(err)
		log.Warn("webhook rejected", slog.Int("status", status), slog.Any("error", err))
		closeIfUnread(w, r)
		writeJSON(w, status, errorBody(msg))
		return
	}
	// A body announced past the limit is refused before it is read too:
	// reading the limit's worth first buffered (and waited for) up to a
	// megabyte of a request that was refused anyway.
	if r.ContentLength > h.maxBody {
		closeIfUnread(w, r)
		h.refuseTooLarge(w, log)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			h.refuseTooLarge(w, log)
			return
		}
		log.Warn("webhook rejected: reading body", slog.Any("error", err))
		writeJSON(w, http.StatusBadRequest, errorBody("unreadable body"))
		return
	}

	e, err := h.v.Verify(body, r.Header)
	if err != nil {
		status, msg := verifyStatus(err)
		log.Warn("webhook rejected", slog.Int("status", status), slog.Any("error", err))
		writeJSON(w, status, errorBody(msg))
		return
	}
	log = log.With(slog.String("event_id", e.ID), slog.String("event_type", e.Type), slog.Bool("test", e.Test))

	h.mu.RLock()
	fns := h.handlers[e.Type]
	h.mu.RUnlock()
	if len(fns) == 0 {
		// Acknowledge: a new event type must not turn into retries that can
		// never succeed. Register a handler to act on it.
		log.Info("webhook acknowledged: no handler for event type")
		h.writeReceived(w, e, false)
		return
	}

	var token string
	if h.dedup != nil {
		var status ClaimStatus
		status, token, err = h.claim(r.Context(), e.ID)
		switch {
		case err != nil:
			log.Error("webhook failed: dedup claim", slog.Any("error", err))
			writeJSON(w, http.StatusInternalServerError, errorBody("processing failed"))
			return
		case status == ClaimDuplicate:
			log.Info("webhook acknowledged: duplicate of a handled event")
			h.writeReceived(w, e, true)
			return
		case status == ClaimInProgress:
			log.Info("webhook deferred: same event is being handled")
			w.Header().Set("Retry-After", "30")
			writeJSON(w, http.StatusConflict, errorBody("event is being processed"))
			return
		case status != ClaimAcquired:
			log.Error("webhook failed: dedup store returned an invalid status", slog.Int("claim_status", int(status)))
			writeJSON(w, http.StatusInternalServerError, errorBody("processing failed"))
			return
		}
	}

	h.hold(e.ID)
	if h.workers > 0 {
		if !h.enqueue(job{e: e, attempt: attempt, token: token}) {
			h.release(e.ID, token, log)
			log.Warn("webhook deferred: background queue full or shut down")
			w.Header().Set("Retry-After", "10")
			writeJSON(w, http.StatusServiceUnavailable, errorBody("busy, retry later"))
			return
		}
		log.Info("webhook accepted: queued")
		h.writeReceived(w, e, false)
		return
	}

	start := time.Now()
	if err := h.run(r.Context(), fns, e, func() { h.abandoned(e.ID, token, log) }); err != nil {
		h.release(e.ID, token, log)
		log.Error("webhook failed: handler", slog.Any("error", err), slog.Duration("took", time.Since(start)))
		writeJSON(w, http.StatusInternalServerError, errorBody("processing failed"))
		return
	}
	h.commit(e.ID, log)
	log.Info("webhook handled", slog.Duration("took", time.Since(start)))
	h.writeReceived(w, e, false)
}

// refuseTooLarge answers a body past the limit, whether its
// Content-Length said so or reading it found out.
func (h *Handler) refuseTooLarge(w http.ResponseWriter, log *slog.Logger) {
	log.Warn("webhook rejected: body too large", slog.Int64("limit", h.maxBody))
	writeJSON(w, http.StatusBadRequest, errorBody("payload too large"))
}

func (h *Handler) enqueue(j job) bool {
	h.qmu.RLock()
	defer h.qmu.RUnlock()
	if h.closed {
		return false
	}
	select {
	case h.queue <- j:
		// Under qmu, so Shutdown, which closes the queue under it, counts
		// every event that got in.
		h.pending.Add(1)
		return true
	default:
		return false
	}
}

func (h *Handler) worker() {
	defer h.wg.Done()
	for j := range h.queue {
		if h.baseCtx.Err() != nil {
			// Shutdown's deadline passed (baseCtx ends before the queue
			// is drained only then): do not start what is left.
			h.drop(j)
			continue
		}
		h.handle(j)
	}
}

// handle runs a queued event's functions and ends its claim.
func (h *Handler) handle(j job) {
	defer h.pending.Add(-1)
	log := h.log.With(slog.String("event_id", j.e.ID), slog.String("event_type", j.e.Type),
		slog.Bool("test", j.e.Test), slog.String("attempt", j.attempt))
	h.mu.RLock()
	fns := h.handlers[j.e.Type]
	h.mu.RUnlock()
	start := time.Now()
	abandoned := func() {
		h.abandoned(j.e.ID, j.token, log)
		// This worker's goroutine ends with the function's: another
		// takes its place, or WithBackground(1) would handle nothing more.
		h.wg.Add(1)
		go h.worker()
	}
	if err := h.run(h.baseCtx, fns, j.e, abandoned); err != nil {
		h.release(j.e.ID, j.token, log)
		log.Error("webhook failed: background handler", slog.Any("error", err), slog.Duration("took", time.Since(start)))
		return
	}
	h.commit(j.e.ID, log)
	log.Info("webhook handled in background", slog.Duration("took", time.Since(start)))
}

// run calls fns in order, turning a panic into an error: one bad event must
// not take down the receiver (in background mode a panic would kill the
// whole process, since no net/http recover is there to catch it).
//
// A function that neither returns nor panics but ends its goroutine
// (runtime.Goexit: t.Fatal in a test's function) calls abandoned, as the
// goroutine ends: its claim would otherwise be renewed for as long as the
// process lives, every redelivery answered 409.
func (h *Handler) run(ctx context.Context, fns []handlerFunc, e *Event, abandoned func()) (err error) {
	ended := false
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("handler panic: %v\n%s", p, debug.Stack())
			return
		}
		if !ended {
			abandoned()
		}
	}()
	for _, fn := range fns {
		if err := fn(ctx, e); err != nil {
			ended = true
			return err
		}
	}
	ended = true
	return nil
}

// abandoned ends the claim of an event whose function ended its goroutine
// (runtime.Goexit) and says so: the request gets no answer, and the
// sender's retry runs the event again.
func (h *Handler) abandoned(id, token string, log *slog.Logger) {
	log.Error("webhook failed: a handler function ended its goroutine (runtime.Goexit, such as t.Fatal) without returning; its claim is released")
	h.release(id, token, log)
}

// hold records a claim this Handler took, and starts renewing claims if
// none were held (renewLoop ends when none are).
func (h *Handler) hold(id string) {
	if h.dedup == nil {
		return
	}
	if _, ok := h.dedup.(ClaimRenewer); !ok {
		return
	}
	h.hmu.Lock()
	defer h.hmu.Unlock()
	h.held[id]++
	if !h.renewing {
		h.renewing = true
		h.renewDone = make(chan struct{})
		go h.renewLoop(h.renewDone)
	}
}

// waitRenewals waits for the renewal goroutine, which ends as soon as
// Shutdown cancels baseCtx: a receiver's check for leaked goroutines after
// Shutdown must not find it sleeping until its next tick, up to a third of
// the claim lease later.
func (h *Handler) waitRenewals() {
	h.hmu.Lock()
	done := h.renewDone
	h.hmu.Unlock()
	if done != nil {
		<-done
	}
}

// unhold forgets a claim once it is committed or released.
func (h *Handler) unhold(id string) {
	h.hmu.Lock()
	defer h.hmu.Unlock()
	if h.held[id]--; h.held[id] <= 0 {
		delete(h.held, id)
	}
}

// renewLoop renews the held claims every renewEvery, until none is held or
// Shutdown has ended the Handler (claims still held then belong to
// handlers that outlived Shutdown's deadline, whose context is cancelled;
// they lapse after their lease). It closes done as it ends.
func (h *Handler) renewLoop(done chan struct{}) {
	defer close(done)
	r := h.dedup.(ClaimRenewer)
	t := time.NewTicker(h.renewEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-h.baseCtx.Done():
			h.hmu.Lock()
			h.renewing = false
			h.hmu.Unlock()
			return
		}
		h.hmu.Lock()
		if len(h.held) == 0 {
			h.renewing = false
			h.hmu.Unlock()
			return
		}
		ids := make([]string, 0, len(h.held))
		for id := range h.held {
			ids = append(ids, id)
		}
		h.hmu.Unlock()
		for _, id := range ids {
			ctx, cancel := context.WithTimeout(h.baseCtx, storeTimeout)
			if err := r.Renew(ctx, id); err != nil {
				h.log.Warn("dedup claim renewal failed; a redelivery may be handled beside this one once the lease ends",
					slog.String("event_id", id), slog.Any("error", err))
			}
			cancel()
		}
	}
}

func (h *Handler) commit(id string, log *slog.Logger) {
	if h.dedup == nil {
		return
	}
	defer h.unhold(id)
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	if err := h.dedup.Commit(ctx, id); err != nil {
		// The handler succeeded, so still answer 200: a 500 would make the
		// sender retry an event that was handled. The claim's lease expires
		// on its own.
		log.Error("webhook handled but dedup commit failed; a redelivery may be handled again", slog.Any("error", err))
	}
}

// claim claims id, with an owner token when the store is a ClaimOwner (""
// otherwise), so that release can end this claim and no other.
func (h *Handler) claim(ctx context.Context, id string) (ClaimStatus, string, error) {
	if o, ok := h.dedup.(ClaimOwner); ok {
		return o.ClaimOwned(ctx, id)
	}
	st, err := h.dedup.Claim(ctx, id)
	return st, "", err
}

// release ends the claim token names. With a ClaimOwner store, a claim
// that lapsed and was taken over by another delivery is left alone: that
// delivery is still running the event.
func (h *Handler) release(id, token string, log *slog.Logger) {
	if h.dedup == nil {
		return
	}
	defer h.unhold(id)
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	var err error
	if o, ok := h.dedup.(ClaimOwner); ok {
		err = o.ReleaseOwned(ctx, id, token)
	} else {
		err = h.dedup.Release(ctx, id)
	}
	if err != nil {
		log.Error("dedup release failed; retries of this event wait for the claim lease to expire",
			slog.Any("error", err), slog.Duration("lease", h.lease))
	}
}

// verifyStatus maps a Verify error to the HTTP status and the message shown
// to the sender. The message is deliberately coarse: the detail goes to the
// log, not to whoever sent the request.
func verifyStatus(err error) (int, string) {
	switch {
	case errors.Is(err, ErrMissingHeaders):
		return http.StatusBadRequest, "missing signature headers"
	case errors.Is(err, ErrInvalidHeaders):
		return http.StatusBadRequest, "invalid signature headers"
	case errors.Is(err, ErrInvalidPayload):
		return http.StatusBadRequest, "invalid payload"
	case errors.Is(err, ErrTimestampTooOld), errors.Is(err, ErrTimestampTooNew):
		return http.StatusUnauthorized, "timestamp outside tolerance"
	default:
		return http.StatusUnauthorized, "invalid signature"
	}
}

type receivedBody struct {
	Received    bool   `json:"received"`
	EventID     string `json:"event_id"`
	Duplicate   bool   `json:"duplicate,omitempty"`
	ProcessedAt string `json:"processed_at"`
}

func (h *Handler) writeReceived(w http.ResponseWriter, e *Event, dup bool) {
	writeJSON(w, http.StatusOK, receivedBody{
		Received:    true,
		EventID:     e.ID,
		Duplicate:   dup,
		ProcessedAt: h.v.now().UTC().Format(time.RFC3339),
	})
}

func errorBody(msg string) any { return map[string]string{"error": msg} }

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil { // cannot happen for the types above
		b = []byte(`{"error":"internal"}`)
		status = http.StatusInternalServerError
	}
	b = append(b, '\n')
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}
