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

// The relay's part of the driver (store.RelayStore): listen sessions, the
// forward read of an account's events, and listen deliveries.

func scanListenSession(row interface{ Scan(...any) error }) (store.ListenSession, error) {
	var ls store.ListenSession
	var events string
	var created int64
	var seen, closed sql.NullInt64
	err := row.Scan(&ls.ID, &ls.AccountID, &events, &ls.ForwardTo, &ls.Secret, &created, &seen, &closed)
	if events != "" {
		ls.Events = strings.Split(events, ",")
	}
	ls.CreatedAt, ls.LastSeenAt, ls.ClosedAt = fromMicros(created), fromNullMicros(seen), fromNullMicros(closed)
	return ls, err
}

func (s *Store) CreateListenSession(ctx context.Context, ls store.ListenSession, maxOpenPerAccount int) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if maxOpenPerAccount > 0 {
			// The writer is the only one: nothing can insert between the
			// count and the insert.
			var n int
			if err := tx.QueryRow(qCountOpenListenSessions, ls.AccountID).Scan(&n); err != nil {
				return fmt.Errorf("count open listen sessions: %w", err)
			}
			if n >= maxOpenPerAccount {
				return store.ErrListenSessionLimit
			}
		}
		_, err := tx.Exec(qInsertListenSession, ls.ID, ls.AccountID, strings.Join(ls.Events, ","), ls.ForwardTo, ls.Secret, micros(ls.CreatedAt),
			nullMicros(ls.LastSeenAt), nullMicros(ls.ClosedAt))
		if err != nil {
			return fmt.Errorf("insert listen session: %w", err)
		}
		return nil
	})
}

func (s *Store) GetListenSession(ctx context.Context, accountID, id string) (store.ListenSession, error) {
	ls, err := scanListenSession(s.reader.QueryRowContext(ctx, qGetListenSession, id, accountID))
	return ls, notFound(err)
}

func (s *Store) ListListenSessions(ctx context.Context, p store.ListListenSessionsParams) ([]store.ListenSession, bool, error) {
	q := qListListenSessions
	switch p.Status {
	case store.ListenSessionOpen:
		q = qListOpenSessions
	case store.ListenSessionClosed:
		q = qListClosedSessions
	}
	args := []any{p.AccountID}
	q, args = cursorSQL(q, args, p.ListParams)
	rows, err := s.reader.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, false, fmt.Errorf("list listen sessions: %w", err)
	}
	defer rows.Close()
	out, err := store.CollectRows(rows, scanListenSession)
	return store.Page(out, p.ListParams, err)
}

func (s *Store) TouchListenSession(ctx context.Context, accountID, id string, at time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRow(qListenSessionExists, id, accountID).Scan(&n); err != nil {
			return fmt.Errorf("read listen session: %w", err)
		}
		if n == 0 {
			return store.ErrNotFound
		}
		if _, err := tx.Exec(qTouchListenSession, micros(at), id); err != nil {
			return fmt.Errorf("touch listen session: %w", err)
		}
		return nil
	})
}

func (s *Store) CloseListenSession(ctx context.Context, accountID, id string, at time.Time) (store.ListenSession, error) {
	var out store.ListenSession
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(qCloseListenSession, micros(at), id, accountID); err != nil {
			return fmt.Errorf("close listen session: %w", err)
		}
		var err error
		out, err = scanListenSession(tx.QueryRow(qGetListenSession, id, accountID))
		return notFound(err)
	})
	return out, err
}

func (s *Store) ListEventsAfter(ctx context.Context, p store.EventsAfterParams) ([]store.Event, error) {
	q := qEventsAfter(len(p.Types), p.IncludeTest, p.Newest)
	args := []any{p.AccountID, p.After}
	for _, t := range p.Types {
		args = append(args, t)
	}
	args = append(args, p.PageSize())
	rows, err := s.reader.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list events after %s: %w", p.After, err)
	}
	defer rows.Close()
	return store.CollectRows(rows, scanEvent)
}

func (s *Store) RecordListenAttempt(ctx context.Context, p store.ListenAttemptParams) (store.Delivery, bool, error) {
	var d store.Delivery
	var added bool
	err := s.write(ctx, func(tx *sql.Tx) error {
		added = false
		// Closed or not, read in the write: the API's check before it
		// let a report racing a DELETE record a result for a closed
		// session.
		var closed bool
		if err := tx.QueryRow(qListenSessionClosed, p.SessionID, p.AccountID).Scan(&closed); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return store.ErrNotFound
			}
			return fmt.Errorf("read listen session: %w", err)
		}
		if closed {
			return store.ErrListenSessionClosed
		}
		var evType string
		var test int
		err := tx.QueryRow(qListenEvent, p.EventID, p.AccountID).Scan(&evType, &test)
		if err != nil {
			return notFound(err)
		}
		a := p.Attempt
		status := store.DeliveryFailed
		if a.Succeeded {
			status = store.DeliverySucceeded
		}
		end := a.StartedAt.Add(a.Duration)
		var deliveryID string
		err = tx.QueryRow(qListenDelivery, p.EventID, p.SessionID, p.AccountID).Scan(&deliveryID)
		touch := func() error {
			if _, err := tx.Exec(qTouchListenSession, micros(p.Now), p.SessionID); err != nil {
				return fmt.Errorf("touch listen session: %w", err)
			}
			return nil
		}
		switch {
		case err == nil:
			// A report sent again: the listener is alive all the same.
			if err := touch(); err != nil {
				return err
			}
			d, err = scanDelivery(tx.QueryRow(qDeliveryByID, deliveryID))
			return err
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("record listen delivery: %w", err)
		}
		deliveryID, number := ids.NewAt(ids.Delivery, p.Now), 1
		if _, err := tx.Exec(qInsertListenDelivery, deliveryID, p.AccountID, p.EventID, evType, p.SessionID, status, micros(end), a.ResponseStatus, a.ListenLastError(),
			micros(p.Now), micros(p.Now), test); err != nil {
			return fmt.Errorf("record listen delivery: %w", err)
		}
		added = true
		if _, err := tx.Exec(qInsertListenAttempt, a.ID, deliveryID, p.AccountID, p.SessionID, p.EventID, number, micros(a.StartedAt), a.Duration.Microseconds(),
			headersJSON(a.RequestHeaders), a.ResponseStatus, headersJSON(a.ResponseHeaders), a.ResponseBody, a.Error, a.ErrorKind,
			boolInt(a.Succeeded)); err != nil {
			return fmt.Errorf("insert listen attempt: %w", err)
		}
		if err := touch(); err != nil {
			return err
		}
		d, err = scanDelivery(tx.QueryRow(qDeliveryByID, deliveryID))
		return err
	})
	return d, added, err
}
