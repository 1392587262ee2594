package dashboard_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestBrowserCatchUpOutlivesAnOutage: a page whose stream reconnected
// while the database could not yet show the page (the session's tables
// back, another one not) read itself once to catch up, was answered 503,
// and gave up: it said Live and never showed what it missed until
// reloaded by hand. A catch-up the server could not answer is tried
// again until it is answered.
func TestBrowserCatchUpOutlivesAnOutage(t *testing.T) {
	schema := testenv.NewSchema(t)
	e := startEnv(t, envOptions{Store: testenv.PostgresOn(t, schema), StreamHeartbeat: 50 * time.Millisecond})
	tables := testenv.SchemaTables(t, schema)
	b := e.signedIn(t)
	ls := e.NewListenSession(t, e.APIKey, `{}`)
	event := uploadedEvent(t, e)
	tb := signedInTab(t, e)
	tb.do("open the deliveries", chromedp.Navigate(e.URL+"/dashboard/deliveries"), chromedp.WaitVisible(css(`table[data-live-deliveries]`)))
	tb.waitLive()
	indicator := func() string { return eval[string](tb, `document.querySelector("[data-live-indicator]").textContent`) }

	tables.Gone("endpoints")
	back := false
	defer func() {
		if !back {
			tables.Back("endpoints")
		}
	}()
	if r := b.get("/dashboard/deliveries"); r.Status != http.StatusServiceUnavailable {
		t.Fatalf("with the endpoints table gone, the deliveries page = %d, want 503", r.Status)
	}
	delivery := reportResult(t, e, ls, event, `"status": 200`)
	testenv.Eventually(t, 30*time.Second, "the stream to end at the change it could not read", func() bool {
		return indicator() == "Reconnecting…"
	})
	testenv.Eventually(t, 30*time.Second, "the stream to be open again", func() bool {
		return indicator() == "Live"
	})
	// The page's catch-up was answered 503 by now, or is about to be.
	time.Sleep(500 * time.Millisecond)
	tables.Back("endpoints")
	back = true
	row := `document.querySelector('tr[data-delivery-id="` + delivery + `"]') !== null`
	testenv.Eventually(t, 30*time.Second, "the page to show the delivery it missed during the outage", func() bool {
		return eval[bool](tb, row)
	})
}
