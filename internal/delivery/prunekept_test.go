package delivery_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/delivery"
	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/store/sqlite"
	"github.com/esahayak/esahayak/internal/testenv"
)

// sweepWatched is a SQLite store whose first Prune waits for the test's
// go, and that notes when a Prune call has begun and when one ended with
// the walk of old events back at its start (a sweep of them done).
type sweepWatched struct {
	*sqlite.Store
	gate    chan struct{}
	started chan struct{}
	once    sync.Once
	mu      sync.Mutex
	began   time.Time // the first call's start
	swept   time.Time
}

func (w *sweepWatched) Prune(ctx context.Context, before time.Time, limit int) (store.Pruned, error) {
	select {
	case <-w.gate:
	case <-ctx.Done():
		return store.Pruned{}, ctx.Err()
	}
	w.once.Do(func() {
		w.mu.Lock()
		w.began = time.Now()
		w.mu.Unlock()
		close(w.started)
	})
	n, err := w.Store.Prune(ctx, before, limit)
	if err == nil && w.Store.PruneWalk() == "" {
		w.mu.Lock()
		if w.swept.IsZero() {
			w.swept = time.Now()
		}
		w.mu.Unlock()
	}
	return n, err
}

func (w *sweepWatched) sweptAt() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.swept
}

// TestDeliveryGoesOnWhileTheRetentionPassesKeptEvents: events older than
// the retention that a waiting delivery keeps (an endpoint disabled with
// its retries parked, README: "a delivery still waiting ... keeps its
// event") are read by every sweep of the retention. SQLite's prune read
// all of them in one write, scanning for a batch of events to delete: 100,000
// such events held the single writer, and with it every upload and every
// delivery's record, for most of a second at every --maintenance-interval
// (5,000 here, for the race detector's sake, with batches of 100). An
// event uploaded while that sweep runs must reach its endpoint before the
// sweep ends: each write of the prune reads a bounded window of old events.
func TestDeliveryGoesOnWhileTheRetentionPassesKeptEvents(t *testing.T) {
	t.Parallel()
	// Batches of 100, as of the default 1000: fifty of them pass the kept
	// events, where one write read them all.
	const kept, batch = 5_000, 100
	path := filepath.Join(t.TempDir(), "esahayak.db")
	st, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	acct := ids.New(ids.Account)
	if err := st.CreateAccount(context.Background(), store.Account{ID: acct, Name: "parked", CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	ep := store.Endpoint{ID: ids.New(ids.Endpoint), AccountID: acct, URL: "https://example.test/hook", Events: []string{"stamp.uploaded"},
		Status: store.EndpointDisabled, Secret: "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0", CreatedAt: now, UpdatedAt: now}
	if err := st.CreateEndpoint(context.Background(), ep, 0); err != nil {
		t.Fatal(err)
	}
	st.Close()
	// 40 days old, each with a delivery parked (pending, nothing due) for
	// the disabled endpoint: what the retention must keep.
	old := now.Add(-40 * 24 * time.Hour)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	evt, dlv := ids.At(ids.Event, old)[:len(ids.Event)+10], ids.At(ids.Delivery, old)[:len(ids.Delivery)+10]
	for _, q := range []string{
		`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i+1 FROM n WHERE i < ?5 - 1)
		 INSERT INTO events (id, account_id, type, payload, created_at) SELECT ?1 || printf('%016d', i), ?3, 'stamp.uploaded', '{}', ?4 FROM n`,
		`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i+1 FROM n WHERE i < ?5 - 1)
		 INSERT INTO deliveries (id, account_id, event_id, event_type, endpoint_id, status, created_at, updated_at)
		 SELECT ?2 || printf('%016d', i), ?3, ?1 || printf('%016d', i), 'stamp.uploaded', ?6, 'pending', ?4, ?4 FROM n`,
	} {
		if _, err := db.Exec(q, evt, dlv, acct, old.UnixMicro(), kept, ep.ID); err != nil {
			db.Close()
			t.Fatal(err)
		}
	}
	db.Close()
	reopened, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { reopened.Close() })
	w := &sweepWatched{Store: reopened, gate: make(chan struct{}), started: make(chan struct{})}
	s := testenv.Start(t, w, testenv.Options{})
	s.Engine.StartMaintenance(delivery.MaintenanceConfig{Interval: time.Hour, Retention: 30 * 24 * time.Hour, PruneBatch: batch})
	rc := newReceiver(t, nil)
	live, _ := createEndpoint(t, s, s.APIKey, rc.URL("/hook"))

	close(w.gate)
	<-w.started
	up := upload(t, s, s.APIKey)
	waitStatus(t, s, s.APIKey, deliveryOf(t, s, s.APIKey, up.EventID, live), store.DeliverySucceeded, 30*time.Second)
	arrived := rc.Requests()[0].At
	testenv.Eventually(t, 60*time.Second, "the sweep of the old events", func() bool { return !w.sweptAt().IsZero() })
	if swept := w.sweptAt(); !arrived.Before(swept) {
		w.mu.Lock()
		began := w.began
		w.mu.Unlock()
		t.Errorf("the delivery arrived %s after the sweep began and %s after it ended; want it sent while the sweep goes on",
			arrived.Sub(began).Round(time.Millisecond), arrived.Sub(swept).Round(time.Millisecond))
	}
	// None of the kept events went.
	var events, deliveries int
	rdb, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer rdb.Close()
	if err := rdb.QueryRow(`SELECT (SELECT COUNT(*) FROM events WHERE account_id = ?1), (SELECT COUNT(*) FROM deliveries WHERE account_id = ?1)`, acct).Scan(&events, &deliveries); err != nil {
		t.Fatal(err)
	}
	if events != kept || deliveries != kept {
		t.Errorf("after the sweep: %d events and %d deliveries of the parked endpoint; want all %d of each kept", events, deliveries, kept)
	}
}
