package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

func (s *Store) CreateDashboardSession(ctx context.Context, ds store.DashboardSession) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(qInsertDashboardSession, ds.TokenHash, ds.UserID, ds.AccountID, ds.CSRFToken,
			micros(ds.CreatedAt), micros(ds.LastSeenAt), micros(ds.ExpiresAt))
		if err != nil {
			return fmt.Errorf("insert dashboard session: %w", err)
		}
		return nil
	})
}

func (s *Store) DashboardSessionByHash(ctx context.Context, hash []byte, now time.Time) (store.DashboardSession, error) {
	var ds store.DashboardSession
	var created, seen, expires int64
	err := s.reader.QueryRowContext(ctx, qDashboardSessionByHash, hash, micros(now)).
		Scan(&ds.TokenHash, &ds.UserID, &ds.AccountID, &ds.CSRFToken, &created, &seen, &expires)
	ds.CreatedAt, ds.LastSeenAt, ds.ExpiresAt = fromMicros(created), fromMicros(seen), fromMicros(expires)
	return ds, notFound(err)
}

func (s *Store) TouchDashboardSession(ctx context.Context, hash []byte, seen, expires time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.Exec(qTouchDashboardSession, micros(seen), micros(expires), hash)
		if err != nil {
			return fmt.Errorf("touch dashboard session: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return store.ErrNotFound
		}
		return nil
	})
}

func (s *Store) DeleteDashboardSession(ctx context.Context, hash []byte) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(qDeleteDashboardSession, hash); err != nil {
			return fmt.Errorf("delete dashboard session: %w", err)
		}
		return nil
	})
}

func (s *Store) PruneDashboardSessions(ctx context.Context, now time.Time) (int, error) {
	var n int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.Exec(qPruneDashboardSessions, micros(now))
		if err != nil {
			return fmt.Errorf("prune dashboard sessions: %w", err)
		}
		n, _ = res.RowsAffected()
		return nil
	})
	return int(n), err
}
