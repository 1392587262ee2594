package dashboard_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/esahayak/esahayak/internal/store"
)

// Live rows push the oldest rows off the newest page of deliveries; the
// "Older deliveries" link then starts after the last row still shown, so
// paging down shows every delivery (it used to skip the pushed-off ones).
func TestBrowserLiveRowsKeepOlderPageComplete(t *testing.T) {
	const perPage = 25 // rows on a page of deliveries
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	send := func(n int) {
		for i := 0; i < n; i++ {
			if st, body := e.Do(t, "POST", "/v1/webhook_endpoints/"+ep+"/test", e.APIKey, nil); st != 202 {
				t.Fatalf("test event: %d %s", st, body)
			}
		}
	}
	all := func() []store.Delivery {
		ds, _, err := e.Store.ListDeliveries(context.Background(), store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: e.AccountID, Limit: 100}})
		if err != nil {
			t.Fatal(err)
		}
		return ds
	}
	send(perPage + 2)
	tb := signedInTab(t, e)
	tb.do("open the deliveries", chromedp.Navigate(e.URL+"/dashboard/deliveries"), chromedp.WaitVisible(css(`table[data-live-deliveries] tbody tr`)))
	tb.waitLive()
	send(3)
	newest := all()[0].ID
	tb.do("wait for the live rows", chromedp.WaitVisible(css(`tr[data-delivery-id="`+newest+`"]`)))
	seen := map[string]bool{}
	for _, id := range eval[[]string](tb, `Array.from(document.querySelectorAll("table[data-live-deliveries] tbody tr[data-delivery-id]")).map(function (tr) { return tr.dataset.deliveryId; })`) {
		seen[id] = true
	}
	if len(seen) != perPage {
		t.Fatalf("the newest page shows %d rows, want %d", len(seen), perPage)
	}
	older := eval[string](tb, `(document.querySelector("nav.pager a[data-older]") || {}).href || ""`)
	if older == "" {
		t.Fatal("no Older deliveries link after live rows pushed rows off the page")
	}
	tb.do("open the older page", chromedp.Navigate(older), chromedp.WaitVisible(css(`table[data-live-deliveries] tbody tr`)))
	for _, id := range eval[[]string](tb, `Array.from(document.querySelectorAll("table[data-live-deliveries] tbody tr[data-delivery-id]")).map(function (tr) { return tr.dataset.deliveryId; })`) {
		if seen[id] {
			t.Errorf("%s is on both pages", id)
		}
		seen[id] = true
	}
	for _, d := range all() {
		if !seen[d.ID] {
			t.Errorf("%s is on neither page", d.ID)
		}
	}
	tb.noBrowserErrors(t)
}

// Every filter a page could not read is named, not only the last one.
func TestEveryDroppedFilterIsNamed(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	cases := map[string]string{
		"/dashboard/deliveries?status=%3Cb%3E&type=%3Ci%3E&after=x": "The status, event type and page filters were not understood and are ignored.",
		"/dashboard/deliveries?status=nope&after=x":                 "The status and page filters were not understood and are ignored.",
		"/dashboard/deliveries?event=x":                             "The event filter was not understood and is ignored.",
		"/dashboard/orders?status=bogus&after=zz":                   "The status and page filters were not understood and are ignored; the newest orders are shown.",
		"/dashboard/orders?after=zz":                                "The page asked for was not understood; the newest orders are shown.",
	}
	for path, want := range cases {
		r := b.get(path)
		if r.Status != http.StatusOK || !strings.Contains(r.Body, want) {
			t.Errorf("GET %s = %d; want 200 saying %q", path, r.Status, want)
		}
	}
}

// A signed-in user on an address the dashboard does not have gets a 404
// with the navigation and Sign out, as on any other page.
func TestUnknownPageKeepsTheNavigation(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	for _, path := range []string{"/dashboard/nonexist", "/dashboard/settings/foo", "/dashboard/endpoints/we_x/extra"} {
		r := b.get(path)
		if r.Status != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", path, r.Status)
		}
		if !strings.Contains(r.Body, "Sign out") || !strings.Contains(r.Body, `href="/dashboard/deliveries"`) {
			t.Errorf("GET %s: the 404 page has no navigation or Sign out", path)
		}
	}
	// Signed out, the same address is a 404 too, without them.
	r := e.browser(t).get("/dashboard/nonexist")
	if r.Status != http.StatusNotFound || strings.Contains(r.Body, "Sign out") {
		t.Errorf("signed out: %d, Sign out shown=%v", r.Status, strings.Contains(r.Body, "Sign out"))
	}
}
