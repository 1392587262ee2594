package dashboard_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestFormWithAFieldMissingOrWrongSaysWhich: Enable/Disable endpoint
// without its status field (or with another value), and the inspector's
// "Verify with" with an endpoint field that is no endpoint id, were
// answered "The request could not be read.", which says neither which
// field nor what it should hold. A form made by hand or by a script
// sends them; each is still a 400 with nothing changed, in words that
// name the field and what it takes. "Verify with" without its endpoint
// field at all turned the check off, as "No endpoint" does.
func TestFormWithAFieldMissingOrWrongSaysWhich(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	st, body := e.Do(t, "POST", "/v1/webhook_endpoints", e.APIKey, map[string]any{"url": "http://127.0.0.1:9/hooks/ok"})
	if st != http.StatusCreated {
		t.Fatalf("create endpoint: %d %s", st, body)
	}
	ep := strings.Split(strings.Split(string(body), `"id":"`)[1], `"`)[0]
	page := "/dashboard/endpoints/" + ep
	inspector, _ := newInspector(t, e, b)
	for _, tc := range []struct {
		from, action string
		form         url.Values
		want         string
	}{
		{page, page + "/status", url.Values{}, `The form did not say whether to enable or disable the endpoint: its status field must be "enabled" or "disabled", and it has none.`},
		{page, page + "/status", url.Values{"status": {"paused"}}, `The form did not say whether to enable or disable the endpoint: its status field must be "enabled" or "disabled", not "paused".`},
		{inspector, inspector + "/verify", url.Values{"endpoint": {"we_nope"}}, `The form's endpoint field, "we_nope", is not an endpoint id: endpoint ids are we_ followed by 26 lower-case letters and digits.`},
		{inspector, inspector + "/verify", url.Values{}, `The form did not say which endpoint to check signatures against: its endpoint field must be an endpoint id, or empty for No endpoint, and it has none.`},
	} {
		r := b.postForm(tc.from, tc.action, tc.form)
		if got := html.UnescapeString(r.Body); r.Status != http.StatusBadRequest || !strings.Contains(got, tc.want) {
			i := max(strings.Index(got, "<main"), 0)
			t.Errorf("POST %s %v = %d, without %q:\n%.600s", tc.action, tc.form, r.Status, tc.want, got[i:])
		}
	}
	if got, _ := e.Store.GetEndpoint(t.Context(), e.AccountID, ep); got.Status != "enabled" {
		t.Errorf("the endpoint is %s after refused forms, want enabled", got.Status)
	}
}
