package dashboard_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// plainTextInOrder draws text as the browser draws text that has no
// markup — a tooltip, a <select>'s option, a confirm() dialog, a tab's
// title: in a left-to-right box, as one run of plain text — and reports
// whether words come out in that order (wordsLeftToRight). The tooltip,
// the dialog and the open select are drawn outside the page, where a test
// cannot measure them; they run the same bidirectional algorithm on the
// same string.
func plainTextInOrder(tb *tab, text string, words ...string) (bool, string) {
	tb.t.Helper()
	eval[bool](tb, `(function (text) {
		var p = document.getElementById("plain-probe");
		if (!p) { p = document.createElement("div"); p.id = "plain-probe"; p.dir = "ltr"; document.body.appendChild(p); }
		p.textContent = text;
		return true;
	})(`+jsString(text)+`)`)
	return wordsLeftToRight(tb, `#plain-probe`, words...)
}

// TestBrowserRightToLeftPathSegmentsKeepTheirOrderInPlainText: the pages'
// text isolates a URL's right-to-left path segments with <bdi>, but plain
// text has no markup, and there ".../hooks/שלום/עולם/1" still read
// ".../hooks/1/עולם/שלום": the URL's tooltip (title), the endpoint in the
// Deliveries, Monitoring and inspector selects, Delete endpoint's dialog,
// the endpoint page's tab title, and the inspector's signature verdict.
// Each such segment is now between U+2068 and U+2069 (first strong
// isolate … pop directional isolate), plain text's <bdi>.
func TestBrowserRightToLeftPathSegmentsKeepTheirOrderInPlainText(t *testing.T) {
	e := startEnv(t, envOptions{})
	const path = "/hooks/שלום/עולם/1"
	words := []string{"hooks", "שלום", "עולם", "1"}
	ep := createEndpoint(t, e, "http://127.0.0.1:9"+path)
	tb := signedInTab(t, e)
	check := func(what, text string, words ...string) {
		t.Helper()
		if !strings.Contains(text, words[0]) {
			t.Errorf("%s %q does not hold %q", what, text, words[0])
			return
		}
		if ok, why := plainTextInOrder(tb, text, words...); !ok {
			t.Errorf("%s %q does not read in the URL's order: %s", what, text, why)
		}
	}

	tb.do("open the endpoint's page", chromedp.Navigate(e.URL+"/dashboard/endpoints/"+ep), chromedp.WaitVisible(css(`[data-endpoint-heading]`)))
	check("the heading's tooltip", eval[string](tb, `document.querySelector("[data-endpoint-heading]").title`), words...)
	// ("hooks" alone would be found in "eSahayak Webhooks".)
	check("the tab's title", eval[string](tb, `document.title`), append([]string{"9/hooks"}, words[1:]...)...)
	eval[bool](tb, `(window.confirm = function (q) { window.__asked = q; return false; }, true)`)
	tb.do("click Delete endpoint", chromedp.Click(button("Delete endpoint")))
	testenv.Eventually(t, 10*time.Second, "Delete endpoint's dialog", func() bool { return eval[string](tb, `window.__asked || ""`) != "" })
	check("Delete endpoint's dialog", eval[string](tb, `window.__asked`), append([]string{"Delete"}, words...)...)

	for _, c := range []struct{ page, sel string }{
		{"/dashboard/deliveries", `#f-endpoint`},
		{"/dashboard/monitoring", `#m-endpoint`},
	} {
		tb.do("open "+c.page, chromedp.Navigate(e.URL+c.page), chromedp.WaitVisible(css(c.sel)))
		opt := `document.querySelector('` + c.sel + ` option[value="` + ep + `"]')`
		check(c.page+"'s endpoint option", eval[string](tb, opt+`.text`), words...)
		check(c.page+"'s endpoint option's tooltip", eval[string](tb, opt+`.title`), words...)
	}

	// An endpoint that points at an inspector, below a right-to-left
	// path: its test event arrives signed, and the inspector names the
	// endpoint whose secret verified it.
	b := e.signedIn(t)
	page, captureURL := newInspector(t, e, b)
	hook := createEndpoint(t, e, captureURL+path)
	st, body := e.Do(t, "POST", "/v1/webhook_endpoints/"+hook+"/test", e.APIKey, map[string]any{"type": "order.cancelled"})
	if st >= 300 {
		t.Fatalf("send a test event: %d %s", st, body)
	}
	// The request is in the inspector before its page opens, so that the
	// page draws it itself: how it comes live is other tests' business,
	// and a slow machine (CI, under -race, once took 45 s here and the
	// failure could not say which half was slow) is told apart from a
	// page that never shows it.
	awaitSucceeded(t, e, testenv.JSON(t, body)["delivery"].(map[string]any)["id"].(string), time.Minute)
	tb.do("open the inspector", chromedp.Navigate(e.URL+page), chromedp.WaitVisible(css(`.verdict-text`)))
	verdict := tb.textEventually(`.verdict-text`, "Signature verified")
	check("the signature's verdict", verdict, words...)
	if ok, why := wordsLeftToRight(tb, `.verdict-text`, words...); !ok {
		t.Errorf("the signature's verdict %q does not read in the URL's order on the page: %s", verdict, why)
	}
	opt := `document.querySelector('#verify-endpoint option[value="` + hook + `"]')`
	check("the inspector's endpoint option", eval[string](tb, opt+`.text`), words...)
	tb.noBrowserErrors(t)
}

// awaitSucceeded waits for delivery id to succeed; if it does not, it
// fails with what each attempt met, so that a slow machine and a refused
// request read differently.
func awaitSucceeded(t *testing.T, e *env, id string, timeout time.Duration) {
	t.Helper()
	awaitDeliveryStatus(t, e, id, store.DeliverySucceeded, timeout)
}

// awaitDeliveryStatus waits for delivery id to have status; if it does
// not within timeout, it fails with the status it has and what each of its
// attempts met. Tests give it a generous timeout (a 2-core CI machine
// running every package under -race once took 45 s for one delivery): a
// passing test waits only as long as the delivery takes.
func awaitDeliveryStatus(t *testing.T, e *env, id, status string, timeout time.Duration) {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(timeout)
	for {
		d, err := e.Store.GetDelivery(ctx, e.AccountID, id)
		if err == nil && d.Status == status {
			return
		}
		if time.Now().After(deadline) {
			atts, _ := e.Store.ListAttempts(ctx, e.AccountID, id)
			var met []string
			for _, a := range atts {
				met = append(met, fmt.Sprintf("attempt %d: status %d, error %q", a.Number, a.ResponseStatus, a.Error))
			}
			t.Fatalf("delivery %s is %q (err %v), not %q, after %s; its attempts: %v", id, d.Status, err, status, timeout, met)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
