package storetest

import (
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

func init() { extraTests["PruneIdempotencyKeys"] = testPruneIdempotencyKeys }

// testPruneIdempotencyKeys: the retention prunes an idempotency key made
// before its cutoff, and keeps one made after it, which still replays.
// (Pruning keys a day younger than the cutoff, by hand, failed no test: a
// client's retry within the retention would then create a second order.)
func testPruneIdempotencyKeys(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	create := func(key string, at time.Time) store.CreateOrderResult {
		t.Helper()
		r, err := s.CreateOrder(ctx, store.CreateOrderParams{Order: newOrderValue(a), IdempotencyKey: key, RequestHash: []byte("h"),
			Response: []byte(`{}`), Now: at})
		must(t, err)
		return r
	}
	cutoff := base.Add(time.Hour)
	create("old", cutoff.Add(-time.Minute))
	young := create("young", cutoff.Add(time.Minute))
	var pruned int
	for range 10 { // Prune works in bounded writes; a few suffice here
		n, err := s.Prune(ctx, cutoff, 0)
		must(t, err)
		pruned += n.IdempotencyKeys
	}
	if pruned != 1 {
		t.Errorf("pruned %d idempotency keys, want the 1 made before the cutoff", pruned)
	}
	if r := create("young", cutoff.Add(2*time.Minute)); !r.Replayed || r.Order.ID != young.Order.ID {
		t.Errorf("a key made after the cutoff was pruned: its retry created order %s, want the replay of %s", r.Order.ID, young.Order.ID)
	}
	if r := create("old", cutoff.Add(2*time.Minute)); r.Replayed {
		t.Error("a key made before the cutoff still replays after the prune")
	}
}
