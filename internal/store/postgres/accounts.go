package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/esahayak/esahayak/internal/store"
)

func (s *Store) CreateAccount(ctx context.Context, a store.Account) error {
	_, err := s.pool.Exec(ctx, qInsertAccount, a.ID, a.Name, a.CreatedAt)
	return interpretError(err)
}

func (s *Store) GetAccount(ctx context.Context, id string) (store.Account, error) {
	var a store.Account
	err := s.pool.QueryRow(ctx, qGetAccount, id).Scan(&a.ID, &a.Name, &a.CreatedAt)
	a.CreatedAt = utc(a.CreatedAt)
	return a, interpretError(err)
}

func (s *Store) CountAccounts(ctx context.Context) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, qCountAccounts).Scan(&n)
	return n, interpretError(err)
}

func (s *Store) ListAccounts(ctx context.Context) ([]store.Account, error) {
	rows, err := s.pool.Query(ctx, qListAccounts)
	if err != nil {
		return nil, interpretError(err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.Account, error) {
		var a store.Account
		err := r.Scan(&a.ID, &a.Name, &a.CreatedAt)
		a.CreatedAt = a.CreatedAt.UTC()
		return a, err
	})
	return out, interpretError(err)
}

func (s *Store) CreateAPIKey(ctx context.Context, k store.APIKey, maxActive int) error {
	if maxActive <= 0 {
		_, err := s.pool.Exec(ctx, qInsertAPIKey, k.ID, k.AccountID, k.Name, k.Prefix, k.Hash, k.CreatedAt)
		return interpretError(err)
	}
	// As CreateEndpoint: the account's creates take turns under a
	// transaction-level advisory lock, so concurrent ones (from any
	// instance) cannot all pass the count.
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return interpretError(fmt.Errorf("begin: %w", err))
	}
	defer tx.Rollback(context.Background())
	if _, err := tx.Exec(ctx, qLockAccountAPIKeys, k.AccountID); err != nil {
		return interpretError(fmt.Errorf("lock account's API keys: %w", err))
	}
	var n int
	if err := tx.QueryRow(ctx, qCountActiveAPIKeys, k.AccountID).Scan(&n); err != nil {
		return interpretError(fmt.Errorf("count active API keys: %w", err))
	}
	if n >= maxActive {
		return store.ErrAPIKeyLimit
	}
	if _, err := tx.Exec(ctx, qInsertAPIKey, k.ID, k.AccountID, k.Name, k.Prefix, k.Hash, k.CreatedAt); err != nil {
		return interpretError(fmt.Errorf("insert API key: %w", err))
	}
	return interpretError(tx.Commit(ctx))
}

func scanAPIKey(row scanner) (store.APIKey, error) {
	var k store.APIKey
	err := row.Scan(&k.ID, &k.AccountID, &k.Name, &k.Prefix, &k.Hash, &k.CreatedAt, &k.LastUsedAt, &k.RevokedAt)
	k.CreatedAt, k.LastUsedAt, k.RevokedAt = utc(k.CreatedAt), utcPtr(k.LastUsedAt), utcPtr(k.RevokedAt)
	return k, err
}

func (s *Store) APIKeyByHash(ctx context.Context, hash []byte) (store.APIKey, error) {
	k, err := scanAPIKey(s.pool.QueryRow(ctx, qAPIKeyByHash, hash))
	return k, interpretError(err)
}

func (s *Store) ListAPIKeys(ctx context.Context, accountID string) ([]store.APIKey, error) {
	rows, err := s.pool.Query(ctx, qListAPIKeys, accountID)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	out, err := store.CollectRows(rows, scanAPIKey)
	return out, interpretError(err)
}

func (s *Store) RevokeAPIKey(ctx context.Context, accountID, id string, at time.Time) error {
	tag, err := s.pool.Exec(ctx, qRevokeAPIKey, at, id, accountID)
	if err != nil {
		return interpretError(err)
	}
	if tag.RowsAffected() == 0 {
		return store.ErrNotFound
	}
	return nil
}

func (s *Store) TouchAPIKey(ctx context.Context, id string, at time.Time) error {
	_, err := s.pool.Exec(ctx, qTouchAPIKey, at, id)
	return interpretError(err)
}

func (s *Store) CreateUser(ctx context.Context, u store.User) error {
	_, err := s.pool.Exec(ctx, qInsertUser, u.ID, u.AccountID, strings.ToLower(u.Email), u.PasswordHash, u.CreatedAt)
	if err = interpretError(err); errors.Is(err, store.ErrConflict) {
		return fmt.Errorf("user %s: %w", u.Email, err)
	}
	if err != nil {
		return fmt.Errorf("insert user: %w", err)
	}
	return nil
}

func scanUser(row pgx.Row) (store.User, error) {
	var u store.User
	err := row.Scan(&u.ID, &u.AccountID, &u.Email, &u.PasswordHash, &u.CreatedAt)
	u.CreatedAt = utc(u.CreatedAt)
	return u, interpretError(err)
}

func (s *Store) UserByEmail(ctx context.Context, email string) (store.User, error) {
	return scanUser(s.pool.QueryRow(ctx, qUserByEmail, strings.ToLower(email)))
}

func (s *Store) GetUser(ctx context.Context, id string) (store.User, error) {
	return scanUser(s.pool.QueryRow(ctx, qUserByID, id))
}
