package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

const endpointCols = `id, account_id, url, description, events, status, disabled_reason, secret, previous_secret,
 previous_secret_expires_at, failing_since, created_at, updated_at`

func scanEndpoint(row interface{ Scan(...any) error }) (store.Endpoint, error) {
	var e store.Endpoint
	var events string
	var prevExp, failing sql.NullInt64
	var created, updated int64
	err := row.Scan(&e.ID, &e.AccountID, &e.URL, &e.Description, &events, &e.Status, &e.DisabledReason, &e.Secret,
		&e.PreviousSecret, &prevExp, &failing, &created, &updated)
	if events != "" {
		e.Events = strings.Split(events, ",")
	}
	e.PreviousSecretExpiresAt, e.FailingSince = fromNullMicros(prevExp), fromNullMicros(failing)
	e.CreatedAt, e.UpdatedAt = fromMicros(created), fromMicros(updated)
	return e, err
}

func (s *Store) CreateEndpoint(ctx context.Context, e store.Endpoint) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO endpoints (`+endpointCols+`) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			e.ID, e.AccountID, e.URL, e.Description, strings.Join(e.Events, ","), e.Status, e.DisabledReason, e.Secret,
			e.PreviousSecret, nullMicros(e.PreviousSecretExpiresAt), nullMicros(e.FailingSince), micros(e.CreatedAt), micros(e.UpdatedAt))
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
	err := s.write(ctx, func(tx *sql.Tx) error {
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
			previous_secret = ?, previous_secret_expires_at = ?, failing_since = ?, updated_at = ? WHERE id = ?`,
			next.URL, next.Description, strings.Join(next.Events, ","), next.Status, next.DisabledReason, next.Secret,
			next.PreviousSecret, nullMicros(next.PreviousSecretExpiresAt), nullMicros(next.FailingSince), micros(next.UpdatedAt), id)
		if err != nil {
			return fmt.Errorf("update endpoint: %w", err)
		}
		if cur.Status != next.Status {
			if err := setParked(tx, id, next.Status == store.EndpointDisabled, next.UpdatedAt); err != nil {
				return err
			}
		}
		out = next
		return nil
	})
	return out, err
}

// setParked parks (park=true) the endpoint's waiting deliveries so claims
// never scan them, or makes parked ones due now.
func setParked(tx *sql.Tx, endpointID string, park bool, now time.Time) error {
	var err error
	if park {
		_, err = tx.Exec(`UPDATE deliveries SET due_at = NULL, lease_owner = NULL WHERE endpoint_id = ? AND due_at IS NOT NULL`, endpointID)
	} else {
		_, err = tx.Exec(`UPDATE deliveries SET due_at = ?, next_attempt_at = CASE WHEN status = 'retrying' THEN ? ELSE next_attempt_at END
			WHERE endpoint_id = ? AND status IN ('pending','retrying') AND due_at IS NULL`, micros(now), micros(now), endpointID)
	}
	if err != nil {
		return fmt.Errorf("park deliveries of %s: %w", endpointID, err)
	}
	return nil
}

func (s *Store) DeleteEndpoint(ctx context.Context, accountID, id string, at time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		r, err := tx.Exec(`UPDATE endpoints SET deleted_at = ?, status = 'disabled', disabled_reason = 'deleted', updated_at = ? WHERE id = ? AND account_id = ? AND deleted_at IS NULL`,
			micros(at), micros(at), id, accountID)
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return store.ErrNotFound
		}
		return setParked(tx, id, true, at)
	})
}

func (s *Store) DisableFailingEndpoints(ctx context.Context, failingSince, now time.Time) ([]store.Endpoint, error) {
	var out []store.Endpoint
	err := s.write(ctx, func(tx *sql.Tx) error {
		out = nil
		rows, err := tx.Query(`SELECT `+endpointCols+` FROM endpoints WHERE status = 'enabled' AND deleted_at IS NULL AND failing_since IS NOT NULL AND failing_since <= ?`, micros(failingSince))
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
			if err := setParked(tx, e.ID, true, now); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}
