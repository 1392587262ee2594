package dashboard_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestMissingDeliveriesOrdersKeysAndChoicesSaySoAndLeadOn opens what a
// person reaches after its object went, or with another account's id: a
// delivery's page from an old link (finished deliveries are pruned after
// the retention period) and its Resend, an order's page, Revoke of an API
// key on a page left open after the key was pruned, and the inspector's
// "Use this endpoint" for an endpoint deleted since the page loaded. Each
// said "There is nothing here: the page does not exist" — of an inspector
// page that exists, and of pages whose kind exists — and led only to the
// overview. Each now names what is missing, why it can be, and leads to
// the list of its kind; still 404s that do not tell a missing object from
// another account's (TestForeignAccountsGet404).
func TestMissingDeliveriesOrdersKeysAndChoicesSaySoAndLeadOn(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	const missing = "01m94xkxnejf8wyagzyw6bfspz" // of an id's shape, of nothing here
	page, _ := newInspector(t, e, b)
	gone := createEndpoint(t, e, "http://127.0.0.1:9/soon-deleted")
	csrf := b.csrf(page) // the inspector's page, loaded while the endpoint was there
	if st, body := e.Do(t, "DELETE", "/v1/webhook_endpoints/"+gone, e.APIKey, nil); st >= 300 {
		t.Fatalf("delete the endpoint: %d %s", st, body)
	}

	for _, c := range []struct {
		what, method, path string
		form               url.Values
		says, link         string
	}{
		{"an old link to a delivery", http.MethodGet, "/dashboard/deliveries/dlv_" + missing, nil,
			"This delivery does not exist", `<a href="/dashboard/deliveries">All deliveries</a>`},
		{"Resend on a delivery's page left open", http.MethodPost, "/dashboard/deliveries/dlv_" + missing + "/resend", url.Values{},
			"This delivery does not exist any more", `<a href="/dashboard/deliveries">All deliveries</a>`},
		{"a link to an order", http.MethodGet, "/dashboard/orders/order_" + missing, nil,
			"This order does not exist", `<a href="/dashboard/orders">All orders</a>`},
		{"Revoke on Settings left open", http.MethodPost, "/dashboard/settings/api-keys/key_" + missing + "/revoke", url.Values{},
			"This API key does not exist", `<a href="/dashboard/settings/api-access#api-keys">Your API keys, in Settings</a>`},
		{"Revoke key on its confirmation page left open", http.MethodPost, "/dashboard/settings/api-keys/key_" + missing + "/revoke", url.Values{"confirmed": {"1"}},
			"This API key does not exist", `<a href="/dashboard/settings/api-access#api-keys">Your API keys, in Settings</a>`},
		{"Use this endpoint with an endpoint deleted since", http.MethodPost, page + "/verify", url.Values{"endpoint": {gone}},
			"The endpoint you chose does not exist any more", `<a href="` + page + `">Choose another</a>`},
	} {
		var r response
		if c.method == http.MethodPost {
			c.form.Set("csrf", csrf)
			r = b.post(c.path, c.form)
		} else {
			r = b.get(c.path)
		}
		if r.Status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", c.what, r.Status)
		}
		if strings.Contains(r.Body, "There is nothing here") {
			t.Errorf("%s says there is nothing here", c.what)
		}
		if !strings.Contains(r.Body, c.says) || !strings.Contains(r.Body, "belongs to another account") {
			t.Errorf("%s does not say %q (or another account): %.2000s", c.what, c.says, r.Body)
		}
		if !strings.Contains(r.Body, c.link) {
			t.Errorf("%s has no link %s: %.2000s", c.what, c.link, r.Body)
		}
	}
	// Nothing was chosen: the inspector checks against no endpoint still.
	if body := b.get(page).Body; strings.Contains(body, `value="`+gone+`"`) {
		t.Errorf("the inspector offers the deleted endpoint")
	}
}
