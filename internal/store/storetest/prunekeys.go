package storetest

import (
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/store"
)

func init() { extraTests["PruneRevokedKeys"] = testPruneRevokedKeys }

// testPruneRevokedKeys: a key revoked before the cutoff goes with the
// retention (the API answers the same invalid_api_key for a revoked key
// and an unknown one); a key revoked since, and an active key however
// old, stay. So does an account's newest key, revoked or not: an account
// never loses its last key's row (serve tells an account someone made
// from its own unfinished first start by the account's keys).
func testPruneRevokedKeys(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	newKey := func(account, name string) store.APIKey {
		k := store.APIKey{ID: ids.New(ids.APIKey), AccountID: account, Name: name, Prefix: "esk_" + name, Hash: []byte(ids.New(ids.APIKey)), CreatedAt: base}
		must(t, s.CreateAPIKey(ctx, k, 0))
		return k
	}
	oldRevoked, lateRevoked, active := newKey(a, "old"), newKey(a, "late"), newKey(a, "active")
	b := newAccount(t, s)
	onlyRevoked := newKey(b, "only")
	// c: every key revoked before the cutoff; only the newest stays.
	c := newAccount(t, s)
	olderOfC, newestOfC := newKey(c, "older"), newKey(c, "newest")
	cutoff := time.Now().Add(time.Hour)
	must(t, s.RevokeAPIKey(ctx, a, oldRevoked.ID, base.Add(time.Second)))
	must(t, s.RevokeAPIKey(ctx, a, lateRevoked.ID, cutoff.Add(time.Minute)))
	must(t, s.RevokeAPIKey(ctx, b, onlyRevoked.ID, base.Add(time.Second)))
	must(t, s.RevokeAPIKey(ctx, c, newestOfC.ID, base.Add(time.Second)))
	must(t, s.RevokeAPIKey(ctx, c, olderOfC.ID, base.Add(2*time.Second)))
	// Counted, for esahayak_pruned_rows_total{table="api_keys"}: a's old
	// key and c's older one (other tests' keys may add to it).
	if p := pruneAll(t, s, cutoff); p.APIKeys < 2 {
		t.Errorf("Prune counted %+v; want the two revoked keys in APIKeys", p)
	}
	keys, err := s.ListAPIKeys(ctx, a)
	must(t, err)
	left := map[string]bool{}
	for _, k := range keys {
		left[k.ID] = true
	}
	if left[oldRevoked.ID] || !left[lateRevoked.ID] || !left[active.ID] || len(keys) != 2 {
		var names []string
		for _, k := range keys {
			names = append(names, k.Name)
		}
		t.Fatalf("keys after prune: %v; want late (revoked after the cutoff) and active", names)
	}
	if keys, err := s.ListAPIKeys(ctx, b); err != nil || len(keys) != 1 {
		t.Fatalf("an account's only key, revoked before the cutoff, after prune: %d keys (%v), want it kept", len(keys), err)
	}
	if keys, err := s.ListAPIKeys(ctx, c); err != nil || len(keys) != 1 || keys[0].ID != newestOfC.ID {
		t.Fatalf("an account whose keys were all revoked before the cutoff, after prune: %d keys (%v), want its newest alone", len(keys), err)
	}
	if _, err := s.APIKeyByHash(ctx, active.Hash); err != nil {
		t.Fatalf("active key after prune: %v", err)
	}
}
