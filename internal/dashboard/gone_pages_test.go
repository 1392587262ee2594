package dashboard_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestPagesOfADeletedEndpointSaySoAndLeadOn opens, after deleting an
// endpoint in the dashboard, the pages a person reaches it by next: Back
// to its page, a reload of Monitoring (whose address the page itself made
// name the endpoint), its page's "Its deliveries" link (an endpoint
// deleted before it had any), and a button of its page left open. Each
// said "There is nothing here: the page does not exist", of pages that
// exist, and led only to the overview, or named Settings without a link
// to it. They stay 404s that do not tell a deleted endpoint from another
// account's (TestForeignAccountsGet404, TestDashboardKeepsToTheSignedInAccount).
func TestPagesOfADeletedEndpointSaySoAndLeadOn(t *testing.T) {
	e := startEnv(t, envOptions{})
	st, body := e.Do(t, "POST", "/v1/webhook_endpoints", e.APIKey, map[string]any{"url": "http://127.0.0.1:9/soon-deleted"})
	if st != http.StatusCreated {
		t.Fatalf("create endpoint: %d %s", st, body)
	}
	ep := testenv.JSON(t, body)["id"].(string)
	b := e.signedIn(t)
	page := "/dashboard/endpoints/" + ep
	csrf := b.csrf(page)
	if r := b.post(page+"/delete", url.Values{"csrf": {csrf}, "confirmed": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("delete: %d %.300s", r.Status, r.Body)
	}

	for _, c := range []struct {
		what, method, path string
		says, link         string
	}{
		{"Back to the endpoint's page", http.MethodGet, page,
			"This endpoint does not exist: it was deleted", `<a href="/dashboard/settings/api-access">Your endpoints, in Settings</a>`},
		{"a reload of Monitoring", http.MethodGet, "/dashboard/monitoring?endpoint=" + ep + "&window=7d",
			"The endpoint this address names does not exist any more: it was deleted", `<a href="/dashboard/monitoring?window=7d">Show another endpoint</a>`},
		{"its deliveries, of which there were none", http.MethodGet, "/dashboard/deliveries?endpoint=" + ep,
			"There are no deliveries to this endpoint: it was deleted before it had any", `<a href="/dashboard/deliveries">All deliveries</a>`},
		{"Send test event on its page left open", http.MethodPost, page + "/test",
			"This endpoint does not exist any more: it was deleted", `<a href="/dashboard/settings/api-access">Your endpoints, in Settings</a>`},
	} {
		var r response
		if c.method == http.MethodPost {
			r = b.post(c.path, url.Values{"csrf": {csrf}, "type": {"stamp.uploaded"}})
		} else {
			r = b.get(c.path)
		}
		if r.Status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", c.what, r.Status)
		}
		if !strings.Contains(r.Body, c.says) || !strings.Contains(r.Body, "belongs to another account") {
			t.Errorf("%s does not say %q (or another account): %.2000s", c.what, c.says, r.Body)
		}
		if !strings.Contains(r.Body, c.link) {
			t.Errorf("%s has no link %s: %.2000s", c.what, c.link, r.Body)
		}
	}
}
