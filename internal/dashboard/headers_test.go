package dashboard_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/store/sqlite"
)

// pageHeaders are the security headers of a dashboard page, as a signed-in
// GET of the overview answers them.
var pageHeaders = []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Cache-Control"}

// rawGet sends a GET for target exactly as written (a path the client
// library would clean or refuse) on a connection of its own, and returns
// the answer's status and headers.
func rawGet(t *testing.T, base, target string, cookies []*http.Cookie) (int, http.Header) {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var cookie string
	for _, c := range cookies {
		cookie += "Cookie: " + c.Name + "=" + c.Value + "\r\n"
	}
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\n%sConnection: close\r\n\r\n", target, u.Host, cookie)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	resp.Body.Close()
	return resp.StatusCode, resp.Header
}

// TestEveryAnswerKeepsTheSecurityHeaders: every answer under /dashboard
// carries the headers its pages do, not its pages alone: /dashboard
// without its slash and a path the mux cleans (//, /./) were the mux's
// redirects without any (no Content-Security-Policy, no X-Frame-Options),
// and the 404s, 405s, 400s, 403s, 413s and 503s keep them too.
func TestEveryAnswerKeepsTheSecurityHeaders(t *testing.T) {
	dir := t.TempDir()
	st, err := sqlite.Open(context.Background(), filepath.Join(dir, "esahayak.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e := startEnv(t, envOptions{Store: st})
	ep := createEndpoint(t, e, "http://127.0.0.1:9/hooks/ok")
	b := e.signedIn(t)
	page := b.get("/dashboard/")
	if page.Status != http.StatusOK {
		t.Fatalf("GET /dashboard/ = %d", page.Status)
	}
	want := http.Header{}
	for _, h := range pageHeaders {
		if page.Header.Get(h) == "" {
			t.Fatalf("the overview has no %s", h)
		}
		want.Set(h, page.Header.Get(h))
	}
	check := func(what string, status int, got http.Header) {
		t.Helper()
		for _, h := range pageHeaders {
			if got.Get(h) != want.Get(h) {
				t.Errorf("%s (%d): %s %q; want %q, as the pages", what, status, h, got.Get(h), want.Get(h))
			}
		}
	}
	token := b.csrf("/dashboard/endpoints/" + ep)
	cases := []struct {
		method, path string
		form         url.Values
		status       int
	}{
		{"GET", "/dashboard", nil, http.StatusSeeOther},
		{"HEAD", "/dashboard", nil, http.StatusSeeOther},
		{"GET", "/dashboard?x=1", nil, http.StatusSeeOther},
		{"POST", "/dashboard", url.Values{}, http.StatusMethodNotAllowed},
		{"DELETE", "/dashboard", nil, http.StatusMethodNotAllowed},
		{"GET", "/", nil, http.StatusSeeOther},
		{"GET", "/dashboard/settings", nil, http.StatusSeeOther},
		{"GET", "/dashboard/nonexist", nil, http.StatusNotFound},
		{"GET", "/dashboard/deliveries/", nil, http.StatusNotFound},
		{"GET", "/dashboard/deliveries/not-an-id", nil, http.StatusNotFound},
		{"GET", "/dashboard/deliveries/dl_0000000000000000000000000", nil, http.StatusNotFound},
		{"GET", "/dashboard/deliveries/" + ep, nil, http.StatusNotFound}, // an id of another kind
		{"GET", "/dashboard/endpoints/dl_x", nil, http.StatusNotFound},
		{"GET", "/dashboard/orders/%00", nil, http.StatusNotFound},
		{"GET", "/dashboard/inspector/%ff", nil, http.StatusNotFound},
		{"GET", "/dashboard/static/nothing.css", nil, http.StatusNotFound},
		{"HEAD", "/dashboard/deliveries", nil, http.StatusOK},
		{"HEAD", "/dashboard/nonexist", nil, http.StatusNotFound},
		{"POST", "/dashboard/deliveries", url.Values{}, http.StatusMethodNotAllowed},
		{"PUT", "/dashboard/endpoints/" + ep, nil, http.StatusMethodNotAllowed},
		{"GET", "/dashboard/signout", nil, http.StatusMethodNotAllowed},
		// A hostile query: long, not UTF-8, NUL, ids of the wrong kind.
		{"GET", "/dashboard/monitoring?window=" + strings.Repeat("7d", 20000), nil, http.StatusOK},
		{"GET", "/dashboard/deliveries?status=%ff%00&endpoint=dl_x&after=we_x", nil, http.StatusOK},
		{"GET", "/dashboard/orders?after=%00", nil, http.StatusOK},
		{"GET", "/dashboard/monitoring?endpoint=dl_0000000000000000000000000", nil, http.StatusNotFound},
		{"GET", "/dashboard/signin?next=%2F%2F127.0.0.1%2F", nil, http.StatusSeeOther}, // signed in: to /dashboard/
		{"GET", "/dashboard/deliveries?status=failed&status=succeeded", nil, http.StatusBadRequest},
		{"GET", "/dashboard/deliveries?status=%zz", nil, http.StatusBadRequest},
		{"POST", "/dashboard/endpoints/" + ep + "/test", url.Values{"type": {"stamp.uploaded"}}, http.StatusForbidden}, // no CSRF token
		{"POST", "/dashboard/endpoints/" + ep + "/test", url.Values{"csrf": {token}, "x": {strings.Repeat("a", 2<<20)}}, http.StatusRequestEntityTooLarge},
		{"POST", "/dashboard/endpoints/" + ep, url.Values{"csrf": {token}, "url": {"a\x00"}}, http.StatusBadRequest},
	}
	for _, signedIn := range []bool{true, false} {
		c := b
		if !signedIn {
			c = e.browser(t)
		}
		for _, tc := range cases {
			r := c.do(tc.method, tc.path, tc.form)
			what := fmt.Sprintf("signed in %v: %s %s", signedIn, tc.method, tc.path)
			if signedIn && r.Status != tc.status {
				t.Errorf("%s = %d; want %d", what, r.Status, tc.status)
			}
			if tc.path == "/dashboard?x=1" && r.Location != "/dashboard/?x=1" {
				t.Errorf("%s leads to %q; want /dashboard/?x=1", what, r.Location)
			}
			check(what, r.Status, r.Header)
		}
		// Paths the mux cleans, sent as written: its redirect to the clean
		// path.
		for target, clean := range map[string]string{
			"/dashboard//deliveries": "/dashboard/deliveries", "/dashboard/./deliveries?status=failed": "/dashboard/deliveries?status=failed",
			"/dashboard/x/../deliveries": "/dashboard/deliveries", "/dashboard/deliveries/..": "/dashboard",
		} {
			status, h := rawGet(t, e.URL, target, c.Cookies())
			what := fmt.Sprintf("signed in %v: GET %s", signedIn, target)
			if status != http.StatusTemporaryRedirect || h.Get("Location") != clean {
				t.Errorf("%s = %d to %q; want the mux's 307 to %s", what, status, h.Get("Location"), clean)
			}
			check(what, status, h)
		}
		// Paths that clean to one outside the dashboard: not found, not
		// a redirect there.
		for _, target := range []string{"/dashboard/../v1/orders", "/dashboard/%2e%2e/v1/orders", "/dashboard/x/%2E%2E/../healthz", "/dashboard/.."} {
			status, h := rawGet(t, e.URL, target, c.Cookies())
			what := fmt.Sprintf("signed in %v: GET %s", signedIn, target)
			if status != http.StatusNotFound || h.Get("Location") != "" || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
				t.Errorf("%s = %d %s to %q; want the dashboard's 404 page", what, status, h.Get("Content-Type"), h.Get("Location"))
			}
			check(what, status, h)
		}
	}

	// The database file gone: a change is refused with the 503 page.
	if err := os.Remove(filepath.Join(dir, "esahayak.db")); err != nil {
		t.Fatal(err)
	}
	r := b.post("/dashboard/settings/api-keys", url.Values{"csrf": {token}, "name": {"k"}})
	if r.Status != http.StatusServiceUnavailable {
		t.Errorf("POST /dashboard/settings/api-keys with the database file gone = %d; want 503: %.300s", r.Status, r.Body)
	}
	check("the 503 of a database gone", r.Status, r.Header)
}

// TestRepeatedQueryParameterIs400: a parameter a page reads, given twice,
// is refused with a 400 that names it, as the API refuses one
// (invalid_query), and so is one whose value cannot be decoded: the page
// read the first (?status=failed&status=succeeded listed failed
// deliveries alone) or dropped it without a word (?status=%zz listed
// every delivery). A script asking for JSON gets the message as JSON.
// Parameters a page does not read stay ignored, given twice or not.
func TestRepeatedQueryParameterIs400(t *testing.T) {
	e := startEnv(t, envOptions{})
	ep := createEndpoint(t, e, "http://127.0.0.1:9/hooks/ok")
	b := e.signedIn(t)
	refused := []struct{ path, name, says string }{
		{"/dashboard/deliveries?status=failed&status=succeeded", "status", "2 times"},
		{"/dashboard/deliveries?type=order.created&status=failed&type=order.created&type=x", "type", "3 times"},
		{"/dashboard/deliveries?endpoint=" + ep + "&endpoint=" + ep, "endpoint", "2 times"},
		{"/dashboard/deliveries?after=dl_1&before=dl_2&after=dl_3", "after", "2 times"},
		{"/dashboard/deliveries?stat%75s=failed&status=succeeded", "status", "2 times"},
		{"/dashboard/deliveries?status=%zz", "status", "could not be read"},
		{"/dashboard/deliveries?x=1;status=failed", "status", "could not be read"},
		{"/dashboard/orders?status=paid&status=cancelled", "status", "2 times"},
		{"/dashboard/orders?before=ord_1&before=ord_2", "before", "2 times"},
		{"/dashboard/monitoring?window=1h&window=7d", "window", "2 times"},
		{"/dashboard/monitoring?endpoint=" + ep + "&endpoint=we_other", "endpoint", "2 times"},
		{"/dashboard/settings/api-access?endpoints_after=" + ep + "&endpoints_after=" + ep, "endpoints_after", "2 times"},
		{"/dashboard/?notice=test_sent&notice=resent", "notice", "2 times"},
		{"/dashboard/endpoints/" + ep + "?notice=recovered&rest=2026-01-01T00:00:00Z&rest=x", "rest", "2 times"},
	}
	for _, c := range refused {
		r := b.get(c.path)
		if r.Status != http.StatusBadRequest || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") ||
			!strings.Contains(r.Body, "&#34;"+c.name+"&#34;") || !strings.Contains(r.Body, c.says) || !strings.Contains(r.Body, "Sign out") {
			t.Errorf("GET %s = %d %s; want the dashboard's 400 page naming %q (%s): %.2000s", c.path, r.Status, r.Header.Get("Content-Type"), c.name, c.says, r.Body)
		}
	}
	b.Header.Set("Accept", "application/json")
	r := b.get(refused[0].path)
	if r.Status != http.StatusBadRequest || r.Header.Get("Content-Type") != "application/json" ||
		!strings.Contains(r.Body, `"message":"The address gives the \"status\" parameter 2 times; this page reads one, so give it once."`) {
		t.Errorf("GET %s for a script = %d %s: %s", refused[0].path, r.Status, r.Header.Get("Content-Type"), r.Body)
	}
	b.Header.Del("Accept")

	// Signed out, a page still leads to sign-in, which returns to it.
	if r := e.browser(t).get(refused[0].path); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/dashboard/signin?next=") {
		t.Errorf("signed out: GET %s = %d to %q; want the redirect to sign-in", refused[0].path, r.Status, r.Location)
	}
	// The sign-in page reads next and notice.
	if r := e.browser(t).get("/dashboard/signin?next=/dashboard/orders&next=/dashboard/monitoring"); r.Status != http.StatusBadRequest ||
		!strings.Contains(r.Body, "&#34;next&#34;") {
		t.Errorf("GET /dashboard/signin with next twice = %d: %.1000s", r.Status, r.Body)
	}

	// What a page does not read it still ignores; a value given once,
	// and empty ones, read as before.
	for _, path := range []string{
		"/dashboard/deliveries?utm_source=a&utm_source=b&status=failed",
		"/dashboard/deliveries?status=&type=",
		"/dashboard/deliveries?x=%zz&status=failed",
		"/dashboard/orders?window=1h&window=2h",
		"/dashboard/monitoring?status=a&status=b&window=1h",
		"/dashboard/inspector?page=1&page=2",
		"/dashboard/deliveries/dl_0000000000000000000000000?status=a&status=b",
	} {
		want := http.StatusOK
		if strings.HasPrefix(path, "/dashboard/deliveries/") {
			want = http.StatusNotFound
		}
		if r := b.get(path); r.Status != want {
			t.Errorf("GET %s = %d; want %d: %.1000s", path, r.Status, want, r.Body)
		}
	}
}
