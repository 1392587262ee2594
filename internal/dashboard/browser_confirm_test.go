package dashboard_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/esahayak/esahayak/internal/testenv"
)

// The dialogs that ask before Delete endpoint, Revoke and Delete
// inspector (the script's, which most people see) asked less than the
// server's own page asks without the script: "Delete this endpoint?"
// without naming which, "Revoke the key esk_ab…?" without the key's name,
// and none said that it cannot be undone. Each dialog now asks what the
// server's page asks: the thing by name, and that it is for good. Cancel
// keeps it.
func TestBrowserDestructiveDialogsNameWhatTheyDelete(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/orders-hook")
	b := e.signedIn(t)
	b.postForm("/dashboard/settings/api-access", "/dashboard/settings/api-keys", url.Values{"name": {"deploy bot"}})
	tb := signedInTab(t, e)
	tb.do("make an inspector", chromedp.Navigate(e.URL+"/dashboard/inspector"), chromedp.Click(button("Create inspector URL")),
		chromedp.WaitVisible(css(`[data-capture-url]`)))
	inspector := value(tb, "the inspector's address", chromedp.Location())
	for _, c := range []struct {
		what, page, button string
		want               []string
	}{
		{"Delete endpoint", e.URL + "/dashboard/endpoints/" + ep, `//button[normalize-space()="Delete endpoint"]`,
			[]string{strings.TrimPrefix(rc.URL, "http://") + "/orders-hook", "This cannot be undone."}},
		{"Revoke", e.URL + "/dashboard/settings/api-access", `//tr[contains(., "deploy bot")]//button[starts-with(normalize-space(), "Revoke")]`,
			[]string{"“deploy bot”", "This cannot be undone."}},
		{"Delete inspector", inspector, `//button[normalize-space()="Delete inspector"]`,
			[]string{"This cannot be undone."}},
	} {
		tb.do("open the page of "+c.what, chromedp.Navigate(c.page), chromedp.WaitVisible(chromedp.Search(c.button)))
		// The dialog's question is kept, and answered Cancel.
		eval[bool](tb, `(window.confirm = function (q) { window.__asked = q; return false; }, true)`)
		tb.do("click "+c.what, chromedp.Click(chromedp.Search(c.button)))
		testenv.Eventually(t, 10*time.Second, c.what+"'s dialog", func() bool { return eval[string](tb, `window.__asked || ""`) != "" })
		asked := eval[string](tb, `window.__asked`)
		for _, w := range c.want {
			if !strings.Contains(asked, w) {
				t.Errorf("%s asks %q; want it to say %q", c.what, asked, w)
			}
		}
		if got := value(tb, "the address", chromedp.Location()); got != c.page {
			t.Errorf("%s, cancelled, left the page for %s", c.what, got)
		}
	}
	tb.noBrowserErrors(t)
}
