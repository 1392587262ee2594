package dashboard_test

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestBrowserStatusButtonKeepsTheFocusWhenItFlips: an endpoint's page
// reads its Status section again when the endpoint is disabled or
// enabled elsewhere (another tab, the API), and the keyboard focus stays
// on the control that had it, found again by its form and its words. The
// Status form's one button changes its words then ("Disable endpoint"
// becomes "Enable endpoint"), so it was not found, and the focus fell to
// the page's start: a keyboard user's next Tab began again at the top
// bar. A button is now found again by its form when its words changed
// and the form has only the one.
func TestBrowserStatusButtonKeepsTheFocusWhenItFlips(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/status-focus")
	tb := signedInTab(t, e)
	tb.do("open the endpoint", chromedp.Navigate(e.URL+"/dashboard/endpoints/"+ep), chromedp.WaitVisible(css(`#status`)))
	tb.waitLive()
	const focused = `(function () { var a = document.activeElement; return a && a.tagName === "BUTTON" && !!a.closest("#status form[action$='/status']") ? a.textContent.trim() : (a ? a.tagName + " " + a.textContent.trim().slice(0, 40) : ""); })()`
	for _, step := range []struct{ status, before, after string }{
		{"disabled", "Disable endpoint", "Enable endpoint"},
		{"enabled", "Enable endpoint", "Disable endpoint"},
	} {
		eval[bool](tb, `(function () { var b = document.querySelector("#status form[action$='/status'] button"); b.focus(); return document.activeElement === b; })()`)
		if got := eval[string](tb, focused); got != step.before {
			t.Fatalf("the focus is on %q; want the Status button %q", got, step.before)
		}
		if st, body := e.Do(t, "PATCH", "/v1/webhook_endpoints/"+ep, e.APIKey, map[string]any{"status": step.status}); st != 200 {
			t.Fatalf("PATCH status %s: %d %s", step.status, st, body)
		}
		testenv.Eventually(t, 20*time.Second, "the Status section to say "+step.after, func() bool {
			return eval[string](tb, `(document.querySelector("#status form[action$='/status'] button") || {}).textContent || ""`) == step.after
		})
		if got := eval[string](tb, focused); got != step.after {
			t.Errorf("endpoint %s elsewhere: the focus went to %q; want it on the Status button, now %q", step.status, got, step.after)
		}
	}
	tb.noBrowserErrors(t)
}
