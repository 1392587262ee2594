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

const listenCols = `id, account_id, events, forward_to, secret, created_at, last_seen_at, closed_at`

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

func (s *Store) CreateListenSession(ctx context.Context, ls store.ListenSession) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO listen_sessions (`+listenCols+`) VALUES (?,?,?,?,?,?,?,?)`,
			ls.ID, ls.AccountID, strings.Join(ls.Events, ","), ls.ForwardTo, ls.Secret, micros(ls.CreatedAt),
			nullMicros(ls.LastSeenAt), nullMicros(ls.ClosedAt))
		return err
	})
}

func (s *Store) GetListenSession(ctx context.Context, accountID, id string) (store.ListenSession, error) {
	ls, err := scanListenSession(s.reader.QueryRowContext(ctx, `SELECT `+listenCols+` FROM listen_sessions WHERE id = ? AND account_id = ?`, id, accountID))
	return ls, notFound(err)
}

func (s *Store) ListListenSessions(ctx context.Context, p store.ListParams) ([]store.ListenSession, bool, error) {
	q := `SELECT ` + listenCols + ` FROM listen_sessions WHERE account_id = ?`
	args := []any{p.AccountID}
	q, args = cursorSQL(q, args, p)
	rows, err := s.reader.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	out, err := store.CollectRows(rows, scanListenSession)
	return store.Page(out, p, err)
}

func (s *Store) TouchListenSession(ctx context.Context, accountID, id string, at time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRow(`SELECT COUNT(*) FROM listen_sessions WHERE id = ? AND account_id = ?`, id, accountID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return store.ErrNotFound
		}
		_, err := tx.Exec(`UPDATE listen_sessions SET last_seen_at = MAX(COALESCE(last_seen_at, 0), ?) WHERE id = ? AND closed_at IS NULL`, micros(at), id)
		return err
	})
}

func (s *Store) CloseListenSession(ctx context.Context, accountID, id string, at time.Time) (store.ListenSession, error) {
	var out store.ListenSession
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`UPDATE listen_sessions SET closed_at = ? WHERE id = ? AND account_id = ? AND closed_at IS NULL`, micros(at), id, accountID); err != nil {
			return err
		}
		var err error
		out, err = scanListenSession(tx.QueryRow(`SELECT `+listenCols+` FROM listen_sessions WHERE id = ? AND account_id = ?`, id, accountID))
		return notFound(err)
	})
	return out, err
}

func (s *Store) ListEventsAfter(ctx context.Context, p store.EventsAfterParams) ([]store.Event, error) {
	q := `SELECT ` + eventCols + ` FROM events WHERE account_id = ? AND id > ?`
	args := []any{p.AccountID, p.After}
	if len(p.Types) > 0 {
		q += ` AND type IN (` + placeholders(len(p.Types)) + `)`
		for _, t := range p.Types {
			args = append(args, t)
		}
	}
	if !p.IncludeTest {
		q += ` AND test = 0`
	}
	if p.Newest {
		q = `SELECT * FROM (` + q + ` ORDER BY id DESC LIMIT ?) ORDER BY id`
	} else {
		q += ` ORDER BY id LIMIT ?`
	}
	args = append(args, p.PageSize())
	rows, err := s.reader.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return store.CollectRows(rows, scanEvent)
}

func (s *Store) RecordListenAttempt(ctx context.Context, p store.ListenAttemptParams) (store.Delivery, bool, error) {
	var d store.Delivery
	var added bool
	err := s.write(ctx, func(tx *sql.Tx) error {
		added = false
		var n int
		if err := tx.QueryRow(`SELECT COUNT(*) FROM listen_sessions WHERE id = ? AND account_id = ?`, p.SessionID, p.AccountID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return store.ErrNotFound
		}
		var evType string
		var test int
		err := tx.QueryRow(`SELECT type, test FROM events WHERE id = ? AND account_id = ?`, p.EventID, p.AccountID).Scan(&evType, &test)
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
		err = tx.QueryRow(`SELECT id FROM deliveries WHERE event_id = ? AND endpoint_id = ? AND account_id = ?`,
			p.EventID, p.SessionID, p.AccountID).Scan(&deliveryID)
		touch := func() error {
			_, err := tx.Exec(`UPDATE listen_sessions SET last_seen_at = MAX(COALESCE(last_seen_at, 0), ?) WHERE id = ? AND closed_at IS NULL`,
				micros(p.Now), p.SessionID)
			return err
		}
		switch {
		case err == nil:
			// A report sent again: the listener is alive all the same.
			if err := touch(); err != nil {
				return err
			}
			d, err = scanDelivery(tx.QueryRow(`SELECT `+deliveryCols+` FROM deliveries WHERE id = ?`, deliveryID))
			return err
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("record listen delivery: %w", err)
		}
		deliveryID, number := ids.NewAt(ids.Delivery, p.Now), 1
		if _, err := tx.Exec(`INSERT INTO deliveries (id, account_id, event_id, event_type, endpoint_id, status, attempts, round_attempts,
				last_attempt_at, last_status_code, last_error, due_at, lease_owner, created_at, updated_at, test)
				VALUES (?, ?, ?, ?, ?, ?, 1, 1, ?, ?, ?, NULL, NULL, ?, ?, ?)`,
			deliveryID, p.AccountID, p.EventID, evType, p.SessionID, status, micros(end), a.ResponseStatus, a.ListenLastError(),
			micros(p.Now), micros(p.Now), test); err != nil {
			return fmt.Errorf("record listen delivery: %w", err)
		}
		added = true
		if _, err := tx.Exec(`INSERT INTO attempts (id, delivery_id, account_id, endpoint_id, event_id, number, started_at, duration_us,
			request_headers, response_status, response_headers, response_body, error, error_kind, succeeded) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			a.ID, deliveryID, p.AccountID, p.SessionID, p.EventID, number, micros(a.StartedAt), a.Duration.Microseconds(),
			headersJSON(a.RequestHeaders), a.ResponseStatus, headersJSON(a.ResponseHeaders), a.ResponseBody, a.Error, a.ErrorKind,
			boolInt(a.Succeeded)); err != nil {
			return fmt.Errorf("insert listen attempt: %w", err)
		}
		if err := touch(); err != nil {
			return err
		}
		d, err = scanDelivery(tx.QueryRow(`SELECT `+deliveryCols+` FROM deliveries WHERE id = ?`, deliveryID))
		return err
	})
	return d, added, err
}
