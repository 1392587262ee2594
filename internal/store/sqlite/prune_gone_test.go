package sqlite_test

import (
	"context"
	"path/filepath"
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
	path := filepath.Join(t.TempDir(), "test.db")
	s, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { s.Close() }()
	at := time.Date(2026, 1, 16, 10, 0, 0, 0, time.UTC)
	account := ids.New(ids.Account)
	if err := s.CreateAccount(ctx, store.Account{ID: account, Name: "test", CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	e := store.Endpoint{ID: ids.New(ids.Endpoint), AccountID: account, URL: "https://example.test/hook", Events: order.EventTypes,
		Status: store.EndpointEnabled, Secret: "whsec_dGVzdHNlY3JldA", CreatedAt: at, UpdatedAt: at}
	if err := s.CreateEndpoint(ctx, e, 0); err != nil {
		t.Fatal(err)
	}
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
