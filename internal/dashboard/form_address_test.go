package dashboard_test

import (
	"html"
	"net/http"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// A form's address opened as a page (a bookmark, the history, the address
// of the page that answered a form, copied) answered "This address does
// not take a GET request, only POST.", protocol talk, with the overview
// as the only way on. Signed in, it now says what the address is and
// leads to the page with its form; it is still a 405 with Allow: POST.
func TestFormAddressOpenedAsAPageLeadsToItsForm(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	rc := newReceiver(t)
	st, body := e.Do(t, "POST", "/v1/webhook_endpoints", e.APIKey, map[string]any{"url": rc.URL + "/hook"})
	if st != http.StatusCreated {
		t.Fatalf("create endpoint: %d %s", st, body)
	}
	ep := testenv.JSON(t, body)["id"].(string)
	for _, c := range []struct{ path, page string }{
		{"/dashboard/endpoints/" + ep + "/rotate", "/dashboard/endpoints/" + ep},
		{"/dashboard/endpoints/" + ep + "/delete", "/dashboard/endpoints/" + ep},
		{"/dashboard/settings/webhooks", "/dashboard/settings/api-access"},
		{"/dashboard/settings/api-keys", "/dashboard/settings/api-access"},
		{"/dashboard/inspector/insp_aaaaaaaaaaaaaaaa/delete", "/dashboard/inspector"},
	} {
		r := b.get(c.path)
		if r.Status != http.StatusMethodNotAllowed || r.Header.Get("Allow") != "POST" {
			t.Errorf("GET %s = %d, Allow %q; want 405, Allow POST", c.path, r.Status, r.Header.Get("Allow"))
		}
		text := html.UnescapeString(r.Body)
		if strings.Contains(text, "does not take a GET request") {
			t.Errorf("GET %s says %q", c.path, "does not take a GET request")
		}
		if !strings.Contains(r.Body, `<a href="`+c.page+`">Go to the page with that form</a>`) {
			t.Errorf("GET %s does not lead to %s: %.1500s", c.path, c.page, r.Body)
		}
	}
	// Sign out has no page of its form but every page: the words, and
	// the overview.
	r := b.get("/dashboard/signout")
	if r.Status != http.StatusMethodNotAllowed || !strings.Contains(r.Body, "where a form is sent") {
		t.Errorf("GET /dashboard/signout = %d: %.1500s", r.Status, r.Body)
	}
}
