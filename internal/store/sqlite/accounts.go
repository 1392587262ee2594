package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

func (s *Store) CreateAccount(ctx context.Context, a store.Account) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(qInsertAccount, a.ID, a.Name, micros(a.CreatedAt)); err != nil {
			return fmt.Errorf("insert account: %w", err)
		}
		return nil
	})
}

func (s *Store) GetAccount(ctx context.Context, id string) (store.Account, error) {
	var a store.Account
	var created int64
	err := s.reader.QueryRowContext(ctx, qGetAccount, id).Scan(&a.ID, &a.Name, &created)
	a.CreatedAt = fromMicros(created)
	return a, notFound(err)
}

func (s *Store) CountAccounts(ctx context.Context) (int, error) {
	var n int
	if err := s.reader.QueryRowContext(ctx, qCountAccounts).Scan(&n); err != nil {
		return 0, fmt.Errorf("count accounts: %w", err)
	}
	return n, nil
}

func (s *Store) ListAccounts(ctx context.Context) ([]store.Account, error) {
	rows, err := s.reader.QueryContext(ctx, qListAccounts)
	if err != nil {
		return nil, fmt.Errorf("list accounts: %w", err)
	}
	defer rows.Close()
	var out []store.Account
	for rows.Next() {
		var a store.Account
		var created int64
		if err := rows.Scan(&a.ID, &a.Name, &created); err != nil {
			return nil, fmt.Errorf("list accounts: %w", err)
		}
		a.CreatedAt = fromMicros(created)
		out = append(out, a)
	}
	return out, rows.Err()
}

func (s *Store) CreateAPIKey(ctx context.Context, k store.APIKey, maxActive int) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if maxActive > 0 {
			// The writer is the only one: nothing can insert between the
			// count and the insert.
			var n int
			if err := tx.QueryRow(qCountActiveAPIKeys, k.AccountID).Scan(&n); err != nil {
				return fmt.Errorf("count active API keys: %w", err)
			}
			if n >= maxActive {
				return store.ErrAPIKeyLimit
			}
		}
		if _, err := tx.Exec(qInsertAPIKey, k.ID, k.AccountID, k.Name, k.Prefix, k.Hash, micros(k.CreatedAt)); err != nil {
			return fmt.Errorf("insert API key: %w", err)
		}
		return nil
	})
}

func scanAPIKey(row interface{ Scan(...any) error }) (store.APIKey, error) {
	var k store.APIKey
	var created int64
	var used, revoked sql.NullInt64
	err := row.Scan(&k.ID, &k.AccountID, &k.Name, &k.Prefix, &k.Hash, &created, &used, &revoked)
	k.CreatedAt, k.LastUsedAt, k.RevokedAt = fromMicros(created), fromNullMicros(used), fromNullMicros(revoked)
	return k, err
}

func (s *Store) APIKeyByHash(ctx context.Context, hash []byte) (store.APIKey, error) {
	k, err := scanAPIKey(s.reader.QueryRowContext(ctx, qAPIKeyByHash, hash))
	return k, notFound(err)
}

func (s *Store) ListAPIKeys(ctx context.Context, accountID string) ([]store.APIKey, error) {
	rows, err := s.reader.QueryContext(ctx, qListAPIKeys, accountID)
	if err != nil {
		return nil, fmt.Errorf("list API keys: %w", err)
	}
	defer rows.Close()
	return store.CollectRows(rows, scanAPIKey)
}

func (s *Store) RevokeAPIKey(ctx context.Context, accountID, id string, at time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.Exec(qRevokeAPIKey, micros(at), id, accountID)
		if err != nil {
			return fmt.Errorf("revoke API key: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return store.ErrNotFound
		}
		return nil
	})
}

func (s *Store) TouchAPIKey(ctx context.Context, id string, at time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(qTouchAPIKey, micros(at), id); err != nil {
			return fmt.Errorf("touch API key: %w", err)
		}
		return nil
	})
}

func (s *Store) CreateUser(ctx context.Context, u store.User) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(qInsertUser, u.ID, u.AccountID, strings.ToLower(u.Email), u.PasswordHash, micros(u.CreatedAt))
		if err != nil && strings.Contains(err.Error(), "UNIQUE") {
			return fmt.Errorf("user %s: %w", u.Email, store.ErrConflict)
		}
		if err != nil {
			return fmt.Errorf("insert user: %w", err)
		}
		return nil
	})
}

func scanUser(row *sql.Row) (store.User, error) {
	var u store.User
	var created int64
	err := row.Scan(&u.ID, &u.AccountID, &u.Email, &u.PasswordHash, &created)
	u.CreatedAt = fromMicros(created)
	return u, notFound(err)
}

func (s *Store) UserByEmail(ctx context.Context, email string) (store.User, error) {
	return scanUser(s.reader.QueryRowContext(ctx, qUserByEmail, strings.ToLower(email)))
}

func (s *Store) GetUser(ctx context.Context, id string) (store.User, error) {
	return scanUser(s.reader.QueryRowContext(ctx, qGetUser, id))
}
