package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/store"
)

// The relay's part of the driver (store.RelayStore): listen sessions, the
// forward read of an account's events, and listen deliveries. Its
// statements are here rather than in queries.go so that the relay stays one
// piece; they follow the same conventions.

const (
	listenCols = `id, account_id, events, forward_to, secret, created_at, last_seen_at, closed_at`

	qInsertListenSession = `INSERT INTO listen_sessions (` + listenCols + `) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`
	qGetListenSession    = `SELECT ` + listenCols + ` FROM listen_sessions WHERE id = $1 AND account_id = $2`
	qListListenSessions  = `SELECT ` + listenCols + ` FROM listen_sessions WHERE account_id = $1`
	// The row lock serialises the reports of one session, on every
	// instance, so two reports of one event cannot both create its
	// delivery: the second finds the first's.
	qLockListenSession  = `SELECT 1 FROM listen_sessions WHERE id = $1 AND account_id = $2 FOR UPDATE`
	qTouchListenSession = `UPDATE listen_sessions SET last_seen_at = GREATEST(last_seen_at, $3)
 WHERE id = $1 AND account_id = $2 AND closed_at IS NULL`
	qCloseListenSession = `UPDATE listen_sessions SET closed_at = $3 WHERE id = $1 AND account_id = $2 AND closed_at IS NULL`

	qListenEvent    = `SELECT type, test FROM events WHERE id = $1 AND account_id = $2`
	qListenDelivery = `SELECT id, attempts FROM deliveries WHERE event_id = $1 AND endpoint_id = $2 AND account_id = $3`
	// Listen deliveries are written finished: due_at stays NULL, so no
	// claim ever reads them.
	qInsertListenDelivery = `INSERT INTO deliveries (id, account_id, event_id, event_type, endpoint_id, status, attempts, round_attempts,
 last_attempt_at, last_status_code, last_error, due_at, lease_owner, created_at, updated_at, test)
 VALUES ($1, $2, $3, $4, $5, $6, 1, 1, $7, $8, $9, NULL, NULL, $10, $10, $11)`
	qInsertListenAttempt = `INSERT INTO attempts (id, delivery_id, account_id, endpoint_id, event_id, number, started_at, duration_us,
 request_headers, response_status, response_headers, response_body, error, error_kind, succeeded)
 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`
)

func scanListenSession(row scanner) (store.ListenSession, error) {
	var ls store.ListenSession
	err := row.Scan(&ls.ID, &ls.AccountID, &ls.Events, &ls.ForwardTo, &ls.Secret, &ls.CreatedAt, &ls.LastSeenAt, &ls.ClosedAt)
	ls.CreatedAt, ls.LastSeenAt, ls.ClosedAt = utc(ls.CreatedAt), utcPtr(ls.LastSeenAt), utcPtr(ls.ClosedAt)
	return ls, err
}

func (s *Store) CreateListenSession(ctx context.Context, ls store.ListenSession) error {
	_, err := s.pool.Exec(ctx, qInsertListenSession, ls.ID, ls.AccountID, nonNil(ls.Events), ls.ForwardTo, ls.Secret,
		ls.CreatedAt, ls.LastSeenAt, ls.ClosedAt)
	return interpretError(err)
}

func (s *Store) GetListenSession(ctx context.Context, accountID, id string) (store.ListenSession, error) {
	ls, err := scanListenSession(s.pool.QueryRow(ctx, qGetListenSession, id, accountID))
	return ls, interpretError(err)
}

func (s *Store) ListListenSessions(ctx context.Context, p store.ListParams) ([]store.ListenSession, bool, error) {
	q, args := listSQL(qListListenSessions, p, nil)
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, false, interpretError(err)
	}
	defer rows.Close()
	out, err := store.CollectRows(rows, scanListenSession)
	return store.Page(out, p, err)
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
	q := `SELECT ` + eventCols + ` FROM events WHERE account_id = $1 AND id > $2`
	args := []any{p.AccountID, p.After}
	if len(p.Types) > 0 {
		args = append(args, p.Types)
		q += ` AND type = ANY($` + strconv.Itoa(len(args)) + `::text[])`
	}
	if !p.IncludeTest {
		q += ` AND NOT test`
	}
	args = append(args, p.PageSize())
	limit := `$` + strconv.Itoa(len(args))
	if p.Newest {
		q = `SELECT * FROM (` + q + ` ORDER BY id DESC LIMIT ` + limit + `) AS newest ORDER BY id`
	} else {
		q += ` ORDER BY id LIMIT ` + limit
	}
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
		var one int
		if err := tx.QueryRow(ctx, qLockListenSession, p.SessionID, p.AccountID).Scan(&one); err != nil {
			return interpretError(err)
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
				return err
			}
			d, err = scanDelivery(tx.QueryRow(ctx, qGetDelivery, deliveryID, p.AccountID))
			return err
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
			return err
		}
		d, err = scanDelivery(tx.QueryRow(ctx, qGetDelivery, deliveryID, p.AccountID))
		return err
	})
	if err != nil {
		return store.Delivery{}, false, interpretError(err)
	}
	return d, added, nil
}
