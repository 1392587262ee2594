package main_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"sync"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestKillDuringDeferredFanout: on SQLite, an event whose deliveries are
// leased for one endpoint and not for another (its lane is full: every
// request to it is held) is written in two steps (internal/store/sqlite
// fanout.go). SIGKILL while uploads run, restart with the held endpoint
// answering: every event in the store, and every upload acknowledged, has
// reached both endpoints, and each has exactly one delivery per endpoint.
func TestKillDuringDeferredFanout(t *testing.T) {
	path := filepath.Join(t.TempDir(), "e.db")
	db := "sqlite:" + path
	_, key := createAccount(t, db)
	fast, held := newReceiver(t, 0), newReceiver(t, 0)
	held.gate = make(chan struct{})
	args := []string{"--db", db, "--per-endpoint-concurrency", "2"}
	p := startServe(t, args...)
	mustCall(t, p.base, "POST", "/v1/webhook_endpoints", key, `{"url": "`+fast.srv.URL+`/fast"}`, 201)
	mustCall(t, p.base, "POST", "/v1/webhook_endpoints", key, `{"url": "`+held.srv.URL+`/held"}`, 201)
	const n = 600
	orders := createOrders(t, p.base, key, n)
	var mu sync.Mutex
	var acked []string
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < n && ctx.Err() == nil; i += 8 {
				st, b, err := call(p.base, "POST", "/v1/orders/"+orders[i]+"/upload", "op", "")
				if err != nil || st != 200 {
					return
				}
				var r struct{ Event struct{ ID string } }
				json.Unmarshal(b, &r)
				mu.Lock()
				acked = append(acked, r.Event.ID)
				mu.Unlock()
			}
		}(w)
	}
	testenv.Eventually(t, 30*time.Second, "uploads under way", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(acked) >= n/3
	})
	p.kill(t)
	cancel()
	wg.Wait()

	// What the kill left: events whose second step had not committed.
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	var pending, split int
	raw.QueryRow(`SELECT COUNT(*) FROM events WHERE fanout_pending IS NOT NULL`).Scan(&pending)
	raw.Close()

	held.mu.Lock()
	close(held.gate)
	held.mu.Unlock()
	p = startServe(t, args...)
	events := listIDs(t, p.base, key, "/v1/events?limit=100")
	stored := map[string]bool{}
	for _, e := range events {
		stored[e] = true
	}
	mu.Lock()
	for _, e := range acked {
		if !stored[e] {
			t.Errorf("upload acknowledged with event %s, which is not stored", e)
		}
	}
	mu.Unlock()
	deadline := time.Now().Add(90 * time.Second)
	for countSucceeded(t, p.base, key) != 2*len(events) {
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d deliveries succeeded after restart", countSucceeded(t, p.base, key), 2*len(events))
		}
		time.Sleep(200 * time.Millisecond)
	}
	for _, e := range events {
		var dl struct {
			Data []struct {
				EndpointID string `json:"endpoint_id"`
			}
		}
		json.Unmarshal(mustCall(t, p.base, "GET", "/v1/deliveries?event_id="+e, key, "", 200), &dl)
		if len(dl.Data) != 2 || dl.Data[0].EndpointID == dl.Data[1].EndpointID {
			t.Errorf("event %s has deliveries %+v; want one to each endpoint", e, dl.Data)
		}
		fast.mu.Lock()
		nf := fast.got[e+" /fast"]
		fast.mu.Unlock()
		held.mu.Lock()
		nh := held.got[e+" /held"]
		held.mu.Unlock()
		if nf == 0 || nh == 0 {
			t.Errorf("event %s reached /fast %d and /held %d times", e, nf, nh)
		}
		if nh > 0 && nf > 0 {
			split++
		}
	}
	if len(events) < n/3 {
		t.Fatalf("only %d events stored", len(events))
	}
	t.Logf("killed after %d acknowledged uploads; %d events stored, %d with their second fan-out step pending at the kill; all %d delivered to both endpoints",
		len(acked), len(events), pending, split)
}
