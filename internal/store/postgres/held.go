package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/store"
)

// Deliveries held back for endpoints that cannot take them.
//
// An event to many endpoints wrote a delivery row per endpoint in its
// transaction: a heap tuple and five B-tree entries each, about 23 µs of
// PostgreSQL's CPU. When most of those endpoints cannot take work now
// (their lanes are full: slow or timing-out receivers), those rows are
// work nobody can use yet, and on two cores the healthy endpoint's next
// delivery waited behind them (slow neighbours' p99 2.3–3 × alone, against
// 0.9 × without the rows; docs/performance.md, fifty-second round). So, as
// the SQLite driver does (its fanout.go), an event whose fan-out leases
// some deliveries at insert leaves out those it could not lease: its
// transaction writes one held_fanouts row listing their endpoints, and the
// instance that wrote it (the holder, the leases' owner) keeps them in
// memory per endpoint, oldest first (heldQueue).
//
// A held delivery becomes a row, due since the event, in one transaction
// that locks the event's held_fanouts row, inserts the deliveries and
// takes their endpoints off its list (writeHeld): two writers never write
// one delivery twice, and none is lost, whoever writes it:
//   - the holder's claim, when an endpoint with held deliveries has room
//     (ClaimDeliveries), which then claims them as any due work;
//   - any read that could show them, on any instance, for the account
//     first (flushHeldOf: deliveries lists, statistics, a recovery's
//     missed deliveries), and an endpoint's update or delete for that
//     endpoint, so that the rules that apply to its written deliveries
//     apply to these too;
//   - every instance's sweep (sweepHeld, every heldSweep once it claims):
//     the rows of a holder that is gone (no session holds its instance id,
//     ClaimInstanceID), and those of its own that its memory does not know
//     (written before a restart, or by a commit whose outcome was unknown).
//
// Memory entries whose rows another writer has taken are found so when a
// claim writes them (nothing is left to write) and dropped. Held work is
// bounded by an estimate of its memory (maxHeldBytes), past which
// deliveries are written at once, as before.

// heldRef is one held delivery, in its endpoint's queue.
type heldRef struct{ eventID, accountID string }

// heldQueue is what this store holds in memory.
type heldQueue struct {
	mu sync.Mutex
	// eps: per endpoint, its held deliveries, oldest first.
	eps map[string][]heldRef
	// events counts, per event, its entries in eps.
	events map[string]int
	n      int
	bytes  int
	// owners are the holders (lease owners) of this store's rows; doubt
	// asks the next sweep for their rows that memory does not know.
	owners map[string]bool
	doubt  bool
}

// maxHeldBytes bounds the memory of held deliveries (heldCost): past it,
// they are written at once. 32 MB hold about 400,000 deliveries.
const maxHeldBytes = 32 << 20

// heldCost estimates the memory of an event's n held deliveries.
func heldCost(n int) int { return 96 + 64*n }

// heldSweep is how often sweepHeld runs.
const heldSweep = 2 * time.Second

func newHeldQueue() *heldQueue {
	return &heldQueue{eps: map[string][]heldRef{}, events: map[string]int{}, owners: map[string]bool{}}
}

// room says whether n more held deliveries of one event fit.
func (q *heldQueue) room(n int) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.bytes+heldCost(n) <= maxHeldBytes
}

// add records an event's held deliveries after their commit.
func (q *heldQueue) add(ev *store.Event, endpoints []string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	r := heldRef{eventID: ev.ID, accountID: ev.AccountID}
	for _, ep := range endpoints {
		q.eps[ep] = append(q.eps[ep], r)
	}
	q.events[ev.ID] += len(endpoints)
	q.n += len(endpoints)
	q.bytes += heldCost(len(endpoints))
}

// doubted asks the next sweep to write owner's rows that memory lacks: a
// commit's outcome is unknown, or a write of held deliveries failed.
func (q *heldQueue) doubted(owner string) {
	q.mu.Lock()
	q.owners[owner] = true
	q.doubt = true
	q.mu.Unlock()
}

// endpoints lists the endpoints with held deliveries.
func (q *heldQueue) endpoints() []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	return slices.Sorted(maps.Keys(q.eps))
}

// take takes up to n of endpoint's held deliveries, oldest first.
func (q *heldQueue) take(endpoint string, n int) []heldRef {
	q.mu.Lock()
	defer q.mu.Unlock()
	rs := q.eps[endpoint]
	n = min(n, len(rs))
	out := slices.Clone(rs[:n])
	if n == len(rs) {
		delete(q.eps, endpoint)
	} else {
		q.eps[endpoint] = rs[n:]
	}
	q.forgetLocked(out)
	return out
}

// forgetLocked takes rs off the counts.
func (q *heldQueue) forgetLocked(rs []heldRef) {
	for _, r := range rs {
		q.n--
		if q.events[r.eventID]--; q.events[r.eventID] <= 0 {
			delete(q.events, r.eventID)
			q.bytes -= heldCost(0)
		}
		q.bytes -= heldCost(1) - heldCost(0)
	}
}

// heldPair is one held delivery a writeHeld took off its event's list.
type heldPair struct{ event, endpoint string }

// forget drops the entries of the deliveries a writeHeld wrote, and only
// those: an event of the same account or endpoint that committed after
// the write locked its rows keeps its entries, or nothing but a read
// would ever write its row.
func (q *heldQueue) forget(written []heldPair) {
	if len(written) == 0 {
		return
	}
	byEndpoint := map[string]map[string]bool{}
	for _, w := range written {
		if byEndpoint[w.endpoint] == nil {
			byEndpoint[w.endpoint] = map[string]bool{}
		}
		byEndpoint[w.endpoint][w.event] = true
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	for ep, events := range byEndpoint {
		rs, ok := q.eps[ep]
		if !ok {
			continue
		}
		var gone []heldRef
		keep := slices.DeleteFunc(slices.Clone(rs), func(r heldRef) bool {
			if events[r.eventID] {
				gone = append(gone, r)
				return true
			}
			return false
		})
		q.forgetLocked(gone)
		if len(keep) == 0 {
			delete(q.eps, ep)
		} else {
			q.eps[ep] = keep
		}
	}
}

// knownLocked is, per event, the endpoints memory holds of it.
func (q *heldQueue) knownLocked() map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for ep, rs := range q.eps {
		for _, r := range rs {
			if out[r.eventID] == nil {
				out[r.eventID] = map[string]bool{}
			}
			out[r.eventID][ep] = true
		}
	}
	return out
}

// held is how many deliveries memory holds.
func (q *heldQueue) held() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.n
}

// holdFanOut moves f's unleased deliveries to f.held when the event's
// fan-out leased some at insert to endpoints lately fast (lease.Fast) and
// the memory bound allows: their rows would be work nobody can take yet.
// Only a store that claims through an engine holds (lease.Owner set). It
// returns how many it held (store.TransitionResult.Held).
func (s *Store) holdFanOut(f *fanOut, lease store.LeaseParams) int {
	if s.heldq == nil || lease.Owner == "" || lease.Fast == nil || f.unleased == 0 {
		return 0
	}
	fast := false
	for i, o := range f.owners {
		if o != nil && lease.Fast(f.endpoints[i]) {
			fast = true
			break
		}
	}
	if !fast || !s.heldq.room(f.unleased) {
		return 0
	}
	keep := 0
	for i := range f.ids {
		if f.owners[i] == nil {
			f.held = append(f.held, f.endpoints[i])
			continue
		}
		f.ids[keep], f.endpoints[keep], f.due[keep], f.owners[keep] = f.ids[i], f.endpoints[i], f.due[i], f.owners[i]
		keep++
	}
	f.ids, f.endpoints, f.due, f.owners = f.ids[:keep], f.endpoints[:keep], f.due[:keep], f.owners[:keep]
	f.unleased = 0
	f.holder = lease.Owner
	return len(f.held)
}

// heldFilter selects held_fanouts rows for writeHeld: one of the
// qLockHeld… statements, with its arguments.
type heldFilter struct {
	query string
	args  []any
	// limited: query takes a last argument, how many rows it locks
	// (heldWriteEvents), and writeHeld runs it until fewer are left.
	limited bool
	// events, for qLockHeldEvents, are its events; writeHeld takes
	// heldWriteEvents of them at a time.
	events []string
	// pick, when set, says which of the rows' deliveries to write (the
	// others stay held).
	pick func(event, endpoint string) bool
}

// onlyEndpoint picks the deliveries to endpoint.
func onlyEndpoint(endpoint string) func(string, string) bool {
	return func(_, ep string) bool { return ep == endpoint }
}

// heldRow is a locked held_fanouts row, with its event's type and test flag.
type heldRow struct {
	event, account, typ string
	test                bool
	at                  time.Time
	endpoints           []string
}

// queueLockHeld adds sel's lock to b; the rows go to *out.
func queueLockHeld(b *pgx.Batch, sel heldFilter, out *[]heldRow) {
	b.Queue(sel.query, sel.args...).Query(func(rows pgx.Rows) error {
		for rows.Next() {
			var r heldRow
			if err := rows.Scan(&r.event, &r.account, &r.typ, &r.test, &r.at, &r.endpoints); err != nil {
				return err
			}
			*out = append(*out, r)
		}
		return rows.Err()
	})
}

// queueWriteHeld adds to b the writes of the locked rows' deliveries (of
// those pick picks, when set): the deliveries, due since their event, and
// what is left of the lists. *n counts the deliveries written; *taken
// gets those taken off the lists, for heldQueue.forget once committed.
func queueWriteHeld(b *pgx.Batch, locked []heldRow, pick func(event, endpoint string) bool, n *int, taken *[]heldPair) {
	var d struct {
		ids, accounts, events, types, endpoints []string
		at                                      []time.Time
		test                                    []bool
	}
	var restEvents, rest, gone []string
	for _, r := range locked {
		var left []string
		seen := map[string]bool{}
		for _, ep := range r.endpoints {
			if pick != nil && !pick(r.event, ep) {
				left = append(left, ep)
				continue
			}
			if seen[ep] {
				continue // listed twice: one delivery
			}
			seen[ep] = true
			*taken = append(*taken, heldPair{r.event, ep})
			d.ids = append(d.ids, ids.NewAt(ids.Delivery, r.at))
			d.accounts, d.events, d.types = append(d.accounts, r.account), append(d.events, r.event), append(d.types, r.typ)
			d.endpoints, d.at, d.test = append(d.endpoints, ep), append(d.at, r.at), append(d.test, r.test)
		}
		if len(left) == 0 {
			gone = append(gone, r.event)
		} else if len(left) < len(r.endpoints) {
			restEvents, rest = append(restEvents, r.event), append(rest, strings.Join(left, ","))
		}
	}
	if len(d.ids) > 0 {
		b.Queue(qInsertHeldDeliveries, d.ids, d.accounts, d.events, d.types, d.endpoints, d.at, d.test).Exec(func(ct pgconn.CommandTag) error {
			*n += int(ct.RowsAffected())
			return nil
		})
		b.Queue(qNotify)
	}
	if len(rest) > 0 {
		b.Queue(qHeldKeep, restEvents, rest)
	}
	if len(gone) > 0 {
		b.Queue(qHeldGone, gone)
	}
}

// heldWriteEvents is how many events' held rows one transaction of
// writeHeld locks and writes. A gone holder's rows at the memory bound are
// about 500,000 deliveries (10,000 events to 50 endpoints): in one
// transaction they took more than the sweep's 10 s, which rolled back all
// of it, every sweep, and they were never written.
const heldWriteEvents = 200

// writeHeld writes the held deliveries sel selects, heldWriteEvents
// events at a time, each time in one transaction that locks their rows (in
// event order, as every writer of several locks them), inserts the
// deliveries and takes them off the lists, and once that commits drops
// them from memory. It returns how many it wrote; after an error, the
// transactions before it stay written.
func (s *Store) writeHeld(ctx context.Context, sel heldFilter) (int, error) {
	total := 0
	if sel.events != nil {
		for chunk := range slices.Chunk(sel.events, heldWriteEvents) {
			n, _, err := s.writeHeldOnce(ctx, sel.query, []any{chunk}, sel.pick)
			total += n
			if err != nil {
				return total, err
			}
		}
		return total, nil
	}
	for {
		args := sel.args
		if sel.limited {
			args = append(slices.Clone(args), heldWriteEvents)
		}
		n, locked, err := s.writeHeldOnce(ctx, sel.query, args, sel.pick)
		total += n
		// Each run takes what it wrote off the rows it locked, so the
		// next locks others.
		if err != nil || !sel.limited || locked < heldWriteEvents {
			return total, err
		}
	}
}

// writeHeldOnce is one of writeHeld's transactions; it also returns how
// many rows it locked.
func (s *Store) writeHeldOnce(ctx context.Context, query string, args []any, pick func(event, endpoint string) bool) (int, int, error) {
	n, nLocked := 0, 0
	var taken []heldPair
	err := s.inTx(ctx, func(t *txn) error {
		n, nLocked, taken = 0, 0, nil
		var locked []heldRow
		b := &pgx.Batch{}
		queueLockHeld(b, heldFilter{query: query, args: args}, &locked)
		if err := t.send(ctx, b); err != nil {
			return fmt.Errorf("lock held deliveries: %w", err)
		}
		if len(locked) == 0 {
			return nil
		}
		nLocked = len(locked)
		b = &pgx.Batch{}
		queueWriteHeld(b, locked, pick, &n, &taken)
		if err := t.commit(ctx, b); err != nil {
			return fmt.Errorf("write held deliveries: %w", err)
		}
		return nil
	})
	if err == nil {
		s.heldq.forget(taken)
	}
	return n, nLocked, interpretError(err)
}

// flushHeldOf writes the held deliveries of accountID, of only endpoint
// when it is set, before a read or a change that must see them. Nothing
// held, it costs one index probe. It is its own transaction: an event
// that commits meanwhile may keep its held deliveries (ListDeliveries,
// which must show whole events, reads through readWithHeld instead).
func (s *Store) flushHeldOf(ctx context.Context, accountID, endpoint string) error {
	sel := heldFilter{query: qLockSomeHeldOfAccount, args: []any{accountID}, limited: true}
	if endpoint != "" {
		sel = heldFilter{query: qLockSomeHeldOfEndpoint, args: []any{accountID, endpoint}, limited: true, pick: onlyEndpoint(endpoint)}
	}
	return s.flushHeld(ctx, accountID, sel)
}

// flushHeld writes what sel selects if accountID holds any.
func (s *Store) flushHeld(ctx context.Context, accountID string, sel heldFilter) error {
	if s.heldq == nil {
		return nil
	}
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("acquire connection: %w", err)
	}
	var held bool
	err = conn.QueryRow(ctx, qAnyHeld, accountID).Scan(&held)
	conn.Release()
	if err != nil {
		return fmt.Errorf("read held deliveries: %w", interpretError(err))
	}
	if !held {
		return nil
	}
	_, err = s.writeHeld(ctx, sel)
	return err
}

// readWithHeld runs read in a REPEATABLE READ transaction that first
// writes the account's held deliveries its snapshot shows: every event
// the read sees then has all its deliveries (those of events committed
// later are not in the snapshot at all). A flush in a transaction of its
// own, then the read, showed an event committed between the two with its
// leased deliveries and without its held ones, and a client following the
// list with a cursor could pass those for good. Another writer of the
// same held rows since the snapshot (a claim, another read) fails the
// transaction with a serialization failure; it runs again then, with a
// new snapshot, and after maxHeldReadTries such failures the read writes
// them in a transaction of its own and reads after it, as the other reads
// do, rather than fail.
func (s *Store) readWithHeld(ctx context.Context, accountID string, read func(q querier) error) error {
	// What is held already is written first, heldWriteEvents events at a
	// time: the repeatable-read transaction then writes only what commits
	// meanwhile, not a backlog that takes longer than a request. Rows
	// another writer has locked are left to that transaction, which waits
	// for them.
	if err := s.flushHeld(ctx, accountID, heldFilter{query: qSkipSomeHeldOfAccount, args: []any{accountID}, limited: true}); err != nil {
		return err
	}
	tries := maxHeldReadTries
	if s.heldReadTriesForTest != 0 {
		tries = max(s.heldReadTriesForTest, 0)
	}
	for try := 1; try <= tries; try++ {
		err := s.readWithHeldOnce(ctx, accountID, read)
		if !retryableRead(err) {
			return err
		}
		s.heldReadRetries.Add(1)
	}
	if err := s.flushHeldOf(ctx, accountID, ""); err != nil {
		return err
	}
	return read(s.pool)
}

// maxHeldReadTries bounds readWithHeld's runs.
const maxHeldReadTries = 10

func (s *Store) readWithHeldOnce(ctx context.Context, accountID string, read func(q querier) error) error {
	wrote := 0
	var taken []heldPair
	err := s.inTx(ctx, func(t *txn) error {
		wrote, taken = 0, nil
		t.beginSQL = qBeginRepeatableRead
		var locked []heldRow
		b := &pgx.Batch{}
		queueLockHeld(b, heldFilter{query: qLockHeldOfAccount, args: []any{accountID}}, &locked)
		if err := t.send(ctx, b); err != nil {
			return fmt.Errorf("lock held deliveries: %w", err)
		}
		if len(locked) > 0 {
			b = &pgx.Batch{}
			queueWriteHeld(b, locked, nil, &wrote, &taken)
			if err := t.send(ctx, b); err != nil {
				return fmt.Errorf("write held deliveries: %w", err)
			}
		}
		if err := read(t.conn); err != nil {
			return err
		}
		if s.heldAfterReadForTest != nil {
			s.heldAfterReadForTest()
		}
		if err := t.commit(ctx, &pgx.Batch{}); err != nil {
			return fmt.Errorf("read deliveries: %w", err)
		}
		return nil
	})
	if err == nil {
		s.heldq.forget(taken)
	}
	return err
}

// retryableRead reports whether err is a serialization failure or a
// deadlock, after which a transaction may simply run again.
func retryableRead(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// querier is what a read runs its statements on: the pool, or a
// transaction's connection.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// claimHeld writes, before a claim, the held deliveries of the endpoints
// that have room (room caches the claim's answers, so that each endpoint
// is asked once), in one transaction; the claim then takes them as any
// due work.
func (s *Store) claimHeld(ctx context.Context, p store.ClaimParams, room func(string) int) error {
	want := map[string]map[string]bool{} // event → endpoints
	var events []string
	for _, ep := range s.heldq.endpoints() {
		n := room(ep)
		if n <= 0 {
			continue
		}
		for _, r := range s.heldq.take(ep, n) {
			if want[r.eventID] == nil {
				want[r.eventID] = map[string]bool{}
				events = append(events, r.eventID)
			}
			want[r.eventID][ep] = true
		}
	}
	if len(events) == 0 {
		return nil
	}
	_, err := s.writeHeld(ctx, heldFilter{query: qLockHeldEvents, events: events,
		pick: func(event, ep string) bool { return want[event][ep] }})
	if err != nil {
		// Taken off memory but maybe not written: the sweep writes
		// whatever is left of them.
		s.heldq.doubted(p.Owner)
	}
	return err
}

// startSweeps starts, with the store's first claim, the sweeps of held
// deliveries (sweepHeld), every heldSweep until Close, and counts owner
// among this store's holders.
func (s *Store) startSweeps(owner string) {
	q := s.heldq
	q.mu.Lock()
	if owner != "" && !q.owners[owner] {
		q.owners[owner] = true
		q.doubt = true // its rows of an earlier run are not in memory
	}
	q.mu.Unlock()
	// And the status sweeper, which finishes the sweeps a dead instance
	// left (status_sweep.go).
	s.startStatusSweeper()
	s.sweepOnce.Do(func() {
		s.sweepStop, s.sweepDone = make(chan struct{}), make(chan struct{})
		go func() {
			defer close(s.sweepDone)
			every := heldSweep
			if s.heldSweepForTest > 0 {
				every = s.heldSweepForTest
			}
			t := time.NewTicker(every)
			defer t.Stop()
			for {
				ctx, cancel := context.WithTimeout(context.Background(), heldSweep*5)
				if err := s.sweepHeld(ctx); err != nil {
					s.logHeld(err)
				}
				cancel()
				s.sweeps.Add(1)
				select {
				case <-s.sweepStop:
					return
				case <-t.C:
				}
			}
		}()
	})
}

// stopSweeps ends startSweeps' goroutine (Close, which may run more than
// once).
func (s *Store) stopSweeps() {
	s.sweepOnce.Do(func() {}) // none starts after this
	s.sweepStopOnce.Do(func() {
		if s.sweepStop != nil {
			close(s.sweepStop)
			<-s.sweepDone
		}
	})
}

// sweepHeld writes the held deliveries whose holder is gone, and those of
// this store's holders that its memory does not know (when in doubt). A
// holder whose write fails does not keep the others from theirs, and a
// doubt stays for the next sweep until its rows are written.
func (s *Store) sweepHeld(ctx context.Context) (err error) {
	q := s.heldq
	q.mu.Lock()
	var mine []string
	for o := range q.owners {
		mine = append(mine, o)
	}
	doubt := q.doubt
	q.doubt = false
	q.mu.Unlock()
	doubtLeft := doubt
	defer func() {
		if doubtLeft {
			q.mu.Lock()
			q.doubt = true
			q.mu.Unlock()
		}
	}()

	rows, err := s.pool.Query(ctx, qHeldHolders)
	if err != nil {
		return fmt.Errorf("read holders of held deliveries: %w", interpretError(err))
	}
	holders, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("read holders of held deliveries: %w", interpretError(err))
	}
	var errs []error
	ownFailed := false
	for _, h := range holders {
		if slices.Contains(mine, h) {
			if !doubt {
				continue
			}
			if err := s.writeUnknownHeld(ctx, h); err != nil {
				ownFailed = true
				errs = append(errs, err)
			}
			continue
		}
		if err := s.writeGoneHolder(ctx, h); err != nil {
			errs = append(errs, err)
		}
	}
	doubtLeft = ownFailed
	return errors.Join(errs...)
}

// writeUnknownHeld writes holder's held deliveries that memory does not
// hold. It compares each delivery, not each event: a claim that took some
// of an event's deliveries off memory and failed to write them leaves
// others of that event in memory.
func (s *Store) writeUnknownHeld(ctx context.Context, holder string) error {
	rows, err := s.pool.Query(ctx, qHeldOf, holder)
	if err != nil {
		return fmt.Errorf("read held deliveries of %s: %w", holder, interpretError(err))
	}
	type held struct {
		event     string
		endpoints []string
	}
	all, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (held, error) {
		var h held
		err := r.Scan(&h.event, &h.endpoints)
		return h, err
	})
	if err != nil {
		return fmt.Errorf("read held deliveries of %s: %w", holder, interpretError(err))
	}
	s.heldq.mu.Lock()
	known := s.heldq.knownLocked()
	s.heldq.mu.Unlock()
	unknown := map[string]map[string]bool{}
	var events []string
	for _, h := range all {
		for _, ep := range h.endpoints {
			if known[h.event][ep] {
				continue
			}
			if unknown[h.event] == nil {
				unknown[h.event] = map[string]bool{}
				events = append(events, h.event)
			}
			unknown[h.event][ep] = true
		}
	}
	if len(events) == 0 {
		return nil
	}
	_, err = s.writeHeld(ctx, heldFilter{query: qLockHeldEvents, events: events,
		pick: func(event, ep string) bool { return unknown[event][ep] }})
	return err
}

// writeGoneHolder writes holder's rows if no session holds its instance
// id: taking the id's lock for the time of the write keeps a new instance
// with that id from starting meanwhile (it waits for the id).
func (s *Store) writeGoneHolder(ctx context.Context, holder string) error {
	if s.goneHolderErrForTest != nil {
		if err := s.goneHolderErrForTest(holder); err != nil {
			return err
		}
	}
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("acquire connection: %w", err)
	}
	defer conn.Release()
	var free bool
	if err := conn.QueryRow(ctx, qTryInstance, holder).Scan(&free); err != nil {
		return fmt.Errorf("check holder %s: %w", holder, interpretError(err))
	}
	if !free {
		return nil // alive
	}
	_, werr := s.writeHeld(ctx, heldFilter{query: qLockSomeHeldOfHolder, args: []any{holder}, limited: true})
	if _, err := conn.Exec(context.WithoutCancel(ctx), qUnlockInstance, holder); err != nil {
		conn.Conn().Close(context.WithoutCancel(ctx)) // the lock goes with the session
	}
	return werr
}

// logHeld reports a failure to write held deliveries, at most once per
// heldSweep: the claims that meet it go on, and the next sweep tries again.
func (s *Store) logHeld(err error) {
	now := time.Now().UnixNano()
	last := s.heldLogged.Load()
	if s.log == nil || now-last < int64(heldSweep) || !s.heldLogged.CompareAndSwap(last, now) {
		return
	}
	s.log.Warn("write held deliveries; trying again", slog.Any("err", err))
}
