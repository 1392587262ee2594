package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/store"
)

// Deferred fan-out.
//
// An event to many endpoints writes one delivery row per endpoint, and each
// row sits in two per-endpoint indexes: an event to 50 endpoints dirties
// about 100 index pages, every one of them a WAL frame at commit. When some
// of those endpoints cannot take work now (their lanes are full: slow or
// failing receivers), making the event's healthy deliveries wait for all of
// that is what let slow neighbours slow a healthy endpoint down.
//
// So TransitionOrder writes in two steps when some of an event's deliveries
// are leased at insert to fast endpoints (LeaseParams.Fast: lately
// successful and quick) and others are not (not leased: their lanes are
// full; or leased to endpoints that are new, slow or failing):
//
//  1. with the request's priority: the order, the event, and the fast
//     endpoints' deliveries; the event's fanout_pending column lists the
//     other endpoints. After this commit the leased work goes to its lanes
//     (LeaseParams.Dispatch).
//  2. as background work (the writer's bulk queue), in chunks of at most
//     deferredChunk: the other deliveries, leased or due now, each chunk
//     taking its endpoints off fanout_pending. A request's write waits for
//     at most one chunk; when none comes, chunks of many events share one
//     commit, and so their index pages. Each chunk's leased work is
//     dispatched once it commits.
//
// TransitionOrder returns after step 2, so a caller that reads after it
// sees every delivery. If the process dies between the two steps, Open
// finishes step 2 from fanout_pending (finishFanouts).

const (
	qFanoutPending    = `SELECT fanout_pending FROM events WHERE id = ?`
	qSetFanoutPending = `UPDATE events SET fanout_pending = ? WHERE id = ?`
	qPendingFanouts   = `SELECT id, account_id, type, test, created_at, fanout_pending FROM events
 WHERE fanout_pending IS NOT NULL AND id > ? ORDER BY id LIMIT ?`
)

// deferredFanout is step 2 of an event's fan-out: its deliveries to
// endpoints, with the ids chosen in step 1 (so ids keep event order).
type deferredFanout struct {
	eventID, accountID, eventType string
	test                          bool
	at                            time.Time // the deliveries' created_at and due time
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
	// work is what materialize leased, for the caller to dispatch.
	work []store.Work
}

// materialize writes those of f's deliveries whose endpoints the event's
// fanout_pending still lists, and takes them off it (NULL once empty): the
// list is the claim, so a delivery is never written twice, whichever run
// (a chunk of step 2, or finishFanouts after a crash) gets there first, and
// in whatever order chunks succeed or fail. An endpoint disabled or deleted
// since step 1 gets its delivery parked, as its sweep would have left it.
func (s *Store) materialize(tx *sql.Tx, f *deferredFanout) error {
	f.work = nil
	var pending sql.NullString
	if err := s.stmt(tx, qFanoutPending).QueryRow(f.eventID).Scan(&pending); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil // pruned: nothing is left to write
		}
		return fmt.Errorf("fan out %s: %w", f.eventID, err)
	}
	if !pending.Valid {
		return nil
	}
	left := strings.Split(pending.String, ",")
	mine := make(map[string]bool, len(f.endpoints))
	for _, ep := range f.endpoints {
		mine[ep] = true
	}
	todo := make(map[string]bool, len(f.endpoints))
	rest := left[:0:0]
	for _, ep := range left {
		if mine[ep] {
			todo[ep] = true
		} else {
			rest = append(rest, ep)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	var next any
	if len(rest) > 0 {
		next = strings.Join(rest, ",")
	}
	if _, err := s.stmt(tx, qSetFanoutPending).Exec(next, f.eventID); err != nil {
		return fmt.Errorf("fan out %s: %w", f.eventID, err)
	}
	eps, err := s.liveEndpoints(tx, f.accountID)
	if err != nil {
		return fmt.Errorf("fan out %s: %w", f.eventID, err)
	}
	live := make(map[string]*store.Endpoint, len(eps))
	for i := range eps {
		live[eps[i].ID] = &eps[i]
	}
	at := micros(f.at)
	ins := s.stmt(tx, qInsertDelivery)
	for i, ep := range f.endpoints {
		if !todo[ep] {
			continue
		}
		delete(todo, ep) // an endpoint listed twice gets one delivery
		var due, owner any
		e, ok := live[ep]
		leased := ok && i < len(f.leased) && f.leased[i]
		switch {
		case leased:
			due, owner = micros(f.until), f.owner
		case ok:
			due = at
		}
		if _, err := ins.Exec(f.ids[i], f.accountID, f.eventID, f.eventType, ep, due, owner, at, at, boolInt(f.test)); err != nil {
			return fmt.Errorf("fan out %s: insert delivery: %w", f.eventID, err)
		}
		if leased {
			f.work = append(f.work, store.Work{
				DeliveryID: f.ids[i], AccountID: f.accountID, EventID: f.eventID, EventType: f.eventType, EndpointID: ep,
				URL: e.URL, Secrets: e.Secrets(f.at), Payload: f.payload, Attempt: 1, RoundAttempt: 1,
				LeaseOwner: f.owner, LeaseUntil: f.until, CreatedAt: f.at, EventCreated: f.eventCreated,
			})
		}
	}
	return nil
}

// chunks cuts f into parts of at most deferredChunk deliveries, of nearly
// equal size.
func (f *deferredFanout) chunks() []*deferredFanout {
	n := (len(f.endpoints) + deferredChunk - 1) / deferredChunk
	if n <= 1 {
		return []*deferredFanout{f}
	}
	size := (len(f.endpoints) + n - 1) / n
	var out []*deferredFanout
	for from := 0; from < len(f.endpoints); from += size {
		to := min(from+size, len(f.endpoints))
		c := *f
		c.endpoints, c.ids = f.endpoints[from:to], f.ids[from:to]
		c.leased = nil
		if len(f.leased) >= to {
			c.leased = f.leased[from:to]
		}
		c.work = nil
		out = append(out, &c)
	}
	return out
}

// deferredChunk is the most deliveries one write of step 2 holds. The
// writer runs such writes only while no request's write waits, so this is
// about how long a request may wait behind them: 16 deliveries take about
// half a millisecond. Chunks of one event share a transaction when no
// request comes between them.
const deferredChunk = 16

// runDeferred queues f, in chunks, as background work and waits for them,
// or for ctx: once queued they commit whether or not the caller still
// waits. The deliveries each chunk leased go to dispatch as it commits. A
// failure (or a store closing first) leaves what it did not write in
// fanout_pending; finishFanouts picks it up, from the checkpoint loop or at
// the next Open, and writes those deliveries due for a claim.
func (s *Store) runDeferred(ctx context.Context, f *deferredFanout, dispatch func([]store.Work)) {
	type queued struct {
		op *writeOp
		f  *deferredFanout
	}
	var ops []queued
	for _, c := range f.chunks() {
		// Bare: only SQLite's own failures can make a chunk fail.
		op := &writeOp{ctx: context.Background(), fn: func(tx *sql.Tx) error { return s.materialize(tx, c) }, done: make(chan error, 1), bare: true}
		if err := s.submit(context.Background(), s.bulk, op); err != nil {
			break // closed: Open finishes the rest
		}
		ops = append(ops, queued{op, c})
	}
	finish := func(q queued, err error) {
		if err != nil {
			s.fanoutRetry.Store(true)
			return
		}
		if len(q.f.work) > 0 && dispatch != nil {
			dispatch(q.f.work)
		}
	}
	for i, q := range ops {
		select {
		case err := <-q.op.done:
			finish(q, err)
		case <-ctx.Done():
			rest := ops[i:]
			go func() {
				for _, q := range rest {
					finish(q, s.await(q.op.done))
				}
			}()
			return
		}
	}
}

// fanoutChunk is how many events one write of finishFanouts completes.
const fanoutChunk = 200

// finishFanouts completes every event's step 2 that is still pending: after
// a crash (run by Open) or a failed write (run by the checkpoint loop).
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
				if err := s.materialize(tx, f); err != nil {
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

// dispatchEarly hands step 1's leased work over and empties res.Work.
func dispatchEarly(lease store.LeaseParams, res *store.TransitionResult) {
	if len(res.Work) > 0 {
		lease.Dispatch(res.Work)
		res.Work = nil
	}
}
