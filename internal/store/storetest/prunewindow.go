package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
)

func init() {
	extraTests["PruneReadsABoundedWindow"] = testPruneReadsABoundedWindow
}

// testPruneReadsABoundedWindow: a Prune call reads at most limit old
// events, kept or not, and the next call goes on after them (Pruned.More),
// on both drivers. Events the retention keeps (a disabled endpoint's
// parked deliveries keep theirs; here deliveries still pending) were read
// all in one statement on the way to a batch of events to delete:
// PostgreSQL read 100,000 of them at every sweep. With more kept events
// than the limit ahead of one that may go, the first call deletes nothing
// and says the walk is midway; the walk reaches that event in the calls a
// window at a time takes, and keeps every kept one.
func testPruneReadsABoundedWindow(t *testing.T, s store.Store) {
	const kept, limit = 7, 2
	a := newAccount(t, s)
	newEndpoint(t, s, a)
	start := base.Add(2000 * time.Hour)
	seedDeliveriesAt(t, s, a, kept, start) // each with its delivery pending
	// Made after them, with no delivery: its account has no endpoint. It
	// may go. (Made at base, as seedDeliveries does, its id sorted among
	// theirs at random, and in the first window one time in four.)
	other := newAccount(t, s)
	res, err := moveAt(t, s, newOrder(t, s, other, false), order.MoveUpload, start.Add(kept*2*time.Second))
	must(t, err)
	if res.Event == nil {
		t.Fatal("the upload made no event")
	}
	cutoff := time.Now().Add(time.Hour)

	n, err := s.Prune(ctx, cutoff, limit)
	must(t, err)
	if n.Events != 0 || !n.More {
		t.Fatalf("the first call, %d kept events ahead of one that may go, with a limit of %d: pruned %d events, More %v; want none pruned and More (a window of %d events read)",
			kept, limit, n.Events, n.More, limit)
	}
	calls := 1
	for ; n.More; calls++ {
		if calls > kept {
			t.Fatalf("the walk still said More after %d calls of %d events each, over %d events", calls, limit, kept+1)
		}
		n, err = s.Prune(ctx, cutoff, limit)
		must(t, err)
	}
	// 8 events, 2 a call: the fourth call reads the event that may go
	// (and the last kept one), the fifth finds none left before the cutoff.
	if want := (kept+1)/limit + 1; calls != want {
		t.Errorf("the walk reached the cutoff in %d calls; want %d (%d events, %d a call)", calls, want, kept+1, limit)
	}
	if _, err := s.GetEvent(ctx, other, res.Event.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the event that may go, after the walk: %v; want it pruned", err)
	}
	ds, _, err := s.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: a, Limit: 100}})
	must(t, err)
	if len(ds) != kept {
		t.Errorf("%d deliveries of the kept events after the walk; want all %d", len(ds), kept)
	}
}
