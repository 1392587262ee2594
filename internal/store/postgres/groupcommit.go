package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/esahayak/esahayak/internal/store"
)

// Group commit of TransitionOrder.
//
// Concurrent transitions are run by at most `writers` transactions at a
// time. A caller that finds a transaction slot free and nobody waiting runs
// its transition itself, on the one-transaction path (transitionOne): an
// idle store adds no latency. Otherwise it queues, and a writer goroutine
// takes everything queued at that moment (up to groupMax; no waiting for
// more) and runs it as one transaction of a constant number of statements:
//
//  1. BEGIN; lock the group's orders in id order (FOR UPDATE); read the
//     enabled endpoints of their accounts.
//  2. In Go, each transition's Decide in arrival order (a transition sees
//     the order as the earlier ones of the group left it) and its fan-out.
//  3. One statement updates every order (guarded by version), inserts the
//     events of the orders updated and the deliveries of the events
//     inserted, and notifies the other instances if a delivery is due
//     unleased; COMMIT travels with it.
//
// A group whose transaction fails (deadlock, serialization failure, unique
// violation, lost connection, …) is run again one transition at a time on
// the one-transaction path, so one bad transition never fails the others.
// Orders are locked in id order, like everywhere else, so groups of several
// instances sharing a database queue instead of deadlocking.
//
// A caller whose ctx ends while its transition is queued gets ctx.Err() and
// the transition is never applied; once a writer has taken it, the caller
// gets what happened (a transition whose ctx has ended by the time its
// group decides is left out and gets ctx.Err()).

const (
	// groupMax caps the transitions of one group.
	groupMax = 256
	// defaultTransitionWriters is how many transition transactions run at
	// once by default.
	defaultTransitionWriters = 2
	// groupTimeout bounds a group's transaction (its callers' contexts do
	// not apply to it: they are many, and may end while it commits).
	groupTimeout = 30 * time.Second
)

// errStoreClosed answers transitions still queued when the store closes.
var errStoreClosed = errors.New("postgres: store closed")

// errGroupUnusual makes a group run one transition at a time: a Decide
// returned something the group statement does not handle (another order,
// or an event of another account), which the one-transaction path does.
var errGroupUnusual = errors.New("postgres: transition the group statement does not handle")

// States of a transitionOp.
const (
	opQueued int32 = iota
	opTaken
	opAbandoned
)

// transitionOp is one queued TransitionOrder call.
type transitionOp struct {
	ctx   context.Context
	p     store.TransitionParams
	state atomic.Int32
	done  chan struct{}
	res   store.TransitionResult
	err   error
	// panicked holds what Decide (or the group) panicked with; the caller
	// panics with it, as if it had run the transition itself.
	panicked any
}

func (op *transitionOp) finish(res store.TransitionResult, err error) {
	op.res, op.err = res, err
	close(op.done)
}

// groupCommitter queues transitions and runs them in groups.
type groupCommitter struct {
	s       *Store
	writers int

	mu     sync.Mutex
	queue  []*transitionOp
	busy   int // transition transactions running: callers' own and writers'
	closed bool

	wake chan struct{}
	quit chan struct{}
	wg   sync.WaitGroup
	once sync.Once

	// For tests: groups of several transitions committed, and groups run
	// again one transition at a time.
	groups, fallbacks atomic.Int64
}

func newGroupCommitter(s *Store, writers int) *groupCommitter {
	g := &groupCommitter{s: s, writers: writers, wake: make(chan struct{}, writers), quit: make(chan struct{})}
	g.wg.Add(writers)
	for range writers {
		go g.writer()
	}
	return g
}

// close fails the transitions still queued and waits for the writers to
// finish the groups they are running.
func (g *groupCommitter) close() {
	g.once.Do(func() {
		g.mu.Lock()
		g.closed = true
		q := g.queue
		g.queue = nil
		g.mu.Unlock()
		for _, op := range q {
			if op.state.CompareAndSwap(opQueued, opTaken) {
				op.finish(store.TransitionResult{}, errStoreClosed)
			}
		}
		close(g.quit)
		g.wg.Wait()
	})
}

func (g *groupCommitter) signal() {
	select {
	case g.wake <- struct{}{}:
	default:
	}
}

// transition is TransitionOrder through the group committer.
func (g *groupCommitter) transition(ctx context.Context, p store.TransitionParams) (store.TransitionResult, error) {
	if err := ctx.Err(); err != nil {
		return store.TransitionResult{}, err
	}
	g.mu.Lock()
	if g.closed {
		g.mu.Unlock()
		return g.s.transitionOne(ctx, p)
	}
	if g.busy < g.writers && len(g.queue) == 0 {
		// Nothing else waits: run it here and now.
		g.busy++
		g.mu.Unlock()
		defer g.release()
		return g.s.transitionOne(ctx, p)
	}
	op := &transitionOp{ctx: ctx, p: p, done: make(chan struct{})}
	g.queue = append(g.queue, op)
	free := g.busy < g.writers
	g.mu.Unlock()
	if free {
		g.signal()
	}
	select {
	case <-op.done:
	case <-ctx.Done():
		if op.state.CompareAndSwap(opQueued, opAbandoned) {
			return store.TransitionResult{}, ctx.Err()
		}
		<-op.done // taken: its group decides
	}
	if op.panicked != nil {
		panic(op.panicked)
	}
	return op.res, op.err
}

// release gives back a transaction slot taken by a caller, and has a
// writer take over what queued meanwhile.
func (g *groupCommitter) release() {
	g.mu.Lock()
	g.busy--
	more := len(g.queue) > 0
	g.mu.Unlock()
	if more {
		g.signal()
	}
}

// take takes a slot and the transitions queued (up to groupMax), or
// returns false when there is no free slot or nothing queued.
func (g *groupCommitter) take() ([]*transitionOp, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for !g.closed && g.busy < g.writers && len(g.queue) > 0 {
		var ops []*transitionOp
		n := 0
		for n < len(g.queue) && len(ops) < groupMax {
			op := g.queue[n]
			g.queue[n] = nil
			n++
			if op.state.CompareAndSwap(opQueued, opTaken) {
				ops = append(ops, op)
			}
		}
		if n == len(g.queue) {
			g.queue = g.queue[:0]
		} else {
			g.queue = g.queue[n:]
		}
		if len(ops) > 0 {
			g.busy++
			return ops, true
		}
	}
	return nil, false
}

func (g *groupCommitter) writer() {
	defer g.wg.Done()
	for {
		select {
		case <-g.quit:
			return
		case <-g.wake:
		}
		for {
			ops, ok := g.take()
			if !ok {
				break
			}
			g.s.runGroup(ops)
			g.mu.Lock()
			g.busy--
			g.mu.Unlock()
		}
	}
}

// runGroup runs ops, taken from the queue, and answers each of them.
func (s *Store) runGroup(ops []*transitionOp) {
	defer func() {
		if v := recover(); v != nil {
			// A bug (or a panicking Reserve): the callers panic, not the
			// process.
			for _, op := range ops {
				select {
				case <-op.done:
				default:
					op.panicked = v
					op.finish(store.TransitionResult{}, fmt.Errorf("postgres: transition panicked: %v", v))
				}
			}
		}
	}()
	if len(ops) == 1 {
		op := ops[0]
		res, err := s.transitionOne(op.ctx, op.p)
		op.finish(res, err)
		return
	}
	// The group ends by the earliest deadline among its requests (their
	// callers wait for it, and were promised an answer by then), and
	// within groupTimeout in any case. Ended early, nothing of it was
	// written, and each transition still in time runs on its own below.
	deadline := time.Now().Add(groupTimeout)
	for _, op := range ops {
		if d, ok := op.ctx.Deadline(); ok && d.Before(deadline) {
			deadline = d
		}
	}
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	outs, err := s.transitionGroup(ctx, ops)
	cancel()
	if err == nil {
		s.group.groups.Add(1)
	} else {
		s.group.fallbacks.Add(1)
	}
	var unknown *commitUnknownError
	if err == nil || errors.As(err, &unknown) {
		for i, op := range ops {
			out := &outs[i]
			if err != nil && out.decided {
				// The commit may or may not have happened: running the
				// transition again could apply it twice. Say so, as the
				// one-transaction path does.
				out.res, out.err = store.TransitionResult{}, interpretError(unknown.err)
			}
			op.panicked = out.panicked
			op.finish(out.res, out.err)
		}
		return
	}
	// Nothing of the group was written: one transition at a time, in
	// arrival order.
	for _, op := range ops {
		if err := op.ctx.Err(); err != nil {
			op.finish(store.TransitionResult{}, err)
			continue
		}
		res, err := s.transitionOneCatching(op)
		op.finish(res, err)
	}
}

// transitionOneCatching is transitionOne, turning a panic of Decide into
// op.panicked so that the other transitions still run.
func (s *Store) transitionOneCatching(op *transitionOp) (res store.TransitionResult, err error) {
	defer func() {
		if v := recover(); v != nil {
			op.panicked = v
			res, err = store.TransitionResult{}, fmt.Errorf("postgres: transition panicked: %v", v)
		}
	}()
	return s.transitionOne(op.ctx, op.p)
}

// opOutcome is what one transition of a group comes to.
type opOutcome struct {
	res      store.TransitionResult
	err      error
	panicked any
	// decided: Decide accepted the move, so it is written with the group.
	decided bool
	tr      store.Transition
	// fan is the event's fan-out, for its held deliveries.
	fan fanOut
}

// groupOrder is an order of a group as its transitions change it.
type groupOrder struct {
	cur     store.Order // as the group's transitions so far left it
	version int64       // as locked: the guard of the update
	changed bool
	last    store.Order // the latest Decide's order, to write
}

// decide calls p.Decide, catching a panic.
func decide(p *store.TransitionParams, cur store.Order) (tr store.Transition, panicked any, err error) {
	defer func() {
		if v := recover(); v != nil {
			panicked = v
			err = fmt.Errorf("postgres: Decide panicked: %v", v)
		}
	}()
	tr, err = p.Decide(cur)
	return tr, nil, err
}

// asStored is the order prev becomes once o is written over it, as reading
// it back would give it: the columns the update writes come from o (times
// in UTC, to the microsecond), the others stay. The next transition of the
// same order in a group sees this, as it would after a commit.
func asStored(prev, o store.Order) store.Order {
	t := func(v time.Time) time.Time { return v.Truncate(time.Microsecond).UTC() }
	tp := func(v *time.Time) *time.Time {
		if v == nil {
			return nil
		}
		u := t(*v)
		return &u
	}
	prev.Status, prev.UpdatedAt, prev.ErrorCode, prev.ErrorMessage = o.Status, t(o.UpdatedAt), o.ErrorCode, o.ErrorMessage
	prev.DeliveryPartner, prev.TrackingID, prev.DeliveredAt = o.DeliveryPartner, o.TrackingID, tp(o.DeliveredAt)
	prev.CancelReason, prev.CancelledAt, prev.RefundAmount, prev.RefundStatus = o.CancelReason, tp(o.CancelledAt), o.RefundAmount, o.RefundStatus
	prev.Version = o.Version
	return prev
}

// transitionGroup runs ops as one transaction and returns each one's
// outcome, or an error when the transaction failed and nothing was written;
// or, with the outcomes, a *commitUnknownError when the commit's round trip
// failed without an answer from the server.
func (s *Store) transitionGroup(ctx context.Context, ops []*transitionOp) ([]opOutcome, error) {
	ids := make([]string, 0, len(ops))
	for _, op := range ops {
		ids = append(ids, op.p.OrderID)
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)

	var outs []opOutcome
	err := s.inTx(ctx, func(t *txn) error {
		outs = make([]opOutcome, len(ops))
		orders := make(map[string]*groupOrder, len(ids))
		eps := map[string][]fanOutEndpoint{}
		b := &pgx.Batch{}
		b.Queue(qGroupLockOrders, ids).Query(func(rows pgx.Rows) error {
			for rows.Next() {
				o, err := scanOrder(rows)
				if err != nil {
					return err
				}
				orders[o.ID] = &groupOrder{cur: o, version: o.Version}
			}
			return rows.Err()
		})
		b.Queue(qGroupEndpoints, ids).Query(func(rows pgx.Rows) error {
			for rows.Next() {
				var account string
				var e fanOutEndpoint
				var older string
				if err := rows.Scan(&account, &e.ID, &e.URL, &e.Events, &e.Secret, &e.PreviousSecret, &e.PreviousSecretExpiresAt, &older); err != nil {
					return err
				}
				if err := e.readOlder(older); err != nil {
					return err
				}
				eps[account] = append(eps[account], e)
			}
			return rows.Err()
		})
		if err := t.send(ctx, b); err != nil {
			return fmt.Errorf("lock orders of group: %w", err)
		}

		// Decide, in arrival order.
		for i, op := range ops {
			out := &outs[i]
			if err := op.ctx.Err(); err != nil {
				out.err = err
				continue
			}
			g := orders[op.p.OrderID]
			if g == nil || (op.p.AccountID != "" && g.cur.AccountID != op.p.AccountID) {
				out.err = store.ErrNotFound
				continue
			}
			tr, panicked, err := decide(&op.p, g.cur)
			if panicked != nil {
				out.err, out.panicked = err, panicked
				continue
			}
			if err != nil {
				out.err = interpretError(err)
				continue
			}
			if tr.Order.ID != g.cur.ID || (tr.Event != nil && tr.Event.AccountID != g.cur.AccountID) {
				return errGroupUnusual
			}
			out.decided, out.tr = true, tr
			g.changed, g.last, g.cur = true, tr.Order, asStored(g.cur, tr.Order)
		}

		// The writes: orders, events, deliveries.
		var w groupWrite
		for _, id := range ids {
			if g := orders[id]; g != nil && g.changed {
				w.addOrder(g.last, g.version)
			}
		}
		for i, op := range ops {
			out := &outs[i]
			if !out.decided || out.tr.Event == nil {
				continue
			}
			ev := out.tr.Event
			out.res.Event = ev
			out.fan = planFanOut(ev, eps[ev.AccountID], "", op.p.Lease, op.p.Now, &out.res)
			out.res.Held = s.holdFanOut(&out.fan, op.p.Lease)
			w.addEvent(ev, op.p.OrderID, &out.fan)
		}
		if len(w.orderIDs) == 0 {
			return nil // nothing to write; inTx ends the transaction
		}
		var updated []string
		b = &pgx.Batch{}
		b.Queue(qGroupWrite, w.args()...).QueryRow(func(row pgx.Row) error {
			var notified int64
			return row.Scan(&updated, &notified)
		})
		if len(w.hEvents) > 0 {
			b.Queue(qInsertHeld, w.hEvents, w.hAccounts, w.hHolders, w.hEndpoints, w.hCreated)
		}
		if err := t.commit(ctx, b); err != nil {
			if rolledBack(err) {
				return err // rolled back, or never sent
			}
			for i := range outs {
				outs[i].fan.unknown(s)
			}
			return &commitUnknownError{err}
		}
		for i, op := range ops {
			out := &outs[i]
			if !out.decided {
				continue
			}
			if !slices.Contains(updated, op.p.OrderID) {
				// The guarded update wrote nothing, and so nothing that
				// depends on it was written.
				out.res = store.TransitionResult{}
				out.err = fmt.Errorf("update order %s: %w", op.p.OrderID, store.ErrConflict)
				continue
			}
			out.res.Order = out.tr.Order
			if out.tr.Event != nil {
				out.fan.committed(s, out.tr.Event)
			}
		}
		return nil
	})
	return outs, err
}

// rolledBack reports whether a failed commit's round trip certainly wrote
// nothing: PostgreSQL refused a statement (the COMMIT then rolled back),
// ended the session before the COMMIT was carried out (a FATAL error
// without the COMMIT's answer: the server sends that answer before any
// later FATAL, and commitOutcome has taken it as committed), or nothing
// was sent. A connection that broke without a message may have committed.
func rolledBack(err error) bool {
	if errors.Is(err, errCommitRolledBack) || pgconn.SafeToRetry(err) {
		return true
	}
	var pe *pgconn.PgError
	return errors.As(err, &pe)
}

// commitUnknownError is a group's failure in the round trip of its commit
// that the server did not report: the group may have been written.
type commitUnknownError struct{ err error }

func (e *commitUnknownError) Error() string { return e.err.Error() }
func (e *commitUnknownError) Unwrap() error { return e.err }

// groupWrite is the arrays of qGroupWrite.
type groupWrite struct {
	// orders
	orderIDs, statuses, errorCodes, errorMessages, partners, trackingIDs, cancelReasons, refundStatuses []string
	updatedAts                                                                                          []time.Time
	deliveredAts, cancelledAts                                                                          []*time.Time
	refundAmounts, versions, oldVersions                                                                []int64
	// events
	evIDs, evAccounts, evOrders, evTypes, evGuards []string
	evPayloads                                     [][]byte
	evCreated                                      []time.Time
	evTest                                         []bool
	// deliveries
	dIDs, dAccounts, dEvents, dTypes, dEndpoints []string
	dDue, dCreated                               []time.Time
	dOwners                                      []*string
	dTest                                        []bool
	// held deliveries (qInsertHeld)
	hEvents, hAccounts, hHolders, hEndpoints []string
	hCreated                                 []time.Time
}

func (w *groupWrite) addOrder(o store.Order, oldVersion int64) {
	w.orderIDs = append(w.orderIDs, o.ID)
	w.statuses = append(w.statuses, o.Status)
	w.updatedAts = append(w.updatedAts, o.UpdatedAt)
	w.errorCodes = append(w.errorCodes, o.ErrorCode)
	w.errorMessages = append(w.errorMessages, o.ErrorMessage)
	w.partners = append(w.partners, o.DeliveryPartner)
	w.trackingIDs = append(w.trackingIDs, o.TrackingID)
	w.deliveredAts = append(w.deliveredAts, o.DeliveredAt)
	w.cancelReasons = append(w.cancelReasons, o.CancelReason)
	w.cancelledAts = append(w.cancelledAts, o.CancelledAt)
	w.refundAmounts = append(w.refundAmounts, o.RefundAmount)
	w.refundStatuses = append(w.refundStatuses, o.RefundStatus)
	w.versions = append(w.versions, o.Version)
	w.oldVersions = append(w.oldVersions, oldVersion)
}

// addEvent adds ev, written only if the order guard was updated, and its
// fan-out f.
func (w *groupWrite) addEvent(ev *store.Event, guard string, f *fanOut) {
	w.evIDs = append(w.evIDs, ev.ID)
	w.evAccounts = append(w.evAccounts, ev.AccountID)
	w.evOrders = append(w.evOrders, ev.OrderID)
	w.evTypes = append(w.evTypes, ev.Type)
	w.evPayloads = append(w.evPayloads, nonNil(ev.Payload))
	w.evCreated = append(w.evCreated, ev.CreatedAt)
	w.evTest = append(w.evTest, ev.Test)
	w.evGuards = append(w.evGuards, guard)
	for i := range f.ids {
		w.dIDs = append(w.dIDs, f.ids[i])
		w.dAccounts = append(w.dAccounts, ev.AccountID)
		w.dEvents = append(w.dEvents, ev.ID)
		w.dTypes = append(w.dTypes, ev.Type)
		w.dEndpoints = append(w.dEndpoints, f.endpoints[i])
		w.dDue = append(w.dDue, f.due[i])
		w.dOwners = append(w.dOwners, f.owners[i])
		w.dCreated = append(w.dCreated, f.created)
		w.dTest = append(w.dTest, ev.Test)
	}
	if len(f.held) > 0 {
		w.hEvents, w.hAccounts, w.hHolders = append(w.hEvents, ev.ID), append(w.hAccounts, ev.AccountID), append(w.hHolders, f.holder)
		w.hEndpoints, w.hCreated = append(w.hEndpoints, strings.Join(f.held, ",")), append(w.hCreated, f.created)
	}
}

func (w *groupWrite) args() []any {
	return []any{
		w.orderIDs, w.statuses, w.updatedAts, w.errorCodes, w.errorMessages, w.partners, w.trackingIDs, w.deliveredAts,
		w.cancelReasons, w.cancelledAts, w.refundAmounts, w.refundStatuses, w.versions, w.oldVersions,
		nonNil(w.evIDs), nonNil(w.evAccounts), nonNil(w.evOrders), nonNil(w.evTypes), nonNil(w.evPayloads), nonNil(w.evCreated),
		nonNil(w.evTest), nonNil(w.evGuards),
		nonNil(w.dIDs), nonNil(w.dAccounts), nonNil(w.dEvents), nonNil(w.dTypes), nonNil(w.dEndpoints), nonNil(w.dDue),
		nonNil(w.dOwners), nonNil(w.dCreated), nonNil(w.dTest),
	}
}
