package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/esahayak/esahayak/internal/store"
)

func scanEndpoint(row scanner) (store.Endpoint, error) {
	var e store.Endpoint
	var older string
	err := row.Scan(&e.ID, &e.AccountID, &e.URL, &e.Description, &e.Events, &e.Status, &e.DisabledReason, &e.Secret,
		&e.PreviousSecret, &e.PreviousSecretExpiresAt, &e.FailingSince, &e.CreatedAt, &e.UpdatedAt, &older)
	if err == nil {
		e.OlderSecrets, err = store.DecodeOlderSecrets(older)
	}
	if len(e.Events) == 0 {
		e.Events = nil // as SQLite returns no events
	}
	e.PreviousSecretExpiresAt, e.FailingSince = utcPtr(e.PreviousSecretExpiresAt), utcPtr(e.FailingSince)
	e.CreatedAt, e.UpdatedAt = utc(e.CreatedAt), utc(e.UpdatedAt)
	return e, err
}

func (s *Store) CreateEndpoint(ctx context.Context, e store.Endpoint, maxPerAccount int) error {
	insert := func(db interface {
		Exec(context.Context, string, ...any) (pgconn.CommandTag, error)
	}) error {
		_, err := db.Exec(ctx, qInsertEndpoint, e.ID, e.AccountID, e.URL, e.Description, nonNil(e.Events), e.Status,
			e.DisabledReason, e.Secret, e.PreviousSecret, e.PreviousSecretExpiresAt, e.FailingSince, e.CreatedAt, e.UpdatedAt,
			store.EncodeOlderSecrets(e.OlderSecrets))
		if err != nil {
			return fmt.Errorf("insert endpoint: %w", err)
		}
		return nil
	}
	chk := store.URLCheckOf(ctx)
	if maxPerAccount <= 0 && chk == nil {
		return interpretError(insert(s.pool))
	}
	// The account's creates take turns (a transaction-level advisory lock
	// named after it), so that concurrent ones cannot all pass the count,
	// nor all find their URL free. A plain SELECT in READ COMMITTED,
	// after the lock, sees every endpoint committed before it.
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return interpretError(err)
	}
	defer tx.Rollback(context.Background())
	if _, err := tx.Exec(ctx, qLockAccountEndpoints, e.AccountID); err != nil {
		return interpretError(err)
	}
	if maxPerAccount > 0 {
		var n int
		if err := tx.QueryRow(ctx, qCountEndpoints, e.AccountID).Scan(&n); err != nil {
			return interpretError(err)
		}
		if n >= maxPerAccount {
			return store.ErrEndpointLimit
		}
	}
	if chk != nil {
		if err := chk.Refuse(e.URL, "", endpointURLs(ctx, tx, e.AccountID)); err != nil {
			return interpretError(err)
		}
	}
	if err := insert(tx); err != nil {
		return interpretError(err)
	}
	return interpretError(tx.Commit(ctx))
}

func (s *Store) GetEndpoint(ctx context.Context, accountID, id string) (store.Endpoint, error) {
	e, err := scanEndpoint(s.pool.QueryRow(ctx, qGetEndpoint, id, accountID))
	return e, interpretError(err)
}

func (s *Store) ListEndpoints(ctx context.Context, p store.ListParams) ([]store.Endpoint, bool, error) {
	q, args := listSQL(qListEndpoints, p, nil)
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, false, interpretError(err)
	}
	defer rows.Close()
	out, err := store.CollectRows(rows, scanEndpoint)
	return store.Page(out, p, err)
}

// UpdateEndpoint locks the endpoint, lets update change it, and writes it
// back: two round trips. A status change then sweeps its waiting
// deliveries (status_sweep.go): disabling parks them, enabling makes
// parked ones due now (and wakes the claimers).
func (s *Store) UpdateEndpoint(ctx context.Context, accountID, id string, update func(*store.Endpoint) error) (store.Endpoint, error) {
	// Its held deliveries first, so that a disable parks them with the rest.
	if err := s.flushHeldOf(ctx, accountID, id); err != nil {
		return store.Endpoint{}, err
	}
	var out store.Endpoint
	var swept bool
	chk := store.URLCheckOf(ctx)
	err := s.inTx(ctx, func(t *txn) error {
		swept = false
		var cur store.Endpoint
		b := &pgx.Batch{}
		if chk != nil {
			// Before the row's lock, as CreateEndpoint takes it: a URL
			// checked here and a create's are checked in turn.
			b.Queue(qLockAccountEndpoints, accountID)
		}
		b.Queue(qGetEndpointForUpdate, id, accountID).QueryRow(func(row pgx.Row) error {
			var err error
			cur, err = scanEndpoint(row)
			return err
		})
		if err := t.send(ctx, b); err != nil {
			return fmt.Errorf("lock endpoint: %w", err)
		}
		next := cur
		next.Events = append([]string(nil), cur.Events...)
		if err := update(&next); err != nil {
			return err
		}
		if chk != nil && next.URL != cur.URL {
			if err := chk.Refuse(next.URL, id, endpointURLs(ctx, t.conn, accountID)); err != nil {
				return err
			}
		}
		b = &pgx.Batch{}
		b.Queue(qUpdateEndpoint, next.URL, next.Description, nonNil(next.Events), next.Status, next.DisabledReason, next.Secret,
			next.PreviousSecret, next.PreviousSecretExpiresAt, next.FailingSince, next.UpdatedAt, id, store.EncodeOlderSecrets(next.OlderSecrets))
		if cur.Status != next.Status {
			swept = true
			b.Queue(qStartSweeps, []string{id})
			if next.Status == store.EndpointDisabled {
				b.Queue(qNotifyEndpoint, stopPrefix+id)
			} else {
				b.Queue(qNotifyEndpoint, resumePrefix+id)
			}
		}
		if next.Status == store.EndpointEnabled && (cur.URL != next.URL || cur.Secret != next.Secret) {
			b.Queue(qNotifyEndpoint, refreshPrefix+id)
		}
		if err := t.commit(ctx, b); err != nil {
			return fmt.Errorf("update endpoint: %w", err)
		}
		out = next
		return nil
	})
	if err != nil {
		return store.Endpoint{}, interpretError(err)
	}
	if swept {
		s.finishStatusSweeps(ctx, id)
	}
	return out, nil
}

// DeleteEndpoint locks the endpoint's row first and deletes in a second
// statement of the same round trip; its sweep (status_sweep.go) then ends
// the endpoint's waiting deliveries, failed, never sent. The lock waits
// for those who hold the row while they write a delivery (a test send, a
// PATCH or a record batch parking one), so that the sweep, which reads
// after the commit, finds what they wrote: a delivery committed after the
// deletion's read stayed retrying on a deleted endpoint, never sent and
// never failed.
func (s *Store) DeleteEndpoint(ctx context.Context, accountID, id string, at time.Time) error {
	// Its held deliveries first, so that the delete ends them with the rest.
	if err := s.flushHeldOf(ctx, accountID, id); err != nil {
		return err
	}
	var n int
	err := s.inTx(ctx, func(t *txn) error {
		b := &pgx.Batch{}
		b.Queue(qLockEndpoint, id, accountID)
		b.Queue(qDeleteEndpoint, at, id, accountID).QueryRow(func(row pgx.Row) error { return row.Scan(&n) })
		if err := t.commit(ctx, b); err != nil {
			return fmt.Errorf("delete endpoint: %w", err)
		}
		return nil
	})
	if err != nil {
		return interpretError(err)
	}
	if n == 0 {
		return store.ErrNotFound
	}
	s.finishStatusSweeps(ctx, id)
	return nil
}

func (s *Store) DisableFailingEndpoints(ctx context.Context, period time.Duration, now time.Time) ([]store.Endpoint, error) {
	var out []store.Endpoint
	err := s.inTx(ctx, func(t *txn) error {
		out = nil
		b := &pgx.Batch{}
		b.Queue(qFailingEndpoints, now.Add(-period), period.Microseconds()).Query(func(rows pgx.Rows) error {
			for rows.Next() {
				e, err := scanEndpoint(rows)
				if err != nil {
					return err
				}
				out = append(out, e)
			}
			return rows.Err()
		})
		if err := t.send(ctx, b); err != nil {
			return fmt.Errorf("read failing endpoints: %w", err)
		}
		if len(out) == 0 {
			return nil
		}
		ids := make([]string, len(out))
		reasons := make([]string, len(out))
		for i := range out {
			e := &out[i]
			e.Status = store.EndpointDisabled
			e.DisabledReason = fmt.Sprintf("disabled automatically: every delivery attempt has failed since %s", e.FailingSince.UTC().Format(time.RFC3339))
			e.UpdatedAt = now
			ids[i], reasons[i] = e.ID, e.DisabledReason
		}
		b = &pgx.Batch{}
		b.Queue(qDisableEndpoints, ids, reasons, now)
		b.Queue(qStartSweeps, ids)
		for _, id := range ids {
			b.Queue(qNotifyEndpoint, stopPrefix+id)
		}
		return t.commit(ctx, b)
	})
	if err != nil {
		return nil, interpretError(err)
	}
	// Their held deliveries are written now, due: the claim parks them, as
	// it parks those written while an endpoint is disabled.
	// (Failing, they stay held until a claim or a read writes them.)
	for _, e := range out {
		if err := s.flushHeldOf(ctx, e.AccountID, e.ID); err != nil {
			s.logHeld(err)
			break
		}
	}
	ids := make([]string, len(out))
	for i, e := range out {
		ids[i] = e.ID
	}
	s.finishStatusSweeps(ctx, ids...)
	return out, nil
}

// endpointURLs reads the account's endpoints' ids and URLs with q, within
// a transaction that holds the account's endpoint lock, for a
// store.URLCheck.
func endpointURLs(ctx context.Context, q interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
}, accountID string) func(yield func(id, url string) bool) error {
	return func(yield func(id, url string) bool) error {
		rows, err := q.Query(ctx, qEndpointURLs, accountID)
		if err != nil {
			return err
		}
		defer rows.Close()
		return store.EachURL(rows, yield)
	}
}

func (s *Store) EraseExpiredSecrets(ctx context.Context, now time.Time) (int, error) {
	tag, err := s.pool.Exec(ctx, qEraseExpiredSecrets, now)
	if err != nil {
		return 0, interpretError(fmt.Errorf("erase expired secrets: %w", err))
	}
	return int(tag.RowsAffected()), nil
}
