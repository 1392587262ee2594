package dashboard_test

import (
	"context"
	"html"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// TestDeliveriesPastTheLastPageSaySo: a Deliveries address whose cursor is
// past the last page (a bookmark whose older rows were pruned, an address
// made by hand, the oldest row's id) showed an empty table saying "No
// deliveries match these filters." with no filter set. It now says the
// page is past the last one and links to the first; a filter that matches
// no delivery at all still says so.
func TestDeliveriesPastTheLastPageSaySo(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	for range 2 {
		if st, body := e.Do(t, "POST", "/v1/webhook_endpoints/"+ep+"/test", e.APIKey, nil); st != 202 {
			t.Fatalf("test event: %d %s", st, body)
		}
	}
	var newest, oldest string
	testenv.Eventually(t, 10*time.Second, "two deliveries succeeded", func() bool {
		ds, _, err := e.Store.ListDeliveries(context.Background(), store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: e.AccountID, Limit: 10}})
		if err != nil || len(ds) != 2 || ds[0].Status != store.DeliverySucceeded || ds[1].Status != store.DeliverySucceeded {
			return false
		}
		newest, oldest = ds[0].ID, ds[1].ID
		return true
	})
	b := e.signedIn(t)
	get := func(path string) string {
		t.Helper()
		r := b.get(path)
		if r.Status != http.StatusOK {
			t.Fatalf("GET %s = %d:\n%.2000s", path, r.Status, r.Body)
		}
		return html.UnescapeString(r.Body)
	}
	for path, want := range map[string]string{
		"/dashboard/deliveries?after=" + oldest:                  `This address is past the last page: there are no older deliveries. <a href="/dashboard/deliveries">Back to the first page</a> (the newest deliveries).`,
		"/dashboard/deliveries?status=succeeded&after=" + oldest: `This address is past the last page: there are no older deliveries matching these filters. <a href="/dashboard/deliveries?status=succeeded">Back to the first page</a>`,
		// Nothing failed: that filter's list is empty, not passed.
		"/dashboard/deliveries?status=failed&after=" + oldest: `<td colspan="7">No deliveries match these filters.</td>`,
	} {
		body := get(path)
		if !strings.Contains(body, want) {
			t.Errorf("GET %s shows no %q:\n%s", path, want, body)
		}
	}
	// The first page, and a page with rows, say nothing of it.
	for _, path := range []string{"/dashboard/deliveries", "/dashboard/deliveries?after=" + newest} {
		if body := get(path); strings.Contains(body, "past the last page") {
			t.Errorf("GET %s says it is past the last page", path)
		}
	}
}
