package dashboard_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestBrowserInspectorCatchesUpAfterAnOutage: an inspector's page whose
// stream came back after a break read itself again once for the captures
// it missed; answered 503 (the database partly out still), it gave up,
// and the requests captured during the break were never shown, beside a
// badge saying Live. It now reads again until it is answered.
func TestBrowserInspectorCatchesUpAfterAnOutage(t *testing.T) {
	schema := testenv.NewSchema(t)
	e := startEnv(t, envOptions{Store: testenv.PostgresOn(t, schema), StreamHeartbeat: 50 * time.Millisecond})
	tb := signedInTab(t, e)
	tb.do("open the inspectors", chromedp.Navigate(e.URL+"/dashboard/inspector"), chromedp.WaitVisible(button("Create inspector URL")))
	tb.do("create an inspector", chromedp.Click(button("Create inspector URL")), chromedp.WaitVisible(css(`[data-capture-url]`)))
	tb.waitLive()
	page := eval[string](tb, `location.pathname`)
	captureURL := eval[string](tb, `document.querySelector("[data-capture-url]").textContent.trim()`)

	reconnectWhileUnreadable(t, e, schema, tb, page, func() {
		if st, body := send(t, "POST", captureURL+"/during-the-break", `{"n": 1}`, nil); st != http.StatusOK {
			t.Fatalf("capture: %d %s", st, body)
		}
	})
	testenv.Eventually(t, 30*time.Second, "the inspector to show the request captured during the break", func() bool {
		return eval[bool](tb, `document.querySelector("[data-inspector]").textContent.indexOf("/during-the-break") >= 0`)
	})
}

// TestBrowserDeliveryPageCatchesUpAfterAnOutage: a delivery's page whose
// stream came back after a break read the delivery again once; answered
// 503 (the database partly out still), it gave up, and went on showing
// the status the delivery had before the break, beside a badge saying
// Live. It now reads it again until it is answered.
func TestBrowserDeliveryPageCatchesUpAfterAnOutage(t *testing.T) {
	schema := testenv.NewSchema(t)
	e := startEnv(t, envOptions{Store: testenv.PostgresOn(t, schema), StreamHeartbeat: 50 * time.Millisecond})
	ls := e.NewListenSession(t, e.APIKey, `{}`)
	delivery := reportResult(t, e, ls, uploadedEvent(t, e), `"status": 500`)
	page := "/dashboard/deliveries/" + delivery
	tb := signedInTab(t, e)
	tb.do("open the delivery", chromedp.Navigate(e.URL+page), chromedp.WaitVisible(css(`#delivery-detail[data-status="failed"]`)))
	tb.waitLive()

	reconnectWhileUnreadable(t, e, schema, tb, page, func() {
		execBehindServer(t, schema, `UPDATE deliveries SET status = 'succeeded', last_status_code = 200 WHERE id = $1`, delivery)
	})
	testenv.Eventually(t, 30*time.Second, "the delivery's page to show the status it changed to during the break", func() bool {
		return eval[bool](tb, `document.querySelector('#delivery-detail[data-status="succeeded"]') !== null`)
	})
}

// reconnectWhileUnreadable breaks tb's stream (the users table gone, so
// its session cannot be checked), calls during, then lets the stream open
// again while page still answers 503 (the endpoints table gone), so that
// the page's read on reconnecting is refused, and then gives the
// endpoints table back: a page that gave up on that read stays as it was.
func reconnectWhileUnreadable(t *testing.T, e *env, schema string, tb *tab, page string, during func()) {
	t.Helper()
	tables := testenv.SchemaTables(t, schema)
	b := e.signedIn(t)
	indicator := func() string { return eval[string](tb, `document.querySelector("[data-live-indicator]").textContent`) }
	var gone []string
	defer func() { tables.Back(gone...) }()
	tables.Gone("users")
	gone = []string{"users"}
	testenv.Eventually(t, 30*time.Second, "the stream to end with the users table gone", func() bool {
		return indicator() == "Reconnecting…"
	})
	during()
	tables.Gone("endpoints")
	gone = []string{"users", "endpoints"}
	tables.Back("users")
	gone = []string{"endpoints"}
	if r := b.get(page); r.Status != http.StatusServiceUnavailable {
		t.Fatalf("with the endpoints table gone, %s = %d, want 503", page, r.Status)
	}
	testenv.Eventually(t, 60*time.Second, "the stream to be open again", func() bool {
		return indicator() == "Live"
	})
	// Its read of the page on reconnecting is answered 503 by now.
	time.Sleep(500 * time.Millisecond)
}
