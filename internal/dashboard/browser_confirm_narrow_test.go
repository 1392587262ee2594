package dashboard_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserConfirmationFitsANarrowPhone: without JavaScript, Delete
// endpoint, Rotate secret and Revoke ask on a page of their own, whose
// heading names the endpoint's URL or the key's name. A URL with a long
// segment (a query token) or a key name without spaces ran past the
// screen's edge at 320 px (the page 464 px wide): the question's end, and
// its "?", out of sight. The heading now wraps such a run anywhere, as a
// captured request's path does.
func TestBrowserConfirmationFitsANarrowPhone(t *testing.T) {
	e := startEnv(t, envOptions{})
	ep := createEndpoint(t, e, "http://127.0.0.1:9/hooks/billing?token=abcdefghijklmnopqrstuvwxyz0123456789")
	b := e.signedIn(t)
	name := "production-deploy-bot-for-the-billing-cluster-" + strings.Repeat("x", 40)
	b.postForm("/dashboard/settings/api-access", "/dashboard/settings/api-keys", url.Values{"name": {name}})
	tb := signedInTab(t, e)
	tb.do("JavaScript off", scriptsOff(true))
	tb.do("a narrow phone's screen", chromedp.EmulateViewport(320, 640, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	for _, c := range []struct{ what, page, button, ends string }{
		{"Delete endpoint", "/dashboard/endpoints/" + ep, `//button[normalize-space()="Delete endpoint"]`, "0123456789?"},
		{"Rotate secret", "/dashboard/endpoints/" + ep, `//button[normalize-space()="Rotate secret"]`, "0123456789?"},
		{"Revoke", "/dashboard/settings/api-access", `//tr[contains(., "deploy-bot")]//button[starts-with(normalize-space(), "Revoke")]`, "xxxx”"},
	} {
		tb.do("ask: "+c.what, chromedp.Navigate(e.URL+c.page), chromedp.WaitVisible(chromedp.Search(c.button)),
			chromedp.Click(chromedp.Search(c.button)), chromedp.WaitVisible(css(`#confirm-title`)))
		if !strings.Contains(tb.text(`#confirm-title`), c.ends) {
			t.Fatalf("%s asks %q, which does not hold %q", c.what, tb.text(`#confirm-title`), c.ends)
		}
		w := eval[int](tb, `document.documentElement.scrollWidth`)
		right := eval[float64](tb, `document.getElementById("confirm-title").getBoundingClientRect().right`)
		card := eval[float64](tb, `document.querySelector("[data-confirmation]").getBoundingClientRect().right`)
		// The heading's last character: where the question ends.
		end := eval[float64](tb, `(function () {
			var h = document.getElementById("confirm-title"), w = document.createTreeWalker(h, NodeFilter.SHOW_TEXT), n, last = null;
			while ((n = w.nextNode())) if (n.data.length) last = n;
			var r = document.createRange(); r.setStart(last, last.data.length - 1); r.setEnd(last, last.data.length);
			return r.getBoundingClientRect().right;
		})()`)
		if w > 320 || right > card || end > card {
			tb.screenshot("confirm-narrow-" + strings.ReplaceAll(c.what, " ", "-"))
			t.Errorf("%s's question at 320 px: the page is %d px wide, the heading ends at %.0f px and its last character at %.0f px, past its card's edge at %.0f px",
				c.what, w, right, end, card)
		}
	}
	tb.noBrowserErrors(t)
}
