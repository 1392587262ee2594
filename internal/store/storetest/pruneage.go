package storetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
)

func init() {
	extraTests["PruneAtTheCutoff"] = testPruneAtTheCutoff
	extraTests["PruneLeavesNoAttemptBehind"] = testPruneLeavesNoAttemptBehind
	extraTests["PruneKeepsOldAttemptsOfKeptDeliveries"] = testPruneKeepsOldAttemptsOfKeptDeliveries
	extraTests["PruneKeepsRecentEventsWithoutDeliveries"] = testPruneKeepsRecentEventsWithoutDeliveries
	extraTests["PruneWithACutoffBeforeTheEpoch"] = testPruneWithACutoffBeforeTheEpoch
}

// testPruneAtTheCutoff: the retention prunes what is older than its
// cutoff (--retention: "older than this"), and keeps what is exactly as
// old: an idempotency key made, a listen session closed, an endpoint
// deleted, an API key revoked, or an event's delivery last changed at the
// cutoff stays; a microsecond older, it goes. The other prune tests
// leave a minute or more either side, so a bound turned from "before"
// into "at or before" failed none of them.
func testPruneAtTheCutoff(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	// Well after every id the suite's events carry (the real clock's, or
	// base's), so that the event is old by its id and only its delivery's
	// last change can keep it.
	cutoff := time.Now().UTC().Add(24 * time.Hour).Truncate(time.Millisecond)
	µs := time.Microsecond

	_, err := s.CreateOrder(ctx, store.CreateOrderParams{Order: newOrderValue(a), IdempotencyKey: "at-cutoff", RequestHash: []byte("h"),
		Response: []byte(`{}`), Now: cutoff})
	must(t, err)

	atCutoff, before := newListenSession(t, s, a), newListenSession(t, s, a)
	_, err = s.CloseListenSession(ctx, a, atCutoff.ID, cutoff)
	must(t, err)
	_, err = s.CloseListenSession(ctx, a, before.ID, cutoff.Add(-µs))
	must(t, err)

	deletedAt, deletedBefore := newEndpoint(t, s, a), newEndpoint(t, s, a)
	must(t, s.DeleteEndpoint(ctx, a, deletedAt.ID, cutoff))
	must(t, s.DeleteEndpoint(ctx, a, deletedBefore.ID, cutoff.Add(-µs)))

	newKey := func(name string) store.APIKey {
		k := store.APIKey{ID: ids.New(ids.APIKey), AccountID: a, Name: name, Prefix: "esk_" + name, Hash: []byte(ids.New(ids.APIKey)), CreatedAt: base}
		must(t, s.CreateAPIKey(ctx, k, 0))
		return k
	}
	revokedAt, revokedBefore := newKey("at"), newKey("before")
	newKey("newest") // an account's newest key is kept anyway: not these
	must(t, s.RevokeAPIKey(ctx, a, revokedAt.ID, cutoff))
	must(t, s.RevokeAPIKey(ctx, a, revokedBefore.ID, cutoff.Add(-µs)))

	// An event whose one delivery failed for good; its last change is
	// read back, and the cutoff set on it.
	ep := newEndpoint(t, s, a)
	seedDeliveries(t, s, a, 1)
	ws := claimN(t, s, "A", cutoff.Add(-time.Hour), 10, 1, "")
	must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: ws[0].DeliveryID, EndpointID: ep.ID, LeaseOwner: "A", LeaseUntil: ws[0].LeaseUntil, Outcome: store.OutcomeFailed,
		RoundAttempt: 1, Attempt: attemptFor(ws[0], false, 500, cutoff.Add(-time.Hour))}}))
	d, err := s.GetDelivery(ctx, a, ws[0].DeliveryID)
	must(t, err)
	if d.Status != store.DeliveryFailed {
		t.Fatalf("delivery %s, want failed", d.Status)
	}
	changed := d.UpdatedAt

	// The delivery changed exactly at this cutoff: its event stays.
	pruneAll(t, s, changed)
	if _, err := s.GetEvent(ctx, a, ws[0].EventID); err != nil {
		t.Fatalf("an event whose delivery changed exactly at the cutoff was pruned: %v", err)
	}
	// A microsecond later, it is older than the cutoff: it goes.
	pruneAll(t, s, changed.Add(µs))
	if _, err := s.GetEvent(ctx, a, ws[0].EventID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("an event whose delivery changed a microsecond before the cutoff: %v; want it pruned", err)
	}

	if p := pruneAll(t, s, cutoff); p.Endpoints != 1 || p.APIKeys != 1 || p.ListenSessions != 1 || p.IdempotencyKeys != 0 {
		t.Errorf("at the cutoff the prune took %+v; want the endpoint deleted, the key revoked and the session closed a microsecond before it, one each, and no idempotency key", p)
	}
	if r, err := s.CreateOrder(ctx, store.CreateOrderParams{Order: newOrderValue(a), IdempotencyKey: "at-cutoff", RequestHash: []byte("h"),
		Response: []byte(`{}`), Now: cutoff.Add(time.Second)}); err != nil || !r.Replayed {
		t.Errorf("an idempotency key made exactly at the cutoff was pruned (its retry replayed: %v, %v)", r.Replayed, err)
	}
	if _, err := s.GetListenSession(ctx, a, atCutoff.ID); err != nil {
		t.Errorf("a listen session closed exactly at the cutoff was pruned: %v", err)
	}
	if _, err := s.GetListenSession(ctx, a, before.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a listen session closed a microsecond before the cutoff: %v; want it pruned", err)
	}
	keys, err := s.ListAPIKeys(ctx, a)
	must(t, err)
	left := map[string]bool{}
	for _, k := range keys {
		left[k.ID] = true
	}
	if !left[revokedAt.ID] {
		t.Error("an API key revoked exactly at the cutoff was pruned")
	}
	if left[revokedBefore.ID] {
		t.Error("an API key revoked a microsecond before the cutoff was kept")
	}
	// Deleted endpoints are read by nothing but the prune; what it counts
	// tells which went.
	if p := pruneAll(t, s, cutoff.Add(µs)); p.Endpoints != 1 || p.APIKeys != 1 || p.ListenSessions != 1 || p.IdempotencyKeys != 1 {
		t.Errorf("a microsecond later the prune took %+v; want the endpoint deleted, the key revoked, the session closed and the key made at the old cutoff, one each", p)
	}
}

// testPruneLeavesNoAttemptBehind: the attempts of a pruned delivery go
// with it, however many writes they take at the limit: attempts left
// behind by a write that stopped early would still be counted in the
// endpoint's statistics (the dashboard's), of deliveries long gone, and
// nothing would remove them (the sweep of older releases' orphans runs
// once per process, and had already run here).
func testPruneLeavesNoAttemptBehind(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	ep := newEndpoint(t, s, a)
	cutoff := time.Now().Add(time.Hour)
	pruneAll(t, s, cutoff) // nothing to prune: the sweep of orphans is done
	seedDeliveries(t, s, a, 1)
	const attempts = 5
	for n := 1; n <= attempts; n++ {
		at := base.Add(time.Duration(n) * time.Hour)
		ws := claimN(t, s, "A", at, 10, 1, fmt.Sprint("attempt ", n))
		r := store.Result{DeliveryID: ws[0].DeliveryID, EndpointID: ep.ID, LeaseOwner: "A", LeaseUntil: ws[0].LeaseUntil, RoundAttempt: n, Outcome: store.OutcomeRetry,
			NextAttemptAt: at.Add(time.Minute), Attempt: attemptFor(ws[0], false, 503, at)}
		if n == attempts {
			r.Outcome, r.NextAttemptAt = store.OutcomeFailed, time.Time{}
		}
		must(t, s.RecordResults(ctx, []store.Result{r}))
	}
	const limit = 2 // the event and its delivery in one write, the attempts in three
	pruned := 0
	for call := 0; ; call++ {
		if call > 20 {
			t.Fatal("20 calls of Prune did not end")
		}
		n, err := s.Prune(ctx, cutoff, limit)
		must(t, err)
		pruned += n.Attempts
		if n.Rows() == 0 {
			break
		}
	}
	st, err := s.EndpointStats(ctx, a, ep.ID, base)
	must(t, err)
	if pruned != attempts || st.Attempts != 0 {
		t.Fatalf("pruned %d attempts, and the endpoint's statistics still count %d; want all %d gone", pruned, st.Attempts, attempts)
	}
}

// testPruneKeepsOldAttemptsOfKeptDeliveries: the retention keeps the
// attempts of a delivery it keeps (one still retrying), however old they
// are: the sweep of attempts whose delivery is gone (older releases'
// orphans) took them when its "delivery gone" test was turned around, and
// no test failed. A finished delivery of the same age goes, with its
// attempt.
func testPruneKeepsOldAttemptsOfKeptDeliveries(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	ep := newEndpoint(t, s, a)
	seedDeliveries(t, s, a, 2)
	ws := claimN(t, s, "A", base, 10, 2, "")
	retrying, failed := ws[0], ws[1]
	must(t, s.RecordResults(ctx, []store.Result{
		{DeliveryID: retrying.DeliveryID, EndpointID: ep.ID, LeaseOwner: "A", LeaseUntil: retrying.LeaseUntil, Outcome: store.OutcomeRetry,
			RoundAttempt: 1, NextAttemptAt: base.Add(time.Hour), Attempt: attemptFor(retrying, false, 503, base)},
		{DeliveryID: failed.DeliveryID, EndpointID: ep.ID, LeaseOwner: "A", LeaseUntil: failed.LeaseUntil, Outcome: store.OutcomeFailed,
			RoundAttempt: 1, Attempt: attemptFor(failed, false, 500, base)},
	}))
	// A day after every id and time of the test: each attempt, event and
	// delivery is older than the cutoff.
	pruneAll(t, s, time.Now().Add(24*time.Hour))
	as, err := s.ListAttempts(ctx, a, retrying.DeliveryID)
	must(t, err)
	if len(as) != 1 {
		t.Errorf("the retrying delivery's log holds %d attempts after the prune; want its one attempt kept", len(as))
	}
	if _, err := s.GetDelivery(ctx, a, failed.DeliveryID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the delivery that failed for good: %v; want it pruned", err)
	}
	if as, err := s.ListAttempts(ctx, a, failed.DeliveryID); err != nil || len(as) != 0 {
		t.Errorf("the pruned delivery's attempts: %d, %v; want none", len(as), err)
	}
}

// testPruneKeepsRecentEventsWithoutDeliveries: an event newer than the
// retention's cutoff stays, also one with no delivery (its account had no
// endpoint): every other event of the suite was kept by its deliveries,
// all changed after it was made, so a read of the events to prune with
// its "older than the cutoff" bound dropped (either driver) pruned such
// an event at once, and no test failed. Older than the cutoff, it goes.
func testPruneKeepsRecentEventsWithoutDeliveries(t *testing.T, s store.Store) {
	a := newAccount(t, s) // no endpoint: no delivery
	res, err := move(t, s, newOrder(t, s, a, false), order.MoveUpload, store.LeaseParams{})
	must(t, err)
	if res.Event == nil {
		t.Fatal("the upload made no event")
	}
	ev := res.Event.ID
	pruneAll(t, s, res.Event.CreatedAt.Add(-time.Hour))
	if _, err := s.GetEvent(ctx, a, ev); err != nil {
		t.Fatalf("an event an hour newer than the cutoff, without deliveries: %v; want it kept", err)
	}
	pruneAll(t, s, time.Now().Add(24*time.Hour))
	if _, err := s.GetEvent(ctx, a, ev); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("an event older than the cutoff, without deliveries: %v; want it pruned", err)
	}
}

// testPruneWithACutoffBeforeTheEpoch: a retention longer than the time
// since 1970 (--retention 876000h, a century, for "keep it all") puts the
// cutoff before the Unix epoch, where no event can be older than it. The
// walk of old events reads them by id below the cutoff's, and a cutoff
// before 1970 made that id wrap around past every id there is, so each
// event without a delivery (made while its account had no endpoint, or
// every endpoint was disabled: what a recover with include_missed sends
// later) was pruned at the first pass, however new.
func testPruneWithACutoffBeforeTheEpoch(t *testing.T, s store.Store) {
	a := newAccount(t, s) // no endpoint: no delivery
	res, err := move(t, s, newOrder(t, s, a, false), order.MoveUpload, store.LeaseParams{})
	must(t, err)
	if res.Event == nil {
		t.Fatal("the upload made no event")
	}
	for _, before := range []time.Time{
		time.Now().Add(-876000 * time.Hour), // --retention of a century
		time.Unix(0, 0).Add(-time.Millisecond),
		time.Now().Add(-2562047 * time.Hour), // the longest duration serve takes
	} {
		pruneAll(t, s, before)
		if _, err := s.GetEvent(ctx, a, res.Event.ID); err != nil {
			t.Fatalf("cutoff %s: an event made now, without deliveries: %v; want it kept", before.UTC().Format(time.RFC3339), err)
		}
	}
}
