package dashboard

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"strings"
	"testing"
)

// nextSeeds are return paths a link or a form may carry: the open
// redirects and path escapes browsers make of them.
var nextSeeds = []string{
	"/dashboard/", "/dashboard/deliveries?status=failed", "/dashboard/x?notice=test_sent&n=1", "/dashboard/x?a=1&notice=x#top",
	"/dashboard/../inspect/T", "/dashboard/%2e%2e/inspect/T", "/dashboard/%2E%2e%2finspect", "/dashboard/.%2e/x", "/dashboard/%2F%2Fevil.example",
	"//evil.example/", "/\\evil.example", "/dashboard/\\..\\..\\inspect", "/dashboard/.\t./inspect", "/dashboard/.\n./inspect", "/dashboard/.\r./x",
	"/dashboard/x#/../../inspect/T", "/dashboard/x#top", "/dashboard/signin?next=//evil", "/dashboard//evil.example", "https://evil.example/dashboard/",
	"/dashboard/\x00", "/dashboard/\xff", "/dashboard/\xed\xa0\x80", "\ufeff/dashboard/", "/dashboard/\u3000", "/dashboard/%zz", "/dashboard/．．/x",
	"/dashboard/x?%zz", "/dashboard/x?notice", "/dashboard/x?;notice=1", " /dashboard/", "/dashboard", "", "/dashboard/x/..",
}

// FuzzSafeNext: whatever return path a sign-in carries, the redirect that
// follows stays on the dashboard: safeNext's result starts with
// /dashboard/, still names a dashboard page once a browser has read it
// (tabs and newlines dropped, backslashes as slashes, %2e as a dot, dot
// segments resolved) and once http.Redirect has cleaned it, and keeps no
// notice of an earlier change. It is also a fixed point: a return path
// carried through a second sign-in is kept as it is.
func FuzzSafeNext(f *testing.F) {
	for _, s := range nextSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if !strings.HasPrefix(got, "/dashboard/") {
			t.Fatalf("safeNext(%q) = %q", next, got)
		}
		if why := leavesDashboard(got); why != "" {
			t.Fatalf("safeNext(%q) = %q: %s", next, got, why)
		}
		if loc := redirectLocation(got); !strings.HasPrefix(loc, "/dashboard/") || leavesDashboard(loc) != "" {
			t.Fatalf("safeNext(%q) = %q redirects to %q", next, got, loc)
		}
		if u, err := url.Parse(got); err == nil && (u.Query().Has("notice") || u.Query().Has("n")) {
			t.Fatalf("safeNext(%q) = %q keeps a notice", next, got)
		}
		if again := safeNext(got); again != got {
			t.Fatalf("safeNext(%q) = %q, but safeNext(%q) = %q", next, got, got, again)
		}
	})
}

// FuzzReturnPage: a form posted without a session returns, after sign-in,
// to a dashboard page, whatever its Referer, Host and path say.
func FuzzReturnPage(f *testing.F) {
	for _, s := range nextSeeds {
		f.Add("http://dash.example"+s, "dash.example", "/dashboard/endpoints/we_1/delete")
	}
	f.Add("http://DASH.example/dashboard/endpoints/we_1?notice=saved", "dash.example", "/dashboard/endpoints/we_1/status")
	f.Add("http://evil.example/dashboard/x", "dash.example", "/dashboard/settings/api-keys/key_1/revoke")
	f.Add("javascript://dash.example/dashboard/%0aalert(1)", "dash.example", "/dashboard/inspector/insp_1/delete")
	f.Add("http://dash.example/dashboard/inspector/../../inspect/T", "dash.example", "/dashboard/live")
	f.Add("//dash.example/dashboard/x", "", "/dashboard/../x")
	f.Fuzz(func(t *testing.T, referer, host, actionPath string) {
		r := httptest.NewRequest(http.MethodPost, "/dashboard/signout", nil)
		r.Host = host
		r.URL.Path = actionPath
		r.Header.Set("Referer", referer)
		got := returnPage(r)
		if !strings.HasPrefix(got, "/dashboard/") {
			t.Fatalf("returnPage(Referer %q, Host %q, path %q) = %q", referer, host, actionPath, got)
		}
		if why := leavesDashboard(got); why != "" {
			t.Fatalf("returnPage(Referer %q, Host %q, path %q) = %q: %s", referer, host, actionPath, got, why)
		}
	})
}

// dashboardBase is where a sign-in form is, against which a browser
// resolves the return path.
var dashboardBase, _ = url.Parse("https://dash.example/dashboard/signin")

// leavesDashboard says why a browser at the sign-in page sent to loc would
// leave the dashboard ("" when it would not): another site or scheme, or
// a path that, read as browsers read it, is not under /dashboard/.
func leavesDashboard(loc string) string {
	// What the WHATWG URL parser does first: strip leading and trailing
	// C0 controls and spaces, remove every tab and newline, and read a
	// backslash as a slash (in http and https URLs).
	s := strings.TrimFunc(loc, func(r rune) bool { return r <= ' ' })
	s = strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(s)
	ref, err := url.Parse(s)
	if err != nil {
		return "not a URL: " + err.Error()
	}
	u := dashboardBase.ResolveReference(ref)
	if u.Scheme != dashboardBase.Scheme || u.Host != dashboardBase.Host || u.User != nil {
		return "leaves the site for " + u.Redacted()
	}
	// Browsers read %2e as a dot in a path segment.
	p := strings.NewReplacer("%2e", ".", "%2E", ".").Replace(u.EscapedPath())
	if unescaped, err := url.PathUnescape(p); err == nil && strings.Contains("/"+unescaped+"/", "/../") {
		return "has a .. segment once decoded"
	}
	if c := path.Clean("/" + p); c != "/dashboard" && !strings.HasPrefix(c, "/dashboard/") {
		return "resolves to " + c
	}
	return ""
}

// redirectLocation is the Location http.Redirect writes for loc, which
// cleans a relative path.
func redirectLocation(loc string) string {
	w := httptest.NewRecorder()
	http.Redirect(w, httptest.NewRequest(http.MethodPost, "/dashboard/signin", nil), loc, http.StatusSeeOther)
	return w.Header().Get("Location")
}
