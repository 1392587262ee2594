package dashboard_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestBrowserEndpointFilterStaysLive: on Deliveries, choosing an endpoint
// in the Endpoint filter and pressing Filter lists that endpoint's
// deliveries alone, and the list goes on updating live: a new delivery to
// that endpoint comes up at the top (and shows as succeeded once it is),
// one to another endpoint does not.
func TestBrowserEndpointFilterStaysLive(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	mine := createEndpoint(t, e, rc.URL+"/mine")
	other := createEndpoint(t, e, rc.URL+"/other")
	oldMine := sendTestEvent(t, e, mine)
	oldOther := sendTestEvent(t, e, other)

	tb := signedInTab(t, e)
	tb.do("open the deliveries", chromedp.Navigate(e.URL+"/dashboard/deliveries"),
		chromedp.WaitVisible(css(`tr[data-delivery-id="`+oldOther+`"]`)))
	tb.do("choose the endpoint and filter", chromedp.SetValue(css(`#f-endpoint`), mine),
		chromedp.Click(button("Filter")), chromedp.WaitReady(css(`#f-endpoint option[selected][value="`+mine+`"]`)))
	if u := eval[string](tb, `location.search`); !strings.Contains(u, "endpoint="+mine) {
		t.Fatalf("after Filter, the address is %q; want the endpoint filter in it", u)
	}
	rows := func() []string {
		return eval[[]string](tb, `Array.from(document.querySelectorAll("tr[data-delivery-id]")).map(function (r) { return r.dataset.deliveryId + " " + r.dataset.endpoint + " " + r.dataset.status; })`)
	}
	onlyMine := func(when string) {
		t.Helper()
		for _, r := range rows() {
			if !strings.Contains(r, " "+mine+" ") {
				t.Fatalf("%s, the list filtered to %s shows %s", when, mine, r)
			}
		}
	}
	if got := rows(); len(got) != 1 || !strings.HasPrefix(got[0], oldMine+" ") {
		t.Fatalf("filtered to %s, the list shows %q; want its one delivery %s", mine, got, oldMine)
	}
	tb.waitLive()

	// The other endpoint's delivery first: when the filtered endpoint's
	// comes up after it, the other's would have been shown by then.
	newOther := sendTestEvent(t, e, other)
	newMine := sendTestEvent(t, e, mine)
	want := newMine + " " + mine + " succeeded"
	testenv.Eventually(t, 15*time.Second, "the new delivery of the filtered endpoint to come up, succeeded", func() bool {
		got := rows()
		return len(got) > 0 && got[0] == want
	})
	onlyMine("with the stream open")
	if got := rows(); len(got) != 2 {
		t.Fatalf("the filtered list shows %q; want %s's two deliveries", got, mine)
	}
	if eval[bool](tb, `document.querySelector('tr[data-delivery-id="`+newOther+`"]') !== null`) {
		t.Fatalf("the other endpoint's new delivery %s came up in the list filtered to %s", newOther, mine)
	}
	if got := eval[string](tb, `document.querySelector("[data-live-indicator]").textContent`); got != "Live" {
		t.Errorf("the filtered page's live badge says %q; want Live", got)
	}
	tb.noBrowserErrors(t)
}
