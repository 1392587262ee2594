package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/store"
)

// Deferred fan-out, and deliveries held back for endpoints that cannot
// take them.
//
// An event to many endpoints writes one delivery row per endpoint, about
// 17 µs of the single writer's time each (six B-trees). When some of those
// endpoints cannot take work now (their lanes are full: slow or failing
// receivers), those rows are work that nobody can use yet, and a healthy
// endpoint's next delivery waits behind them. So TransitionOrder writes in
// two steps when some of an event's deliveries are leased at insert to
// fast endpoints (LeaseParams.Fast: lately successful and quick) and
// others are not:
//
//  1. with the request's priority: the order, the event, and the fast
//     endpoints' deliveries; the event's fanout_pending column lists the
//     other endpoints. After this commit the leased work goes to its lanes
//     (LeaseParams.Dispatch).
//  2. the others, through the store's fan-out queue (fanoutQueue):
//     - deliveries leased to endpoints that are not known to be fast (new,
//       slow or failing, with room) are written at once, as bulk
//       operations of at most deferredChunk deliveries, and dispatched as
//       each commits; TransitionOrder waits for them;
//     - deliveries to endpoints whose lanes are full are held in memory
//       (at most maxHeldBytes of them), not written: a claim writes them, leased to the
//       claimer, when the endpoint has room again (ClaimDeliveries), and
//       any read that could show them writes its account's first
//       (flushHeld), so the API never shows an event without all of its
//       deliveries. Past maxHeldBytes they are written at once, like the leased
//       ones.
//
// fanout_pending is written once in step 1 and cleared (NULL) by the
// operation that writes the event's last delivery, in the same
// transaction, unless something may have gone wrong since the event was
// queued (Store.doubts: a transaction lost, or another process's commit):
// then finishFanouts, which writes what does not exist yet, clears it. If
// the process stops with deliveries queued or held, they are still listed
// there, and the next Open writes them (finishFanouts). finishFanouts run by
// this process leaves the events the queue holds alone (fanoutQueue.events).

// deferredFanout is step 2 of an event's fan-out: its deliveries to
// endpoints, with the ids chosen in step 1 (so ids keep event order).
type deferredFanout struct {
	eventID, accountID, eventType string
	test                          bool
	at                            time.Time // the deliveries' created_at (store.FanOutTime) and due time
	endpoints, ids                []string
	// leased marks the deliveries that the engine reserved in step 1 but
	// that go in step 2 (their endpoints are not known to be fast): they are
	// written leased to owner until until, and dispatched once committed.
	// Nil after a crash (finishFanouts): all are written due now.
	leased       []bool
	owner        string
	until        time.Time
	payload      []byte
	eventCreated time.Time

	// The rest is the fan-out queue's bookkeeping.
	dispatch func([]store.Work)
	// gen is Store.doubts in step 1's transaction: the event's list can
	// only be cleared by the queue if that count has not moved since.
	gen uint64
	// seq numbers it among the unfinished fan-outs (fanoutQueue.hold).
	seq uint64
	// untaken counts the deliveries no operation has taken yet; waiting
	// those written at once whose outcome is not known yet (both under
	// fanoutQueue.mu).
	untaken, waiting int
	// held counts its deliveries still held, and heldCost is what they
	// count for in fanoutQueue.heldBytes (under fanoutQueue.mu).
	held, heldCost int
	// done is closed once waiting reaches 0.
	done chan struct{}
}

// fanoutPair is one delivery of a deferred fan-out: f's i-th.
type fanoutPair struct {
	f *deferredFanout
	i int
}

// fanoutQueue holds the deliveries of step 2 that are still to be written.
type fanoutQueue struct {
	mu sync.Mutex
	// now: deliveries to write at once (leased ones first), in chunks.
	now   []fanoutPair
	lease int // how many at the head of now are leased
	ops   int // drain operations queued for the writer, not yet run
	// held: deliveries to endpoints with full lanes, per endpoint, oldest
	// first; heldN counts them, heldBy per account, heldBytes estimates
	// the memory they keep.
	held      map[string][]fanoutPair
	heldN     int
	heldBy    map[string]int
	heldBytes int
	// writing counts, per account, the held deliveries that an operation
	// has taken off the queue and not yet seen committed (or fail): a read
	// that found none held could otherwise run before that commit and miss
	// them (flushHeld).
	writing  map[string]int
	writingN int
	// writingEvents counts the same per event: between its take and its
	// operation's wrote, such an event is neither queued (events) nor seen
	// committed (committedAt), and a read must still count it incomplete.
	writingEvents map[string]int
	// events lists the events with deliveries not yet taken, from step 1's
	// transaction on: finishFanouts leaves them to the queue.
	events map[string]bool
	// unfinished lists, per account, the deferred fan-outs (by seq) whose
	// deliveries to write at once are not all written yet, from step 1's
	// transaction on: a read waits for those that began before it
	// (awaitFanouts), or it would show their event with fewer deliveries
	// than it has, and a delivery committed after a newer one (a cursor
	// read past it misses it). unfinishedChanged is closed, and replaced,
	// when one finishes; seq numbers them.
	unfinished        map[string]map[uint64]struct{}
	unfinishedChanged chan struct{}
	seq               uint64
	// unfinishedEvents lists the events of the unfinished fan-outs.
	unfinishedEvents map[string]struct{}
	// committed counts the commits of deferred deliveries (held or to
	// write at once) seen so far; committedAt is, per event, the count
	// when its deferred deliveries were last seen committed, kept for the
	// latest maxCommittedEvents events (committedFloor: the count when the
	// older were let go). A read that began before that count may have
	// missed them (committedSince).
	committed      uint64
	committedAt    map[string]uint64
	committedFloor uint64
	// dispatchMu serialises the calls of LeaseParams.Dispatch.
	dispatchMu sync.Mutex
}

// maxHeldBytes bounds the memory of held deliveries (heldCost): past it,
// they are written at once. 32 MB hold about 350,000 deliveries of events
// to 50 endpoints, or 100,000 events to one; the process's RSS grows by
// about twice the estimate (the garbage collector's headroom: 194 MB at
// the end of a 30 s `bench --scenario slow`, 300,000 held, against 117 MB
// after 10 s).
const maxHeldBytes = 32 << 20

// heldCost estimates the memory that holding n of f's deliveries keeps:
// the event's bookkeeping (its endpoint and delivery id lists, the payload
// if some of its work is written at once) and each delivery's place in the
// queue.
func heldCost(f *deferredFanout, n int) int {
	cost := 256 + 64*len(f.endpoints) + 32*n
	if n < len(f.endpoints) {
		cost += len(f.payload) // kept for the work written at once
	}
	return cost
}

func newFanoutQueue() *fanoutQueue {
	return &fanoutQueue{held: map[string][]fanoutPair{}, heldBy: map[string]int{}, writing: map[string]int{}, writingEvents: map[string]int{}, events: map[string]bool{},
		unfinished: map[string]map[uint64]struct{}{}, unfinishedChanged: make(chan struct{}), unfinishedEvents: map[string]struct{}{},
		committedAt: map[string]uint64{}}
}

// maxCommittedEvents bounds committedAt.
const maxCommittedEvents = 16384

// committedLocked counts chunk's deliveries as committed.
func (q *fanoutQueue) committedLocked(chunk []fanoutPair) {
	if len(chunk) == 0 {
		return
	}
	if len(q.committedAt) >= maxCommittedEvents {
		clear(q.committedAt)
		q.committedFloor = q.committed
	}
	q.committed++
	for _, p := range chunk {
		q.committedAt[p.f.eventID] = q.committed
	}
}

// commitCount is the count of commits of deferred deliveries so far.
func (q *fanoutQueue) commitCount() uint64 {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.committed
}

// committedSince lists the events among events whose deferred deliveries
// were committed after the count was since: a read whose snapshot began
// then may show them without those. When the record of since's time is
// gone, every event is listed.
func (q *fanoutQueue) committedSince(events []string, since uint64) map[string]bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out map[string]bool
	for _, id := range events {
		if at, ok := q.committedAt[id]; (ok && at > since) || since < q.committedFloor {
			if out == nil {
				out = map[string]bool{}
			}
			out[id] = true
		}
	}
	return out
}

// hold marks f's event, whose step 1 is being written (writer only,
// inside its transaction), and numbers f among the unfinished fan-outs;
// release forgets it if that write fails.
func (q *fanoutQueue) hold(f *deferredFanout) {
	q.mu.Lock()
	q.events[f.eventID] = true
	q.seq++
	f.seq = q.seq
	if q.unfinished[f.accountID] == nil {
		q.unfinished[f.accountID] = map[uint64]struct{}{}
	}
	q.unfinished[f.accountID][f.seq] = struct{}{}
	q.unfinishedEvents[f.eventID] = struct{}{}
	q.mu.Unlock()
}

func (q *fanoutQueue) release(f *deferredFanout) {
	q.mu.Lock()
	delete(q.events, f.eventID)
	q.finishedLocked(f)
	q.mu.Unlock()
}

// finishedLocked counts f as finished (its deliveries to write at once
// are written, or it failed) and wakes the reads that wait.
func (q *fanoutQueue) finishedLocked(f *deferredFanout) {
	delete(q.unfinishedEvents, f.eventID)
	if m := q.unfinished[f.accountID]; m != nil {
		delete(m, f.seq)
		if len(m) == 0 {
			delete(q.unfinished, f.accountID)
		}
	}
	close(q.unfinishedChanged)
	q.unfinishedChanged = make(chan struct{})
}

// incomplete lists those of events whose deliveries to write at once are
// not all written yet or whose held deliveries an operation is writing
// (taken, not yet seen committed: milliseconds), and with heldToo those
// with deliveries still to be taken off the queue (held ones too). A
// channel closed when the first two may have changed comes with them.
func (q *fanoutQueue) incomplete(events []string, heldToo bool) (map[string]bool, chan struct{}) {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out map[string]bool
	for _, id := range events {
		_, unfinished := q.unfinishedEvents[id]
		if unfinished || q.writingEvents[id] > 0 || (heldToo && q.events[id]) {
			if out == nil {
				out = map[string]bool{}
			}
			out[id] = true
		}
	}
	return out, q.unfinishedChanged
}

// lastSeq is the number of the newest fan-out held so far.
func (q *fanoutQueue) lastSeq() uint64 {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.seq
}

// unfinishedBy says whether a fan-out of accountID ("" for any account)
// numbered up to last is unfinished, with a channel closed when that may
// have changed.
func (q *fanoutQueue) unfinishedBy(accountID string, last uint64) (bool, chan struct{}) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for acct, m := range q.unfinished {
		if accountID != "" && acct != accountID {
			continue
		}
		for seq := range m {
			if seq <= last {
				return true, q.unfinishedChanged
			}
		}
	}
	return false, q.unfinishedChanged
}

func (q *fanoutQueue) holds(eventID string) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.events[eventID]
}

// add queues f's deliveries and returns how many more drain operations the
// writer needs for what is to be written at once.
func (q *fanoutQueue) add(f *deferredFanout) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	f.untaken = len(f.endpoints)
	var leased, unleased, rest []fanoutPair
	for i := range f.endpoints {
		if i < len(f.leased) && f.leased[i] {
			leased = append(leased, fanoutPair{f, i})
		} else {
			unleased = append(unleased, fanoutPair{f, i})
		}
	}
	if cost := heldCost(f, len(unleased)); len(unleased) > 0 && q.heldBytes+cost <= maxHeldBytes {
		for _, p := range unleased {
			ep := f.endpoints[p.i]
			q.held[ep] = append(q.held[ep], p)
		}
		q.heldN += len(unleased)
		q.heldBy[f.accountID] += len(unleased)
		q.heldBytes += cost
		f.held, f.heldCost = len(unleased), cost
	} else {
		rest = unleased
	}
	f.waiting = len(leased) + len(rest)
	if f.waiting == 0 {
		f.payload = nil // only work written at once carries it; a claim reads it back
		if f.done != nil {
			close(f.done) // nothing to wait for
		}
		q.finishedLocked(f)
	}
	if len(leased) > 0 {
		q.now = append(q.now[:q.lease], append(leased, q.now[q.lease:]...)...)
		q.lease += len(leased)
	}
	q.now = append(q.now, rest...)
	if f.untaken == 0 {
		delete(q.events, f.eventID)
	}
	return q.needLocked()
}

// needLocked counts the drain operations to queue so that those queued can
// take every delivery to write at once.
func (q *fanoutQueue) needLocked() int {
	n := (len(q.now)+deferredChunk-1)/deferredChunk - q.ops
	if n < 0 {
		return 0
	}
	q.ops += n
	return n
}

// unqueued gives back n drain operations that could not be queued.
func (q *fanoutQueue) unqueued(n int) {
	q.mu.Lock()
	q.ops -= n
	q.mu.Unlock()
}

// take cuts the next chunk of deliveries to write at once, at most most,
// for a drain operation that is running (writer only).
func (q *fanoutQueue) take(most int) (chunk []fanoutPair, last []*deferredFanout) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.ops--
	n := min(most, len(q.now))
	chunk = append(chunk, q.now[:n]...)
	q.now = q.now[n:]
	q.lease = max(0, q.lease-n)
	if len(q.now) == 0 {
		q.now = nil // let the backing array go
	}
	return chunk, q.takenLocked(chunk)
}

// takenLocked counts chunk as taken and returns the events whose last
// deliveries it holds; they leave events.
func (q *fanoutQueue) takenLocked(chunk []fanoutPair) (last []*deferredFanout) {
	for _, p := range chunk {
		if p.f.untaken--; p.f.untaken == 0 {
			last = append(last, p.f)
			delete(q.events, p.f.eventID)
		}
	}
	return last
}

// takeHeld takes up to n held deliveries to endpoint, oldest first
// (writer only).
func (q *fanoutQueue) takeHeld(endpoint string, n int) (chunk []fanoutPair, last []*deferredFanout) {
	q.mu.Lock()
	defer q.mu.Unlock()
	chunk = q.popHeldLocked(endpoint, n, nil)
	if len(chunk) == 0 {
		return nil, nil
	}
	q.unholdLocked(chunk)
	return chunk, q.takenLocked(chunk)
}

// popHeldLocked appends up to n of endpoint's held deliveries, oldest
// first, to chunk and takes them off the queue.
func (q *fanoutQueue) popHeldLocked(endpoint string, n int, chunk []fanoutPair) []fanoutPair {
	ps := q.held[endpoint]
	n = min(n, len(ps))
	chunk = append(chunk, ps[:n]...)
	if n == len(ps) {
		delete(q.held, endpoint)
	} else {
		q.held[endpoint] = ps[n:]
	}
	return chunk
}

// takeHeldOf takes up to most held deliveries of accountID, or of any
// account when it is "" (writer only).
func (q *fanoutQueue) takeHeldOf(accountID string, most int) (chunk []fanoutPair, last []*deferredFanout) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for ep, ps := range q.held {
		if len(chunk) >= most {
			break
		}
		if accountID != "" && ps[0].f.accountID != accountID {
			continue // an endpoint belongs to one account
		}
		chunk = q.popHeldLocked(ep, most-len(chunk), chunk)
	}
	q.unholdLocked(chunk)
	return chunk, q.takenLocked(chunk)
}

// unholdLocked takes chunk off the held counts and counts it as being
// written until its operation calls wrote.
func (q *fanoutQueue) unholdLocked(chunk []fanoutPair) {
	q.heldN -= len(chunk)
	q.writingN += len(chunk)
	for _, p := range chunk {
		if q.heldBy[p.f.accountID]--; q.heldBy[p.f.accountID] <= 0 {
			delete(q.heldBy, p.f.accountID)
		}
		q.writing[p.f.accountID]++
		q.writingEvents[p.f.eventID]++
		if p.f.held--; p.f.held == 0 {
			q.heldBytes -= p.f.heldCost
		}
	}
}

// wrote ends what unholdLocked began for chunk: the operation that took
// it has committed or failed. Called after the operation's outcome.
func (q *fanoutQueue) wrote(chunk []fanoutPair) {
	if len(chunk) == 0 {
		return
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	q.committedLocked(chunk) // or failed: then counted all the same, which only makes a read look again
	q.writingN -= len(chunk)
	for _, p := range chunk {
		if q.writing[p.f.accountID]--; q.writing[p.f.accountID] <= 0 {
			delete(q.writing, p.f.accountID)
		}
		if q.writingEvents[p.f.eventID]--; q.writingEvents[p.f.eventID] <= 0 {
			delete(q.writingEvents, p.f.eventID)
		}
	}
	// Reads waiting for these events (awaitEvents) look again.
	close(q.unfinishedChanged)
	q.unfinishedChanged = make(chan struct{})
}

// heldOf counts the held deliveries of accountID ("" for any), with those
// being written by an operation whose commit has not been seen yet.
func (q *fanoutQueue) heldOf(accountID string) int {
	q.mu.Lock()
	defer q.mu.Unlock()
	if accountID == "" {
		return q.heldN + q.writingN
	}
	return q.heldBy[accountID] + q.writing[accountID]
}

// heldStats counts the held deliveries (all due) and finds the oldest.
func (q *fanoutQueue) heldStats() (n int, oldest time.Time) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for _, ps := range q.held {
		if at := ps[0].f.at; oldest.IsZero() || at.Before(oldest) {
			oldest = at
		}
	}
	return q.heldN, oldest
}

// heldEndpoints lists the endpoints with held deliveries.
func (q *fanoutQueue) heldEndpoints() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := make([]string, 0, len(q.held))
	for ep := range q.held {
		out = append(out, ep)
	}
	sort.Strings(out)
	return out
}

// confirm records the outcome of a chunk written at once and returns the
// events that no longer wait for anything.
func (q *fanoutQueue) confirm(chunk []fanoutPair) (finished []*deferredFanout) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.committedLocked(chunk)
	for _, p := range chunk {
		if p.f.waiting--; p.f.waiting == 0 {
			finished = append(finished, p.f)
		}
	}
	return finished
}

// abandon empties what is to be written at once when the writer has
// stopped: it stays listed in fanout_pending, for the next Open.
func (q *fanoutQueue) abandon() (finished []*deferredFanout) {
	q.mu.Lock()
	chunk := q.now
	q.now, q.lease = nil, 0
	q.takenLocked(chunk)
	q.mu.Unlock()
	return q.confirm(chunk)
}

// runDeferred is step 2: it queues f's deliveries and waits until those
// to write at once are written, or for ctx: once queued they are written
// whether or not the caller still waits.
func (s *Store) runDeferred(ctx context.Context, f *deferredFanout, dispatch func([]store.Work)) {
	f.dispatch = dispatch
	f.done = make(chan struct{})
	s.queueDrains(s.fanq.add(f))
	select {
	case <-f.done:
	case <-ctx.Done():
	}
}

// noticeOthers adds to Store.doubts if another connection has committed
// to the file since the writer's last transaction began: it may have been
// another process's finishFanouts (a command such as `accounts create`
// opening the same file while serve runs), which writes what listed events
// lack. The writer calls it as each transaction begins; no other
// connection can commit while that transaction is open.
func (s *Store) noticeOthers(tx *sql.Tx) {
	var version int64
	if err := s.stmt(tx, qDataVersion).QueryRow().Scan(&version); err != nil || version != s.dataVersion {
		s.dataVersion = version
		s.doubts.Add(1)
	}
}

// queueDrains queues n drain operations for the writer, each followed by a
// goroutine that reports its outcome.
func (s *Store) queueDrains(n int) {
	for i := 0; i < n; i++ {
		var chunk []fanoutPair
		var work map[*deferredFanout][]store.Work
		var uncleared bool
		// Bare: only SQLite's own failures can make a chunk fail.
		op := &writeOp{ctx: context.Background(), done: make(chan error, 1), bare: true, fn: func(tx *sql.Tx) error {
			var last []*deferredFanout
			chunk, last = s.fanq.take(deferredChunk)
			var err error
			work, uncleared, err = s.writePairs(tx, chunk, last, "", time.Time{})
			return err
		}}
		if err := s.submit(context.Background(), s.bulk, op); err != nil {
			// Closed: the deliveries stay listed for the next Open.
			s.fanq.unqueued(n - i)
			s.fanoutDone(s.fanq.abandon())
			return
		}
		go func() {
			err := s.await(op.done)
			if err != nil || uncleared {
				s.fanoutRetry.Store(true)
			}
			if err == nil && len(work) > 0 {
				// Chunks are confirmed by goroutines of their own: one at a
				// time into the engine, as from a single caller.
				s.fanq.dispatchMu.Lock()
				for f, w := range work {
					if f.dispatch != nil {
						f.dispatch(w)
					}
				}
				s.fanq.dispatchMu.Unlock()
			}
			s.fanoutDone(s.fanq.confirm(chunk))
			if err != nil && len(chunk) == 0 {
				// A drain that never ran left its deliveries queued: queue
				// another, which gives up if the writer has stopped.
				s.fanq.mu.Lock()
				more := s.fanq.needLocked()
				s.fanq.mu.Unlock()
				s.queueDrains(more)
			}
		}()
	}
}

// fanoutDone releases the callers, and the reads, waiting for finished
// events.
func (s *Store) fanoutDone(finished []*deferredFanout) {
	if len(finished) == 0 {
		return
	}
	s.fanq.mu.Lock()
	for _, f := range finished {
		s.fanq.finishedLocked(f)
	}
	s.fanq.mu.Unlock()
	for _, f := range finished {
		close(f.done)
	}
}

// maxFanoutWait bounds how long a read waits for deferred fan-outs
// (awaitFanouts, awaitEvents); they take milliseconds, unless the writer is
// stuck or far behind. It bounds the read, not each wait: a deliveries
// list waits up to four times (awaitFanouts, and when it finds an event
// incomplete, awaitEvents, flushHeld's awaitFanouts and awaitEvents
// again), and with a timer each those took 8 s beside 600 failing
// endpoints (the scale audit). Reads take their deadline from fanoutWait.
const maxFanoutWait = 2 * time.Second

// fanoutWait is the deadline of a read's waits for deferred fan-outs.
func fanoutWait() time.Time { return time.Now().Add(maxFanoutWait) }

// awaitFanouts waits until no deferred fan-out of accountID ("" for any)
// that began before the read has deliveries to write at once still
// unwritten, until the read's deadline or ctx. Those that begin meanwhile
// are not waited for: under a steady stream of uploads there always are
// some, and their events are newer than what the read began with.
func (s *Store) awaitFanouts(ctx context.Context, accountID string, until time.Time) {
	last := s.fanq.lastSeq()
	var timeout <-chan time.Time
	for {
		waiting, changed := s.fanq.unfinishedBy(accountID, last)
		if !waiting {
			return
		}
		if timeout == nil {
			t := time.NewTimer(time.Until(until))
			defer t.Stop()
			timeout = t.C
		}
		select {
		case <-changed:
		case <-timeout:
			return
		case <-ctx.Done():
			return
		}
	}
}

// flushHeld writes the held deliveries of accountID ("" for every account)
// before a read that could show them (waiting first, until the read's
// deadline, for the fan-outs that began before it), in operations of at most flushChunk
// so that requests' writes go between them. Nothing held, nothing to wait
// for: that is every read while no endpoint of the account is backed up.
// If a write fails, the read goes on (finishFanouts writes them later).
//
// A request waits for these operations, so they go to the writer as a
// request's writes do, not as background work: queued behind the outcomes,
// claims and fan-out chunks of 600 failing endpoints among 2,000, each of
// them waited about half a second, and a deliveries list or a statistics
// read took up to 10 s (the scale audit). They only write rows that exist
// already in memory and that every read of the account needs.
//
// Held deliveries that another operation (a claim, another read's flush)
// has taken but not yet committed count too: this read must not start
// before that commit, or it would miss them, and a cursor read past them
// would never show them. One operation of ours through the writer is
// enough to wait for it, as the writer runs operations in order and
// answers each after its transaction's commit.
func (s *Store) flushHeld(ctx context.Context, accountID string, until time.Time) {
	s.awaitFanouts(ctx, accountID, until)
	// Those held when the read began: more may arrive meanwhile.
	for left := s.fanq.heldOf(accountID); left > 0; left -= flushChunk {
		var uncleared, took bool
		var taken []fanoutPair
		err := s.writeBare(ctx, nil, func(tx *sql.Tx) error {
			chunk, last := s.fanq.takeHeldOf(accountID, flushChunk)
			took = len(chunk) > 0
			taken = append(taken, chunk...)
			var err error
			_, uncleared, err = s.writePairs(tx, chunk, last, "", time.Time{})
			return err
		})
		s.fanq.wrote(taken)
		if err != nil || uncleared {
			s.fanoutRetry.Store(true)
		}
		if err != nil || !took {
			return
		}
	}
}

// flushChunk is the most held deliveries one operation of flushHeld writes
// (about 5 ms of the writer).
const flushChunk = 256

// writePairs writes deliveries taken from the fan-out queue (writer only)
// and returns the leased work per event: leased to claimOwner until
// claimUntil when claimOwner is set (a claim), else as each was reserved
// in step 1. It clears fanout_pending of the events whose last deliveries
// it writes, unless Store.doubts has moved since their step 1: then, if
// finishFanouts (of another process) has cleared an event's list, its
// deliveries here are not written, and uncleared asks for finishFanouts.
func (s *Store) writePairs(tx *sql.Tx, chunk []fanoutPair, last []*deferredFanout, claimOwner string, claimUntil time.Time) (work map[*deferredFanout][]store.Work, uncleared bool, err error) {
	var order []*deferredFanout
	idx := map[*deferredFanout][]int{}
	for _, p := range chunk {
		if _, ok := idx[p.f]; !ok {
			order = append(order, p.f)
		}
		idx[p.f] = append(idx[p.f], p.i)
	}
	doubts := s.doubts.Load()
	for _, f := range order {
		if f.gen != doubts {
			var pending bool
			if err := s.stmt(tx, qFanoutPending).QueryRow(f.eventID).Scan(&pending); err != nil && !errors.Is(err, sql.ErrNoRows) {
				return nil, false, fmt.Errorf("fan out %s: %w", f.eventID, err)
			}
			if !pending {
				continue // written elsewhere
			}
		}
		w, err := s.writeDeliveries(tx, f, idx[f], claimOwner, claimUntil)
		if err != nil {
			return nil, false, err
		}
		if len(w) > 0 {
			if work == nil {
				work = map[*deferredFanout][]store.Work{}
			}
			work[f] = w
		}
	}
	for _, f := range last {
		if f.gen != doubts {
			uncleared = true
			continue
		}
		if _, err := s.stmt(tx, qClearFanoutPending).Exec(f.eventID); err != nil {
			return nil, false, fmt.Errorf("fan out %s: %w", f.eventID, err)
		}
	}
	return work, uncleared, nil
}

// writeDeliveries inserts f's deliveries at the indexes idx. An endpoint
// disabled or deleted since step 1 gets its delivery parked, as its sweep
// would have left it. Leased deliveries (to claimOwner when set, else as
// reserved in step 1) are returned as work.
func (s *Store) writeDeliveries(tx *sql.Tx, f *deferredFanout, idx []int, claimOwner string, claimUntil time.Time) ([]store.Work, error) {
	eps, err := s.liveEndpoints(tx, f.accountID)
	if err != nil {
		return nil, fmt.Errorf("fan out %s: %w", f.eventID, err)
	}
	at := micros(f.at)
	ins := s.stmt(tx, qInsertDelivery)
	var work []store.Work
	for _, i := range idx {
		ep := f.endpoints[i]
		var e *store.Endpoint
		for j := range eps {
			if eps[j].ID == ep {
				e = &eps[j]
				break
			}
		}
		owner, until, payload := f.owner, f.until, f.payload
		leased := e != nil && i < len(f.leased) && f.leased[i]
		if claimOwner != "" {
			// The claim's completeWork reads the payload back.
			owner, until, leased, payload = claimOwner, claimUntil, e != nil, nil
		}
		var due, leaseOwner any
		switch {
		case leased:
			due, leaseOwner = micros(until), owner
		case e != nil:
			due = at
		}
		if _, err := ins.Exec(f.ids[i], f.accountID, f.eventID, f.eventType, ep, due, leaseOwner, at, at, boolInt(f.test)); err != nil {
			return nil, fmt.Errorf("fan out %s: insert delivery: %w", f.eventID, err)
		}
		if e == nil {
			if _, err := tx.Exec(qFailIfEndpointDeleted, at, f.ids[i]); err != nil {
				return nil, fmt.Errorf("fan out %s: %w", f.eventID, err)
			}
		}
		if leased {
			work = append(work, store.Work{
				DeliveryID: f.ids[i], AccountID: f.accountID, EventID: f.eventID, EventType: f.eventType, EndpointID: ep,
				URL: e.URL, Secrets: e.Secrets(f.at), Payload: payload, Attempt: 1, RoundAttempt: 1,
				LeaseOwner: owner, LeaseUntil: until, CreatedAt: f.at, EventCreated: f.eventCreated,
			})
		}
	}
	return work, nil
}

// deferredChunk is the most deliveries one write of step 2 holds. The
// writer runs such writes only while no request's write waits, so this is
// about how long a request may wait behind them: 16 deliveries take about
// half a millisecond. Chunks share a transaction when no request comes
// between them.
const deferredChunk = 16

// fanoutChunk is how many events one write of finishFanouts completes.
const fanoutChunk = 200

// finishFanouts completes every event's step 2 that is still pending and
// not in this process's fan-out queue: after a crash (run by Open) or a
// failed write (run by the checkpoint loop). It writes the deliveries that
// do not exist yet and clears fanout_pending. Another process's queue may
// still hold some of the same deliveries (a command opening the file while
// serve runs): that queue notices the commit (noticeOthers) and skips the
// events whose list is cleared.
func (s *Store) finishFanouts(ctx context.Context) error {
	after := ""
	for {
		rows, err := s.reader.QueryContext(ctx, qPendingFanouts, after, fanoutChunk)
		if err != nil {
			return fmt.Errorf("pending fan-outs: %w", err)
		}
		var batch []*deferredFanout
		for rows.Next() {
			var f deferredFanout
			var test int
			var created int64
			var pending string
			if err := rows.Scan(&f.eventID, &f.accountID, &f.eventType, &test, &created, &pending); err != nil {
				rows.Close()
				return err
			}
			f.test, f.at = test == 1, fromMicros(created)
			f.endpoints = strings.Split(pending, ",")
			for range f.endpoints {
				f.ids = append(f.ids, ids.NewAt(ids.Delivery, f.at))
			}
			batch = append(batch, &f)
			after = f.eventID
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(batch) == 0 {
			return nil
		}
		if err := s.writeBulk(ctx, func(tx *sql.Tx) error {
			for _, f := range batch {
				if s.fanq.holds(f.eventID) {
					continue // the queue writes it, and asks again if it cannot
				}
				if err := s.finishFanout(tx, f); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return err
		}
		if len(batch) < fanoutChunk {
			return nil
		}
	}
}

// finishFanout writes those of f's deliveries that do not exist yet, each
// endpoint once, and clears the event's fanout_pending.
func (s *Store) finishFanout(tx *sql.Tx, f *deferredFanout) error {
	var pending sql.NullString
	if err := tx.QueryRow(qEventFanoutPending, f.eventID).Scan(&pending); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil // pruned: nothing is left to write
		}
		return fmt.Errorf("fan out %s: %w", f.eventID, err)
	}
	if !pending.Valid {
		return nil
	}
	skip := map[string]bool{}
	rows, err := tx.Query(qEventEndpoints, f.eventID)
	if err != nil {
		return fmt.Errorf("fan out %s: %w", f.eventID, err)
	}
	for rows.Next() {
		var ep string
		if err := rows.Scan(&ep); err != nil {
			rows.Close()
			return fmt.Errorf("fan out %s: %w", f.eventID, err)
		}
		skip[ep] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("fan out %s: %w", f.eventID, err)
	}
	// Each endpoint once: an endpoint listed twice gets one delivery.
	var idx []int
	for i, ep := range f.endpoints {
		if !skip[ep] {
			skip[ep] = true
			idx = append(idx, i)
		}
	}
	if _, err := s.writeDeliveries(tx, f, idx, "", time.Time{}); err != nil {
		return err
	}
	if _, err := s.stmt(tx, qClearFanoutPending).Exec(f.eventID); err != nil {
		return fmt.Errorf("fan out %s: %w", f.eventID, err)
	}
	return nil
}

// dispatchEarly hands step 1's leased work over and empties res.Work.
func dispatchEarly(lease store.LeaseParams, res *store.TransitionResult) {
	if len(res.Work) > 0 {
		lease.Dispatch(res.Work)
		res.Work = nil
	}
}
