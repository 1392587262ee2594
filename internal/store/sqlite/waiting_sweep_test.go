package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
)

// TestWaitingListDuringAnEnableSweep: an endpoint enabled again whose sweep
// has not yet made its parked deliveries due (SQLite failed a chunk, and
// the sweeper tries it again a second later; or a large backlog between two
// chunks) holds pending deliveries with no due time on an enabled
// endpoint. A list filtered by status=pending, read from the claim index
// and the parked deliveries of disabled endpoints, must list them too (as
// those of an endpoint whose sweep is unfinished), as the unfiltered list
// does: left out, they vanished from the lists of pending deliveries
// (GET /v1/deliveries?status=pending, the dashboard's status filter)
// while the list unfiltered showed them pending.
func TestWaitingListDuringAnEnableSweep(t *testing.T) {
	ctx := context.Background()
	s, path := fileStore(t)
	defer s.Close()
	at := time.Now().UTC().Add(-time.Hour)
	account, e := accountWithEndpoint(t, s, at)
	db := rawDB(t, path)
	event, delivery := ids.New(ids.Event), ids.New(ids.Delivery)
	if _, err := db.Exec(`INSERT INTO events (id, account_id, type, payload, created_at, test) VALUES (?, ?, ?, '{}', ?, 0)`,
		event, account, order.EventTypes[0], at.UnixMicro()); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO deliveries (id, account_id, event_id, event_type, endpoint_id, status, due_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)`, delivery, account, event, order.EventTypes[0], e.ID, at.UnixMicro(), at.UnixMicro(), at.UnixMicro()); err != nil {
		t.Fatal(err)
	}
	setStatus := func(status string) {
		t.Helper()
		if _, err := s.UpdateEndpoint(ctx, account, e.ID, func(x *store.Endpoint) error {
			x.Status, x.UpdatedAt = status, time.Now().UTC()
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	setStatus(store.EndpointDisabled) // the sweep parks the delivery
	// The enable's sweep fails: the endpoint is enabled, its sweep mark
	// stays, and the delivery stays parked until the sweep is run again.
	if _, err := db.Exec(`CREATE TRIGGER hold_sweep BEFORE UPDATE OF due_at ON deliveries
		WHEN OLD.due_at IS NULL AND NEW.due_at IS NOT NULL BEGIN SELECT RAISE(ABORT, 'held by the test'); END`); err != nil {
		t.Fatal(err)
	}
	setStatus(store.EndpointEnabled)
	var due *int64
	var sweep int64
	if err := db.QueryRow(`SELECT d.due_at, e.sweep FROM deliveries d JOIN endpoints e ON e.id = d.endpoint_id WHERE d.id = ?`,
		delivery).Scan(&due, &sweep); err != nil {
		t.Fatal(err)
	}
	if due != nil || sweep == 0 {
		t.Fatalf("the enable's sweep was not held: due_at %v, sweep %d", due, sweep)
	}

	all, _, err := s.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: account, Limit: 10}})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 || all[0].Status != store.DeliveryPending {
		t.Fatalf("the unfiltered list: %+v; want the delivery, pending", all)
	}
	for _, endpointID := range []string{"", e.ID} {
		got, _, err := s.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: account, Limit: 10},
			Status: store.DeliveryPending, EndpointID: endpointID})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].ID != delivery {
			t.Errorf("status=pending endpoint_id=%q lists %d deliveries; want the one the unfiltered list shows pending", endpointID, len(got))
		}
	}
}
