package storetest

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
)

func init() {
	extraTests["UniqueURL"] = testUniqueURL
	extraTests["UniqueURLUpdateRace"] = testUniqueURLUpdateRace
}

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

// testUniqueURLUpdateRace: checked updates that move endpoints to a URL
// (the dashboard's edit of an endpoint's URL), at the same moment as
// checked creates of that URL written another way, leave exactly one
// endpoint with it; every other write fails with ErrConflict naming that
// one, and the endpoints refused a move keep their own URL. The update's
// check and its write must be one step with a create's, as two creates'
// are (testUniqueURL): a check read before a create committed, and a
// write after it, made two endpoints of one URL, each receiving every
// event twice.
func testUniqueURLUpdateRace(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	same := func(x, y string) bool { return strings.EqualFold(x, y) }
	newEP := func(url string) store.Endpoint {
		return store.Endpoint{ID: ids.New(ids.Endpoint), AccountID: a, URL: url, Events: order.EventTypes,
			Status: store.EndpointEnabled, Secret: "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0", CreatedAt: base, UpdatedAt: base}
	}
	const rounds, movers, creators = 6, 4, 4
	var warm sync.WaitGroup
	for range movers + creators {
		warm.Go(func() { _, _, _ = s.ListEndpoints(ctx, store.ListParams{AccountID: a, Limit: 1}) })
	}
	warm.Wait()
	for round := range rounds {
		target := fmt.Sprintf("https://example.test/race/%d", round)
		moved := make([]store.Endpoint, movers)
		for i := range moved {
			moved[i] = newEP(fmt.Sprintf("https://example.test/race/%d/from/%d", round, i))
			must(t, s.CreateEndpoint(ctx, moved[i], 0))
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		var won []string // the writes that succeeded
		dups := map[string]int{}
		start := make(chan struct{})
		for i := range movers + creators {
			wg.Go(func() {
				<-start
				url := target
				if i%2 == 1 {
					url = strings.Replace(target, "example", "EXAMPLE", 1)
				}
				chk := &store.URLCheck{Same: same}
				var err error
				what := fmt.Sprintf("create %d", i)
				if i < movers {
					what = "move " + moved[i].ID
					_, err = s.UpdateEndpoint(store.WithURLCheck(ctx, chk), a, moved[i].ID, func(e *store.Endpoint) error {
						e.URL = url
						return nil
					})
				} else {
					err = s.CreateEndpoint(store.WithURLCheck(ctx, chk), newEP(url), 0)
				}
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					won = append(won, what)
				case errors.Is(err, store.ErrConflict) && chk.Dup != "":
					dups[chk.Dup]++
				default:
					t.Errorf("%s: %v (dup %q)", what, err, chk.Dup)
				}
			})
		}
		close(start)
		wg.Wait()
		eps, _, err := s.ListEndpoints(ctx, store.ListParams{AccountID: a, Limit: 100})
		must(t, err)
		var holders []string
		for _, e := range eps {
			if same(e.URL, target) {
				holders = append(holders, e.ID)
			}
		}
		if len(won) != 1 || len(holders) != 1 {
			t.Fatalf("round %d: %d moves of endpoints to one URL and %d creates of it at once: %v succeeded, endpoints %v have the URL; want one each",
				round, movers, creators, won, holders)
		}
		if dups[holders[0]] != movers+creators-1 {
			t.Fatalf("round %d: the refused writes named %v, want %s each", round, dups, holders[0])
		}
		for i, e := range moved {
			got, err := s.GetEndpoint(ctx, a, e.ID)
			must(t, err)
			if got.ID != holders[0] && got.URL != e.URL {
				t.Fatalf("round %d: endpoint %d was refused its move but has URL %q, want %q", round, i, got.URL, e.URL)
			}
		}
	}
}
