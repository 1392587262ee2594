package storetest

import (
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
)

func init() { extraTests["UniqueURL"] = testUniqueURL }

// testUniqueURL: with a store.URLCheck, creates of one URL at the same
// moment make one endpoint (the dashboard checked, then created, under a
// lock of its own instance: two instances on one database made two), and
// the others fail with ErrConflict naming it; an update that moves another
// endpoint to that URL fails alike. Without a check, as the API writes, a
// URL may repeat; a deleted endpoint's URL is free; other accounts are not
// affected.
func testUniqueURL(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	same := func(x, y string) bool { return strings.EqualFold(x, y) } // the dashboard's is finer
	newEP := func(account, url string) store.Endpoint {
		return store.Endpoint{ID: ids.New(ids.Endpoint), AccountID: account, URL: url, Events: order.EventTypes,
			Status: store.EndpointEnabled, Secret: "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0", CreatedAt: base, UpdatedAt: base}
	}
	const creates = 12
	var wg sync.WaitGroup
	var created atomic.Int32
	var mu sync.Mutex
	dups := map[string]int{}
	// Connections opened first (a driver's pool opens them as they are
	// asked for, one after another), so that the creates overlap.
	var warm sync.WaitGroup
	for range creates {
		warm.Go(func() { _, _, _ = s.ListEndpoints(ctx, store.ListParams{AccountID: a, Limit: 1}) })
	}
	warm.Wait()
	start := make(chan struct{}) // all at once, not as they are started
	for i := range creates {
		wg.Go(func() {
			<-start
			chk := &store.URLCheck{Same: same}
			// Written two ways: the check is the caller's.
			url := "https://example.test/one"
			if i%2 == 1 {
				url = "https://EXAMPLE.test/one"
			}
			switch err := s.CreateEndpoint(store.WithURLCheck(ctx, chk), newEP(a, url), 0); {
			case err == nil:
				created.Add(1)
			case errors.Is(err, store.ErrConflict) && chk.Dup != "":
				mu.Lock()
				dups[chk.Dup]++
				mu.Unlock()
			default:
				t.Error(err, chk.Dup)
			}
		})
	}
	close(start)
	wg.Wait()
	eps, _, err := s.ListEndpoints(ctx, store.ListParams{AccountID: a, Limit: 100})
	must(t, err)
	if created.Load() != 1 || len(eps) != 1 {
		t.Fatalf("%d of %d concurrent creates of one URL succeeded, %d endpoints listed; want 1 and 1", created.Load(), creates, len(eps))
	}
	if dups[eps[0].ID] != creates-1 {
		t.Fatalf("the refused creates named %v, want %s each", dups, eps[0].ID)
	}
	first := eps[0]

	// An update to that URL, checked, is refused; another URL is not.
	other := newEP(a, "https://example.test/two")
	must(t, s.CreateEndpoint(ctx, other, 0))
	chk := &store.URLCheck{Same: same}
	_, err = s.UpdateEndpoint(store.WithURLCheck(ctx, chk), a, other.ID, func(e *store.Endpoint) error {
		e.URL = "https://example.test/ONE"
		return nil
	})
	if !errors.Is(err, store.ErrConflict) || chk.Dup != first.ID {
		t.Fatalf("update to a taken URL: %v (dup %q), want ErrConflict naming %s", err, chk.Dup, first.ID)
	}
	if got, err := s.GetEndpoint(ctx, a, other.ID); err != nil || got.URL != other.URL {
		t.Fatalf("the refused update changed the endpoint: %+v %v", got, err)
	}
	chk = &store.URLCheck{Same: same}
	_, err = s.UpdateEndpoint(store.WithURLCheck(ctx, chk), a, other.ID, func(e *store.Endpoint) error {
		e.Description = "its own URL is no duplicate"
		return nil
	})
	must(t, err)

	// Without a check (the API's own writes), a URL may repeat.
	must(t, s.CreateEndpoint(ctx, newEP(a, other.URL), 0))
	// Another account's endpoints are not compared.
	must(t, s.CreateEndpoint(store.WithURLCheck(ctx, &store.URLCheck{Same: same}), newEP(newAccount(t, s), first.URL), 0))
	// A deleted endpoint's URL is free.
	must(t, s.DeleteEndpoint(ctx, a, first.ID, base))
	must(t, s.CreateEndpoint(store.WithURLCheck(ctx, &store.URLCheck{Same: same}), newEP(a, first.URL), 0))
}
