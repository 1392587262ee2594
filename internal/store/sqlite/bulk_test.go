package sqlite_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

// Background writes (claims, recording) go through their own queue, which
// the writer serves beside requests' writes: with 32 goroutines writing as
// fast as they can, every claim still completes, and so do the requests.
func TestBulkWritesProgressUnderRequestFlood(t *testing.T) {
	d := openBench(t)
	eps := d.endpoints(t, "f", 1)
	d.seedEvents(t, 100)
	d.seedDeliveries(t, "f", eps[0], 2000, 0, 100, "")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	var requests atomic.Int64
	for g := range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				a := store.Account{ID: fmt.Sprintf("acct_flood%02d_%06d", g, i), Name: "flood", CreatedAt: time.Now().UTC()}
				if err := d.st.CreateAccount(context.Background(), a); err != nil {
					t.Error(err)
					return
				}
				requests.Add(1)
			}
		}()
	}
	for deadline := time.Now().Add(30 * time.Second); requests.Load() < 500; { // the flood is under way
		if time.Now().After(deadline) {
			t.Fatalf("only %d request writes in 30 s", requests.Load())
		}
		time.Sleep(time.Millisecond)
	}
	before := requests.Load()
	claimed := 0
	now := time.UnixMicro(d.base + 1e12)
	for range 20 {
		// A hang here fails the test by its deadline: claims must not starve.
		cctx, ccancel := context.WithTimeout(context.Background(), 30*time.Second)
		w, err := d.st.ClaimDeliveries(cctx, store.ClaimParams{Owner: "bulk", Now: now, LeaseUntil: now.Add(time.Hour), Limit: 100})
		ccancel()
		if err != nil {
			t.Fatalf("claim under a flood of request writes: %v", err)
		}
		claimed += len(w)
	}
	if requests.Load() == before {
		t.Fatal("no request write completed during the claims")
	}
	cancel()
	wg.Wait()
	if claimed != 2000 {
		t.Fatalf("claimed %d of 2000", claimed)
	}
}
