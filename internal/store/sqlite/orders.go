package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/store"
)

func scanOrder(row interface{ Scan(...any) error }) (store.Order, error) {
	var o store.Order
	var created, updated int64
	var delivered, cancelled sql.NullInt64
	var delReq int
	err := row.Scan(&o.ID, &o.AccountID, &o.Status, &created, &updated, &o.StampRequest.ID, &o.StampRequest.State,
		&o.StampRequest.Amount, &o.StampRequest.ArticleCode, &o.StampRequest.Provider, &delReq, &o.ErrorCode,
		&o.ErrorMessage, &o.DeliveryPartner, &o.TrackingID, &delivered, &o.CancelReason, &cancelled,
		&o.RefundAmount, &o.RefundStatus, &o.Version)
	o.CreatedAt, o.UpdatedAt = fromMicros(created), fromMicros(updated)
	o.DeliveredAt, o.CancelledAt = fromNullMicros(delivered), fromNullMicros(cancelled)
	o.DeliveryRequested = delReq == 1
	return o, err
}

func (s *Store) CreateOrder(ctx context.Context, p store.CreateOrderParams) (store.CreateOrderResult, error) {
	var res store.CreateOrderResult
	err := s.write(ctx, func(tx *sql.Tx) error {
		res = store.CreateOrderResult{}
		if p.IdempotencyKey != "" {
			var hash, resp []byte
			var orderID string
			err := tx.QueryRow(qIdempotencyKey, p.Order.AccountID, p.IdempotencyKey).Scan(&hash, &resp, &orderID)
			switch {
			case err == nil:
				if !p.SameRequest(hash) {
					return &store.IdempotencyMismatchError{OrderID: orderID}
				}
				o, err := scanOrder(tx.QueryRow(qOrderByID, orderID))
				if err != nil {
					return fmt.Errorf("idempotent replay of %s: %w", orderID, err)
				}
				res = store.CreateOrderResult{Order: o, Replayed: true, Response: resp}
				return nil
			case !errors.Is(err, sql.ErrNoRows):
				return fmt.Errorf("read idempotency key: %w", err)
			}
		}
		o := p.Order
		_, err := tx.Exec(qInsertOrder, o.ID, o.AccountID, o.Status, micros(o.CreatedAt), micros(o.UpdatedAt), o.StampRequest.ID, o.StampRequest.State,
			o.StampRequest.Amount, o.StampRequest.ArticleCode, o.StampRequest.Provider, boolInt(o.DeliveryRequested),
			o.ErrorCode, o.ErrorMessage, o.DeliveryPartner, o.TrackingID, nullMicros(o.DeliveredAt), o.CancelReason,
			nullMicros(o.CancelledAt), o.RefundAmount, o.RefundStatus, o.Version)
		if err != nil {
			return fmt.Errorf("insert order: %w", err)
		}
		if p.IdempotencyKey != "" {
			if _, err := tx.Exec(qInsertIdempotencyKey, o.AccountID, p.IdempotencyKey, p.RequestHash, o.ID, p.Response, micros(p.Now)); err != nil {
				return fmt.Errorf("insert idempotency key: %w", err)
			}
		}
		res.Order = o
		return nil
	})
	return res, err
}

func (s *Store) GetOrder(ctx context.Context, accountID, id string) (store.Order, error) {
	o, err := scanOrder(s.reader.QueryRowContext(ctx, qOrderByID, id))
	if err == nil && accountID != "" && o.AccountID != accountID {
		return store.Order{}, store.ErrNotFound
	}
	return o, notFound(err)
}

func (s *Store) ListOrders(ctx context.Context, p store.ListOrdersParams) ([]store.Order, bool, error) {
	return list(ctx, s.reader, qListOrders, p.AccountID,
		[]filter{{"status", p.Status}}, p.ListParams, scanOrder)
}

// filter is an optional equality condition of a list query.
type filter struct{ col, val string }

// list runs a list query: base (whose one parameter is the account) plus
// the filters that have a value, the cursor, newest first, one row more
// than the page to tell whether there is a next one.
func list[T any](ctx context.Context, db *sql.DB, base, accountID string, filters []filter, lp store.ListParams,
	scan func(interface{ Scan(...any) error }) (T, error)) ([]T, bool, error) {
	return listWith(ctx, db, base, []any{accountID}, filters, lp, scan)
}

// listWith is list for a base whose parameters are baseArgs (the account
// named more than once).
func listWith[T any](ctx context.Context, db *sql.DB, base string, baseArgs []any, filters []filter, lp store.ListParams,
	scan func(interface{ Scan(...any) error }) (T, error)) ([]T, bool, error) {
	q, args := base, slices.Clone(baseArgs)
	for _, f := range filters {
		if f.val != "" {
			q += qFilterEq(f.col)
			args = append(args, f.val)
		}
	}
	q, args = cursorSQL(q, args, lp)
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, false, fmt.Errorf("list: %w", err)
	}
	defer rows.Close()
	out, err := store.CollectRows(rows, scan)
	return store.Page(out, lp, err)
}

func (s *Store) TransitionOrder(ctx context.Context, p store.TransitionParams) (store.TransitionResult, error) {
	var res store.TransitionResult
	var later *deferredFanout
	var cur store.Order
	var tr store.Transition
	// Without a savepoint (writeOp.bare): every refusal (no such order, a
	// transition the order's state does not allow) is found by check,
	// before anything is written.
	check := func(tx *sql.Tx) error {
		res, later = store.TransitionResult{}, nil
		var err error
		cur, err = scanOrder(s.stmt(tx, qOrderByID).QueryRow(p.OrderID))
		if err != nil {
			return notFound(err)
		}
		if p.AccountID != "" && cur.AccountID != p.AccountID {
			return store.ErrNotFound
		}
		tr, err = p.Decide(cur)
		return err
	}
	err := s.writeBare(ctx, check, func(tx *sql.Tx) error {
		// The writer is the only one, and check read the order in this
		// same transaction: the version guard cannot miss here.
		o := tr.Order
		r, err := s.stmt(tx, qUpdateOrder).Exec(o.Status, micros(o.UpdatedAt), o.ErrorCode, o.ErrorMessage, o.DeliveryPartner,
			o.TrackingID, nullMicros(o.DeliveredAt), o.CancelReason, nullMicros(o.CancelledAt), o.RefundAmount,
			o.RefundStatus, o.Version, o.ID, cur.Version)
		if err != nil {
			return fmt.Errorf("update order: %w", err)
		}
		if n, _ := r.RowsAffected(); n != 1 {
			return fmt.Errorf("update order %s: %w", o.ID, store.ErrConflict)
		}
		res.Order = o
		if tr.Event == nil {
			return nil
		}
		res.Event = tr.Event
		var split **deferredFanout
		if p.Lease.Dispatch != nil {
			split = &later
		}
		return s.fanOut(tx, tr.Event, "", p.Lease, p.Now, &res, split)
	})
	if err != nil && later != nil {
		s.fanq.release(later)
	}
	if err != nil || later == nil {
		return res, err
	}
	// Step 2 of a deferred fan-out (fanout.go): the leased deliveries leave
	// now, the rest are written behind them.
	dispatchEarly(p.Lease, &res)
	s.runDeferred(ctx, later, p.Lease.Dispatch)
	return res, nil
}

// fanOut writes the event and one delivery per enabled endpoint subscribed to
// its type (only onlyEndpoint, when set). When split is not nil and some of
// the deliveries are leased at insert and others not, the others are left
// to a second write: *split describes it, and the event records their
// endpoints in fanout_pending (see fanout.go).
func (s *Store) fanOut(tx *sql.Tx, ev *store.Event, onlyEndpoint string, lease store.LeaseParams, now time.Time, res *store.TransitionResult, split **deferredFanout) error {
	lease.Until = store.LeaseEnd(lease.Until) // what due_at holds, and results bring back
	// The deliveries' created_at; they are due from now, the request's time.
	created := store.FanOutTime(ev, now)
	live, err := s.liveEndpoints(tx, ev.AccountID)
	if err != nil {
		return err
	}
	type target struct {
		id, url string
		secrets []string
	}
	var targets []target
	for i := range live {
		e := &live[i]
		if onlyEndpoint != "" && e.ID != onlyEndpoint {
			continue
		}
		if onlyEndpoint == "" && !e.Subscribed(ev.Type) {
			continue
		}
		targets = append(targets, target{e.ID, e.URL, e.Secrets(now)})
	}
	// leased: the engine takes the delivery now (its lane has room).
	// first: it is also worth writing before the others when the event is
	// split in two (see fanout.go): leased, to a fast endpoint.
	leased := make([]bool, len(targets))
	first := make([]bool, len(targets))
	nFirst := 0
	for i, t := range targets {
		if lease.Reserve != nil && lease.Reserve(t.id) {
			leased[i] = true
			if lease.Fast == nil || lease.Fast(t.id) {
				first[i] = true
				nFirst++
			}
		}
	}
	if split != nil && nFirst == 0 {
		// Nothing is known to be fast yet (a new account, or a restart): a
		// request's write still holds at most one chunk of deliveries.
		for i := range targets {
			if leased[i] && nFirst < deferredChunk {
				first[i] = true
				nFirst++
			}
		}
	}
	var later *deferredFanout
	var pending any
	if split != nil && nFirst > 0 && nFirst < len(targets) {
		later = &deferredFanout{eventID: ev.ID, accountID: ev.AccountID, eventType: ev.Type, test: ev.Test, at: created,
			payload: ev.Payload, eventCreated: ev.CreatedAt, owner: lease.Owner, until: lease.Until}
		// Taken inside step 1's transaction: whatever adds to doubts after
		// it may concern this event.
		later.gen = s.doubts.Load()
		*split = later
		// From now on finishFanouts leaves the event to the fan-out queue.
		s.fanq.hold(later)
	}
	deliveryIDs := make([]string, len(targets))
	for i, t := range targets {
		deliveryIDs[i] = ids.NewAt(ids.Delivery, created)
		if later != nil && !first[i] {
			later.endpoints = append(later.endpoints, t.id)
			later.ids = append(later.ids, deliveryIDs[i])
			later.leased = append(later.leased, leased[i])
		}
	}
	if later != nil {
		pending = strings.Join(later.endpoints, ",")
	}
	var orderID any
	if ev.OrderID != "" {
		orderID = ev.OrderID
	}
	if _, err := s.stmt(tx, qInsertEvent).Exec(ev.ID, ev.AccountID, orderID, ev.Type, ev.Payload, micros(ev.CreatedAt), boolInt(ev.Test), pending); err != nil {
		return fmt.Errorf("insert event: %w", err)
	}
	ins := s.stmt(tx, qInsertDelivery)
	for i, t := range targets {
		res.Deliveries++
		if later != nil && !first[i] {
			continue
		}
		id := deliveryIDs[i]
		var due any = micros(now)
		var owner any
		if leased[i] {
			due, owner = micros(lease.Until), lease.Owner
		}
		if _, err := ins.Exec(id, ev.AccountID, ev.ID, ev.Type, t.id, due, owner, micros(created), micros(created), boolInt(ev.Test)); err != nil {
			return fmt.Errorf("insert delivery: %w", err)
		}
		if leased[i] {
			res.Work = append(res.Work, store.Work{
				DeliveryID: id, AccountID: ev.AccountID, EventID: ev.ID, EventType: ev.Type, EndpointID: t.id,
				URL: t.url, Secrets: t.secrets, Payload: ev.Payload, Attempt: 1, RoundAttempt: 1,
				LeaseOwner: lease.Owner, LeaseUntil: lease.Until, CreatedAt: created, EventCreated: ev.CreatedAt,
			})
		}
	}
	return nil
}

// liveEndpoints is the account's enabled endpoints, as fanOut and
// materialize need them. It runs in the writer goroutine, like every
// operation, and keeps each account's list in Store.endpoints until an
// endpoint write or a failed commit clears it (forgetEndpoints): reading
// them took about 12 µs of the writer's ≈ 180 µs per event.
func (s *Store) liveEndpoints(tx *sql.Tx, accountID string) ([]store.Endpoint, error) {
	if eps, ok := s.endpoints[accountID]; ok {
		return eps, nil
	}
	rows, err := s.stmt(tx, qAccountEndpoints).Query(accountID)
	if err != nil {
		return nil, fmt.Errorf("select endpoints: %w", err)
	}
	defer rows.Close()
	eps := []store.Endpoint{}
	for rows.Next() {
		var e store.Endpoint
		var events string
		var prevExp sql.NullInt64
		var older string
		if err := rows.Scan(&e.ID, &e.URL, &events, &e.Secret, &e.PreviousSecret, &prevExp, &older); err != nil {
			return nil, fmt.Errorf("select endpoints: %w", err)
		}
		var err error
		if e.OlderSecrets, err = store.DecodeOlderSecrets(older); err != nil {
			return nil, err
		}
		e.Events = strings.Split(events, ",")
		e.PreviousSecretExpiresAt = fromNullMicros(prevExp)
		eps = append(eps, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("select endpoints: %w", err)
	}
	if len(s.endpoints) >= maxCachedAccounts {
		clear(s.endpoints)
	}
	s.endpoints[accountID] = eps
	return eps, nil
}

// maxCachedAccounts bounds Store.endpoints.
const maxCachedAccounts = 10_000

// forgetEndpoints empties the cache of liveEndpoints. Every operation that
// writes an endpoint calls it first, and the writer calls it when a
// transaction is lost: a list read inside a transaction that then rolled
// back may hold what was never committed.
func (s *Store) forgetEndpoints() { clear(s.endpoints) }

func (s *Store) CreateTestEvent(ctx context.Context, ev store.Event, endpointID string, lease store.LeaseParams) (store.TransitionResult, error) {
	var res store.TransitionResult
	err := s.write(ctx, func(tx *sql.Tx) error {
		res = store.TransitionResult{Event: &ev}
		var enabled bool
		err := tx.QueryRow(qEndpointEnabled, endpointID, ev.AccountID).Scan(&enabled)
		if errors.Is(err, sql.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("read endpoint %s: %w", endpointID, err)
		}
		if !enabled {
			return store.ErrEndpointDisabled
		}
		return s.fanOut(tx, &ev, endpointID, lease, ev.CreatedAt, &res, nil)
	})
	return res, err
}

func scanEvent(row interface{ Scan(...any) error }) (store.Event, error) {
	var e store.Event
	var created int64
	var test int
	err := row.Scan(&e.ID, &e.AccountID, &e.OrderID, &e.Type, &e.Payload, &created, &test)
	e.CreatedAt, e.Test = fromMicros(created), test == 1
	return e, err
}

func (s *Store) GetEvent(ctx context.Context, accountID, id string) (store.Event, error) {
	e, err := scanEvent(s.reader.QueryRowContext(ctx, qGetEvent, id, accountID))
	return e, notFound(err)
}

func (s *Store) ListEvents(ctx context.Context, p store.ListEventsParams) ([]store.Event, bool, error) {
	return list(ctx, s.reader, qListEvents, p.AccountID,
		[]filter{{"type", p.Type}, {"order_id", p.OrderID}}, p.ListParams, scanEvent)
}
