package dashboard_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestWrongMethodIs405: a method a dashboard path does not take is a 405
// naming the ones it does in Allow, on the dashboard's HTML error page
// (with the navigation when signed in), signed in or not; a path the
// dashboard does not have stays a 404 whatever the method.
func TestWrongMethodIs405(t *testing.T) {
	e := startEnv(t, envOptions{})
	st, body := e.Do(t, "POST", "/v1/webhook_endpoints", e.APIKey, map[string]any{"url": "http://127.0.0.1:9/hook"})
	if st != 201 {
		t.Fatalf("create endpoint: %d %s", st, body)
	}
	endpoint := "/dashboard/endpoints/" + testenv.JSON(t, body)["id"].(string)
	wrong := []struct{ method, path, allow string }{
		{"GET", "/dashboard/signout", "POST"},
		{"DELETE", endpoint, "GET, HEAD, POST"},
		{"DELETE", "/dashboard/endpoints/we_x", "GET, HEAD, POST"}, // the path's shape, not the object, decides
		{"OPTIONS", "/dashboard/", "GET, HEAD"},
		{"PUT", "/dashboard/settings/api-access", "GET, HEAD"},
		{"GET", endpoint + "/rotate", "POST"},
		{"PATCH", "/dashboard/inspector", "GET, HEAD, POST"},
		{"POST", "/dashboard/static/app.js", "GET, HEAD"},
		{"OPTIONS", "/dashboard/settings", "GET, HEAD"}, // GET redirects to /dashboard/settings/api-access
	}
	unknown := []struct{ method, path string }{
		{"GET", "/dashboard/nonexist"},
		{"DELETE", "/dashboard/nonexist"},
		{"PUT", endpoint + "/extra"},
		{"OPTIONS", "/dashboard/settings/foo"},
	}
	check := func(b *browser, signedIn bool) {
		t.Helper()
		for _, c := range wrong {
			r := b.do(c.method, c.path, nil)
			if r.Status != http.StatusMethodNotAllowed || r.Header.Get("Allow") != c.allow {
				t.Errorf("signed in %v: %s %s = %d, Allow %q; want 405, Allow %q", signedIn, c.method, c.path, r.Status, r.Header.Get("Allow"), c.allow)
				continue
			}
			if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") || r.Header.Get("Content-Security-Policy") == "" ||
				!strings.Contains(r.Body, "Method Not Allowed") || !strings.Contains(r.Body, "only "+c.allow+".") {
				t.Errorf("signed in %v: %s %s is not the dashboard's error page (%s): %.1000s", signedIn, c.method, c.path, r.Header.Get("Content-Type"), r.Body)
			}
			if strings.Contains(r.Body, "Sign out") != signedIn {
				t.Errorf("signed in %v: %s %s: Sign out shown = %v", signedIn, c.method, c.path, !signedIn)
			}
		}
		for _, c := range unknown {
			if r := b.do(c.method, c.path, nil); r.Status != http.StatusNotFound || r.Header.Get("Allow") != "" {
				t.Errorf("signed in %v: %s %s = %d, Allow %q; want 404 without Allow", signedIn, c.method, c.path, r.Status, r.Header.Get("Allow"))
			}
		}
	}
	check(e.signedIn(t), true)
	check(e.browser(t), false)

	// The right methods still answer as before.
	b := e.signedIn(t)
	if r := b.get(endpoint); r.Status != http.StatusOK {
		t.Fatalf("GET %s = %d", endpoint, r.Status)
	}
	// Settings: one redirect to its page, the dashboard's 303 (the mux's
	// 307 to /dashboard/settings/ came first, then a 303 from there),
	// and signed out as signed in (sign-in then returns to the page).
	for _, sb := range []*browser{b, e.browser(t)} {
		for _, path := range []string{"/dashboard/settings", "/dashboard/settings/"} {
			if r := sb.get(path); r.Status != http.StatusSeeOther || r.Location != "/dashboard/settings/api-access" {
				t.Errorf("GET %s = %d %q; want 303 to /dashboard/settings/api-access", path, r.Status, r.Location)
			}
		}
	}
	if r := b.do("HEAD", "/dashboard/", nil); r.Status != http.StatusOK {
		t.Fatalf("HEAD /dashboard/ = %d", r.Status)
	}
	if r := b.postForm("/dashboard/", "/dashboard/signout", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("POST /dashboard/signout = %d", r.Status)
	}
}

// TestStaticAnswersAsTheDashboardDoes: under /dashboard/static/ a missing
// file is the dashboard's HTML 404 page, as /dashboard/static/,
// /dashboard/static/a/b and every other unknown dashboard path are, and a
// wrong method on any file its HTML 405 naming GET, HEAD: not the API's
// JSON for one of them and the dashboard's page for the others.
func TestStaticAnswersAsTheDashboardDoes(t *testing.T) {
	e := startEnv(t, envOptions{})
	for _, b := range []*browser{e.browser(t), e.signedIn(t)} {
		for _, c := range []struct {
			method, path string
			status       int
		}{
			{"GET", "/dashboard/static/nothing.css", 404},
			{"GET", "/dashboard/static/", 404},
			{"GET", "/dashboard/static/a/b", 404},
			{"GET", "/dashboard/nonexist", 404},
			{"POST", "/dashboard/static/app.js", 405},
			{"DELETE", "/dashboard/static/nothing.css", 405},
			{"DELETE", "/dashboard/nonexist", 404},
		} {
			r := b.do(c.method, c.path, nil)
			if r.Status != c.status || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") ||
				r.Header.Get("Content-Security-Policy") == "" || !strings.Contains(r.Body, "<!doctype html>") {
				t.Errorf("%s %s = %d %s (CSP %q); want %d on the dashboard's HTML error page: %.200s", c.method, c.path, r.Status,
					r.Header.Get("Content-Type"), r.Header.Get("Content-Security-Policy"), c.status, r.Body)
			}
		}
	}
	if r := e.browser(t).get("/dashboard/static/app.js"); r.Status != 200 {
		t.Errorf("GET /dashboard/static/app.js = %d", r.Status)
	}
}
