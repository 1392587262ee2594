package dashboard_test

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// formURL is the endpoint page's URL field's value.
var formURL = regexp.MustCompile(`<input[^>]*\sname="url"[^>]*\svalue="([^"]*)"`)

// TestLookalikeHostsShowTheirASCIIForm: an endpoint's host written in
// letters of another script that look like ASCII ones ("аpple.com" with a
// Cyrillic а, which goes to xn--pple-43d.com), or in full-width letters,
// was shown as written on every page, so that someone who could change an
// endpoint (an API key is enough) could point it at a lookalike of the
// customer's own host, which then received every event, signed, while
// every page still seemed to name the customer's host. Every page names
// the host as it is looked up and sent in Host, as the attempts' request
// headers already did; an ASCII host is shown as written.
func TestLookalikeHostsShowTheirASCIIForm(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	for _, c := range []struct{ written, shown, hidden string }{
		{"http://\u0430pple.com/hooks", "xn--pple-43d.com", "\u0430pple.com"},
		{"http://\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com:8443/wide", "example.com:8443", "\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45"},
		{"http://EX\u00c4MPLE.com/upper?q=\u00e4", "xn--exmple-cua.com", "EX\u00c4MPLE"},
	} {
		ep := createEndpoint(t, e, c.written)
		for _, p := range []string{"/dashboard/", "/dashboard/settings/api-access", "/dashboard/endpoints/" + ep,
			"/dashboard/deliveries?endpoint=" + ep, "/dashboard/monitoring?endpoint=" + ep, "/dashboard/inspector"} {
			r := b.get(p)
			if r.Status != 200 {
				t.Fatalf("%s = %d", p, r.Status)
			}
			if strings.Contains(r.Body, c.hidden) {
				i := strings.Index(r.Body, c.hidden)
				t.Errorf("%s shows the host of %s as written: %s", p, c.written, r.Body[max(i-200, 0):min(i+100, len(r.Body))])
			}
			if p != "/dashboard/inspector" && !strings.Contains(r.Body, c.shown) {
				t.Errorf("%s does not show %s", p, c.shown)
			}
		}
		// The edit form holds the URL as shown. Saved as it was, with a new
		// description, the URL stays as it was written.
		before, err := e.Store.GetEndpoint(t.Context(), e.AccountID, ep)
		if err != nil {
			t.Fatal(err)
		}
		m := formURL.FindStringSubmatch(b.get("/dashboard/endpoints/" + ep).Body)
		if m == nil || !strings.Contains(html.UnescapeString(m[1]), c.shown) {
			t.Fatalf("the edit form of %s holds %q, want the URL with %s", c.written, m, c.shown)
		}
		shownURL := html.UnescapeString(m[1])
		if r := b.postForm("/dashboard/endpoints/"+ep, "/dashboard/endpoints/"+ep, url.Values{
			"url": {shownURL}, "was_url": {shownURL}, "description": {"renamed"}, "was_description": {""},
			"events": {"stamp.uploaded"}}); r.Status != 303 {
			t.Fatalf("save %s = %d %.300s", ep, r.Status, r.Body)
		}
		got, err := e.Store.GetEndpoint(t.Context(), e.AccountID, ep)
		if err != nil {
			t.Fatal(err)
		}
		if got.URL != before.URL {
			t.Errorf("after a save of the form as shown, the URL is %q, was %q", got.URL, before.URL)
		}
		if got.Description != "renamed" {
			t.Errorf("after the save, description %q", got.Description)
		}
	}
}
