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
	tb := signInTab(t, e)
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
	tb.noBrowserErrors(t)
}
