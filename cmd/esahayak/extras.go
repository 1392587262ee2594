package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/dashboard"
	"github.com/esahayak/esahayak/internal/delivery"
	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/store"
)

// mountExtras adds the parts served beside the API (the dashboard), and
// returns the dashboard (nil when it could not be built), whose held-back
// outage log lines serve flushes at the stop.
func mountExtras(s *api.Server, st store.Store, engine *delivery.Engine, c serveConfig, log *slog.Logger) *dashboard.Dashboard {
	d, err := dashboard.New(dashboard.Config{AllowInsecureURLs: c.allowInsecure, AttemptTimeout: c.attemptTimeout, Log: log}, st, s, engine)
	if err != nil {
		// The templates are embedded and parsed by the tests: this is a
		// broken build, not a runtime condition. The API still serves.
		log.Error("dashboard disabled", slog.Any("err", err))
		return nil
	}
	d.Mount(s)
	return d
}

// devUserEmail is the first start's dashboard user.
const devUserEmail = "dev@localhost"

// The first start's account and key names. The key's name marks an
// account as the first start's: one made with `accounts create
// Development` has a key named "default".
const (
	devAccountName = "Development"
	devKeyName     = "development (first start)"
)

// unfinishedFirstStart says whether serve's first start is to run: on an
// empty database (acct zero), or to finish one that was killed between its
// writes and its printout (acct is its account: the only one, named
// Development, without the development user, and with no key but the
// first start's own).
func unfinishedFirstStart(ctx context.Context, st store.Store) (acct store.Account, finish bool, err error) {
	n, err := st.CountAccounts(ctx)
	if err != nil {
		return acct, false, fmt.Errorf("count accounts: %w", err)
	}
	if n == 0 {
		return acct, true, nil
	}
	if n > 1 {
		return acct, false, nil
	}
	if _, err := st.UserByEmail(ctx, devUserEmail); !errors.Is(err, store.ErrNotFound) {
		return acct, false, nil // finished (or unreadable: the first start is not worth failing for)
	}
	accts, err := st.ListAccounts(ctx)
	if err != nil || len(accts) != 1 || accts[0].Name != devAccountName {
		return acct, false, nil
	}
	keys, err := st.ListAPIKeys(ctx, accts[0].ID)
	if err != nil {
		return acct, false, nil
	}
	for _, k := range keys {
		if k.Name != devKeyName {
			return acct, false, nil // an account someone made
		}
	}
	return accts[0], true, nil
}

// newDevUser makes the first start's dashboard user (not stored yet) with
// a random password.
func newDevUser() (store.User, string, error) {
	password, err := dashboard.RandomPassword()
	if err != nil {
		return store.User{}, "", err
	}
	hash, err := dashboard.HashPassword(password)
	if err != nil {
		return store.User{}, "", err
	}
	return store.User{Email: devUserEmail, PasswordHash: hash}, password, nil
}

// devUserLines are the printout's lines about the dashboard user made by
// newDevUser (userErr if that failed).
func devUserLines(password string, userErr error) string {
	if userErr != nil {
		return fmt.Sprintf("  dashboard:  no user was created (%v); make one with 'esahayak users create'", userErr)
	}
	return fmt.Sprintf("  email:      %s      (dashboard sign-in; the password is shown only now)\n  password:   %s", devUserEmail, password)
}

// storeDevUser stores the user newDevUser made, for accountID.
func storeDevUser(ctx context.Context, st store.Store, accountID string, u store.User, now time.Time) error {
	u.ID, u.AccountID, u.CreatedAt = ids.NewAt(ids.User, now), accountID, now
	return st.CreateUser(ctx, u)
}
