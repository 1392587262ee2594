package storetest

import (
	"errors"
	"testing"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/store"
)

func init() { extraTests["APIKeyLimit"] = testAPIKeyLimit }

// testAPIKeyLimit: an account cannot have more active API keys than the
// limit, even when the creates come at once (the dashboard counted and
// inserted under a lock of its own instance: two instances on one
// database passed the limit together); revoked keys do not count, other
// accounts are not affected, and 0 is no limit.
func testAPIKeyLimit(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	const limit = 4
	newKey := func(account string) store.APIKey {
		id := ids.New(ids.APIKey)
		return store.APIKey{ID: id, AccountID: account, Name: "k", Prefix: "esk_limit", Hash: []byte(id), CreatedAt: base}
	}
	raceCreatesPastLimit(t, limit, func() error { return s.CreateAPIKey(ctx, newKey(a), limit) }, store.ErrAPIKeyLimit)
	keys, err := s.ListAPIKeys(ctx, a)
	must(t, err)
	if len(keys) != limit {
		t.Fatalf("%d keys listed, want %d", len(keys), limit)
	}
	must(t, s.CreateAPIKey(ctx, newKey(newAccount(t, s)), limit)) // another account
	must(t, s.CreateAPIKey(ctx, newKey(a), 0))                    // no limit: now limit+1 active
	must(t, s.RevokeAPIKey(ctx, a, keys[0].ID, base))
	must(t, s.RevokeAPIKey(ctx, a, keys[1].ID, base))
	must(t, s.CreateAPIKey(ctx, newKey(a), limit)) // 3 + 1 after the revokes
	if err := s.CreateAPIKey(ctx, newKey(a), limit); !errors.Is(err, store.ErrAPIKeyLimit) {
		t.Fatalf("create past the limit: %v", err)
	}
}
