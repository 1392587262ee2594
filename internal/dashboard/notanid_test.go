package dashboard_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestAMalformedIDInAnAddressIsNamed opens pages whose address holds an
// id that is not of the shape the dashboard hands out (a link cut short,
// mistyped, upper-cased, with an invisible or bidi character pasted in, or
// 10,000 characters long), in a path segment and in Monitoring's
// endpoint=, and posts to the actions of such addresses. Each answered
// "There is nothing here: the page does not exist" (of Monitoring, a page
// that exists), led only to the overview, and left the person to guess
// what was wrong. Each now names the id as the address holds it, says what
// an id of that kind looks like, and links to where that kind is listed;
// still a 404, as the API answers such an id.
func TestAMalformedIDInAnAddressIsNamed(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	csrf := b.csrf("/dashboard/")
	cut := "we_01m94hrem438xc3a05b0v3b7" // one character short
	for _, c := range []struct {
		what, method, path string
		says, link         string
	}{
		{"Monitoring of a cut endpoint id", "GET", "/dashboard/monitoring?window=7d&endpoint=" + cut,
			`the endpoint "` + cut + `", which is not an id of one: endpoint ids are we_ followed by 26`, `<a href="/dashboard/monitoring?window=7d">Show another endpoint</a>`},
		{"Monitoring of an id with U+202E", "GET", "/dashboard/monitoring?endpoint=" + url.QueryEscape("we_\u202e01m94hrem438xc3a05b0v3b7h5"),
			`the endpoint "we_\u202e01m94hrem438xc3a05b0v3b7h5"`, `<a href="/dashboard/monitoring?window=24h">Show another endpoint</a>`},
		{"an endpoint's page, upper-cased", "GET", "/dashboard/endpoints/WE_01M94HREM438XC3A05B0V3B7H5",
			`the endpoint "WE_01M94HREM438XC3A05B0V3B7H5", which is not an id of one`, `<a href="/dashboard/settings/api-access">Your endpoints, in Settings</a>`},
		{"an endpoint's action", "POST", "/dashboard/endpoints/" + cut + "/delete",
			`the endpoint "` + cut + `", which is not an id of one`, `<a href="/dashboard/settings/api-access">Your endpoints, in Settings</a>`},
		{"a delivery with a zero-width space", "GET", "/dashboard/deliveries/" + url.PathEscape("dlv_\u200b01m94hrem438xc3a05b0v3b7h5"),
			`the delivery "dlv_\u200b01m94hrem438xc3a05b0v3b7h5", which is not an id of one: delivery ids are dlv_ followed by 26`, `<a href="/dashboard/deliveries">All deliveries</a>`},
		{"Resend of a malformed delivery", "POST", "/dashboard/deliveries/dlv_x/resend",
			`the delivery "dlv_x", which is not an id of one`, `<a href="/dashboard/deliveries">All deliveries</a>`},
		{"an order of 10,000 characters", "GET", "/dashboard/orders/" + strings.Repeat("o", 10000),
			`the order "` + strings.Repeat("o", 64) + `"…, which is not an id of one: order ids are order_ followed by 26`, `<a href="/dashboard/orders">All orders</a>`},
		{"Revoke of a malformed API key", "POST", "/dashboard/settings/api-keys/key_%3Cscript%3E/revoke",
			`the API key "key_<script>", which is not an id of one: API key ids are key_ followed by 26`, `<a href="/dashboard/settings/api-access#api-keys">Your API keys, in Settings</a>`},
	} {
		var r response
		if c.method == "POST" {
			r = b.post(c.path, url.Values{"csrf": {csrf}, "confirmed": {"1"}})
		} else {
			r = b.get(c.path)
		}
		if r.Status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", c.what, r.Status)
		}
		if got := html.UnescapeString(r.Body); !strings.Contains(got, c.says) {
			t.Errorf("%s does not say %q: %.3000s", c.what, c.says, r.Body)
		}
		if strings.Contains(r.Body, "\u202e") || strings.Contains(r.Body, "\u200b") || strings.Contains(r.Body, "<script>") {
			t.Errorf("%s shows the id's invisible characters or markup raw: %.3000s", c.what, r.Body)
		}
		if !strings.Contains(r.Body, c.link) {
			t.Errorf("%s has no link %s: %.3000s", c.what, c.link, r.Body)
		}
	}
}
