package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
)

func init() {
	extraTests["PruneDeletedEndpoints"] = testPruneDeletedEndpoints
	extraTests["PruneKeepsDeletedEndpointOfUnsentDelivery"] = testPruneKeepsDeletedEndpointOfUnsentDelivery
}

// RowInspector is what a driver's test store offers for the rows the
// store's own reads no longer show (a deleted endpoint's): whether the
// table still holds a row with the id. Both drivers implement it in a
// test file.
type RowInspector interface {
	RowExistsForTest(ctx context.Context, table, id string) (bool, error)
}

func rowExists(t *testing.T, s store.Store, table, id string) bool {
	t.Helper()
	ri, ok := s.(RowInspector)
	if !ok {
		t.Fatalf("the driver's test store (%T) does not implement storetest.RowInspector", s)
	}
	ok, err := ri.RowExistsForTest(ctx, table, id)
	must(t, err)
	return ok
}

// pruneAll runs Prune with the cutoff until a call removes nothing that it
// counts (the attempts of a large batch go in later calls), and returns
// what all the calls pruned.
func pruneAll(t *testing.T, s store.Store, before time.Time) store.Pruned {
	t.Helper()
	var all store.Pruned
	for range 10 {
		n, err := s.Prune(ctx, before, 1000)
		must(t, err)
		all.Events += n.Events
		all.Deliveries += n.Deliveries
		all.Attempts += n.Attempts
		all.IdempotencyKeys += n.IdempotencyKeys
		all.ListenSessions += n.ListenSessions
		all.Endpoints += n.Endpoints
		all.APIKeys += n.APIKeys
		if n.Rows() == 0 {
			return all
		}
	}
	t.Fatal("Prune still removed rows after 10 calls")
	return all
}

// testPruneDeletedEndpoints: a deleted endpoint's row (its secrets are
// erased on delete, its id and URL stay for its delivery log) goes with
// the retention once nothing the retention keeps names it and it was
// deleted before the cutoff. Before, every deleted endpoint's row was kept
// for good (a soak left 3,043 rows for 42 live endpoints).
func testPruneDeletedEndpoints(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	now := base.Add(time.Second)
	// old: delivered long ago, then deleted long ago.
	old := newEndpoint(t, s, a)
	seedDeliveries(t, s, a, 1)
	ws := claimN(t, s, "A", now, 10, 1, "old's delivery")
	must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: ws[0].DeliveryID, EndpointID: old.ID, LeaseOwner: "A", LeaseUntil: ws[0].LeaseUntil,
		Outcome: store.OutcomeSucceeded, RoundAttempt: 1, Attempt: attemptFor(ws[0], true, 200, now)}}))
	must(t, s.DeleteEndpoint(ctx, a, old.ID, now))

	// kept: deleted long ago too, but its delivery's event is kept by a
	// sibling delivery that is still retrying (to live), and with it every
	// delivery of the event and its attempts: kept's row stays with them.
	kept := newEndpoint(t, s, a)
	live := newEndpoint(t, s, a)
	seedDeliveries(t, s, a, 1)
	ws = claimN(t, s, "A", now, 10, 2, "kept's and live's deliveries")
	var res []store.Result
	for _, w := range ws {
		if w.EndpointID == kept.ID {
			res = append(res, store.Result{DeliveryID: w.DeliveryID, EndpointID: kept.ID, LeaseOwner: "A", LeaseUntil: w.LeaseUntil,
				Outcome: store.OutcomeSucceeded, RoundAttempt: 1, Attempt: attemptFor(w, true, 200, now)})
		} else {
			res = append(res, store.Result{DeliveryID: w.DeliveryID, EndpointID: live.ID, LeaseOwner: "A", LeaseUntil: w.LeaseUntil,
				Outcome: store.OutcomeRetry, RoundAttempt: 1, NextAttemptAt: now.Add(time.Minute), Attempt: attemptFor(w, false, 503, now)})
		}
	}
	must(t, s.RecordResults(ctx, res))
	must(t, s.DeleteEndpoint(ctx, a, kept.ID, now))

	// late: deleted after the cutoff, with no history at all.
	cutoff := time.Now().Add(time.Hour)
	late := newEndpoint(t, s, a)
	must(t, s.DeleteEndpoint(ctx, a, late.ID, cutoff.Add(time.Minute)))
	// idle: live, never sent anything.
	idle := newEndpoint(t, s, a)

	// Counted, for esahayak_pruned_rows_total{table="endpoints"}.
	if p := pruneAll(t, s, cutoff); p.Endpoints < 1 {
		t.Errorf("Prune counted %+v; want old's row in Endpoints", p)
	}
	if rowExists(t, s, "endpoints", old.ID) {
		t.Error("the row of an endpoint deleted before the cutoff, whose deliveries are all pruned, is still there")
	}
	if !rowExists(t, s, "endpoints", kept.ID) {
		t.Error("the row of a deleted endpoint whose delivery log the retention keeps was pruned")
	}
	if !rowExists(t, s, "endpoints", late.ID) {
		t.Error("the row of an endpoint deleted after the cutoff was pruned")
	}
	for _, e := range []store.Endpoint{idle, live} {
		if _, err := s.GetEndpoint(ctx, a, e.ID); err != nil {
			t.Errorf("live endpoint %s after prune: %v", e.ID, err)
		}
	}
	if ds, _, err := s.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: a, Limit: 10}, EndpointID: kept.ID}); err != nil || len(ds) != 1 {
		t.Fatalf("kept's deliveries after prune: %d (%v), want its 1", len(ds), err)
	}

	// Once live's delivery has finished, the event goes with the next
	// retention, and kept's row with it.
	later := time.Now().Add(2 * time.Hour)
	ws = claim(t, s, "B", later, 10)
	if len(ws) != 1 || ws[0].EndpointID != live.ID {
		t.Fatalf("claimed %d, want live's retry", len(ws))
	}
	must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: ws[0].DeliveryID, EndpointID: live.ID, LeaseOwner: "B", LeaseUntil: ws[0].LeaseUntil,
		Outcome: store.OutcomeSucceeded, RoundAttempt: 2, Attempt: attemptFor(ws[0], true, 200, later)}}))
	pruneAll(t, s, later.Add(time.Hour))
	if rowExists(t, s, "endpoints", kept.ID) {
		t.Error("the row of a deleted endpoint is still there once its delivery log was pruned")
	}
	if _, err := s.GetEndpoint(ctx, a, live.ID); err != nil {
		t.Errorf("live endpoint after its history was pruned: %v", err)
	}
	if _, err := s.GetEndpoint(ctx, a, old.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("pruned endpoint: %v, want ErrNotFound", err)
	}
}

// testPruneKeepsDeletedEndpointOfUnsentDelivery: a deleted endpoint's row
// stays while a delivery the retention keeps names it, also one that has
// no attempt: the delete ended it failed, "not sent", and a sibling still
// retrying keeps its event. In PruneDeletedEndpoints every kept delivery
// has an attempt, whose own check kept the row, so the prune could drop
// the check of deliveries and no test failed.
func testPruneKeepsDeletedEndpointOfUnsentDelivery(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	endpoint := func() store.Endpoint {
		e := store.Endpoint{
			ID: ids.New(ids.Endpoint), AccountID: a, URL: "http://localhost:3000/hook", Events: order.EventTypes,
			Status: store.EndpointEnabled, Secret: "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0", CreatedAt: base, UpdatedAt: base,
		}
		must(t, s.CreateEndpoint(ctx, e, 0))
		return e
	}
	gone, live := endpoint(), endpoint()
	seedDeliveries(t, s, a, 1)
	now := base.Add(time.Second)
	must(t, s.DeleteEndpoint(ctx, a, gone.ID, now))
	ds, _, err := s.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: a, Limit: 10}, EndpointID: gone.ID})
	must(t, err)
	if len(ds) != 1 || ds[0].Status != store.DeliveryFailed || ds[0].Attempts != 0 {
		t.Fatalf("the deleted endpoint's deliveries: %+v; want one, failed, never attempted", ds)
	}

	// live's delivery is still pending: the event, and gone's delivery
	// with it, are kept, and so is gone's row.
	pruneAll(t, s, time.Now().Add(time.Hour))
	if !rowExists(t, s, "endpoints", gone.ID) {
		t.Error("the prune removed the row of a deleted endpoint whose unsent delivery the retention keeps")
	}
	if ds, _, err := s.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: a, Limit: 10}, EndpointID: gone.ID}); err != nil || len(ds) != 1 {
		t.Fatalf("gone's deliveries after the prune: %d (%v), want its 1", len(ds), err)
	}

	// Once live's delivery has succeeded, the event goes, and gone's row
	// with it.
	later := time.Now().Add(2 * time.Hour)
	ws := claim(t, s, "A", later, 10)
	if len(ws) != 1 || ws[0].EndpointID != live.ID {
		t.Fatalf("claimed %d, want live's 1", len(ws))
	}
	must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: ws[0].DeliveryID, EndpointID: live.ID, LeaseOwner: "A", LeaseUntil: ws[0].LeaseUntil,
		Outcome: store.OutcomeSucceeded, RoundAttempt: 1, Attempt: attemptFor(ws[0], true, 200, later)}}))
	pruneAll(t, s, later.Add(time.Hour))
	if rowExists(t, s, "endpoints", gone.ID) {
		t.Error("the row of a deleted endpoint is still there once its delivery was pruned")
	}
}
