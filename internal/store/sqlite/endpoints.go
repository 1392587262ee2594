package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

const endpointCols = `id, account_id, url, description, events, status, disabled_reason, secret, previous_secret,
 previous_secret_expires_at, failing_since, created_at, updated_at, older_secrets`

// qFailingEndpoints: the failing run began at least the period ago (?1 =
// now - period) and an attempt at least the period after its start failed
// too (?2 = the period in microseconds), so the failures span the period
// (store.Store.DisableFailingEndpoints).
const qFailingEndpoints = `SELECT ` + endpointCols + ` FROM endpoints e
 WHERE status = 'enabled' AND deleted_at IS NULL AND failing_since IS NOT NULL AND failing_since <= ?1
   AND EXISTS (SELECT 1 FROM attempts a WHERE a.endpoint_id = e.id AND a.started_at >= e.failing_since + ?2 AND a.succeeded = 0)`

func scanEndpoint(row interface{ Scan(...any) error }) (store.Endpoint, error) {
	var e store.Endpoint
	var events string
	var prevExp, failing sql.NullInt64
	var created, updated int64
	var older string
	err := row.Scan(&e.ID, &e.AccountID, &e.URL, &e.Description, &events, &e.Status, &e.DisabledReason, &e.Secret,
		&e.PreviousSecret, &prevExp, &failing, &created, &updated, &older)
	if err == nil {
		e.OlderSecrets, err = store.DecodeOlderSecrets(older)
	}
	if events != "" {
		e.Events = strings.Split(events, ",")
	}
	e.PreviousSecretExpiresAt, e.FailingSince = fromNullMicros(prevExp), fromNullMicros(failing)
	e.CreatedAt, e.UpdatedAt = fromMicros(created), fromMicros(updated)
	return e, err
}

func (s *Store) CreateEndpoint(ctx context.Context, e store.Endpoint, maxPerAccount int) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		s.forgetEndpoints()
		if maxPerAccount > 0 {
			// The writer is the only one: nothing can insert between the
			// count and the insert.
			var n int
			if err := tx.QueryRow(`SELECT COUNT(*) FROM endpoints WHERE account_id = ? AND deleted_at IS NULL`, e.AccountID).Scan(&n); err != nil {
				return err
			}
			if n >= maxPerAccount {
				return store.ErrEndpointLimit
			}
		}
		_, err := tx.Exec(`INSERT INTO endpoints (`+endpointCols+`) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			e.ID, e.AccountID, e.URL, e.Description, strings.Join(e.Events, ","), e.Status, e.DisabledReason, e.Secret,
			e.PreviousSecret, nullMicros(e.PreviousSecretExpiresAt), nullMicros(e.FailingSince), micros(e.CreatedAt), micros(e.UpdatedAt),
			store.EncodeOlderSecrets(e.OlderSecrets))
		return err
	})
}

func (s *Store) GetEndpoint(ctx context.Context, accountID, id string) (store.Endpoint, error) {
	e, err := scanEndpoint(s.reader.QueryRowContext(ctx, `SELECT `+endpointCols+` FROM endpoints WHERE id = ? AND account_id = ? AND deleted_at IS NULL`, id, accountID))
	return e, notFound(err)
}

func (s *Store) ListEndpoints(ctx context.Context, p store.ListParams) ([]store.Endpoint, bool, error) {
	return list(ctx, s.reader, `SELECT `+endpointCols+` FROM endpoints WHERE account_id = ? AND deleted_at IS NULL`, p.AccountID, nil, p, scanEndpoint)
}

func (s *Store) UpdateEndpoint(ctx context.Context, accountID, id string, update func(*store.Endpoint) error) (store.Endpoint, error) {
	var out store.Endpoint
	var swept bool
	err := s.write(ctx, func(tx *sql.Tx) error {
		s.forgetEndpoints()
		cur, err := scanEndpoint(tx.QueryRow(`SELECT `+endpointCols+` FROM endpoints WHERE id = ? AND account_id = ? AND deleted_at IS NULL`, id, accountID))
		if err != nil {
			return notFound(err)
		}
		next := cur
		next.Events = append([]string(nil), cur.Events...)
		if err := update(&next); err != nil {
			return err
		}
		_, err = tx.Exec(`UPDATE endpoints SET url = ?, description = ?, events = ?, status = ?, disabled_reason = ?, secret = ?,
			previous_secret = ?, previous_secret_expires_at = ?, failing_since = ?, updated_at = ?, older_secrets = ? WHERE id = ?`,
			next.URL, next.Description, strings.Join(next.Events, ","), next.Status, next.DisabledReason, next.Secret,
			next.PreviousSecret, nullMicros(next.PreviousSecretExpiresAt), nullMicros(next.FailingSince), micros(next.UpdatedAt),
			store.EncodeOlderSecrets(next.OlderSecrets), id)
		if err != nil {
			return fmt.Errorf("update endpoint: %w", err)
		}
		swept = cur.Status != next.Status
		if swept {
			if err := startSweep(tx, id); err != nil {
				return err
			}
		}
		out = next
		return nil
	})
	if err == nil && swept {
		s.finishSweep(ctx, id)
	}
	return out, err
}

// finishSweep runs the sweep of a status change that has committed. The
// caller waits for it (so deliveries follow the status by the time it
// returns), but does not steer it: once the status has changed, stopping
// halfway because the caller went away would leave parked deliveries of
// an enabled endpoint waiting for the next restart. If SQLite fails it,
// the checkpoint loop runs finishSweeps until the sweep is done.
func (s *Store) finishSweep(ctx context.Context, id string) {
	if err := s.sweep(context.WithoutCancel(ctx), id); err != nil {
		s.sweepRetry.Store(true)
	}
}

// startSweep records, in the transaction that changes the endpoint's status,
// that its deliveries must follow: parked while it is disabled or deleted
// (so claims never see them), due now when it is enabled again. The work
// itself is done by sweep, in chunks, after the commit.
func startSweep(tx *sql.Tx, endpointID string) error {
	if _, err := tx.Exec(`UPDATE endpoints SET sweep = (SELECT COALESCE(MAX(sweep), 0) + 1 FROM endpoints) WHERE id = ?`, endpointID); err != nil {
		return fmt.Errorf("park deliveries of %s: %w", endpointID, err)
	}
	return nil
}

// sweepChunk is how many deliveries one write of a sweep changes: small
// enough that other writes wait only milliseconds between two chunks and
// the transaction's savepoint journal stays small.
const sweepChunk = 5000

// sweep parks or un-parks the endpoint's deliveries, according to its
// current status, one chunk per write, until none is left; then it clears
// the endpoint's sweep mark unless a newer status change has taken over.
// If it stops early (a failed write, a crash), the mark stays and
// finishSweeps completes it: from the checkpoint loop, or when the store
// opens.
func (s *Store) sweep(ctx context.Context, endpointID string) error {
	after := "" // un-parking walks the endpoint's deliveries by id
	for {
		done := false
		err := s.writeBulk(ctx, func(tx *sql.Tx) error {
			var enabled, deleted bool
			var mark, changedAt int64
			err := tx.QueryRow(`SELECT status = 'enabled' AND deleted_at IS NULL, deleted_at IS NOT NULL, sweep, updated_at FROM endpoints WHERE id = ?`, endpointID).Scan(&enabled, &deleted, &mark, &changedAt)
			if errors.Is(err, sql.ErrNoRows) {
				done = true
				return nil
			}
			if err != nil {
				return err
			}
			var n int64
			if deleted {
				// Its waiting deliveries will never be sent: they end, failed
				// (walked by id, so each chunk starts where the last ended).
				rows, err := tx.Query(`UPDATE deliveries SET status = 'failed', next_attempt_at = NULL, due_at = NULL, lease_owner = NULL,
					last_error = '`+store.EndpointDeletedError+`', updated_at = ?
					WHERE id IN (SELECT id FROM deliveries WHERE endpoint_id = ? AND id > ? AND status IN ('pending','retrying') ORDER BY id LIMIT ?)
					RETURNING id`, changedAt, endpointID, after, sweepChunk)
				if err != nil {
					return err
				}
				if n, err = countAfter(rows, &after); err != nil {
					return err
				}
			} else if enabled {
				// Due from the moment the endpoint was enabled: the parked
				// ones, and any that kept a later retry time because its
				// attempt ended after the disable (not leased: none is on
				// the wire).
				rows, err := tx.Query(`UPDATE deliveries SET due_at = ?1, next_attempt_at = CASE WHEN status = 'retrying' THEN ?1 ELSE next_attempt_at END
					WHERE id IN (SELECT id FROM deliveries WHERE endpoint_id = ?2 AND id > ?3 AND status IN ('pending','retrying')
						AND (due_at IS NULL OR (lease_owner IS NULL AND due_at > ?1)) ORDER BY id LIMIT ?4)
					RETURNING id`, changedAt, endpointID, after, sweepChunk)
				if err != nil {
					return err
				}
				if n, err = countAfter(rows, &after); err != nil {
					return err
				}
			} else {
				// A delivery whose attempt is on the wire keeps its lease: its
				// outcome is recorded as usual (a retry is parked by the
				// record), and enabling again cannot hand it out a second time
				// while that attempt runs.
				r, err := tx.Exec(`UPDATE deliveries SET due_at = NULL, lease_owner = NULL
					WHERE id IN (SELECT id FROM deliveries WHERE endpoint_id = ? AND due_at IS NOT NULL AND (lease_owner IS NULL OR due_at <= ?) LIMIT ?)`,
					endpointID, micros(time.Now()), sweepChunk)
				if err != nil {
					return err
				}
				n, _ = r.RowsAffected()
			}
			if n < sweepChunk {
				done = true
				if mark != 0 {
					_, err = tx.Exec(`UPDATE endpoints SET sweep = 0 WHERE id = ? AND sweep = ?`, endpointID, mark)
				}
			}
			return err
		})
		if err != nil {
			return fmt.Errorf("park deliveries of %s: %w", endpointID, err)
		}
		if done {
			return nil
		}
	}
}

// countAfter counts the ids rows returns (and closes it), moving after to
// the greatest: a sweep that walks by id starts its next chunk there.
func countAfter(rows *sql.Rows, after *string) (int64, error) {
	defer rows.Close()
	var n int64
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return n, err
		}
		n++
		*after = max(*after, id)
	}
	return n, rows.Err()
}

// finishSweeps completes the sweeps a stopped process left unfinished.
func (s *Store) finishSweeps(ctx context.Context) error {
	rows, err := s.reader.QueryContext(ctx, `SELECT id FROM endpoints WHERE sweep <> 0`)
	if err != nil {
		return err
	}
	pending, err := scanIDs(rows)
	if err != nil {
		return err
	}
	for _, id := range pending {
		if err := s.sweep(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) DeleteEndpoint(ctx context.Context, accountID, id string, at time.Time) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		s.forgetEndpoints()
		r, err := tx.Exec(`UPDATE endpoints SET deleted_at = ?, status = 'disabled', disabled_reason = 'deleted', updated_at = ? WHERE id = ? AND account_id = ? AND deleted_at IS NULL`,
			micros(at), micros(at), id, accountID)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return store.ErrNotFound
		}
		return startSweep(tx, id)
	})
	if err != nil {
		return err
	}
	s.finishSweep(ctx, id)
	return nil
}

func (s *Store) DisableFailingEndpoints(ctx context.Context, period time.Duration, now time.Time) ([]store.Endpoint, error) {
	var out []store.Endpoint
	err := s.writeBulk(ctx, func(tx *sql.Tx) error {
		s.forgetEndpoints()
		out = nil
		rows, err := tx.Query(qFailingEndpoints, micros(now.Add(-period)), period.Microseconds())
		if err != nil {
			return err
		}
		for rows.Next() {
			e, err := scanEndpoint(rows)
			if err != nil {
				rows.Close()
				return err
			}
			out = append(out, e)
		}
		rows.Close()
		for i := range out {
			e := &out[i]
			e.Status = store.EndpointDisabled
			e.DisabledReason = fmt.Sprintf("disabled automatically: every delivery attempt has failed since %s", e.FailingSince.UTC().Format(time.RFC3339))
			e.UpdatedAt = now
			if _, err := tx.Exec(`UPDATE endpoints SET status = 'disabled', disabled_reason = ?, updated_at = ? WHERE id = ?`, e.DisabledReason, micros(now), e.ID); err != nil {
				return err
			}
			if err := startSweep(tx, e.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, e := range out {
		s.finishSweep(ctx, e.ID)
	}
	return out, nil
}
