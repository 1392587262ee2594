package dashboard_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestSignInRefusesPostsFromAnotherOriginOfTheSameSite plays the login
// CSRF of an attacker who can plant the sign-in cookie (a sibling
// subdomain, or a network attacker answering http:// for a dashboard
// served over HTTPS) and so knows a cookie and token that match: such an
// attacker's form posts from another origin of the same site. The
// double-submit token cannot tell that apart (the pair is valid), so the
// origin check must: an Origin of the same host but http:// for a request
// that came over HTTPS, and Sec-Fetch-Site: same-site, are another
// origin. The dashboard's own form (same-origin, https Origin behind the
// HTTPS proxy) still signs in.
func TestSignInRefusesPostsFromAnotherOriginOfTheSameSite(t *testing.T) {
	e := startEnv(t, envOptions{})
	host := strings.TrimPrefix(e.URL, "http://")
	for _, c := range []struct {
		name   string
		header http.Header
		want   int
	}{
		{"http page posting to the HTTPS dashboard", http.Header{"X-Forwarded-Proto": {"https"}, "Origin": {"http://" + host}}, http.StatusForbidden},
		{"a sibling of the same site", http.Header{"Sec-Fetch-Site": {"same-site"}}, http.StatusForbidden},
		{"a sibling of the same site, with this Origin", http.Header{"Sec-Fetch-Site": {"same-site"}, "Origin": {"http://" + host}}, http.StatusForbidden},
		{"the dashboard's own form behind an HTTPS proxy", http.Header{"X-Forwarded-Proto": {"https"}, "Origin": {"https://" + host}, "Sec-Fetch-Site": {"same-origin"}}, http.StatusSeeOther},
		{"the dashboard's own form over plain HTTP", http.Header{"Origin": {"http://" + host}, "Sec-Fetch-Site": {"same-origin"}}, http.StatusSeeOther},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := e.browser(t)
			token := b.csrf("/dashboard/signin") // the planted pair: a valid cookie and its token
			b.Header = c.header
			r := b.post("/dashboard/signin", url.Values{"csrf": {token}, "email": {e.Email}, "password": {e.Password}})
			if r.Status != c.want {
				t.Fatalf("sign-in = %d, want %d (Location %q)", r.Status, c.want, r.Location)
			}
			if c.want == http.StatusForbidden {
				mustContain(t, r.Body, "sign-in form expired")
				for _, ck := range r.Cookies {
					if ck.Name == "esahayak_session" && ck.Value != "" {
						t.Fatal("a session cookie was set")
					}
				}
			}
		})
	}
}

// TestActionsRefusePostsFromAnotherOriginOfTheSameSite: the signed-in
// forms share the check.
func TestActionsRefusePostsFromAnotherOriginOfTheSameSite(t *testing.T) {
	e := startEnv(t, envOptions{})
	host := strings.TrimPrefix(e.URL, "http://")
	b := e.signedIn(t)
	token := b.csrf("/dashboard/settings/api-access")
	b.Header = http.Header{"X-Forwarded-Proto": {"https"}, "Origin": {"http://" + host}}
	if r := b.post("/dashboard/signout", url.Values{"csrf": {token}}); r.Status != http.StatusForbidden {
		t.Fatalf("sign-out from an http page of an HTTPS dashboard = %d, want 403", r.Status)
	}
	b.Header = http.Header{"Sec-Fetch-Site": {"same-site"}}
	if r := b.post("/dashboard/signout", url.Values{"csrf": {token}}); r.Status != http.StatusForbidden {
		t.Fatalf("sign-out from a same-site page = %d, want 403", r.Status)
	}
	b.Header = http.Header{"Origin": {"http://" + host}, "Sec-Fetch-Site": {"same-origin"}}
	if r := b.post("/dashboard/signout", url.Values{"csrf": {token}}); r.Status != http.StatusSeeOther {
		t.Fatalf("sign-out from the dashboard's own page = %d, want 303", r.Status)
	}
}
