package postgres

import (
	"context"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

func (s *Store) CreateDashboardSession(ctx context.Context, ds store.DashboardSession) error {
	_, err := s.pool.Exec(ctx, qInsertDashboardSession, ds.TokenHash, ds.UserID, ds.AccountID, ds.CSRFToken,
		ds.CreatedAt, ds.LastSeenAt, ds.ExpiresAt)
	return interpretError(err)
}

func (s *Store) DashboardSessionByHash(ctx context.Context, hash []byte, now time.Time) (store.DashboardSession, error) {
	var ds store.DashboardSession
	err := s.pool.QueryRow(ctx, qDashboardSessionByHash, hash, now).
		Scan(&ds.TokenHash, &ds.UserID, &ds.AccountID, &ds.CSRFToken, &ds.CreatedAt, &ds.LastSeenAt, &ds.ExpiresAt)
	ds.CreatedAt, ds.LastSeenAt, ds.ExpiresAt = utc(ds.CreatedAt), utc(ds.LastSeenAt), utc(ds.ExpiresAt)
	return ds, interpretError(err)
}

func (s *Store) TouchDashboardSession(ctx context.Context, hash []byte, seen, expires time.Time) error {
	tag, err := s.pool.Exec(ctx, qTouchDashboardSession, seen, expires, hash)
	if err != nil {
		return interpretError(err)
	}
	if tag.RowsAffected() == 0 {
		return store.ErrNotFound
	}
	return nil
}

func (s *Store) DeleteDashboardSession(ctx context.Context, hash []byte) error {
	_, err := s.pool.Exec(ctx, qDeleteDashboardSession, hash)
	return interpretError(err)
}

func (s *Store) PruneDashboardSessions(ctx context.Context, now time.Time) (int, error) {
	tag, err := s.pool.Exec(ctx, qPruneDashboardSessions, now)
	if err != nil {
		return 0, interpretError(err)
	}
	return int(tag.RowsAffected()), nil
}
