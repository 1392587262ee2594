package dashboard_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestBrowserRemovedDeliverySaysSoAtTop: a delivery's page left open
// while the retention removed the delivery (with its attempts) read
// itself again at its next catch-up, was answered 404, and went on as if
// nothing had happened: the page had no notice to show, so its badge said
// Live above a delivery that no longer existed, and its Resend button led
// to a 404 page. It now says at its top, as an endpoint's and an
// inspector's pages do, that the delivery is no longer kept and why, and
// its live updates stop.
func TestBrowserRemovedDeliverySaysSoAtTop(t *testing.T) {
	schema := testenv.NewSchema(t)
	e := startEnv(t, envOptions{Store: testenv.PostgresOn(t, schema)})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	id := sendTestEvent(t, e, ep)
	tb := signedInTab(t, e)
	tb.do("open the delivery", chromedp.Navigate(e.URL+"/dashboard/deliveries/"+id), chromedp.WaitVisible(css(`#delivery-detail`)))
	tb.waitLive()

	// As the retention removes a finished delivery: with its attempts.
	execBehindServer(t, schema, `DELETE FROM attempts WHERE delivery_id = $1`, id)
	execBehindServer(t, schema, `DELETE FROM deliveries WHERE id = $1`, id)
	breakStream(tb) // the page catches up, as after a tab was in the background

	testenv.Eventually(t, 15*time.Second, "the page to say at its top that the delivery is gone", func() bool {
		return eval[bool](tb, `!!document.querySelector("main [data-gone-notice]")`)
	})
	first := eval[bool](tb, `document.querySelector("main").firstElementChild.matches("[data-gone-notice]")`)
	role := eval[string](tb, `document.querySelector("[data-gone-notice]").getAttribute("role") || ""`)
	link := eval[string](tb, `(function () { var a = document.querySelector("[data-gone-notice] a"); return a ? a.getAttribute("href") : ""; })()`)
	if !first || role != "alert" || link != "/dashboard/deliveries" {
		t.Errorf("the notice: first in main %v, role %q, link %q; want first, an alert, linking to /dashboard/deliveries", first, role, link)
	}
	got := strings.Join(strings.Fields(tb.text(`[data-gone-notice]`)), " ")
	for _, want := range []string{"This delivery is no longer kept", "retention period", "this page shows it as it was"} {
		if !strings.Contains(got, want) {
			t.Errorf("the notice %q does not say %q", got, want)
		}
	}
	if b := tb.text(`[data-live-indicator]`); b != "Removed" {
		t.Errorf("the live badge says %q, want Removed", b)
	}
	tb.noBrowserErrors(t)
}
