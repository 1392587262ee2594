package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/store"
)

// The relay's part of the driver (store.RelayStore): listen sessions, the
// forward read of an account's events, and listen deliveries.

func scanListenSession(row scanner) (store.ListenSession, error) {
	var ls store.ListenSession
	err := row.Scan(&ls.ID, &ls.AccountID, &ls.Events, &ls.ForwardTo, &ls.Secret, &ls.CreatedAt, &ls.LastSeenAt, &ls.ClosedAt)
	ls.CreatedAt, ls.LastSeenAt, ls.ClosedAt = utc(ls.CreatedAt), utcPtr(ls.LastSeenAt), utcPtr(ls.ClosedAt)
	return ls, err
}

func (s *Store) CreateListenSession(ctx context.Context, ls store.ListenSession, maxOpenPerAccount int) error {
	insert := func(db interface {
		Exec(context.Context, string, ...any) (pgconn.CommandTag, error)
	}) error {
		_, err := db.Exec(ctx, qInsertListenSession, ls.ID, ls.AccountID, nonNil(ls.Events), ls.ForwardTo, ls.Secret,
			ls.CreatedAt, ls.LastSeenAt, ls.ClosedAt)
		if err != nil {
			return fmt.Errorf("insert listen session: %w", err)
		}
		return nil
	}
	if maxOpenPerAccount <= 0 {
		return interpretError(insert(s.pool))
	}
	// As CreateEndpoint: the account's creates take turns under a
	// transaction-level advisory lock, so concurrent ones cannot all pass
	// the count.
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return interpretError(fmt.Errorf("begin: %w", err))
	}
	defer tx.Rollback(context.Background())
	if _, err := tx.Exec(ctx, qLockAccountListenSessions, ls.AccountID); err != nil {
		return interpretError(fmt.Errorf("lock account's listen sessions: %w", err))
	}
	var n int
	if err := tx.QueryRow(ctx, qCountOpenListenSessions, ls.AccountID).Scan(&n); err != nil {
		return interpretError(fmt.Errorf("count open listen sessions: %w", err))
	}
	if n >= maxOpenPerAccount {
		return store.ErrListenSessionLimit
	}
	if err := insert(tx); err != nil {
		return interpretError(err)
	}
	return interpretError(tx.Commit(ctx))
}

func (s *Store) GetListenSession(ctx context.Context, accountID, id string) (store.ListenSession, error) {
	ls, err := scanListenSession(s.pool.QueryRow(ctx, qGetListenSession, id, accountID))
	return ls, interpretError(err)
}

func (s *Store) ListListenSessions(ctx context.Context, p store.ListListenSessionsParams) ([]store.ListenSession, bool, error) {
	q := qListListenSessions
	switch p.Status {
	case store.ListenSessionOpen:
		q = qListOpenSessions
	case store.ListenSessionClosed:
		q = qListClosedSessions
	}
	q, args := listSQL(q, p.ListParams, nil)
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, false, interpretError(err)
	}
	defer rows.Close()
	out, err := store.CollectRows(rows, scanListenSession)
	return store.Page(out, p.ListParams, err)
}

func (s *Store) TouchListenSession(ctx context.Context, accountID, id string, at time.Time) error {
	ct, err := s.pool.Exec(ctx, qTouchListenSession, id, accountID, at)
	if err != nil {
		return interpretError(err)
	}
	if ct.RowsAffected() == 0 {
		// Closed (left as it is) or missing.
		_, err := s.GetListenSession(ctx, accountID, id)
		return err
	}
	return nil
}

func (s *Store) CloseListenSession(ctx context.Context, accountID, id string, at time.Time) (store.ListenSession, error) {
	if _, err := s.pool.Exec(ctx, qCloseListenSession, id, accountID, at); err != nil {
		return store.ListenSession{}, interpretError(err)
	}
	return s.GetListenSession(ctx, accountID, id)
}

func (s *Store) ListEventsAfter(ctx context.Context, p store.EventsAfterParams) ([]store.Event, error) {
	q, args := eventsAfterSQL(p)
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	out, err := store.CollectRows(rows, scanEvent)
	return out, interpretError(err)
}

func (s *Store) RecordListenAttempt(ctx context.Context, p store.ListenAttemptParams) (store.Delivery, bool, error) {
	var d store.Delivery
	var added bool
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		added = false
		// The row's lock orders the report and the session's close: a
		// report that waited for a DELETE finds the session closed.
		var closed bool
		if err := tx.QueryRow(ctx, qLockListenSession, p.SessionID, p.AccountID).Scan(&closed); err != nil {
			return interpretError(err)
		}
		if closed {
			return store.ErrListenSessionClosed
		}
		var evType string
		var test bool
		if err := tx.QueryRow(ctx, qListenEvent, p.EventID, p.AccountID).Scan(&evType, &test); err != nil {
			return interpretError(err)
		}
		a := p.Attempt
		status := store.DeliveryFailed
		if a.Succeeded {
			status = store.DeliverySucceeded
		}
		end := a.StartedAt.Add(a.Duration)
		lastErr := cleanText(a.ListenLastError())
		var deliveryID string
		var number int
		err := tx.QueryRow(ctx, qListenDelivery, p.EventID, p.SessionID, p.AccountID).Scan(&deliveryID, &number)
		switch {
		case err == nil:
			// A report sent again: the listener is alive all the same.
			if _, err := tx.Exec(ctx, qTouchListenSession, p.SessionID, p.AccountID, p.Now); err != nil {
				return fmt.Errorf("touch listen session: %w", err)
			}
			d, err = scanDelivery(tx.QueryRow(ctx, qGetDelivery, deliveryID, p.AccountID))
			if err != nil {
				return fmt.Errorf("read listen delivery: %w", err)
			}
			return nil
		case !errors.Is(err, pgx.ErrNoRows):
			return fmt.Errorf("record listen delivery: %w", err)
		}
		deliveryID, number = ids.NewAt(ids.Delivery, p.Now), 1
		if _, err := tx.Exec(ctx, qInsertListenDelivery, deliveryID, p.AccountID, p.EventID, evType, p.SessionID, status,
			end, a.ResponseStatus, lastErr, p.Now, test); err != nil {
			return fmt.Errorf("record listen delivery: %w", err)
		}
		added = true
		if _, err := tx.Exec(ctx, qInsertListenAttempt, a.ID, deliveryID, p.AccountID, p.SessionID, p.EventID, number, a.StartedAt,
			a.Duration.Microseconds(), headersJSON(a.RequestHeaders), a.ResponseStatus, headersJSON(a.ResponseHeaders),
			[]byte(a.ResponseBody), cleanText(a.Error), cleanText(a.ErrorKind), a.Succeeded); err != nil {
			return fmt.Errorf("insert listen attempt: %w", err)
		}
		if _, err := tx.Exec(ctx, qTouchListenSession, p.SessionID, p.AccountID, p.Now); err != nil {
			return fmt.Errorf("touch listen session: %w", err)
		}
		d, err = scanDelivery(tx.QueryRow(ctx, qGetDelivery, deliveryID, p.AccountID))
		if err != nil {
			return fmt.Errorf("read listen delivery: %w", err)
		}
		return nil
	})
	if err != nil {
		return store.Delivery{}, false, interpretError(err)
	}
	return d, added, nil
}
