package delivery

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/esahayak/esahayak/internal/backoff"
	"github.com/esahayak/esahayak/internal/egress"
	"github.com/esahayak/esahayak/internal/lograte"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/webhook"
)

// Config tunes the engine. Zero values take the defaults in parentheses.
type Config struct {
	// Owner names this instance in leases; unique per running process.
	Owner    string
	Schedule backoff.Schedule
	Client   *egress.Client
	// AllowInsecureURLs sends to http:// URLs (--allow-insecure-urls).
	// Without it only https:// URLs are sent to, whatever is stored: an
	// endpoint saved as http:// while the flag was on fails as "blocked".
	AllowInsecureURLs bool
	// PerEndpoint caps concurrent attempts to one endpoint (16).
	PerEndpoint int
	// MaxInFlight caps deliveries held by this instance, queued or sending (4096).
	MaxInFlight int
	// ClaimBatch caps one claim (256): a claim is one write, which requests' writes may wait for.
	ClaimBatch int
	// Lease is how long a claimed delivery stays ours (60s). It must exceed
	// Timeout by a good margin: work not started in time is given back.
	Lease time.Duration
	// Timeout is the whole-attempt limit (10s); it should match Client's.
	Timeout time.Duration
	// Poll is the fallback claim interval when no wake-up arrives (1s).
	Poll time.Duration
	// RetryAfterCap bounds how far a Retry-After may push an attempt (24h).
	RetryAfterCap time.Duration
	// Log takes every line the engine writes; serve's names the instance
	// (instance=Owner) on each, so the lines do not repeat Owner.
	Log     *slog.Logger
	Metrics *Metrics
	// Rand returns values in [0,1) for jitter; nil uses math/rand/v2.
	Rand func() float64
}

// Change tells live watchers (the dashboard) that a delivery moved or,
// with Kind ChangeEndpoint, that an endpoint was disabled, enabled,
// deleted, edited or created. The store changes that endpoint's deliveries in bulk then
// (parks, resumes or fails them) without any of them passing through the
// engine, so a watcher showing them must read them again: that change
// carries only AccountID and EndpointID.
type Change struct {
	Kind       string `json:"kind,omitempty"` // "" for a delivery, ChangeEndpoint or ChangeAPIKeys
	AccountID  string `json:"account_id"`
	DeliveryID string `json:"delivery_id"`
	EndpointID string `json:"endpoint_id"`
	EventID    string `json:"event_id"`
	EventType  string `json:"event_type"`
	Status     string `json:"status"`
	Attempt    int    `json:"attempt"`
	StatusCode int    `json:"status_code,omitempty"`
	Error      string `json:"error,omitempty"`
	At         string `json:"at"`
}

// ChangeEndpoint is the Kind of a Change about an endpoint as a whole.
const ChangeEndpoint = "endpoint"

// ChangeAPIKeys is the Kind of a Change that says an account's API keys
// changed (one was created or revoked): it carries only AccountID.
const ChangeAPIKeys = "api_keys"

// ChangesMissed is the Kind of a Change that stands for changes a
// subscriber missed: its channel was full (a fan-out to a hundred
// endpoints outruns a dashboard tab). What it shows must be read again.
const ChangesMissed = "missed"

// Engine delivers; see the package documentation.
type Engine struct {
	cfg Config
	st  store.Store

	mu    sync.Mutex
	lanes map[string]*lane
	held  int // deliveries queued or being sent
	// reserved is the sum of the lanes' reserved: room promised to
	// deliveries being leased at insert. Admission counts it with held, so
	// that many uploads writing at once cannot together lease past
	// MaxInFlight before any of them submits.
	reserved int
	// claiming is the room the claim in progress may fill: inserts that
	// lease at once count it too, or a claim sized before they reserved
	// and their leased deliveries together passed MaxInFlight (16 sent at
	// once with a limit of 8, on PostgreSQL).
	claiming int
	starved  bool
	// sharedRefused says a slow lane was turned away by sharedLimit: a
	// worker that brings held under it wakes the claimer.
	sharedRefused bool
	stopping      bool
	wake          chan struct{}
	results       chan resultItem
	signersMu     sync.Mutex
	signers       map[string]*webhook.Signer

	subsMu sync.Mutex
	subs   map[chan Change]*subscriber

	// gone holds endpoints disabled or deleted lately (see StopSending).
	gone map[string]time.Time
	// refreshed holds when endpoints' URLs or secrets last changed, for a
	// lease's length (see RefreshEndpoint).
	refreshed map[string]time.Time
	// refreshedAll is when every endpoint was last to be read again (see
	// RefreshAll).
	refreshedAll time.Time

	// Wake-ups set for retries due before the next poll (see wakeAt).
	alarmMu sync.Mutex
	alarms  []time.Time // sorted; the timer is set for the first
	alarm   *time.Timer

	ctx      context.Context
	cancel   context.CancelFunc
	loops    sync.WaitGroup // claimer, listeners, maintenance
	workers  sync.WaitGroup
	recorded chan struct{} // closed when recordLoop ends
	started  bool
	stopOnce sync.Once
	// abandoned: Stop returned before every outcome was recorded; the
	// recorder stops retrying a write that fails (the store is closing).
	// giveUp is done at the same moment, to cut short the recorder's wait
	// between two tries.
	abandoned    atomic.Bool
	giveUp       context.Context
	abandonWrite context.CancelFunc
	// writes bounds the recorder's writes; cancelWrites ends the one in
	// progress and fails the rest at once, for a Stop whose grace is over
	// with every attempt ended: it then waits for the recorder to name
	// what it could not record (see recordLoop), rather than return
	// while a write may hang for its 30 s.
	writes       context.Context
	cancelWrites context.CancelFunc
	maint        *maintenance

	// While the store is down every claim, every write of outcomes and
	// every election fails alike, each retried within a second or so:
	// their log lines are kept to one per outageLogInterval each, which
	// counts the failures it stands for, so that the line saying when
	// the outage began is not buried (nor the disk filled).
	claimLogs, recordLogs, leaderLogs *lograte.Limiter

	takeovers takeoverLog
}

// outageLogInterval is how often each of the engine's store-failure lines
// is logged at most while the failures go on.
const outageLogInterval = 10 * time.Second

type lane struct {
	id      string
	queue   []store.Work
	active  int
	skipped bool
	// avg is a moving average of attempt durations: a fast endpoint may
	// queue more work than a slow one (see queueLimit).
	avg time.Duration
	// reserved counts deliveries leased at insert but not yet submitted:
	// the writes of one group commit all ask for room before any arrives.
	reserved int
	// reservedAt is when the lane last reserved room (see forgetReservations).
	reservedAt time.Time
	// idleSince is when the lane last ran out of work (zero while busy).
	idleSince time.Time
	// failing says the lane's last finished attempt did not succeed.
	failing bool
	// window is how many deliveries the lane may hold in all (sending,
	// queued and reserved) while it is below PerEndpoint: see newLane.
	window int
	// holding counts the lane's deliveries queued or being attempted
	// (active counts its workers).
	holding int
}

// newLane makes the lane of an endpoint this engine has not sent to yet.
//
// A new lane starts with a window of startWindow deliveries, which grows by
// one with each attempt that does not time out, and halves with each that
// does (never below one). A lane whose window has reached PerEndpoint is
// limited by queueLimit alone, as every lane of an endpoint that answers is
// after its first few attempts. The window is for endpoints that hang: a
// burst of events to 50 new endpoints that all time out would otherwise
// lease, write and dial 32 deliveries to each before the first attempt ends
// (1,600 connections and rows at once, ahead of the healthy endpoint's
// deliveries: the start of the slow-neighbours scenario), and again each
// time their attempts time out. With the window, each holds one or two.
func (e *Engine) newLane(id string) *lane {
	return &lane{id: id, window: min(startWindow, e.cfg.PerEndpoint)}
}

// startWindow is a new lane's window: two, so an endpoint that answers
// doubles its window with each round of attempts (16 after four rounds).
const startWindow = 2

// laneRoom says how many more deliveries lane l may be given; nil is a
// lane not made yet. The caller holds e.mu.
func (e *Engine) laneRoom(l *lane) int {
	if l == nil {
		return min(startWindow, e.cfg.PerEndpoint)
	}
	if l.window < e.cfg.PerEndpoint {
		return l.window - l.holding - l.reserved
	}
	return e.queueLimit(l) - len(l.queue) - l.reserved
}

// adjustWindow follows an attempt's outcome (see newLane). The caller
// holds e.mu.
func (e *Engine) adjustWindow(l *lane, res store.Result) {
	switch a := res.Attempt; {
	case a == nil: // parked or given back: no attempt was made
	case a.ErrorKind == egress.KindTimeout:
		l.window = max(1, l.window/2)
	case l.window < e.cfg.PerEndpoint:
		l.window++
	}
}

// recordTime folds an attempt's time into the lane's average and notes
// whether it failed. Work given back or parked made no attempt: its few
// microseconds would drive the average of a slow endpoint, whose queued
// leases ran out waiting, toward zero, and queueLimit would then hand the
// lane the deep queue again, to run out again. Nor does an attempt that
// never reached the endpoint (see reachedEndpoint) say how fast it is: a
// dozen refused connections while a slow receiver restarted made its lane
// prompt, and its backlog then took the room kept for healthy endpoints.
// Such an attempt still says the endpoint is slow when it took longer
// than promptAttempt and than the average: a domain whose name servers
// time out, or a TLS handshake that fails after seconds, holds a worker
// as long as a slow answer does, and counting none of those left the
// lane prompt, so that a few such endpoints took the room kept for
// healthy ones. A quick one never counts, not even on a new lane: its
// microseconds would give a receiver that is restarting the deep queue
// of a fast endpoint (queueLimit).
func (l *lane) recordTime(took time.Duration, res store.Result) {
	if res.Attempt == nil {
		return
	}
	l.failing = res.Outcome != store.OutcomeSucceeded
	if !reachedEndpoint(res.Attempt) && (took <= promptAttempt || took <= l.avg) {
		return
	}
	if l.avg == 0 {
		l.avg = took
	} else {
		l.avg = (l.avg*7 + took) / 8
	}
}

// reachedEndpoint says an attempt's time measures the endpoint: it
// answered, or it was sent and the answer was slow or cut short. A
// connection refused, a name that did not resolve, a blocked address, a
// failed TLS handshake or a proxy's refusal end before any request.
func reachedEndpoint(a *store.Attempt) bool {
	switch a.ErrorKind {
	case egress.KindConnectionRefused, egress.KindDNS, egress.KindBlocked, egress.KindTLS, egress.KindProxy:
		return a.ResponseStatus != 0
	}
	return true
}

// queueLimit is how much work a lane may hold beyond what it is sending:
// what its workers can send in queueHorizon at the lane's average attempt
// time, between PerEndpoint and 32 × PerEndpoint. A fast endpoint gets a
// deep queue, so bursts are leased at insert and never wait for a claim; a
// slow one keeps a shallow queue, so its backlog stays in the store (where
// any instance can take it) rather than in leases that would run out before
// their turn. The limit follows the average smoothly: a fixed threshold cut
// a healthy endpoint to the shallow queue whenever a loaded machine pushed
// its attempts past the threshold, and its deliveries then waited for claims.
//
// A lane with no history yet gets the shallow queue: a burst to 50
// endpoints that will all time out must not fill MaxInFlight before the
// first attempt tells us so, or healthy endpoints would find no room. Its
// first attempts finish within milliseconds if it is fast, and the queue
// deepens then.
func (e *Engine) queueLimit(l *lane) int {
	if l == nil || l.avg <= 0 {
		return e.cfg.PerEndpoint
	}
	n := int(int64(e.cfg.PerEndpoint) * int64(queueHorizon) / int64(l.avg))
	return min(max(n, e.cfg.PerEndpoint), e.cfg.PerEndpoint*32)
}

// queueHorizon is how far ahead of its workers a lane's queue reaches.
const queueHorizon = 2 * time.Second

type resultItem struct {
	res  store.Result
	work store.Work
}

// New makes an engine; Start runs it.
func New(cfg Config, st store.Store) *Engine {
	if cfg.PerEndpoint <= 0 {
		cfg.PerEndpoint = 16
	}
	if cfg.MaxInFlight <= 0 {
		cfg.MaxInFlight = 4096
	}
	if cfg.ClaimBatch <= 0 {
		cfg.ClaimBatch = 256
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.Lease <= 0 {
		cfg.Lease = 60 * time.Second
	}
	if cfg.Lease < cfg.Timeout+5*time.Second {
		cfg.Lease = cfg.Timeout + 5*time.Second
	}
	if cfg.Poll <= 0 {
		cfg.Poll = time.Second
	}
	if cfg.RetryAfterCap <= 0 {
		cfg.RetryAfterCap = 24 * time.Hour
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Float64
	}
	if cfg.Client == nil {
		cfg.Client = egress.NewClient(egress.Options{Timeout: cfg.Timeout})
	}
	if cfg.Schedule.MaxAttempts() == 1 && len(cfg.Schedule.Delays()) == 0 {
		cfg.Schedule = backoff.DefaultSchedule()
	}
	giveUp, abandonWrite := context.WithCancel(context.Background())
	writes, cancelWrites := context.WithCancel(context.Background())
	return &Engine{
		cfg: cfg, st: st, lanes: map[string]*lane{}, wake: make(chan struct{}, 1),
		results: make(chan resultItem, 16384), signers: map[string]*webhook.Signer{},
		subs: map[chan Change]*subscriber{}, recorded: make(chan struct{}),
		giveUp: giveUp, abandonWrite: abandonWrite, writes: writes, cancelWrites: cancelWrites,
		claimLogs: lograte.New(outageLogInterval), recordLogs: lograte.New(outageLogInterval), leaderLogs: lograte.New(outageLogInterval),
	}
}

// abandon tells the recorder that Stop has returned without it: it stops
// retrying a write that fails, and stops waiting to retry one.
func (e *Engine) abandon() {
	e.abandoned.Store(true)
	e.abandonWrite()
}

// Start runs the claimer and the recorder until Stop.
func (e *Engine) Start(ctx context.Context) {
	e.ctx, e.cancel = context.WithCancel(context.WithoutCancel(ctx))
	e.started = true
	if m := e.cfg.Metrics; m != nil {
		f := e.queued
		m.queued.Store(&f)
	}
	e.loops.Add(1)
	go func() { defer e.loops.Done(); e.claimLoop() }()
	go func() { defer close(e.recorded); e.recordLoop() }()
	if l, ok := e.st.(interface {
		ListenStatus(ctx context.Context, wake func(), status func(endpointID string, change store.EndpointChange)) error
	}); ok {
		// Other instances' endpoint changes too: what this one holds of an
		// endpoint disabled or deleted elsewhere is not sent.
		e.loops.Add(1)
		go func() { defer e.loops.Done(); _ = l.ListenStatus(e.ctx, e.Wake, e.endpointStatus) }()
	} else if l, ok := e.st.(interface {
		Listen(ctx context.Context, wake func()) error
	}); ok {
		e.loops.Add(1)
		go func() { defer e.loops.Done(); _ = l.Listen(e.ctx, e.Wake) }()
	}
	e.Wake()
}

// Stop stops claiming, gives back queued work that has not started, lets
// attempts in flight finish (each is bounded by Timeout), records every
// outcome, and returns. Safe to call twice or without Start.
func (e *Engine) Stop(ctx context.Context) {
	e.stopOnce.Do(func() {
		if !e.started {
			return
		}
		defer e.logHeldBack()
		e.mu.Lock()
		e.stopping = true
		var giveBack []store.Work
		for _, l := range e.lanes {
			giveBack = append(giveBack, l.queue...)
			e.held -= len(l.queue)
			l.holding -= len(l.queue)
			l.queue = nil
		}
		// The gauge follows the drain: what is left is on the wire, and
		// each attempt's end takes it down (in work) until it reads 0.
		if e.cfg.Metrics != nil {
			e.cfg.Metrics.InFlight.Set(float64(e.held))
		}
		inFlight := e.held
		e.mu.Unlock()
		if len(giveBack) > 0 || inFlight > 0 {
			// The operator's "shutting down" line said nothing of the
			// work this instance held: how many deliveries go back unsent
			// (due at once for another instance or the next start) and
			// how many attempts the stop waits for.
			e.cfg.Log.Info("delivery stopping: handing back deliveries not yet sent; finishing attempts in flight",
				slog.Int("handed_back", len(giveBack)), slog.Int("in_flight", inFlight))
		}
		e.cancel() // stops claimer, listener and maintenance
		e.loops.Wait()
		now := time.Now()
		for _, w := range giveBack {
			e.results <- resultItem{res: store.Result{DeliveryID: w.DeliveryID, EndpointID: w.EndpointID, LeaseOwner: w.LeaseOwner, LeaseUntil: w.LeaseUntil,
				Outcome: store.OutcomeReleased, NextAttemptAt: now}, work: w}
		}
		// Attempts in flight end by their timeout; ctx bounds the wait all
		// the same, so that no receiver can hold a shutdown up.
		workersDone := make(chan struct{})
		go func() { e.workers.Wait(); close(workersDone) }()
		select {
		case <-workersDone:
		case <-ctx.Done():
			// The recorder stays open for those still running: they
			// are recorded if the store still takes writes, and it
			// ends after the last of them (nothing else would end it).
			e.abandon()
			e.mu.Lock()
			running := e.held
			e.mu.Unlock()
			e.cfg.Log.Warn("stopped with attempts still in flight; their deliveries are sent again when their lease ends",
				slog.Int("in_flight", running))
			go func() { <-workersDone; close(e.results) }()
			return
		}
		close(e.results)
		select {
		case <-e.recorded:
		case <-ctx.Done():
			// Every attempt has ended: what is left is the recorder's,
			// which gives up its writes and, as it ends, names the
			// deliveries it could not record.
			e.abandon()
			e.cancelWrites()
			select {
			case <-e.recorded:
			case <-time.After(unrecordedLogWait):
			}
		}
	})
}

// logHeldBack writes, as the engine stops, how many failures each outage
// log held back since its last line: no later line would carry the count.
func (e *Engine) logHeldBack() {
	for _, l := range []struct {
		msg  string
		logs *lograte.Limiter
	}{{"claim deliveries", e.claimLogs}, {"record delivery results", e.recordLogs}, {"leader election", e.leaderLogs}} {
		if n := l.logs.Flush(); n > 0 {
			e.cfg.Log.Warn(l.msg, slog.Bool("stopping", true), slog.Int("also_failed_since_last_warning", n))
		}
	}
	e.logTakenOver(time.Now(), true)
}

// wakeAt makes the claimer look for due work at t: a retry otherwise
// waited for the first poll after it was due, up to Poll late (with a
// schedule of 1s, 2s, retries came at 1.7 s and 2.9 s). Retries further
// than alarmHorizon away are left to the poll: a second on minutes.
func (e *Engine) wakeAt(t time.Time) {
	if time.Until(t) > alarmHorizon {
		return
	}
	e.alarmMu.Lock()
	defer e.alarmMu.Unlock()
	// One alarm per 10 ms is enough: a claim takes every delivery due by then.
	t = t.Truncate(10 * time.Millisecond).Add(10 * time.Millisecond)
	i, found := slices.BinarySearchFunc(e.alarms, t, time.Time.Compare)
	if found {
		return
	}
	if len(e.alarms) >= maxAlarms {
		if i == len(e.alarms) {
			return // later than every alarm set: the poll will do
		}
		e.alarms = e.alarms[:len(e.alarms)-1] // drop the latest for this earlier one
	}
	e.alarms = slices.Insert(e.alarms, i, t)
	if i == 0 {
		e.setAlarm()
	}
}

// maxAlarms bounds the retry wake-ups waiting at once.
const maxAlarms = 256

// alarmHorizon is how far ahead wakeAt sets alarms.
const alarmHorizon = time.Minute

// setAlarm sets the timer for the first alarm. The caller holds alarmMu.
func (e *Engine) setAlarm() {
	if e.alarm != nil {
		e.alarm.Stop()
	}
	if len(e.alarms) == 0 {
		return
	}
	e.alarm = time.AfterFunc(time.Until(e.alarms[0]), e.ringAlarms)
}

// ringAlarms wakes the claimer for the alarms that are due and sets the
// timer for the next.
func (e *Engine) ringAlarms() {
	e.alarmMu.Lock()
	now := time.Now()
	n := 0
	for n < len(e.alarms) && !e.alarms[n].After(now) {
		n++
	}
	e.alarms = e.alarms[n:]
	e.setAlarm()
	e.alarmMu.Unlock()
	if n > 0 {
		e.Wake()
	}
}

// StopSending is told that an endpoint was disabled or deleted (after the
// store committed it): the deliveries its lane holds but has not started
// are given back, not sent, and until goneTTL passes claims take its
// remaining due deliveries without limit, since they are only parked or
// failed, never sent (a lane with a window of one would take them one a
// poll). Attempts already on the wire finish. Other instances, which may
// hold some of its deliveries too, find out when they claim or record.
func (e *Engine) StopSending(endpointID string) {
	e.mu.Lock()
	if e.stopping {
		e.mu.Unlock()
		return
	}
	var giveBack []store.Work
	if l := e.lanes[endpointID]; l != nil {
		giveBack = e.takeQueue(l)
		e.reserved -= l.reserved
		l.reserved = 0
	}
	stamp(&e.gone, endpointID, time.Now(), goneTTL)
	e.mu.Unlock()
	// Given back as released. The store has parked or failed those it
	// knew of (taking our lease), so for them this changes nothing; one
	// written by a fan-out that raced the change becomes due and is parked
	// or failed by the next claim.
	if len(giveBack) > 0 {
		e.release(giveBack, stoppedReleaseFailed)
	}
	e.Wake()
}

// RefreshEndpoint is told that an endpoint's URL or signing secrets
// changed (after the store committed it). The work its lane holds carries
// the old ones, copied when it was claimed: it is given back, due now, and
// claimed again with the new. Attempts already on the wire finish as they
// began.
//
// Work leased before the change but handed over after it (a claim or an
// upload's fan-out whose transaction read the old ones, and that commits
// while this runs) is given back by Submit: its lease began before the
// change (LeaseUntil less the lease).
func (e *Engine) RefreshEndpoint(endpointID string) {
	e.mu.Lock()
	if e.stopping {
		e.mu.Unlock()
		return
	}
	stamp(&e.refreshed, endpointID, time.Now(), e.cfg.Lease)
	var giveBack []store.Work
	if l := e.lanes[endpointID]; l != nil {
		giveBack = e.takeQueue(l)
	}
	e.mu.Unlock()
	if len(giveBack) > 0 {
		e.release(giveBack, refreshedReleaseFailed)
	}
	e.Wake()
}

// RefreshAll is told that endpoint changes may have been missed (the
// store's notifications were cut off): every lane's queued work is given
// back and claimed again with the endpoints as they are now, and so is
// work leased before now that reaches a lane later. Rare (a lost
// connection), so it need not be cheap.
func (e *Engine) RefreshAll() {
	e.mu.Lock()
	if e.stopping {
		e.mu.Unlock()
		return
	}
	e.refreshedAll = time.Now()
	var giveBack []store.Work
	for _, l := range e.lanes {
		giveBack = append(giveBack, e.takeQueue(l)...)
	}
	e.mu.Unlock()
	if len(giveBack) > 0 {
		e.release(giveBack, refreshedReleaseFailed)
	}
	e.Wake()
}

// queued is how many deliveries the lanes' queues hold (due, not yet
// begun), and when the earliest of them was leased, at a claim or at its
// insert; ok is false when none queued has a lease. It feeds
// esahayak_deliveries_due and esahayak_oldest_due_delivery_age_seconds.
func (e *Engine) queued() (n int, at time.Time, ok bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, l := range e.lanes {
		n += len(l.queue)
		for _, w := range l.queue {
			if w.LeaseUntil.IsZero() {
				continue // not leased by a claim or an insert (a test's)
			}
			if leased := w.LeaseUntil.Add(-e.cfg.Lease); !ok || leased.Before(at) {
				at, ok = leased, true
			}
		}
	}
	return n, at, ok
}

// takeQueue empties lane l's queue (work not yet begun) and returns it, to
// be given back. The caller holds e.mu.
func (e *Engine) takeQueue(l *lane) []store.Work {
	q := l.queue
	e.held -= len(q)
	l.holding -= len(q)
	l.queue = nil
	if e.cfg.Metrics != nil && len(q) > 0 {
		e.cfg.Metrics.InFlight.Set(float64(e.held))
	}
	return q
}

// stamp records endpointID in *m at now, and drops the entries older than
// ttl, so that the map holds only recent changes.
func stamp(m *map[string]time.Time, endpointID string, now time.Time, ttl time.Duration) {
	if *m == nil {
		*m = map[string]time.Time{}
	}
	for id, at := range *m {
		if now.Sub(at) > ttl {
			delete(*m, id)
		}
	}
	(*m)[endpointID] = now
}

// refreshedReleaseFailed is release's log line for the queued deliveries
// of an endpoint whose URL or secrets changed.
const refreshedReleaseFailed = "could not give back queued deliveries of an endpoint whose URL or secret changed; they go to the old URL, signed with the old secrets"

// endpointStatus follows a change another instance made (or this one; a
// second StopSending changes nothing).
func (e *Engine) endpointStatus(endpointID string, change store.EndpointChange) {
	switch change {
	case store.EndpointResumed:
		e.ResumeSending(endpointID)
	case store.EndpointStopped:
		e.StopSending(endpointID)
	case store.EndpointRefreshed:
		e.RefreshEndpoint(endpointID)
	case store.EndpointsMissed:
		e.RefreshAll()
	}
}

// confirmSending clears the stop of the endpoints a claim that began at
// claimed handed out work for: a claim only hands out deliveries of
// endpoints enabled when it read them, so a stop marked before it began
// (from a notification that came after the endpoint was enabled again, or
// whose resume was lost) ends here, instead of every claimed delivery of
// it being given back and claimed again. A stop marked since is left: the
// claim may have read the endpoint before that disable or delete
// committed, and its work for it is given back by Submit, not sent. Cleared
// too, such work went to an endpoint the account had just disabled.
func (e *Engine) confirmSending(work []store.Work, claimed time.Time) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if len(e.gone) == 0 {
		return
	}
	for _, w := range work {
		if at, ok := e.gone[w.EndpointID]; ok && at.Before(claimed) {
			delete(e.gone, w.EndpointID)
		}
	}
}

// isGone says whether endpointID was stopped within goneTTL. The caller
// holds e.mu.
func (e *Engine) isGone(endpointID string) bool {
	at, ok := e.gone[endpointID]
	return ok && time.Since(at) <= goneTTL
}

// goneTTL is how long claims treat a stopped endpoint as one whose due
// deliveries are all to be parked or failed.
const goneTTL = 10 * time.Minute

// ResumeSending is told that an endpoint was enabled again: its lane
// takes work within its room again.
func (e *Engine) ResumeSending(endpointID string) {
	e.mu.Lock()
	delete(e.gone, endpointID)
	e.mu.Unlock()
	e.Wake()
}

// Wake asks the claimer to look for due work now.
func (e *Engine) Wake() {
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

// Lease implements api.Deliverer: new deliveries are leased to us when
// their endpoint's lane has room.
func (e *Engine) Lease() store.LeaseParams {
	return store.LeaseParams{Owner: e.cfg.Owner, Until: time.Now().Add(e.cfg.Lease), Reserve: e.hasRoom, Dispatch: e.dispatchEarly, Fast: e.fast}
}

// fast is LeaseParams.Fast: the endpoint's last attempt succeeded and its
// attempts have lately taken at most fastAttempt. A lane with no finished
// attempt is not fast yet: in a burst to 50 new endpoints, the first events
// would otherwise write all 50 deliveries ahead of the healthy endpoint's
// one until the first attempts tell which endpoints time out.
func (e *Engine) fast(endpointID string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	l := e.lanes[endpointID]
	return l != nil && l.avg > 0 && l.avg <= fastAttempt && !l.failing
}

// fastAttempt is the longest average attempt of a fast endpoint.
const fastAttempt = 250 * time.Millisecond

// sharedLimit is how much of MaxInFlight the lanes of slow endpoints may
// hold together: the last quarter is kept for prompt lanes (see prompt);
// with a MaxInFlight under 4 there is no reserve.
// A lane's own limits (its window and queueLimit) keep any one endpoint
// from taking every worker, but not many slow endpoints together: 128
// endpoints that answer after 5 s hold 32 deliveries each (16 sent, 16
// queued), 4,096 in all, and a healthy endpoint's new deliveries then
// found no room at insert, went to the store, and were claimed after the
// slow endpoints' older backlog (claims go oldest due first), tens of
// seconds late. With the reserve they are leased at insert as before.
func (e *Engine) sharedLimit() int {
	return e.cfg.MaxInFlight - e.cfg.MaxInFlight/4
}

// prompt says a lane may use the room kept back from slow lanes: its
// attempts have lately taken at most promptAttempt, or it has no finished
// attempt yet (such a lane holds at most its start window of two until
// one ends). The caller holds e.mu.
func prompt(l *lane) bool { return l.avg <= promptAttempt }

// promptAttempt is the longest average attempt of a lane that may use the
// reserve: well above a receiver across the world (a few hundred
// milliseconds with a new TLS connection), well below a slow one.
const promptAttempt = time.Second

func (e *Engine) hasRoom(endpointID string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	total := e.held + e.reserved + e.claiming
	if e.stopping || !e.started {
		return false
	}
	if total >= e.cfg.MaxInFlight {
		// As for a full lane below: the attempts' ends wake the claimer.
		e.starved = true
		return false
	}
	if e.isGone(endpointID) {
		return false // a write racing its delete or disable: the claim parks or fails it
	}
	l := e.lanes[endpointID]
	if l != nil && !prompt(l) && total >= e.sharedLimit() {
		e.sharedRefused = true
		return false
	}
	if l == nil {
		l = e.newLane(endpointID)
		e.lanes[endpointID] = l
	}
	if e.laneRoom(l) <= 0 {
		// Its delivery is written due, or held by the store until a claim
		// finds this lane room: either way the lane wakes the claimer
		// when room comes back (see work), as when a claim passed it over.
		// A held one asks for no claim now (TransitionResult.Held), and
		// nothing else would wake it before the next poll.
		l.skipped = true
		return false
	}
	l.reserved++
	e.reserved++
	l.reservedAt = time.Now()
	return true
}

// dispatchEarly is LeaseParams.Dispatch: work leased at insert goes to its
// lanes as soon as it is durable, while the event's other deliveries (to
// endpoints whose lanes are full) are still being written.
func (e *Engine) dispatchEarly(work []store.Work) { e.Submit(work, false) }

// Submit hands leased work to the lanes; unleased says that deliveries
// were also written due for a claim, so the claimer should look now.
func (e *Engine) Submit(work []store.Work, unleased bool) {
	if len(work) > 0 {
		e.mu.Lock()
		if e.stopping {
			// The recorder may be gone already: give the leases back
			// directly, so the work is due again at once.
			e.mu.Unlock()
			e.release(work, "could not give back deliveries submitted while stopping; they are sent again when their lease ends")
			return
		}
		var stopped, stale []store.Work
		for _, w := range work {
			if e.isGone(w.EndpointID) {
				// Leased before its endpoint was disabled or deleted.
				stopped = append(stopped, w)
				continue
			}
			leased := w.LeaseUntil.Add(-e.cfg.Lease)
			if at, ok := e.refreshed[w.EndpointID]; (ok && leased.Before(at)) || leased.Before(e.refreshedAll) {
				// Leased before its endpoint's URL or secrets changed: it
				// carries the old ones, and is claimed again with the new.
				// Room reserved for it at insert is freed now.
				if l := e.lanes[w.EndpointID]; l != nil && w.Attempt == 1 && l.reserved > 0 {
					l.reserved--
					e.reserved--
				}
				stale = append(stale, w)
				continue
			}
			l := e.lanes[w.EndpointID]
			if l == nil {
				l = e.newLane(w.EndpointID)
				e.lanes[w.EndpointID] = l
			}
			if w.Attempt == 1 && l.reserved > 0 {
				l.reserved--
				e.reserved--
			}
			l.queue = append(l.queue, w)
			l.holding++
			l.idleSince = time.Time{}
			e.held++
			// One worker per delivery held, up to PerEndpoint: counting
			// the queue alone missed the workers busy with an attempt, so
			// a delivery queued behind one slow attempt waited for it.
			// A lane whose window a timeout closed (see overWindow) sends
			// no more than its window at once, also what a claim or an
			// insert granted it before the window closed.
			workers := e.cfg.PerEndpoint
			if l.window < workers {
				workers = l.window
			}
			for l.active < workers && l.active < l.holding {
				l.active++
				e.workers.Add(1)
				go e.work(l)
			}
		}
		if e.cfg.Metrics != nil {
			e.cfg.Metrics.InFlight.Set(float64(e.held))
		}
		// Counted with the workers, under the lock that Stop takes before
		// it waits for them: a give-back still writing when Stop returned
		// found the store closed, and its deliveries waited out their
		// lease instead of being due at once.
		for _, give := range [][]store.Work{stopped, stale} {
			if len(give) > 0 {
				e.workers.Add(1)
			}
		}
		e.mu.Unlock()
		if len(stopped) > 0 {
			// Given back so that they are due at once and the claim parks
			// or fails them, instead of waiting for the lease to run out.
			// Not through the recorder: Submit may run in the store's own
			// writer (dispatch after a commit), which the recorder waits for.
			go func() { defer e.workers.Done(); e.release(stopped, stoppedReleaseFailed) }()
		}
		if len(stale) > 0 {
			go func() { defer e.workers.Done(); e.release(stale, refreshedReleaseFailed) }()
		}
		for _, w := range work {
			// The first attempt of a schedule: a new delivery, or one that
			// was resent or recovered (a failed delivery waiting again),
			// which watchers would otherwise show as failed until this
			// attempt ends. Later retries change nothing until their result.
			if w.RoundAttempt <= 1 {
				e.publish(w, store.DeliveryPending, 0, "")
			}
		}
	}
	if unleased {
		e.Wake()
	}
}

// claimTimeout bounds one claim, which Stop waits for.
const claimTimeout = 10 * time.Second

// release gives leases back directly to the store (not through the
// recorder), due now, and wakes the claimer; failed says in the log what
// becomes of them if that write fails.
func (e *Engine) release(work []store.Work, failed string) {
	now := time.Now()
	released := make([]store.Result, len(work))
	for i, w := range work {
		released[i] = store.Result{DeliveryID: w.DeliveryID, EndpointID: w.EndpointID, LeaseOwner: w.LeaseOwner, LeaseUntil: w.LeaseUntil,
			Outcome: store.OutcomeReleased, NextAttemptAt: now}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := e.st.RecordResults(ctx, released); err != nil {
		attrs := deliveryAttrs(len(work), func(i int) (string, string) { return work[i].DeliveryID, work[i].EndpointID })
		e.cfg.Log.Warn(failed, append(attrs, slog.Any("err", err))...)
		return
	}
	e.Wake()
}

// deliveryAttrs names n deliveries for a line that says something failed
// with them, so that an operator can find them: how many, their endpoints
// (sorted, each once) and their ids (each list cut at maxLoggedIDs). at(i)
// is the i-th delivery's id and its endpoint's. Only the failure paths
// call it: a failed give-back's warning and the recorder's error.
func deliveryAttrs(n int, at func(i int) (deliveryID, endpointID string)) []any {
	seen := map[string]bool{}
	var endpoints, ids []string
	for i := range n {
		id, ep := at(i)
		if !seen[ep] {
			seen[ep] = true
			endpoints = append(endpoints, ep)
		}
		ids = append(ids, id)
	}
	slices.Sort(endpoints)
	return []any{slog.Int("deliveries", n), slog.String("endpoint_ids", idList(endpoints)), slog.String("delivery_ids", idList(ids))}
}

// idList joins ids with commas, the first maxLoggedIDs of them and then
// how many more there are.
func idList(ids []string) string {
	if len(ids) <= maxLoggedIDs {
		return strings.Join(ids, ",")
	}
	return strings.Join(ids[:maxLoggedIDs], ",") + ",… " + strconv.Itoa(len(ids)-maxLoggedIDs) + " more"
}

// maxLoggedIDs is how many ids of one kind one warning lists at most.
const maxLoggedIDs = 20

// stoppedReleaseFailed is release's log line for the deliveries of an
// endpoint disabled or deleted.
const stoppedReleaseFailed = "could not give back deliveries of a disabled or deleted endpoint; they are parked when their lease ends"

// work is one of a lane's workers: it sends the lane's queue until empty.
func (e *Engine) work(l *lane) {
	defer e.workers.Done()
	for {
		e.mu.Lock()
		if e.stopping || len(l.queue) == 0 {
			l.active--
			if l.active == 0 && len(l.queue) == 0 {
				l.idleSince = time.Now()
			}
			e.mu.Unlock()
			return
		}
		w := l.queue[0]
		l.queue[0] = store.Work{}
		l.queue = l.queue[1:]
		wake := false
		if l.skipped && len(l.queue) < e.queueLimit(l)/2 {
			l.skipped, wake = false, true
		}
		e.mu.Unlock()
		if wake {
			e.Wake()
		}

		started := time.Now()
		item := e.attempt(w)
		took := time.Since(started)
		e.results <- item

		e.mu.Lock()
		l.recordTime(took, item.res)
		l.holding--
		windowed := l.window < e.cfg.PerEndpoint
		e.adjustWindow(l, item.res)
		excess := e.overWindow(l)
		if l.skipped && (windowed || l.window < e.cfg.PerEndpoint) {
			// The claimer passed this lane over for want of room, and a
			// windowed lane's room comes back as its attempts end.
			l.skipped, wake = false, true
		}
		e.held--
		if e.starved && e.held < e.cfg.MaxInFlight/2 {
			e.starved = false
			wake = true
		}
		if e.sharedRefused && e.held+e.reserved < e.sharedLimit() {
			// A slow lane was turned away for the shared limit, and it
			// has room again: nothing else would wake the claimer (that
			// lane may have no worker of its own), until the next poll.
			e.sharedRefused = false
			wake = true
		}
		if e.cfg.Metrics != nil {
			e.cfg.Metrics.InFlight.Set(float64(e.held))
		}
		e.mu.Unlock()
		if len(excess) > 0 {
			// In this worker, which Stop waits for, so the store is
			// still open; the release wakes the claimer, which gives the
			// lane no more than its window.
			e.release(excess, windowReleaseFailed)
		} else if wake {
			e.Wake()
		}
	}
}

// overWindow takes off the end of l's queue what a timeout's halving of
// its window left it holding beyond the window, for the caller to give
// back. The window bounded only what a lane was given: an endpoint that
// answered until it began to hang had its window at PerEndpoint and a deep
// queue, and its workers went on sending the queue PerEndpoint at a time,
// each wave held until the attempt timeout, for as long as the queue
// lasted. Given back, those deliveries are due at once and claimed again
// as the window allows (by another instance too). The attempts already on
// the wire finish. The caller holds e.mu.
func (e *Engine) overWindow(l *lane) []store.Work {
	if e.stopping || l.window >= e.cfg.PerEndpoint {
		return nil
	}
	over := min(len(l.queue), l.holding-l.window)
	if over <= 0 {
		return nil
	}
	cut := len(l.queue) - over
	excess := slices.Clone(l.queue[cut:])
	clear(l.queue[cut:])
	l.queue = l.queue[:cut]
	l.holding -= over
	e.held -= over
	return excess
}

// windowReleaseFailed is release's log line for the deliveries a lane
// whose window closed gives back.
const windowReleaseFailed = "could not give back deliveries queued for an endpoint whose attempts time out; they are sent when their lease ends"

// forgetReservations drops reservations whose transaction never submitted
// (it failed); they only steer admission, so a late reset is safe. A lane
// that reserved room lately keeps its count: its deliveries may still be
// on their way (SQLite writes some of an event's leased deliveries after
// its commit), and a lane with a window of two must not take a third.
func (e *Engine) forgetReservations() {
	e.mu.Lock()
	defer e.mu.Unlock()
	now := time.Now()
	for id, l := range e.lanes {
		if now.Sub(l.reservedAt) > reservationTTL {
			e.reserved -= l.reserved
			l.reserved = 0
		}
		if l.active != 0 || len(l.queue) != 0 {
			continue
		}
		if l.idleSince.IsZero() { // made by a reservation that never submitted
			l.idleSince = now
		}
		if now.Sub(l.idleSince) > laneIdleTTL {
			e.reserved -= l.reserved
			delete(e.lanes, id)
		}
	}
}

// reservationTTL is how long after a lane's last reservation its
// reservations count: far longer than any write that submits them.
const reservationTTL = 10 * time.Second

// laneIdleTTL is how long an idle lane keeps its history (its attempt time,
// hence its queue limit). A lane dropped as soon as it idled came back as a
// lane without history, limited to PerEndpoint: a backlog drain then claimed
// 16 deliveries at a time, each batch sent before the next claim (PostgreSQL
// drained 2,600/s). Idle lanes cost a few words each; they go after this.
const laneIdleTTL = 10 * time.Minute

// claimRooms is ClaimParams.Room for one claim: the free space of each
// endpoint's lane. It remembers what it granted, so that lanes the claim
// filled can be marked (see markFilled). refused counts the endpoints that
// had no room at all.
type claimRooms struct {
	e       *Engine
	granted map[string]int
	// slowGranted sums the room granted to slow lanes: an upper bound of
	// what they take (a lane may have fewer due), so a claim can turn a
	// slow lane away for room that stays free; claimLoop claims again then.
	slowGranted int
	refused     int
	// sharedRefused counts the slow lanes turned away by sharedLimit.
	sharedRefused int
}

func (c *claimRooms) room(endpointID string) int {
	e := c.e
	e.mu.Lock()
	defer e.mu.Unlock()
	n := e.laneRoom(nil)
	if e.isGone(endpointID) {
		// Its due deliveries are parked or failed by the claim, never sent.
		c.granted[endpointID] = e.cfg.ClaimBatch
		return e.cfg.ClaimBatch
	}
	if l := e.lanes[endpointID]; l != nil {
		n = e.laneRoom(l)
		slow := !prompt(l)
		if slow && n > 0 {
			// Slow lanes share all but the reserve (see sharedLimit),
			// counting what this claim has granted them so far: the claim
			// visits the endpoints oldest due first, so without this the
			// slow endpoints' backlog would take the reserve too.
			if n = min(n, e.sharedLimit()-e.held-e.reserved-c.slowGranted); n <= 0 {
				c.sharedRefused++
				e.sharedRefused = true
			}
		}
		if n <= 0 {
			l.skipped = true
			c.refused++
			return 0
		}
		if slow {
			c.slowGranted += n
		}
	}
	c.granted[endpointID] = n
	return n
}

// markFilled marks the lanes that got all the room granted to them as
// skipped: more of their work may be due, and their workers wake the
// claimer once the queue has drained halfway.
func (c *claimRooms) markFilled(work []store.Work) {
	got := map[string]int{}
	for _, w := range work {
		got[w.EndpointID]++
	}
	e := c.e
	e.mu.Lock()
	defer e.mu.Unlock()
	for id, n := range got {
		if l := e.lanes[id]; l != nil && n >= c.granted[id] {
			l.skipped = true
		}
	}
}

func (e *Engine) claimLoop() {
	t := time.NewTicker(e.cfg.Poll)
	defer t.Stop()
	failures := 0
	for {
		select {
		case <-e.ctx.Done():
			return
		case <-e.wake:
		case <-t.C:
			e.forgetReservations()
			e.logTakenOver(time.Now(), false)
		}
		reclaims := 0
		for e.ctx.Err() == nil {
			// The room and the claim's share of it in one step: an insert
			// between the two saw none of it taken.
			limit := e.startClaim()
			if limit <= 0 {
				break
			}
			now := time.Now()
			rooms := &claimRooms{e: e, granted: map[string]int{}}
			// Not cancelled by Stop: a claim the database commits while
			// the caller gives up would leave its leases to run out (the
			// deliveries late by a whole --lease). Finished, its work goes
			// to Submit, which gives it back at once when stopping.
			claimCtx, cancelClaim := context.WithTimeout(context.WithoutCancel(e.ctx), claimTimeout)
			work, err := e.st.ClaimDeliveries(claimCtx, store.ClaimParams{Owner: e.cfg.Owner, Now: now, LeaseUntil: now.Add(e.cfg.Lease),
				Limit: limit, Room: rooms.room})
			cancelClaim()
			if err != nil {
				e.setClaiming(0)
				if e.ctx.Err() != nil {
					return
				}
				failures++
				if ok, withheld := e.claimLogs.Allow(time.Now()); ok {
					e.cfg.Log.Error("claim deliveries", slog.Any("err", err), slog.Int("failures", failures),
						slog.Int("also_failed_since_last_warning", withheld))
				}
				sleep(e.ctx, min(time.Duration(failures)*200*time.Millisecond, 5*time.Second))
				break
			}
			failures = 0
			if ok, withheld := e.claimLogs.Settled(time.Now()); ok {
				e.cfg.Log.Info("claim deliveries", slog.Bool("recovered", true), slog.Int("also_failed_since_last_warning", withheld))
			}
			e.countTakenOver(work, time.Now())
			e.confirmSending(work, now)
			e.Submit(work, false)
			e.setClaiming(0) // what it took is held now
			rooms.markFilled(work)
			if len(work) < limit {
				if rooms.refused > 0 {
					// Work is waiting that we cannot take yet: pace the
					// claims instead of running one per wake-up (a wake-up
					// arrives with every write that is not leased at once);
					// a lane that drains wakes us itself.
					sleep(e.ctx, skipClaimPause)
				}
				if rooms.sharedRefused > 0 && e.belowShared() && reclaims < maxReclaims {
					// Slow lanes were turned away for room granted to
					// others that had less due: claim again (those are
					// not visited again, having nothing more due).
					reclaims++
					continue
				}
				break
			}
		}
	}
}

// startClaim sizes a claim from the room free and records it as the claim
// in progress, under one lock; 0 when there is no room.
func (e *Engine) startClaim() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	free := e.cfg.MaxInFlight - e.held - e.reserved
	if free <= 0 {
		e.starved = true
		return 0
	}
	e.claiming = min(free, e.cfg.ClaimBatch)
	return e.claiming
}

// setClaiming records the room the claim in progress may fill (0: none).
func (e *Engine) setClaiming(n int) {
	e.mu.Lock()
	e.claiming = n
	e.mu.Unlock()
}

// skipClaimPause spaces claims that had to skip full lanes.
const skipClaimPause = 25 * time.Millisecond

// maxReclaims bounds the claims in a row that claimLoop makes for slow
// lanes turned away by an over-count (see claimRooms.slowGranted); each
// serves lanes the one before could not, so a few suffice.
const maxReclaims = 16

// belowShared says slow lanes have room under sharedLimit now.
func (e *Engine) belowShared() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.held+e.reserved < e.sharedLimit()
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// recordRetryWait is how long the recorder waits before trying again a
// write of outcomes that failed for the failures+1st time: 0.1 s more each
// time, up to 5 s.
var recordRetryWait = func(failures int) time.Duration {
	return min(time.Duration(failures+1)*100*time.Millisecond, 5*time.Second)
}

// recordLoop writes outcomes in batches until the results channel closes.
func (e *Engine) recordLoop() {
	const maxBatch = 1000
	batch := make([]store.Result, 0, maxBatch)
	items := make([]resultItem, 0, maxBatch)
	// unrecorded are the outcomes given up after a Stop abandoned the
	// recorder (nothing else gives one up), named in one line at the end.
	var unrecorded []store.Result
	defer func() { e.logUnrecorded(unrecorded) }()
	for {
		it, ok := <-e.results
		if !ok {
			return
		}
		batch, items = append(batch[:0], it.res), append(items[:0], it)
		closed := false
	drain:
		for len(batch) < maxBatch {
			select {
			case it, ok := <-e.results:
				if !ok {
					closed = true
					break drain
				}
				batch, items = append(batch, it.res), append(items, it)
			default:
				break drain
			}
		}
		saved := false
		for failures := 0; ; failures++ {
			ctx, cancel := context.WithTimeout(e.writes, 30*time.Second)
			err := e.st.RecordResults(ctx, batch)
			cancel()
			if err == nil {
				saved = true
				if ok, withheld := e.recordLogs.Settled(time.Now()); ok {
					e.cfg.Log.Info("record delivery results", slog.Bool("recovered", true), slog.Int("also_failed_since_last_warning", withheld))
				}
				break
			}
			// Never drop an outcome: keep trying. If the process dies first,
			// the leases run out and the deliveries are sent again.
			if ok, withheld := e.recordLogs.Allow(time.Now()); ok {
				attrs := []any{slog.Any("err", err), slog.Int("results", len(batch)), slog.Int("failures", failures),
					slog.Int("also_failed_since_last_warning", withheld)}
				// Which deliveries wait on the write, as a failed give-back
				// names them: a batch holds up to maxBatch of them.
				attrs = append(attrs, deliveryAttrs(len(batch), func(i int) (string, string) { return batch[i].DeliveryID, batch[i].EndpointID })...)
				e.cfg.Log.Error("record delivery results", attrs...)
			}
			if e.abandoned.Load() {
				// Stop gave up waiting, and its caller goes on to close
				// the store: the leases run out as they would in a
				// crash, rather than this loop trying for ever.
				break
			}
			// A Stop that gives up meanwhile ends the wait: the store is
			// about to close, and one more try tells.
			sleep(e.giveUp, recordRetryWait(failures))
		}
		if !saved {
			// Abandoned: nothing was recorded, nothing to tell watchers.
			for _, r := range batch {
				unrecorded = append(unrecorded, store.Result{DeliveryID: r.DeliveryID, EndpointID: r.EndpointID})
			}
			continue
		}
		for _, it := range items {
			if it.res.Outcome == store.OutcomeRetry {
				e.wakeAt(it.res.NextAttemptAt)
			}
		}
		for _, it := range items {
			switch it.res.Outcome {
			case store.OutcomeSucceeded:
				e.publish(it.work, store.DeliverySucceeded, it.res.Attempt.ResponseStatus, "")
			case store.OutcomeRetry:
				e.publish(it.work, store.DeliveryRetrying, it.res.Attempt.ResponseStatus, it.res.Attempt.Error)
			case store.OutcomeFailed:
				e.publish(it.work, store.DeliveryFailed, it.res.Attempt.ResponseStatus, it.res.Attempt.Error)
			}
		}
		if closed {
			return
		}
	}
}

// unrecordedLogWait is how long a Stop whose grace is over waits for the
// recorder to give up its writes and name what it could not record.
const unrecordedLogWait = 2 * time.Second

// logUnrecorded says, as the recorder ends, which deliveries' outcomes it
// gave up writing after a Stop abandoned it: they are sent again when
// their lease ends, and the operator can look each one up.
func (e *Engine) logUnrecorded(unrecorded []store.Result) {
	if len(unrecorded) == 0 {
		return
	}
	attrs := deliveryAttrs(len(unrecorded), func(i int) (string, string) { return unrecorded[i].DeliveryID, unrecorded[i].EndpointID })
	e.cfg.Log.Warn("stopped before every outcome was recorded; unrecorded deliveries will be sent again when their lease ends", attrs...)
}

// signer returns a cached signer for a set of secrets: decoding the secret
// and building the HMAC key once per endpoint, not once per attempt.
func (e *Engine) signer(secrets []string) (*webhook.Signer, error) {
	key := strings.Join(secrets, " ")
	e.signersMu.Lock()
	defer e.signersMu.Unlock()
	if s, ok := e.signers[key]; ok {
		return s, nil
	}
	s, err := webhook.NewSigner(secrets...)
	if err != nil {
		return nil, err
	}
	if len(e.signers) > 10000 {
		clear(e.signers)
	}
	e.signers[key] = s
	return s, nil
}

// subscriber is one Subscribe: its account, how many changes went into
// its channel, and the place in that count of the last ChangesMissed.
type subscriber struct {
	accountID  string
	sent, mark int
}

// Subscribe streams changes of accountID's deliveries ("" for all) until
// cancel is called. A slow reader misses changes rather than slowing
// delivery, and is told so: a ChangesMissed comes after the last change
// it got before the ones it missed.
func (e *Engine) Subscribe(accountID string) (<-chan Change, func()) {
	ch := make(chan Change, 256)
	e.subsMu.Lock()
	e.subs[ch] = &subscriber{accountID: accountID}
	e.subsMu.Unlock()
	return ch, func() {
		e.subsMu.Lock()
		if _, ok := e.subs[ch]; ok {
			delete(e.subs, ch)
			close(ch)
		}
		e.subsMu.Unlock()
	}
}

func (e *Engine) publish(w store.Work, status string, code int, errText string) {
	e.broadcast(func() Change {
		return Change{AccountID: w.AccountID, DeliveryID: w.DeliveryID, EndpointID: w.EndpointID, EventID: w.EventID, EventType: w.EventType,
			Status: status, Attempt: w.Attempt, StatusCode: code, Error: errText, At: time.Now().UTC().Format(time.RFC3339Nano)}
	})
}

// DeliveryRecorded tells the account's watchers of a delivery recorded
// without the engine (a listen session's result, which the listener sent),
// as publish does for the engine's own.
func (e *Engine) DeliveryRecorded(d store.Delivery) {
	e.broadcast(func() Change {
		return Change{AccountID: d.AccountID, DeliveryID: d.ID, EndpointID: d.EndpointID, EventID: d.EventID, EventType: d.EventType,
			Status: d.Status, Attempt: d.Attempts, StatusCode: d.LastStatusCode, Error: d.LastError, At: time.Now().UTC().Format(time.RFC3339Nano)}
	})
}

// EndpointChanged tells the account's watchers that an endpoint was
// disabled, enabled or deleted, after the store committed it: its
// deliveries changed in bulk (parked, waiting again, or failed), and a
// watcher showing them reads them again. An edit of its URL, description
// or events is told too: a page showing the endpoint reads it again; and
// its creation: a page listing the account's endpoints shows it. Only the caller knows the
// account, and only a real change is told: every watcher of the account
// re-reads what it shows.
func (e *Engine) EndpointChanged(accountID, endpointID string) {
	e.broadcast(func() Change {
		return Change{Kind: ChangeEndpoint, AccountID: accountID, EndpointID: endpointID, At: time.Now().UTC().Format(time.RFC3339Nano)}
	})
}

// APIKeysChanged tells the account's watchers that one of its API keys
// was created or revoked. The engine has no use for keys: it carries the
// news because its subscribers are the dashboard's open pages, whose list
// of keys otherwise showed a key revoked in another tab as active.
func (e *Engine) APIKeysChanged(accountID string) {
	e.broadcast(func() Change {
		return Change{Kind: ChangeAPIKeys, AccountID: accountID, At: time.Now().UTC().Format(time.RFC3339Nano)}
	})
}

// broadcast gives a change to the subscribers of its account, never
// waiting for one: a full channel misses it. The change is made only when
// someone listens.
func (e *Engine) broadcast(change func() Change) {
	e.subsMu.Lock()
	defer e.subsMu.Unlock()
	if len(e.subs) == 0 {
		return
	}
	c := change()
	for ch, sub := range e.subs {
		if sub.accountID != "" && sub.accountID != c.AccountID {
			continue
		}
		// The only sender, under subsMu: the room seen is there. The last
		// slot is kept for the mark of what is missed; a change missed
		// while a mark still waits to be read is covered by it (the
		// reader reads everything again after the mark).
		switch n := len(ch); {
		case n < cap(ch)-1:
			ch <- c
			sub.sent++
		case n == cap(ch)-1 && sub.mark <= sub.sent-n: // no mark waiting
			ch <- Change{Kind: ChangesMissed, AccountID: c.AccountID, At: c.At}
			sub.sent++
			sub.mark = sub.sent
		}
	}
}

// countTakenOver counts the claimed work whose lease had run out, and
// logs it (see takeoverLog).
func (e *Engine) countTakenOver(work []store.Work, now time.Time) {
	n := 0
	for _, w := range work {
		if w.LeaseExpired {
			n++
		}
	}
	if n == 0 {
		return
	}
	if e.cfg.Metrics != nil {
		e.cfg.Metrics.LeasesExpired.Add(float64(n))
	}
	e.takeovers.add(work)
	e.logTakenOver(now, false)
}
