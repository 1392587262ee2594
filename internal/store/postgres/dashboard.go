package postgres

import (
	"context"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

// Dashboard sessions. The statements live here rather than in queries.go
// so that the dashboard's part of the driver stays in one file.
const (
	dashboardSessionCols    = `token_hash, user_id, account_id, csrf_token, created_at, last_seen_at, expires_at`
	qInsertDashboardSession = `INSERT INTO dashboard_sessions (` + dashboardSessionCols + `) VALUES ($1, $2, $3, $4, $5, $6, $7)`
	qDashboardSessionByHash = `SELECT ` + dashboardSessionCols + ` FROM dashboard_sessions WHERE token_hash = $1 AND expires_at > $2`
	qTouchDashboardSession  = `UPDATE dashboard_sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3`
	qDeleteDashboardSession = `DELETE FROM dashboard_sessions WHERE token_hash = $1`
	qPruneDashboardSessions = `DELETE FROM dashboard_sessions WHERE expires_at <= $1`
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
