package sqlite_test

import (
	"context"
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
)

// TestAccountEndpointStatsHoldsOneEndpointAtATime: the overview's and
// Monitoring's figures of all the account's endpoints (one read since the
// thirty-second round) kept every attempt duration of the window, of every
// endpoint, in memory until the read ended: 32 MB for 2,000,000 attempts of
// 20 endpoints in a 7-day window, against 4 MB when each endpoint was read
// on its own, and 1.4 × slower. The attempts come endpoint after endpoint;
// each endpoint's figures are made as its rows end, so the memory held is
// about the largest endpoint's window. Here 100 endpoints with 4,000
// attempts each: all their durations take 3.2 MB, one endpoint's 32 kB;
// the peak the read adds to the heap (sampled, with the collector made
// eager so that garbage does not hide it) must stay under three quarters
// of the former (holding them all, it was 4.9–5.3 MB; 1.2–1.4 MB now).
func TestAccountEndpointStatsHoldsOneEndpointAtATime(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 400,000 attempts; skipped with -short")
	}
	if raceEnabled {
		t.Skip("a memory figure, minutes long under the race detector (the conformance suite runs the read under it)")
	}
	ctx := context.Background()
	s, path := fileStore(t)
	defer s.Close()
	at := time.Now().Add(-time.Hour)
	account, first := accountWithEndpoint(t, s, at)
	const endpoints, per = 100, 4000
	eps := []string{first.ID}
	for len(eps) < endpoints {
		e := store.Endpoint{ID: ids.New(ids.Endpoint), AccountID: account, URL: "https://example.test/hook", Events: order.EventTypes,
			Status: store.EndpointEnabled, Secret: "whsec_dGVzdHNlY3JldA", CreatedAt: at, UpdatedAt: at}
		if err := s.CreateEndpoint(ctx, e, 0); err != nil {
			t.Fatal(err)
		}
		eps = append(eps, e.ID)
	}
	db := rawDB(t, path)
	for i, e := range eps {
		if _, err := db.Exec(`WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < ?)
INSERT INTO attempts (id, delivery_id, account_id, endpoint_id, event_id, number, started_at, duration_us,
    request_headers, response_status, response_headers, response_body, error, error_kind, succeeded)
SELECT printf('att_%03d_%06d', ?, x), printf('dlv_%03d_%06d', ?, x), ?, ?, 'evt_x', 1 + (x % 3 = 0), ?, (x * 7919) % 5000,
    '', 200, '', '', '', '', x % 4 <> 0 FROM n`, per, i, i, account, e, at.Add(time.Minute).UnixMicro()); err != nil {
			t.Fatal(err)
		}
	}
	// Warm: the first read's page cache and statement are not the figure.
	if _, err := s.AccountEndpointStats(ctx, account, at); err != nil {
		t.Fatal(err)
	}
	defer debug.SetGCPercent(debug.SetGCPercent(5))
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	before, peak := ms.HeapAlloc, ms.HeapAlloc
	stop, sampled := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapAlloc)
			}
		}
	}()
	got, err := s.AccountEndpointStats(ctx, account, at)
	close(stop)
	<-sampled
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != endpoints {
		t.Fatalf("figures of %d endpoints, want %d", len(got), endpoints)
	}
	for _, e := range eps {
		if got[e].Attempts != per {
			t.Fatalf("endpoint %s: %d attempts, want %d", e, got[e].Attempts, per)
		}
	}
	all := uint64(endpoints * per * 8)
	t.Logf("the read added at most %.2f MB to the heap; every duration of the window takes %.2f MB", float64(peak-before)/1e6, float64(all)/1e6)
	if peak-before > all*3/4 {
		t.Errorf("the read added %.2f MB to the heap; every attempt duration of the window takes %.2f MB: it holds all endpoints' at once", float64(peak-before)/1e6, float64(all)/1e6)
	}
}
