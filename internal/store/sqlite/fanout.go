package sqlite

import (
	"context"
	"database/sql"
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
// So TransitionOrder writes in two steps when the engine leased some of an
// event's deliveries at insert and not others:
//
//  1. with the request's priority: the order, the event, and the leased
//     deliveries; the event's fanout_pending column lists the other
//     endpoints. After this commit the leased work goes to its lanes
//     (LeaseParams.Dispatch).
//  2. as background work (writeBulk): the other deliveries, due now, and
//     fanout_pending cleared, in one transaction. Under load many events'
//     second steps share one commit, and so their index pages.
//
// TransitionOrder returns after step 2, so a caller that reads after it
// sees every delivery. If the process dies between the two steps, Open
// finishes step 2 from fanout_pending (finishFanouts).

const (
	qTakeFanout     = `UPDATE events SET fanout_pending = NULL WHERE id = ? AND fanout_pending IS NOT NULL`
	qPendingFanouts = `SELECT id, account_id, type, test, created_at, fanout_pending FROM events
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

// materialize writes f's deliveries unless another run did already (the
// event's fanout_pending is the claim: whoever clears it writes them).
// An endpoint disabled or deleted since step 1 gets its delivery parked, as
// its sweep would have left it.
func (s *Store) materialize(tx *sql.Tx, f *deferredFanout) error {
	r, err := s.stmt(tx, qTakeFanout).Exec(f.eventID)
	if err != nil {
		return fmt.Errorf("fan out %s: %w", f.eventID, err)
	}
	if n, _ := r.RowsAffected(); n == 0 {
		return nil
	}
	eps, err := s.liveEndpoints(tx, f.accountID)
	if err != nil {
		return fmt.Errorf("fan out %s: %w", f.eventID, err)
	}
	live := make(map[string]*store.Endpoint, len(eps))
	for i := range eps {
		live[eps[i].ID] = &eps[i]
	}
	f.work = nil
	at := micros(f.at)
	ins := s.stmt(tx, qInsertDelivery)
	for i, ep := range f.endpoints {
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

// runDeferred queues f as background work and waits for it, or for ctx:
// once queued it commits whether or not the caller still waits. Then the
// deliveries it leased go to dispatch. A failure (or a store closing first)
// leaves fanout_pending set; finishFanouts picks it up, from the checkpoint
// loop or at the next Open, and writes them due for a claim.
func (s *Store) runDeferred(ctx context.Context, f *deferredFanout, dispatch func([]store.Work)) {
	op := &writeOp{ctx: context.Background(), fn: func(tx *sql.Tx) error { return s.materialize(tx, f) }, done: make(chan error, 1)}
	if err := s.submit(context.Background(), s.bulk, op); err != nil {
		return // closed: Open finishes it
	}
	finish := func(err error) {
		if err != nil {
			s.fanoutRetry.Store(true)
			return
		}
		if len(f.work) > 0 && dispatch != nil {
			dispatch(f.work)
		}
	}
	select {
	case err := <-op.done:
		finish(err)
	case <-ctx.Done():
		go func() { finish(s.await(op.done)) }()
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
