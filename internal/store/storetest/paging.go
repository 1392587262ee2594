package storetest

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
)

func init() {
	extraTests["ListsPageBothWays"] = testListsPageBothWays
	extraTests["EndpointsListLeavesOutDeleted"] = testEndpointsListLeavesOutDeleted
}

// lister reads one page of a list, as the ids of its items.
type lister func(lp store.ListParams) ([]string, bool, error)

func idsOf[T any](items []T, more bool, err error, id func(T) string) ([]string, bool, error) {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = id(it)
	}
	return out, more, err
}

// testListsPageBothWays: every list pages towards the newest with
// EndingBefore as it does towards the oldest with StartingAfter: each page
// newest first, the items nearest the cursor, "more" while newer ones
// follow, and a walk back from the oldest item meets every item once.
func testListsPageBothWays(t *testing.T, s store.Store) {
	a, b := newAccount(t, s), newAccount(t, s)
	ep := newEndpoint(t, s, a)
	newEndpoint(t, s, a)
	newEndpoint(t, s, a)
	newEndpoint(t, s, b)
	for range 7 {
		_, err := move(t, s, newOrder(t, s, a, false), order.MoveUpload, store.LeaseParams{})
		must(t, err)
		newListenSession(t, s, a)
	}
	seedDeliveries(t, s, b, 2) // another account's, never listed
	newListenSession(t, s, b)

	lists := map[string]lister{
		"orders": func(lp store.ListParams) ([]string, bool, error) {
			o, more, err := s.ListOrders(ctx, store.ListOrdersParams{ListParams: lp})
			return idsOf(o, more, err, func(o store.Order) string { return o.ID })
		},
		"events": func(lp store.ListParams) ([]string, bool, error) {
			e, more, err := s.ListEvents(ctx, store.ListEventsParams{ListParams: lp})
			return idsOf(e, more, err, func(e store.Event) string { return e.ID })
		},
		"deliveries": func(lp store.ListParams) ([]string, bool, error) {
			d, more, err := s.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: lp})
			return idsOf(d, more, err, func(d store.Delivery) string { return d.ID })
		},
		"deliveries of one endpoint": func(lp store.ListParams) ([]string, bool, error) {
			d, more, err := s.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: lp, EndpointID: ep.ID})
			return idsOf(d, more, err, func(d store.Delivery) string { return d.ID })
		},
		"endpoints": func(lp store.ListParams) ([]string, bool, error) {
			e, more, err := s.ListEndpoints(ctx, lp)
			return idsOf(e, more, err, func(e store.Endpoint) string { return e.ID })
		},
		"listen sessions": func(lp store.ListParams) ([]string, bool, error) {
			l, more, err := s.ListListenSessions(ctx, store.ListListenSessionsParams{ListParams: lp})
			return idsOf(l, more, err, func(l store.ListenSession) string { return l.ID })
		},
	}
	for name, list := range lists {
		t.Run(name, func(t *testing.T) {
			all, more, err := list(store.ListParams{AccountID: a, Limit: 100})
			must(t, err)
			if more || len(all) < 3 {
				t.Fatalf("whole list: %d items, more=%v", len(all), more)
			}
			if !slices.IsSortedFunc(all, func(x, y string) int { return strings.Compare(y, x) }) {
				t.Fatalf("whole list not newest first: %v", all)
			}
			for _, limit := range []int{1, 2, 3, len(all), len(all) + 1} {
				// From the oldest item back to the newest.
				cursor, j := all[len(all)-1], len(all)-1
				var walked []string
				for step := 0; ; step++ {
					if step > len(all) {
						t.Fatalf("limit %d: the walk towards the newest does not end", limit)
					}
					page, more, err := list(store.ListParams{AccountID: a, Limit: limit, EndingBefore: cursor})
					must(t, err)
					want := all[max(0, j-limit):j]
					if fmt.Sprint(page) != fmt.Sprint(want) || more != (j-limit > 0) {
						t.Fatalf("limit %d, ending before item %d: page %v more=%v; want %v more=%v", limit, j, page, more, want, j-limit > 0)
					}
					walked = append(page, walked...)
					if !more {
						break
					}
					cursor, j = page[0], j-len(page)
				}
				if fmt.Sprint(walked) != fmt.Sprint(all[:len(all)-1]) {
					t.Fatalf("limit %d: the walk met %v; want %v", limit, walked, all[:len(all)-1])
				}
			}
			// Before the newest item: nothing newer.
			page, more, err := list(store.ListParams{AccountID: a, Limit: 10, EndingBefore: all[0]})
			must(t, err)
			if len(page) != 0 || more {
				t.Fatalf("ending before the newest: %v more=%v", page, more)
			}
			// Another account's view of the same cursor shows none of a's.
			page, _, err = list(store.ListParams{AccountID: b, Limit: 100, EndingBefore: all[len(all)-1]})
			must(t, err)
			for _, id := range page {
				if slices.Contains(all, id) {
					t.Fatalf("account b's page holds a's %s", id)
				}
			}
		})
	}
}

// testEndpointsListLeavesOutDeleted: a deleted endpoint is gone from the
// account's list of endpoints (GET /v1/webhook_endpoints), on every page
// and from either cursor, as it is from a read by id. The list kept it
// when its "not deleted" condition was dropped, and no test failed.
func testEndpointsListLeavesOutDeleted(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	oldest, deleted, newest := newEndpoint(t, s, a), newEndpoint(t, s, a), newEndpoint(t, s, a)
	must(t, s.DeleteEndpoint(ctx, a, deleted.ID, base))
	ids := func(es []store.Endpoint) []string {
		out := make([]string, len(es))
		for i, e := range es {
			out[i] = e.ID
		}
		return out
	}
	for _, c := range []struct {
		name string
		lp   store.ListParams
		want []string
	}{
		{"the whole list", store.ListParams{AccountID: a, Limit: 10}, []string{newest.ID, oldest.ID}},
		{"the first page of one", store.ListParams{AccountID: a, Limit: 1}, []string{newest.ID}},
		{"after the newest", store.ListParams{AccountID: a, Limit: 1, StartingAfter: newest.ID}, []string{oldest.ID}},
		{"before the oldest", store.ListParams{AccountID: a, Limit: 1, EndingBefore: oldest.ID}, []string{newest.ID}},
	} {
		es, more, err := s.ListEndpoints(ctx, c.lp)
		must(t, err)
		wantMore := c.name == "the first page of one"
		if !slices.Equal(ids(es), c.want) || more != wantMore {
			t.Errorf("%s: %v more=%v; want %v more=%v (endpoint %s is deleted)", c.name, ids(es), more, c.want, wantMore, deleted.ID)
		}
	}
}
