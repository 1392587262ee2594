package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/store"
)

func scanOrder(row scanner) (store.Order, error) {
	var o store.Order
	err := row.Scan(&o.ID, &o.AccountID, &o.Status, &o.CreatedAt, &o.UpdatedAt, &o.StampRequest.ID, &o.StampRequest.State,
		&o.StampRequest.Amount, &o.StampRequest.ArticleCode, &o.StampRequest.Provider, &o.DeliveryRequested, &o.ErrorCode,
		&o.ErrorMessage, &o.DeliveryPartner, &o.TrackingID, &o.DeliveredAt, &o.CancelReason, &o.CancelledAt,
		&o.RefundAmount, &o.RefundStatus, &o.Version)
	o.CreatedAt, o.UpdatedAt = utc(o.CreatedAt), utc(o.UpdatedAt)
	o.DeliveredAt, o.CancelledAt = utcPtr(o.DeliveredAt), utcPtr(o.CancelledAt)
	return o, err
}

func orderArgs(o store.Order) []any {
	return []any{o.ID, o.AccountID, o.Status, o.CreatedAt, o.UpdatedAt, o.StampRequest.ID, o.StampRequest.State,
		o.StampRequest.Amount, o.StampRequest.ArticleCode, o.StampRequest.Provider, o.DeliveryRequested,
		o.ErrorCode, o.ErrorMessage, o.DeliveryPartner, o.TrackingID, o.DeliveredAt, o.CancelReason,
		o.CancelledAt, o.RefundAmount, o.RefundStatus, o.Version}
}

func (s *Store) CreateOrder(ctx context.Context, p store.CreateOrderParams) (store.CreateOrderResult, error) {
	o := p.Order
	if p.IdempotencyKey == "" {
		if _, err := s.pool.Exec(ctx, qInsertOrder, orderArgs(o)...); err != nil {
			return store.CreateOrderResult{}, fmt.Errorf("insert order: %w", interpretError(err))
		}
		return store.CreateOrderResult{Order: o}, nil
	}
	// One statement writes the key and the order, or neither when the key
	// exists: then the request is a repeat, to replay or refuse. A key that
	// disappears in between (pruned) makes the next round write it anew.
	args := append(orderArgs(o), p.IdempotencyKey, nonNil(p.RequestHash), nonNil(p.Response), p.Now)
	for range 3 {
		tag, err := s.pool.Exec(ctx, qInsertOrderIdempotent, args...)
		if err != nil {
			return store.CreateOrderResult{}, fmt.Errorf("insert order: %w", interpretError(err))
		}
		if tag.RowsAffected() == 1 {
			return store.CreateOrderResult{Order: o}, nil
		}
		var hash, resp []byte
		var orderID string
		err = s.pool.QueryRow(ctx, qIdempotencyKey, o.AccountID, p.IdempotencyKey).Scan(&hash, &resp, &orderID)
		if errors.Is(err, pgx.ErrNoRows) {
			continue
		}
		if err != nil {
			return store.CreateOrderResult{}, interpretError(err)
		}
		if !p.SameRequest(hash) {
			return store.CreateOrderResult{}, &store.IdempotencyMismatchError{OrderID: orderID}
		}
		prev, err := scanOrder(s.pool.QueryRow(ctx, qOrderByID, orderID))
		if err != nil {
			return store.CreateOrderResult{}, fmt.Errorf("idempotent replay of %s: %w", orderID, interpretError(err))
		}
		return store.CreateOrderResult{Order: prev, Replayed: true, Response: resp}, nil
	}
	return store.CreateOrderResult{}, fmt.Errorf("idempotency key %q: %w", p.IdempotencyKey, store.ErrConflict)
}

func (s *Store) GetOrder(ctx context.Context, accountID, id string) (store.Order, error) {
	o, err := scanOrder(s.pool.QueryRow(ctx, qOrderByID, id))
	if err == nil && accountID != "" && o.AccountID != accountID {
		return store.Order{}, store.ErrNotFound
	}
	return o, interpretError(err)
}

func (s *Store) ListOrders(ctx context.Context, p store.ListOrdersParams) ([]store.Order, bool, error) {
	q, args := listSQL(qListOrders, p.ListParams, []filter{{colStatus, p.Status}})
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, false, interpretError(err)
	}
	defer rows.Close()
	out, err := store.CollectRows(rows, scanOrder)
	return store.Page(out, p.ListParams, err)
}

// fanOutEndpoint is an enabled endpoint as a fan-out needs it.
type fanOutEndpoint struct {
	store.Endpoint
}

// readOlder finishes a scan of fanOutCols: the times in UTC, the older
// secrets decoded.
func (e *fanOutEndpoint) readOlder(older string) (err error) {
	e.PreviousSecretExpiresAt = utcPtr(e.PreviousSecretExpiresAt)
	e.OlderSecrets, err = store.DecodeOlderSecrets(older)
	return err
}

func scanFanOutEndpoints(rows pgx.Rows) ([]fanOutEndpoint, error) {
	var out []fanOutEndpoint
	for rows.Next() {
		var e fanOutEndpoint
		var older string
		if err := rows.Scan(&e.ID, &e.URL, &e.Events, &e.Secret, &e.PreviousSecret, &e.PreviousSecretExpiresAt, &older); err != nil {
			return nil, err
		}
		if err := e.readOlder(older); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// fanOut is the deliveries one event makes, as the arrays of one insert.
type fanOut struct {
	ids, endpoints []string
	due            []time.Time
	owners         []*string
	unleased       int
	// created is the deliveries' created_at (store.FanOutTime).
	created time.Time
	// held lists the endpoints whose deliveries are held back, by holder
	// (Store.holdFanOut).
	held   []string
	holder string
}

// planFanOut picks the endpoints that get a delivery of ev (every enabled
// endpoint subscribed to its type, or only onlyEndpoint when set) and asks
// lease.Reserve about each, exactly like the SQLite driver's fanOut; leased
// deliveries are added to res.Work.
func planFanOut(ev *store.Event, eps []fanOutEndpoint, onlyEndpoint string, lease store.LeaseParams, now time.Time, res *store.TransitionResult) fanOut {
	f := fanOut{created: store.FanOutTime(ev, now)}
	lease.Until = store.LeaseEnd(lease.Until) // what due_at holds, and results bring back
	for i := range eps {
		e := &eps[i].Endpoint
		if onlyEndpoint != "" && e.ID != onlyEndpoint {
			continue
		}
		if onlyEndpoint == "" && !e.Subscribed(ev.Type) {
			continue
		}
		id := ids.NewAt(ids.Delivery, f.created)
		leased := lease.Reserve != nil && lease.Reserve(e.ID)
		f.ids = append(f.ids, id)
		f.endpoints = append(f.endpoints, e.ID)
		if leased {
			owner := lease.Owner
			f.due = append(f.due, lease.Until)
			f.owners = append(f.owners, &owner)
			res.Work = append(res.Work, store.Work{
				DeliveryID: id, AccountID: ev.AccountID, EventID: ev.ID, EventType: ev.Type, EndpointID: e.ID,
				URL: e.URL, Secrets: e.Secrets(now), Payload: ev.Payload, Attempt: 1, RoundAttempt: 1,
				LeaseOwner: lease.Owner, LeaseUntil: lease.Until, CreatedAt: f.created, EventCreated: ev.CreatedAt,
			})
		} else {
			f.due = append(f.due, now)
			f.owners = append(f.owners, nil)
			f.unleased++
		}
	}
	res.Deliveries = len(f.ids)
	return f
}

// queue adds the deliveries' insert, the wake-up of other instances when
// some are due now, and the row of the held deliveries, to b. All happen
// only if ev was written.
func (f *fanOut) queue(b *pgx.Batch, ev *store.Event) {
	if len(f.ids) > 0 {
		b.Queue(qInsertDeliveries, ev.AccountID, ev.ID, ev.Type, f.created, ev.Test, f.ids, f.endpoints, f.due, f.owners)
		if f.unleased > 0 {
			b.Queue(qNotifyIfEvent, ev.ID)
		}
	}
	if len(f.held) > 0 {
		b.Queue(qInsertHeld, []string{ev.ID}, []string{ev.AccountID}, []string{f.holder}, []string{strings.Join(f.held, ",")}, []time.Time{f.created})
	}
}

// committed records f's held deliveries once ev's write committed.
func (f *fanOut) committed(s *Store, ev *store.Event) {
	if len(f.held) > 0 {
		s.heldq.add(ev, f.held)
	}
}

// unknown records that f's held deliveries may have been written by a
// commit whose outcome is not known.
func (f *fanOut) unknown(s *Store) {
	if len(f.held) > 0 {
		s.heldq.doubted(f.holder)
	}
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// TransitionOrder runs the transition in a transaction of its own when the
// store is idle, and otherwise in a group commit with the transitions
// running concurrently (see groupcommit.go).
func (s *Store) TransitionOrder(ctx context.Context, p store.TransitionParams) (store.TransitionResult, error) {
	if s.group == nil {
		return s.transitionOne(ctx, p)
	}
	return s.group.transition(ctx, p)
}

// transitionOne is one transaction of two round trips: the order (locked)
// and its account's enabled endpoints; then, after Decide, the guarded
// update, the event, the deliveries, the notification and the commit.
func (s *Store) transitionOne(ctx context.Context, p store.TransitionParams) (store.TransitionResult, error) {
	var res store.TransitionResult
	err := s.inTx(ctx, func(t *txn) error {
		var cur store.Order
		var eps []fanOutEndpoint
		var f fanOut // the event's, if the move makes one
		b := &pgx.Batch{}
		b.Queue(qOrderByIDLocked, p.OrderID).QueryRow(func(row pgx.Row) error {
			var err error
			cur, err = scanOrder(row)
			return err
		})
		b.Queue(qOrderEndpoints, p.OrderID).Query(func(rows pgx.Rows) error {
			var err error
			eps, err = scanFanOutEndpoints(rows)
			return err
		})
		if err := t.send(ctx, b); err != nil {
			return fmt.Errorf("lock order %s: %w", p.OrderID, err)
		}
		if p.AccountID != "" && cur.AccountID != p.AccountID {
			return store.ErrNotFound
		}
		tr, err := p.Decide(cur)
		if err != nil {
			return err
		}
		o := tr.Order
		upd := []any{o.Status, o.UpdatedAt, o.ErrorCode, o.ErrorMessage, o.DeliveryPartner, o.TrackingID, o.DeliveredAt,
			o.CancelReason, o.CancelledAt, o.RefundAmount, o.RefundStatus, o.Version, o.ID, cur.Version}
		updated := false
		b = &pgx.Batch{}
		if tr.Event == nil {
			b.Queue(qUpdateOrder, upd...).Exec(func(ct pgconn.CommandTag) error { updated = ct.RowsAffected() == 1; return nil })
		} else {
			ev := tr.Event
			if ev.AccountID != cur.AccountID {
				// Not something the order domain does; handled for exactness.
				rows, err := t.conn.Query(ctx, qAccountEndpoints, ev.AccountID)
				if err != nil {
					return fmt.Errorf("read endpoints of account %s: %w", ev.AccountID, err)
				}
				if eps, err = scanFanOutEndpoints(rows); err != nil {
					return fmt.Errorf("read endpoints of account %s: %w", ev.AccountID, err)
				}
			}
			res.Event = ev
			f = planFanOut(ev, eps, "", p.Lease, p.Now, &res)
			res.Held = s.holdFanOut(&f, p.Lease)
			b.Queue(qUpdateOrderInsertEvent, append(upd, ev.ID, ev.AccountID, nullIfEmpty(ev.OrderID), ev.Type, nonNil(ev.Payload),
				ev.CreatedAt, ev.Test)...).Exec(func(ct pgconn.CommandTag) error { updated = ct.RowsAffected() == 1; return nil })
			f.queue(b, ev)
		}
		if err := t.commit(ctx, b); err != nil {
			if !rolledBack(err) {
				f.unknown(s)
			}
			return fmt.Errorf("update order %s: %w", o.ID, err)
		}
		if !updated {
			// The commit wrote nothing: the event, deliveries and
			// notification all depend on the update.
			return fmt.Errorf("update order %s: %w", o.ID, store.ErrConflict)
		}
		res.Order = o
		if tr.Event != nil {
			f.committed(s, tr.Event)
		}
		return nil
	})
	if err != nil {
		return store.TransitionResult{}, interpretError(err)
	}
	return res, nil
}

func (s *Store) CreateTestEvent(ctx context.Context, ev store.Event, endpointID string, lease store.LeaseParams) (store.TransitionResult, error) {
	res := store.TransitionResult{Event: &ev}
	err := s.inTx(ctx, func(t *txn) error {
		var eps []fanOutEndpoint
		var enabled bool
		var e fanOutEndpoint
		b := &pgx.Batch{}
		b.Queue(qTestEndpoint, endpointID, ev.AccountID).QueryRow(func(row pgx.Row) error {
			var older string
			if err := row.Scan(&enabled, &e.ID, &e.URL, &e.Events, &e.Secret, &e.PreviousSecret, &e.PreviousSecretExpiresAt, &older); err != nil {
				return err
			}
			return e.readOlder(older)
		})
		if err := t.send(ctx, b); err != nil {
			return fmt.Errorf("lock endpoint %s: %w", endpointID, err)
		}
		if !enabled {
			return store.ErrEndpointDisabled
		}
		eps = append(eps, e)
		f := planFanOut(&ev, eps, endpointID, lease, ev.CreatedAt, &res)
		b = &pgx.Batch{}
		b.Queue(qInsertEvent, ev.ID, ev.AccountID, nullIfEmpty(ev.OrderID), ev.Type, nonNil(ev.Payload), ev.CreatedAt, ev.Test)
		f.queue(b, &ev)
		return t.commit(ctx, b)
	})
	if err != nil {
		return store.TransitionResult{}, interpretError(err)
	}
	return res, nil
}

func scanEvent(row scanner) (store.Event, error) {
	var e store.Event
	err := row.Scan(&e.ID, &e.AccountID, &e.OrderID, &e.Type, &e.Payload, &e.CreatedAt, &e.Test)
	e.CreatedAt = utc(e.CreatedAt)
	return e, err
}

func (s *Store) GetEvent(ctx context.Context, accountID, id string) (store.Event, error) {
	e, err := scanEvent(s.pool.QueryRow(ctx, qGetEvent, id, accountID))
	return e, interpretError(err)
}

func (s *Store) ListEvents(ctx context.Context, p store.ListEventsParams) ([]store.Event, bool, error) {
	q, args := listSQL(qListEvents, p.ListParams, []filter{{colType, p.Type}, {colOrderID, p.OrderID}})
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, false, interpretError(err)
	}
	defer rows.Close()
	out, err := store.CollectRows(rows, scanEvent)
	return store.Page(out, p.ListParams, err)
}
