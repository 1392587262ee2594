package storetest

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/store"
)

func init() {
	extraTests["DashboardSessions"] = testDashboardSessions
	extraTests["DashboardSessionPrune"] = testDashboardSessionPrune
}

func sessionHash(s string) []byte {
	h := sha256.Sum256([]byte(s))
	return h[:]
}

func newSession(t *testing.T, s store.Store, account, token string, created time.Time, ttl time.Duration) store.DashboardSession {
	t.Helper()
	ds := store.DashboardSession{TokenHash: sessionHash(token), UserID: ids.New(ids.User), AccountID: account,
		CSRFToken: "csrf-" + token, CreatedAt: created, LastSeenAt: created, ExpiresAt: created.Add(ttl)}
	must(t, s.CreateDashboardSession(ctx, ds))
	return ds
}

func testDashboardSessions(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	ds := newSession(t, s, a, "token-one", base, 12*time.Hour)

	got, err := s.DashboardSessionByHash(ctx, ds.TokenHash, base.Add(time.Hour))
	must(t, err)
	if !bytes.Equal(got.TokenHash, ds.TokenHash) || got.UserID != ds.UserID || got.AccountID != a || got.CSRFToken != "csrf-token-one" ||
		!got.CreatedAt.Equal(base) || !got.LastSeenAt.Equal(base) || !got.ExpiresAt.Equal(base.Add(12*time.Hour)) {
		t.Fatalf("session = %+v, want %+v", got, ds)
	}
	if _, err := s.DashboardSessionByHash(ctx, sessionHash("token-two"), base); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown token: %v", err)
	}
	// Expired: not found at or after its expiry.
	if _, err := s.DashboardSessionByHash(ctx, ds.TokenHash, base.Add(12*time.Hour)); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("expired session found: %v", err)
	}

	// Sliding expiry: a touch moves it.
	must(t, s.TouchDashboardSession(ctx, ds.TokenHash, base.Add(11*time.Hour), base.Add(23*time.Hour)))
	got, err = s.DashboardSessionByHash(ctx, ds.TokenHash, base.Add(20*time.Hour))
	must(t, err)
	if !got.LastSeenAt.Equal(base.Add(11*time.Hour)) || !got.ExpiresAt.Equal(base.Add(23*time.Hour)) {
		t.Fatalf("after touch: %+v", got)
	}
	if err := s.TouchDashboardSession(ctx, sessionHash("nobody"), base, base.Add(time.Hour)); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("touch of a missing session: %v", err)
	}

	// The same token twice is a conflict, not a second session.
	dup := ds
	if err := s.CreateDashboardSession(ctx, dup); err == nil {
		t.Fatal("a second session with the same token hash was accepted")
	}

	// Sign-out deletes it; signing out twice is fine.
	other := newSession(t, s, a, "token-three", base, 12*time.Hour)
	must(t, s.DeleteDashboardSession(ctx, ds.TokenHash))
	must(t, s.DeleteDashboardSession(ctx, ds.TokenHash))
	if _, err := s.DashboardSessionByHash(ctx, ds.TokenHash, base.Add(time.Hour)); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("deleted session found: %v", err)
	}
	if _, err := s.DashboardSessionByHash(ctx, other.TokenHash, base.Add(time.Hour)); err != nil {
		t.Fatalf("deleting one session removed another: %v", err)
	}
}

func testDashboardSessionPrune(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	old := newSession(t, s, a, "old", base, time.Hour)
	edge := newSession(t, s, a, "edge", base, 2*time.Hour)
	live := newSession(t, s, a, "live", base, 3*time.Hour)
	n, err := s.PruneDashboardSessions(ctx, base.Add(2*time.Hour))
	must(t, err)
	if n != 2 {
		t.Fatalf("pruned %d sessions, want 2 (expired before and at now)", n)
	}
	for _, gone := range []store.DashboardSession{old, edge} {
		if _, err := s.DashboardSessionByHash(ctx, gone.TokenHash, base); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("pruned session still found: %v", err)
		}
	}
	if _, err := s.DashboardSessionByHash(ctx, live.TokenHash, base); err != nil {
		t.Fatalf("live session pruned: %v", err)
	}
	n, err = s.PruneDashboardSessions(ctx, base.Add(2*time.Hour))
	must(t, err)
	if n != 0 {
		t.Fatalf("second prune removed %d", n)
	}
}
