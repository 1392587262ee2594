package dashboard_test

import (
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestBrowserURLsReadLeftToRightInARightToLeftPage: a URL is written left
// to right whatever the language around it, but the URL fields and the
// places that show a URL took the page's direction. In a page turned
// right to left (translated into Hebrew or Arabic, or a right-to-left
// user style: here <html dir="rtl">), the edit field and the cells showing
// http://127.0.0.1:9/hooks/שלום/עולם/1 drew its host after its path, and
// the Hebrew segments beside it: an address other than the one stored.
// The fields and the URLs are now dir="ltr": their computed direction is
// ltr and the URL's parts are drawn in the URL's order.
func TestBrowserURLsReadLeftToRightInARightToLeftPage(t *testing.T) {
	e := startEnv(t, envOptions{})
	st, body := e.Do(t, "POST", "/v1/webhook_endpoints", e.APIKey, map[string]any{"url": "http://127.0.0.1:9/hooks/שלום/עולם/1"})
	if st != http.StatusCreated {
		t.Fatalf("create endpoint: %d %s", st, body)
	}
	ep := testenv.JSON(t, body)["id"].(string)
	tb := signedInTab(t, e)
	words := []string{"127.0.0.1", "hooks", "שלום", "עולם", "1"}
	turnRightToLeft := func() { eval[string](tb, `document.documentElement.dir = "rtl"`) }
	direction := func(sel string) string {
		t.Helper()
		return eval[string](tb, `(function (sel) { var n = document.querySelector(sel); return n ? getComputedStyle(n).direction : "no " + sel; })(`+jsString(sel)+`)`)
	}
	check := func(page, sel string, inOrder bool) {
		t.Helper()
		if got := direction(sel); got != "ltr" {
			tb.screenshot("url-ltr")
			t.Errorf("%s: %s is drawn %s in a right-to-left page, want ltr", page, sel, got)
		}
		if !inOrder {
			return
		}
		if ok, why := wordsLeftToRight(tb, sel, words...); !ok {
			tb.screenshot("url-ltr")
			t.Errorf("%s: %s %q does not read in the URL's order in a right-to-left page: %s", page, sel, tb.text(sel), why)
		}
	}

	tb.do("open the endpoint's page", chromedp.Navigate(e.URL+"/dashboard/endpoints/"+ep), chromedp.WaitVisible(css(`[data-endpoint-heading]`)))
	turnRightToLeft()
	check("the endpoint's page", `[data-endpoint-heading]`, true)
	check("the endpoint's page", `#endpoint-url`, false)

	tb.do("open Settings", chromedp.Navigate(e.URL+"/dashboard/settings/api-access"), chromedp.WaitVisible(css(`#webhook-url`)))
	turnRightToLeft()
	check("Settings", `#webhook-url`, false)
	check("Settings", `a[href="/dashboard/endpoints/`+ep+`"]`, true)

	tb.do("open the overview", chromedp.Navigate(e.URL+"/dashboard/"), chromedp.WaitVisible(css(`td.url a[href="/dashboard/endpoints/`+ep+`"]`)))
	turnRightToLeft()
	check("the overview", `td.url`, true)

	// Without JavaScript, Delete endpoint asks on a page of its own, the
	// URL inside its question.
	tb.do("JavaScript off", scriptsOff(true))
	tb.do("ask to delete the endpoint", chromedp.Navigate(e.URL+"/dashboard/endpoints/"+ep), chromedp.WaitVisible(button("Delete endpoint")),
		chromedp.Click(button("Delete endpoint")), chromedp.WaitVisible(css(`#confirm-title`)))
	turnRightToLeft()
	check("the question", `#confirm-title bdi[dir="ltr"]`, true)
	tb.do("JavaScript back on", scriptsOff(false))
	tb.noBrowserErrors(t)
}
