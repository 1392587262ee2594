package dashboard_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestExpiredFormPageSaysHowToTryAgain: a form whose token is stale (the
// browser signed out and in again in another tab, which gives the session
// a new token) was answered, as a page, "This form has expired … Reload
// the page and try again." The page it said to reload is the form's
// answer, at the form's address: a reload sends the same expired form and
// is refused again. The page now says that nothing was done and to try
// again from the page the form was on, which it links; the script's
// answer, shown on the form's own page, still says to reload it.
func TestExpiredFormPageSaysHowToTryAgain(t *testing.T) {
	e := startEnv(t, envOptions{})
	ep := createEndpoint(t, e, "http://127.0.0.1:9/hooks/orders")
	b := e.signedIn(t)
	page := "/dashboard/endpoints/" + ep
	stale := b.csrf(page)
	if r := b.postForm(page, "/dashboard/signout", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("sign out: %d", r.Status)
	}
	if r := b.signIn(e.Email, e.Password); r.Status != http.StatusSeeOther {
		t.Fatalf("sign in again: %d", r.Status)
	}
	b.Header.Set("Referer", e.URL+page)
	form := url.Values{"csrf": {stale}, "status": {"disabled"}}
	for _, what := range []string{"the form", "a reload of its answer"} {
		r := b.post(page+"/status", form)
		if r.Status != http.StatusForbidden {
			t.Fatalf("%s with a stale token: %d, want 403", what, r.Status)
		}
		main := r.Body[strings.Index(r.Body, "<main"):]
		if strings.Contains(main, "Reload the page") {
			t.Errorf("%s: the page says to reload it, which sends the expired form again: %.600s", what, main)
		}
		for _, want := range []string{"Nothing was changed", "the page you were on", `<a href="` + page + `">Back to the page you were on</a>`} {
			if !strings.Contains(main, want) {
				t.Errorf("%s: the page does not say %q: %.600s", what, want, main)
			}
		}
	}
	if got, _ := e.Store.GetEndpoint(t.Context(), e.AccountID, ep); got.Status != "enabled" {
		t.Errorf("the endpoint is %s after two refused forms", got.Status)
	}
	// The script shows its answer on the form's page, which a reload renews.
	b.Header.Set("Accept", "application/json")
	r := b.post(page+"/test", url.Values{"csrf": {stale}, "type": {"order.cancelled"}})
	if r.Status != http.StatusForbidden || !strings.Contains(r.Body, "Reload the page and try again.") {
		t.Errorf("the script's stale form: %d %s", r.Status, r.Body)
	}
}
