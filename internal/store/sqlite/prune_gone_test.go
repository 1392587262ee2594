package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/store/sqlite"
)

// TestPruneKeepsDeletedEndpointOfPendingFanout: an event's deliveries to
// endpoints whose lanes were full are written after the event (its
// fanout_pending lists those endpoints, fanout.go). A deleted endpoint's
// row is pruned once no delivery names it; one that such an event still
// lists stays, so that the delivery, when it is written, ends failed as
// every delivery of a deleted endpoint does (without the row it would be
// parked pending: never sent, never ended, its event never pruned).
func TestPruneKeepsDeletedEndpointOfPendingFanout(t *testing.T) {
	ctx := context.Background()
	s, path := fileStore(t)
	defer func() { s.Close() }()
	at := time.Date(2026, 1, 16, 10, 0, 0, 0, time.UTC)
	account, e := accountWithEndpoint(t, s, at)
	// An event whose delivery to e is still to be written (as a process
	// that stopped with it held leaves it), and e deleted since.
	db := rawDB(t, path)
	if _, err := db.Exec(`INSERT INTO events (id, account_id, type, payload, created_at, test, fanout_pending) VALUES (?, ?, ?, '{}', ?, 1, ?)`,
		ids.New(ids.Event), account, order.EventTypes[0], at.UnixMicro(), e.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteEndpoint(ctx, account, e.ID, at.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Prune(ctx, time.Now().Add(time.Hour), 1000); err != nil {
		t.Fatal(err)
	}
	var rows int
	if err := db.QueryRow(`SELECT count(*) FROM endpoints WHERE id = ?`, e.ID).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != 1 {
		t.Error("the prune removed the row of a deleted endpoint that an event's fan-out still lists")
	}
	// The next start writes the delivery: failed, never sent.
	s.Close()
	var err error
	if s, err = sqlite.Open(ctx, path, sqlite.Options{}); err != nil {
		t.Fatal(err)
	}
	ds, _, err := s.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: account, Limit: 10}})
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].Status != store.DeliveryFailed || ds[0].LastError != store.EndpointDeletedError {
		t.Fatalf("the deleted endpoint's delivery written after the prune: %+v; want one, failed (%q)", ds, store.EndpointDeletedError)
	}
}

// TestClaimEndsDeliveryOfPrunedEndpoint: a waiting delivery whose
// endpoint's row is gone (pruned by the retention after the endpoint's
// delete) ends failed, as one of a deleted endpoint does, instead of
// being parked pending for good. The SQLite driver writes every delivery
// in the writer, after the prune or before it (and the prune keeps an
// endpoint that a pending fan-out lists), so no such delivery is expected
// here; it is written by hand, and the claim ends it all the same, as the
// PostgreSQL driver's does.
func TestClaimEndsDeliveryOfPrunedEndpoint(t *testing.T) {
	ctx := context.Background()
	s, path := fileStore(t)
	defer s.Close()
	at := time.Now()
	account := ids.New(ids.Account)
	if err := s.CreateAccount(ctx, store.Account{ID: account, Name: "test", CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	db := rawDB(t, path)
	event, delivery := ids.New(ids.Event), ids.New(ids.Delivery)
	if _, err := db.Exec(`INSERT INTO events (id, account_id, type, payload, created_at, test) VALUES (?, ?, ?, '{}', ?, 0)`,
		event, account, order.EventTypes[0], at.UnixMicro()); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO deliveries (id, account_id, event_id, event_type, endpoint_id, status, due_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)`, delivery, account, event, order.EventTypes[0], ids.New(ids.Endpoint),
		at.UnixMicro(), at.UnixMicro(), at.UnixMicro()); err != nil {
		t.Fatal(err)
	}
	now := at.Add(time.Second)
	ws, err := s.ClaimDeliveries(ctx, store.ClaimParams{Owner: "A", Now: now, LeaseUntil: now.Add(time.Minute), Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(ws) != 0 {
		t.Fatalf("claimed %d deliveries to send, want none", len(ws))
	}
	d, err := s.GetDelivery(ctx, account, delivery)
	if err != nil {
		t.Fatal(err)
	}
	if d.Status != store.DeliveryFailed || d.LastError != store.EndpointDeletedError {
		t.Fatalf("a delivery whose endpoint row is gone, after a claim: %s (%q); want failed (%q)", d.Status, d.LastError, store.EndpointDeletedError)
	}
}
