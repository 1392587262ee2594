package dashboard_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// A page that lists endpoints follows an endpoint disabled or enabled
// elsewhere (another tab, the API) as soon as it is told, as an
// endpoint's own page does: the overview's Endpoints table and its
// "Disabled endpoints" count, and Settings' "Your endpoints", which went
// on saying "enabled" beside a badge saying Live (Settings did not listen
// at all). Monitoring, showing an endpoint deleted, says so.
func TestBrowserEndpointListsFollowDisableAndEnable(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	tb := signedInTab(t, e)
	setStatus := func(status string) {
		t.Helper()
		if st, body := e.Do(t, "PATCH", "/v1/webhook_endpoints/"+ep, e.APIKey, map[string]any{"status": status}); st != 200 {
			t.Fatalf("%s: %d %s", status, st, body)
		}
	}
	// cellEventually reads sel until it says want, for up to 10 s: a
	// page told of the change reads itself again at once.
	cellEventually := func(page, what, sel, want string) {
		t.Helper()
		var got string
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
			got = eval[string](tb, `(function () { var el = document.querySelector(`+strconv.Quote(sel)+`); return el ? el.textContent.replace(/\s+/g, " ").trim() : ""; })()`)
			if got == want {
				return
			}
		}
		t.Errorf("%s: %s says %q 10 s after the change; want %q", page, what, got, want)
	}
	for _, p := range []struct {
		name, path, status string
		count              string // the Disabled endpoints figure, when the page has one
	}{
		{"the overview", "/dashboard/", `[data-live-figures] td[data-label="Status"]`, `.stat:nth-child(4) .stat-value`},
		{"Settings", "/dashboard/settings/api-access", `table.endpoints tr[data-endpoint-id="` + ep + `"] td[data-label="Status"]`, ""},
	} {
		tb.do("open "+p.name, chromedp.Navigate(e.URL+p.path), chromedp.WaitVisible(css(p.status)))
		tb.waitLive()
		setStatus("disabled")
		cellEventually(p.name, "the endpoint's status", p.status, "disabled")
		if p.count != "" {
			cellEventually(p.name, "Disabled endpoints", p.count, "1")
		}
		setStatus("enabled")
		cellEventually(p.name, "the endpoint's status", p.status, "enabled")
		if p.count != "" {
			cellEventually(p.name, "Disabled endpoints", p.count, "0")
		}
		if strings.Contains(eval[string](tb, `document.querySelector("[data-live-indicator]").textContent`), "Reconnecting") {
			t.Errorf("%s: the live badge says Reconnecting", p.name)
		}
	}
	// Settings in a tab hidden meanwhile (its stream closed) catches up
	// when shown again.
	tb.do("open Settings", chromedp.Navigate(e.URL+"/dashboard/settings/api-access"), chromedp.WaitVisible(css(`table.endpoints`)))
	tb.waitLive()
	settingsStatus := `table.endpoints tr[data-endpoint-id="` + ep + `"] td[data-label="Status"]`
	setHidden := func(hidden bool) {
		eval[bool](tb, fmt.Sprintf(`Object.defineProperty(document, "hidden", {configurable: true, get: function () { return %v; }});
			document.dispatchEvent(new Event("visibilitychange")); true`, hidden))
	}
	setHidden(true)
	setStatus("disabled")
	setHidden(false)
	cellEventually("Settings shown again", "the endpoint's status", settingsStatus, "disabled")
	// Monitoring, showing the endpoint, says at once that it was deleted
	// (it heard of it only at the next delivery of another endpoint).
	tb.do("open Monitoring", chromedp.Navigate(e.URL+"/dashboard/monitoring?endpoint="+ep), chromedp.WaitVisible(css(`[data-monitoring-figures]`)))
	tb.waitLive()
	if st, body := e.Do(t, "DELETE", "/v1/webhook_endpoints/"+ep, e.APIKey, nil); st != 200 {
		t.Fatalf("delete: %d %s", st, body)
	}
	cellEventually("Monitoring", "the notice", `[data-gone-notice]`,
		"This endpoint has been deleted, here or elsewhere: its figures are as they were. Show another endpoint.")
	tb.noBrowserErrors(t)
}

// An endpoint created elsewhere (another tab, the API) appears in the
// lists of endpoints already open: Settings' "Your endpoints" and the
// overview's Endpoints table, which showed it only after a reload.
func TestBrowserEndpointListsShowANewEndpoint(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	createEndpoint(t, e, rc.URL+"/first")
	tb := signedInTab(t, e)
	for i, p := range []struct{ name, path, rows string }{
		{"Settings", "/dashboard/settings/api-access", `table.endpoints tbody tr[data-endpoint-id]`},
		{"the overview", "/dashboard/", `[data-live-endpoints] tbody tr`},
	} {
		tb.do("open "+p.name, chromedp.Navigate(e.URL+p.path), chromedp.WaitVisible(css(p.rows)))
		tb.waitLive()
		rows := func() int { return eval[int](tb, `document.querySelectorAll(`+strconv.Quote(p.rows)+`).length`) }
		before := rows()
		ep := createEndpoint(t, e, rc.URL+"/new/"+strconv.Itoa(i))
		got := before
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline) && got == before; time.Sleep(200 * time.Millisecond) {
			got = rows()
		}
		if got != before+1 || !eval[bool](tb, `!!document.querySelector('[data-live-endpoints] a[href="/dashboard/endpoints/`+ep+`"]')`) {
			t.Errorf("%s: %d endpoints listed 10 s after one more was created (%d before), the new one %s not among them", p.name, got, before, ep)
		}
	}
	tb.noBrowserErrors(t)
}

// The overview of an account without endpoints, left open while the first
// one is created elsewhere, lists it and no longer asks to add one: its
// Endpoints table, absent as loaded, never came (live parts are matched by
// their order, and a part that was not there to match was skipped).
func TestBrowserOverviewShowsTheFirstEndpoint(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	tb := signedInTab(t, e)
	tb.do("open the overview", chromedp.Navigate(e.URL+"/dashboard/"), chromedp.WaitVisible(css(`#start-title`)))
	tb.waitLive()
	ep := createEndpoint(t, e, rc.URL+"/first")
	tb.do("the endpoint is listed", chromedp.WaitVisible(css(`[data-live-endpoints] a[href="/dashboard/endpoints/`+ep+`"]`)))
	if eval[bool](tb, `!!document.querySelector("#start-title")`) {
		t.Errorf("the overview lists the endpoint and still asks to add one")
	}
	tb.noBrowserErrors(t)
}
