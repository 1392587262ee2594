package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserAPIKeysFollowChangesElsewhere: Settings left open while a
// key is revoked in another tab no longer lists it as active with a Revoke
// button, and lists a key created there; the endpoints under it already
// followed changes made elsewhere, the keys read as loaded until a reload.
func TestBrowserAPIKeysFollowChangesElsewhere(t *testing.T) {
	e := startEnv(t, envOptions{})
	keys, err := e.Store.ListAPIKeys(context.Background(), e.AccountID)
	if err != nil || len(keys) == 0 {
		t.Fatalf("keys: %v %v", keys, err)
	}
	revoke := `#api-keys form[action="/dashboard/settings/api-keys/` + keys[0].ID + `/revoke"]`
	tb := signedInTab(t, e)
	tb.do("open Settings", chromedp.Navigate(e.URL+"/dashboard/settings/api-access"), chromedp.WaitVisible(css(revoke)))
	tb.waitLive()

	other := e.signedIn(t) // another tab, of another sign-in
	if r := other.postForm("/dashboard/settings/api-access", "/dashboard/settings/api-keys/"+keys[0].ID+"/revoke", url.Values{"confirmed": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("revoke in the other tab = %d", r.Status)
	}
	tb.do("the key revoked elsewhere loses its Revoke button", chromedp.WaitNotPresent(css(revoke)))
	if n := eval[int](tb, `document.querySelectorAll("#api-keys .badge-enabled").length`); n != 0 {
		t.Errorf("%d keys still read active after the only one was revoked elsewhere", n)
	}

	if r := other.postForm("/dashboard/settings/api-access", "/dashboard/settings/api-keys", url.Values{"name": {"made elsewhere"}}); r.Status != http.StatusOK {
		t.Fatalf("create in the other tab = %d", r.Status)
	}
	tb.do("the key created elsewhere is listed", chromedp.WaitVisible(chromedp.Search(`//section[@id="api-keys"]//td[normalize-space()="made elsewhere"]`)))

	// A key created here is shown once, above the list: a list read
	// again (another key made elsewhere) leaves it there to copy.
	tb.do("create a key here", chromedp.SendKeys(css(`#key-name`), "made here"),
		chromedp.Click(chromedp.Search(`//button[normalize-space()="Create API key"]`)), chromedp.WaitVisible(css(`#new-key`)))
	shown := eval[string](tb, `document.querySelector("#new-key").textContent`)
	tb.waitLive()
	if r := other.postForm("/dashboard/settings/api-access", "/dashboard/settings/api-keys", url.Values{"name": {"made elsewhere too"}}); r.Status != http.StatusOK {
		t.Fatalf("create in the other tab = %d", r.Status)
	}
	tb.do("the second key created elsewhere is listed", chromedp.WaitVisible(chromedp.Search(`//section[@id="api-keys"]//td[normalize-space()="made elsewhere too"]`)))
	if got := eval[string](tb, `(document.querySelector("#new-key") || {}).textContent || ""`); got != shown || shown == "" {
		t.Errorf("the key created here read %q before the list was read again, %q after", shown, got)
	}
	tb.noBrowserErrors(t)
}
