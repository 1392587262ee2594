package dashboard_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/dashboard"
	"github.com/esahayak/esahayak/internal/delivery"
	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// Plain HTTP tests: what the dashboard promises about sign-in, sessions,
// CSRF and accounts, without a browser.

func TestSignInOnEachStore(t *testing.T) {
	for name, open := range testenv.Stores() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := startEnv(t, envOptions{Store: open(t)})
			b := e.browser(t)

			// Signed out, pages redirect to the sign-in page, which comes back.
			r := b.get("/")
			if r.Status != http.StatusSeeOther || r.Location != "/dashboard/" {
				t.Fatalf("GET / = %d %q", r.Status, r.Location)
			}
			r = b.get("/dashboard/deliveries?status=failed")
			if r.Status != http.StatusSeeOther || r.Location != "/dashboard/signin?next="+url.QueryEscape("/dashboard/deliveries?status=failed") {
				t.Fatalf("signed-out page = %d %q", r.Status, r.Location)
			}
			r = b.get(r.Location)
			mustContain(t, r.Body, `<h1 id="signin-title">Sign in</h1>`, `name="next" value="/dashboard/deliveries?status=failed"`)

			// A wrong password says so, and signs nobody in.
			r = b.signIn(e.Email, "wrong password!")
			if r.Status != http.StatusUnauthorized {
				t.Fatalf("wrong password = %d", r.Status)
			}
			mustContain(t, r.Body, "Incorrect email or password.")
			if _, ok := b.cookies["esahayak_session"]; ok {
				t.Fatal("a wrong password set a session cookie")
			}
			// An unknown email says exactly the same.
			r = b.signIn("nobody@example.com", e.Password)
			if r.Status != http.StatusUnauthorized || !strings.Contains(r.Body, "Incorrect email or password.") {
				t.Fatalf("unknown email = %d", r.Status)
			}

			// The right password (email in any case) signs in, back to next.
			token := b.csrf("/dashboard/signin")
			r = b.post("/dashboard/signin", url.Values{"csrf": {token}, "email": {"DEV@example.com"}, "password": {e.Password},
				"next": {"/dashboard/deliveries?status=failed"}})
			if r.Status != http.StatusSeeOther || r.Location != "/dashboard/deliveries?status=failed" {
				t.Fatalf("sign in = %d %q %.300s", r.Status, r.Location, r.Body)
			}
			var sc *http.Cookie
			for _, c := range r.Cookies {
				if c.Name == "esahayak_session" {
					sc = c
				}
			}
			// Path=/dashboard: the browser keeps it from /inspect/, whose
			// captures another account may read.
			if sc == nil || !sc.HttpOnly || sc.SameSite != http.SameSiteLaxMode || !sc.Secure || sc.Path != "/dashboard" || len(sc.Value) < 40 {
				t.Fatalf("session cookie = %+v (want HttpOnly, SameSite=Lax, Secure on loopback, Path=/dashboard)", sc)
			}
			r = b.get("/dashboard/")
			if r.Status != http.StatusOK {
				t.Fatalf("overview = %d", r.Status)
			}
			mustContain(t, r.Body, "dev@example.com", "Overview", "Sign out")
			for _, h := range []string{"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"} {
				if r.Header.Get(h) == "" {
					t.Errorf("missing %s", h)
				}
			}
			if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
				t.Errorf("Cache-Control = %q", cc)
			}
		})
	}
}

func TestNextCannotLeaveTheDashboard(t *testing.T) {
	e := startEnv(t, envOptions{})
	for _, next := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example", "/v1/orders", "/dashboard/signin",
		// Up and out of the dashboard once cleaned: to a capture URL.
		"/dashboard/../inspect/" + strings.Repeat("x", 43), "/dashboard/%2e%2e/inspect/x", "/dashboard/%2E%2E%2Finspect/x", "/dashboard/./settings"} {
		b := e.browser(t)
		token := b.csrf("/dashboard/signin")
		r := b.post("/dashboard/signin", url.Values{"csrf": {token}, "email": {e.Email}, "password": {e.Password}, "next": {next}})
		if r.Status != http.StatusSeeOther || r.Location != "/dashboard/" {
			t.Errorf("next=%q: redirected to %q", next, r.Location)
		}
	}
}

func TestCookiesAreNotSecureOnPlainHTTPToOtherHosts(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.browser(t)
	// The same server reached by a non-loopback name over plain HTTP (a LAN
	// address in development): Secure would make the browser drop it.
	req, _ := http.NewRequest("GET", e.URL+"/dashboard/signin", nil)
	req.Host = "dashboard.lan:8080"
	resp, err := b.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Secure {
			t.Fatalf("cookie %s is Secure on plain HTTP to a non-loopback host", c.Name)
		}
	}
	// Behind a TLS-terminating proxy it is Secure again.
	req.Header.Set("X-Forwarded-Proto", "https")
	resp, err = b.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if !c.Secure {
			t.Fatalf("cookie %s is not Secure behind an HTTPS proxy", c.Name)
		}
	}
}

func TestSignInFormNeedsItsToken(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.browser(t)
	// No sign-in cookie (a cross-site form): refused, even with the right password.
	r := b.post("/dashboard/signin", url.Values{"csrf": {"made-up"}, "email": {e.Email}, "password": {e.Password}})
	if r.Status != http.StatusForbidden || !strings.Contains(r.Body, "sign-in form expired") {
		t.Fatalf("sign-in without the form's token = %d", r.Status)
	}
	b.get("/dashboard/signin")
	r = b.post("/dashboard/signin", url.Values{"csrf": {"not-the-cookie"}, "email": {e.Email}, "password": {e.Password}})
	if r.Status != http.StatusForbidden {
		t.Fatalf("sign-in with a wrong token = %d", r.Status)
	}
	// A second tab's sign-in page (or a failed attempt in it) leaves the
	// first tab's form valid.
	first := b.csrf("/dashboard/signin")
	b.get("/dashboard/signin?next=/dashboard/deliveries")
	b.post("/dashboard/signin", url.Values{"csrf": {b.csrf("/dashboard/signin")}, "email": {e.Email}, "password": {"wrong password!"}})
	r = b.post("/dashboard/signin", url.Values{"csrf": {first}, "email": {e.Email}, "password": {e.Password}})
	if r.Status != http.StatusSeeOther || strings.Contains(r.Body, "form expired") {
		t.Fatalf("sign-in from the first tab after a second one opened = %d, want 303 (signed in)", r.Status)
	}
	if got := b.get("/dashboard/"); got.Status != http.StatusOK {
		t.Fatalf("signed in from the first tab, the dashboard answers %d", got.Status)
	}
}

func TestEveryPostNeedsTheSessionCSRFToken(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	ep := createEndpoint(t, e, "http://127.0.0.1:9/hook")
	posts := []struct {
		path string
		form url.Values
	}{
		{"/dashboard/settings/webhooks", url.Values{"url": {"https://example.com/hook"}}},
		{"/dashboard/settings/api-keys", url.Values{"name": {"x"}}},
		{"/dashboard/endpoints/" + ep + "/rotate", nil},
		{"/dashboard/endpoints/" + ep + "/secret", nil},
		{"/dashboard/endpoints/" + ep + "/status", url.Values{"status": {"disabled"}}},
		{"/dashboard/endpoints/" + ep + "/delete", nil},
		{"/dashboard/endpoints/" + ep + "/test", url.Values{"type": {"stamp.uploaded"}}},
		{"/dashboard/inspector", nil},
		{"/dashboard/signout", nil},
	}
	for _, p := range posts {
		for _, token := range []string{"", "wrong-token"} {
			form := url.Values{}
			for k, v := range p.form {
				form[k] = v
			}
			if token != "" {
				form.Set("csrf", token)
			}
			r := b.post(p.path, form)
			if r.Status != http.StatusForbidden || !strings.Contains(r.Body, "did not come from this dashboard") {
				t.Errorf("POST %s with csrf=%q = %d, want 403", p.path, token, r.Status)
			}
		}
	}
	// Nothing happened.
	eps, _, _ := e.Store.ListEndpoints(context.Background(), store.ListParams{AccountID: e.AccountID, Limit: 10})
	if len(eps) != 1 || eps[0].Status != store.EndpointEnabled {
		t.Fatalf("a refused post changed endpoints: %+v", eps)
	}
	if keys, _ := e.Store.ListAPIKeys(context.Background(), e.AccountID); len(keys) != 1 {
		t.Fatalf("a refused post created a key: %d keys", len(keys))
	}
	if r := b.get("/dashboard/"); r.Status != http.StatusOK {
		t.Fatalf("a refused sign-out signed out: %d", r.Status)
	}

	// The right token from another site is refused too (Origin check).
	token := b.csrf("/dashboard/settings/api-access")
	b.Header.Set("Origin", "https://evil.example")
	if r := b.post("/dashboard/settings/api-keys", url.Values{"csrf": {token}}); r.Status != http.StatusForbidden {
		t.Fatalf("cross-origin post with a valid token = %d", r.Status)
	}
	b.Header.Set("Origin", e.URL)
	if r := b.post("/dashboard/settings/api-keys", url.Values{"csrf": {token}, "name": {"ci"}}); r.Status != http.StatusOK || !strings.Contains(r.Body, "esk_") {
		t.Fatalf("same-origin post = %d", r.Status)
	}
}

func TestSessionExpiryAndSignOut(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	old := b.cookies["esahayak_session"].Value

	// Used within 12 hours, the session slides on.
	for i := 0; i < 3; i++ {
		e.clock.Advance(11 * time.Hour)
		if r := b.get("/dashboard/"); r.Status != http.StatusOK {
			t.Fatalf("after %dh of regular use: %d", 11*(i+1), r.Status)
		}
	}
	// An open tab's own work (its live stream, its catch-up fetches) is
	// not use: idle for more than 12 hours, it is over.
	e.clock.Advance(11 * time.Hour)
	b.Header.Set("X-Esahayak-Refresh", "1")
	if r := b.get("/dashboard/"); r.Status != http.StatusOK {
		t.Fatalf("a refresh fetch within the idle time: %d", r.Status)
	}
	b.Header.Del("X-Esahayak-Refresh")
	if r := b.get("/dashboard/inspector/insp_none/live"); r.Status == http.StatusSeeOther {
		t.Fatalf("a live stream within the idle time: %d", r.Status)
	}
	e.clock.Advance(1*time.Hour + time.Second)
	if r := b.get("/dashboard/orders"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/dashboard/signin") {
		t.Fatalf("after 12h idle: %d %q", r.Status, r.Location)
	}

	// Seven days after sign-in it ends however much it is used.
	b = e.signedIn(t)
	for used := time.Duration(0); used < 7*24*time.Hour-11*time.Hour; used += 10 * time.Hour {
		e.clock.Advance(10 * time.Hour)
		if r := b.get("/dashboard/"); r.Status != http.StatusOK {
			t.Fatalf("after %v of use: %d", used, r.Status)
		}
	}
	e.clock.Advance(11 * time.Hour)
	if r := b.get("/dashboard/"); r.Status != http.StatusSeeOther {
		t.Fatalf("after 7 days: %d", r.Status)
	}

	// Sign-out ends the session on the server: the old cookie is useless.
	b = e.signedIn(t)
	cookie := b.cookies["esahayak_session"].Value
	if cookie == old {
		t.Fatal("a new sign-in reused the session token")
	}
	r := b.postForm("/dashboard/", "/dashboard/signout", nil)
	if r.Status != http.StatusSeeOther || r.Location != "/dashboard/signin?notice=signed_out" {
		t.Fatalf("sign out = %d %q", r.Status, r.Location)
	}
	if _, ok := b.cookies["esahayak_session"]; ok {
		t.Fatal("sign-out left the cookie")
	}
	b.cookies["esahayak_session"] = &http.Cookie{Name: "esahayak_session", Value: cookie}
	if r := b.get("/dashboard/"); r.Status != http.StatusSeeOther {
		t.Fatalf("replayed cookie after sign-out: %d", r.Status)
	}
	mustContain(t, b.get("/dashboard/signin?notice=signed_out").Body, "You have signed out.")
}

func TestSignInRateLimit(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.browser(t)
	for i := 0; i < 5; i++ {
		if r := b.signIn(e.Email, "not the password"); r.Status != http.StatusUnauthorized {
			t.Fatalf("failure %d = %d", i+1, r.Status)
		}
	}
	// The sixth attempt is refused, even with the right password.
	r := b.signIn(e.Email, e.Password)
	if r.Status != http.StatusTooManyRequests {
		t.Fatalf("after 5 failures: %d", r.Status)
	}
	mustContain(t, r.Body, "Too many failed sign-in attempts. Try again in 15 minutes.")
	// A client that reads headers learns the wait too, in seconds.
	if ra, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || ra < 14*60 || ra > 15*60 {
		t.Errorf("Retry-After %q; want the seconds until the limit lifts (about 900)", r.Header.Get("Retry-After"))
	}
	// Another email from the same address is not blocked by this one.
	other := "ops@example.com"
	if _, err := createUser(e, other); err != nil {
		t.Fatal(err)
	}
	if r := b.signIn(other, e.Password); r.Status != http.StatusSeeOther {
		t.Fatalf("another email: %d", r.Status)
	}
	// The window slides: 15 minutes after the first failure it opens.
	e.clock.Advance(15*time.Minute + time.Second)
	b = e.browser(t)
	if r := b.signIn(e.Email, e.Password); r.Status != http.StatusSeeOther {
		t.Fatalf("after the window: %d %.300s", r.Status, r.Body)
	}
}

// TestSignInAgainEndsThePreviousSession: signing in from a browser that
// already has a session (the same user again, or someone else at the same
// computer) ends that session on the server; its cookie no longer works.
func TestSignInAgainEndsThePreviousSession(t *testing.T) {
	e := startEnv(t, envOptions{})
	// A sign-in form left open in another tab, posted after this browser
	// has signed in.
	b := e.browser(t)
	token := b.csrf("/dashboard/signin")
	signin := b.cookies["esahayak_signin"]
	if r := b.signIn(e.Email, e.Password); r.Status != http.StatusSeeOther {
		t.Fatalf("first sign-in: %d", r.Status)
	}
	first := b.cookies["esahayak_session"].Value
	b.cookies["esahayak_signin"] = signin
	if r := b.post("/dashboard/signin", url.Values{"csrf": {token}, "email": {e.Email}, "password": {e.Password}}); r.Status != http.StatusSeeOther {
		t.Fatalf("second sign-in: %d %.300s", r.Status, r.Body)
	}
	if b.cookies["esahayak_session"].Value == first {
		t.Fatal("the second sign-in kept the first session's token")
	}
	replay := e.browser(t)
	replay.cookies["esahayak_session"] = &http.Cookie{Name: "esahayak_session", Value: first}
	if r := replay.get("/dashboard/"); r.Status != http.StatusSeeOther {
		t.Fatalf("the first session's cookie after signing in again: %d; want 303 to sign-in", r.Status)
	}
}

// TestSignInRateLimitHoldsAgainstBursts: 30 wrong passwords sent at once
// get no more than the limit's 5 password checks (401); the rest are
// refused (429), and so is the right password after them.
func TestSignInRateLimitHoldsAgainstBursts(t *testing.T) {
	e := startEnv(t, envOptions{})
	const n = 30
	browsers := make([]*browser, n)
	for i := range browsers {
		browsers[i] = e.browser(t)
	}
	statuses := make(chan int, n)
	var wg sync.WaitGroup
	for _, b := range browsers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses <- b.signIn(e.Email, "not the password").Status
		}()
	}
	wg.Wait()
	close(statuses)
	counts := map[int]int{}
	for st := range statuses {
		counts[st]++
	}
	if counts[http.StatusUnauthorized] > 5 || counts[http.StatusUnauthorized]+counts[http.StatusTooManyRequests] != n {
		t.Fatalf("answers to %d simultaneous wrong passwords: %v; want at most 5 × 401, the rest 429", n, counts)
	}
	if r := e.browser(t).signIn(e.Email, e.Password); r.Status != http.StatusTooManyRequests {
		t.Fatalf("the right password after the burst: %d; want 429", r.Status)
	}
}

func TestForeignAccountsGet404(t *testing.T) {
	e := startEnv(t, envOptions{})
	ctx := context.Background()
	// Another account with an endpoint, a delivery and an order.
	otherAcct, otherKey := e.NewAccount(t)
	st, body := e.Do(t, "POST", "/v1/webhook_endpoints", otherKey, map[string]any{"url": "http://127.0.0.1:9/other"})
	if st != 201 {
		t.Fatalf("create: %d %s", st, body)
	}
	ep := testenv.JSON(t, body)["id"].(string)
	st, body = e.Do(t, "POST", "/v1/webhook_endpoints/"+ep+"/test", otherKey, nil)
	if st != 202 {
		t.Fatalf("test: %d %s", st, body)
	}
	dlv := testenv.JSON(t, body)["delivery"].(map[string]any)["id"].(string)
	st, body = e.Do(t, "POST", "/v1/orders", otherKey, `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}}`)
	if st != 201 {
		t.Fatalf("order: %d %s", st, body)
	}
	ord := testenv.JSON(t, body)["id"].(string)
	keys, _ := e.Store.ListAPIKeys(ctx, otherAcct)

	b := e.signedIn(t)
	for _, path := range []string{"/dashboard/endpoints/" + ep, "/dashboard/deliveries/" + dlv, "/dashboard/orders/" + ord,
		"/dashboard/deliveries?endpoint=" + ep, "/dashboard/monitoring?endpoint=" + ep,
		"/dashboard/no-such-page"} {
		r := b.get(path)
		if r.Status != http.StatusNotFound || !strings.Contains(r.Body, "belongs to another account") {
			t.Errorf("GET %s = %d, want the 404 page", path, r.Status)
		}
	}
	// An id of no account's (not of an id's shape) is a 404 that says so
	// (TestAMalformedIDInAnAddressIsNamed).
	if r := b.get("/dashboard/endpoints/we_nonsense"); r.Status != http.StatusNotFound || !strings.Contains(r.Body, "not an id of one") {
		t.Errorf("GET /dashboard/endpoints/we_nonsense = %d, want a 404 saying it is not an endpoint id", r.Status)
	}
	for _, path := range []string{"/dashboard/endpoints/" + ep + "/rotate", "/dashboard/endpoints/" + ep + "/secret",
		"/dashboard/endpoints/" + ep + "/delete", "/dashboard/endpoints/" + ep + "/test", "/dashboard/deliveries/" + dlv + "/resend",
		"/dashboard/settings/api-keys/" + keys[0].ID + "/revoke"} {
		if r := b.postForm("/dashboard/", path, nil); r.Status != http.StatusNotFound {
			t.Errorf("POST %s = %d, want 404", path, r.Status)
		}
	}
	// Nothing of theirs changed.
	got, err := e.Store.GetEndpoint(ctx, otherAcct, ep)
	if err != nil || got.Status != store.EndpointEnabled {
		t.Fatalf("their endpoint: %+v %v", got, err)
	}
	if ks, _ := e.Store.ListAPIKeys(ctx, otherAcct); ks[0].RevokedAt != nil {
		t.Fatal("their key was revoked")
	}
	// Their inspector is not ours either.
	ob := otherBrowser(t, e, otherAcct)
	r := ob.postForm("/dashboard/inspector", "/dashboard/inspector", nil)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("create inspector: %d", r.Status)
	}
	if r := b.get(r.Location); r.Status != http.StatusNotFound {
		t.Fatalf("their inspector = %d", r.Status)
	}
}

func otherBrowser(t *testing.T, e *env, account string) *browser {
	t.Helper()
	email := "other-" + strings.ToLower(ids.New("")[:8]) + "@example.com"
	if _, err := createUserIn(e, account, email); err != nil {
		t.Fatal(err)
	}
	b := e.browser(t)
	if r := b.signIn(email, e.Password); r.Status != http.StatusSeeOther {
		t.Fatalf("sign in: %d", r.Status)
	}
	return b
}

// The guide's flow as a form post: a URL and Save Webhook create an
// endpoint for every event type; the API's rules and messages apply.
func TestSaveWebhook(t *testing.T) {
	t.Run("insecure allowed", func(t *testing.T) {
		e := startEnv(t, envOptions{})
		b := e.signedIn(t)
		r := b.postForm("/dashboard/settings/api-access", "/dashboard/settings/webhooks", url.Values{"url": {"http://127.0.0.1:9/webhooks/esahayak"}})
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/dashboard/settings/api-access?") {
			t.Fatalf("save = %d %q %.500s", r.Status, r.Location, r.Body)
		}
		eps, _, _ := e.Store.ListEndpoints(context.Background(), store.ListParams{AccountID: e.AccountID, Limit: 10})
		if len(eps) != 1 || eps[0].URL != "http://127.0.0.1:9/webhooks/esahayak" || strings.Join(eps[0].Events, ",") != strings.Join(order.EventTypes, ",") {
			t.Fatalf("endpoints = %+v", eps)
		}
		page := b.get(r.Location)
		mustContain(t, page.Body, "Webhook saved.", eps[0].ID, `class="highlight"`)
		// The same URL again is refused rather than doubled, in any case
		// of its scheme and host.
		for _, u := range []string{"http://127.0.0.1:9/webhooks/esahayak", "HTTP://127.0.0.1:9/webhooks/esahayak"} {
			r = b.postForm("/dashboard/settings/api-access", "/dashboard/settings/webhooks", url.Values{"url": {u}})
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "already configured") {
				t.Fatalf("duplicate %s = %d", u, r.Status)
			}
		}
		// Checkboxes shown and none ticked: the API's message.
		r = b.postForm("/dashboard/settings/api-access", "/dashboard/settings/webhooks", url.Values{"url": {"http://127.0.0.1:9/two"}, "events_shown": {"1"}})
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("no events = %d", r.Status)
		}
		mustContain(t, r.Body, "Choose at least one event type.")
		// Some ticked: only those.
		r = b.postForm("/dashboard/settings/api-access", "/dashboard/settings/webhooks", url.Values{"url": {"http://127.0.0.1:9/two"},
			"events_shown": {"1"}, "events": {"order.cancelled", "stamp.failed"}, "description": {"billing"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("two events = %d %.300s", r.Status, r.Body)
		}
		eps, _, _ = e.Store.ListEndpoints(context.Background(), store.ListParams{AccountID: e.AccountID, Limit: 10})
		if eps[0].Description != "billing" || strings.Join(eps[0].Events, ",") != "stamp.failed,order.cancelled" {
			t.Fatalf("second endpoint = %+v", eps[0])
		}
		// Nor can an endpoint's settings give it another endpoint's URL.
		page2 := "/dashboard/endpoints/" + eps[0].ID
		r = b.postForm(page2, page2, url.Values{"url": {"http://127.0.0.1:9/webhooks/esahayak"}, "events_shown": {"1"}, "events": {"stamp.failed"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "already configured") {
			t.Fatalf("settings to another endpoint's URL = %d %.300s", r.Status, r.Body)
		}
	})
	t.Run("https only", func(t *testing.T) {
		e := startEnv(t, envOptions{Options: testenv.Options{Secure: true}})
		b := e.signedIn(t)
		r := b.postForm("/dashboard/settings/api-access", "/dashboard/settings/webhooks", url.Values{"url": {"http://example.com/webhooks/esahayak"}})
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("http URL = %d", r.Status)
		}
		// The API's message, as a sentence about the page's field (without
		// the backticks of its commands), under the URL field, with the URL
		// kept.
		err := api.ValidateEndpointURL("http://example.com/webhooks/esahayak", false)
		mustContain(t, r.Body, `<p class="field-error" id="url-error" role="alert">`, htmlEscape("The URL "+strings.ReplaceAll(strings.TrimPrefix(err.(*api.Error).Message, "url "), "`", "")+"."),
			`value="http://example.com/webhooks/esahayak"`)
		r = b.postForm("/dashboard/settings/api-access", "/dashboard/settings/webhooks", url.Values{"url": {"not a url"}})
		mustContain(t, r.Body, "The URL must be an absolute URL such as https://your-domain.com/webhooks/esahayak.")
		if r := b.postForm("/dashboard/settings/api-access", "/dashboard/settings/webhooks", url.Values{"url": {"https://example.com/webhooks/esahayak"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("https URL = %d", r.Status)
		}
	})
}

// TestOverviewAndMonitoringCountEveryEndpoint: with more endpoints than
// the overview's table lists, the account's figures still count them all,
// the table says so, and Monitoring lists every one.
func TestOverviewAndMonitoringCountEveryEndpoint(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	rc := newReceiver(t)
	first := ""
	for i := range 25 {
		u := fmt.Sprintf("http://127.0.0.1:9/hooks/%d", i)
		if i == 0 {
			u = rc.URL + "/oldest"
		}
		st, body := e.Do(t, "POST", "/v1/webhook_endpoints", e.APIKey, map[string]any{"url": u})
		if st != 201 {
			t.Fatalf("create endpoint: %d %s", st, body)
		}
		if i == 0 {
			first = testenv.JSON(t, body)["id"].(string)
		}
	}
	for range 2 {
		if st, body := e.Do(t, "POST", "/v1/webhook_endpoints/"+first+"/test", e.APIKey, map[string]string{"type": "stamp.uploaded"}); st != 202 {
			t.Fatalf("test event: %d %s", st, body)
		}
	}
	testenv.Eventually(t, 10*time.Second, "both test events recorded", func() bool {
		_, body := e.Do(t, "GET", "/v1/webhook_endpoints/"+first+"/stats?window=24h", e.APIKey, nil)
		return testenv.JSON(t, body)["attempts"] == float64(2)
	})
	mustContain(t, b.get("/dashboard/").Body, "2 of 2 attempts", "5 more are counted in the figures above")
	p := b.get("/dashboard/monitoring").Body
	if n := strings.Count(p, `<td data-label="Endpoint" class="url" dir="ltr">`); n != 25 {
		t.Fatalf("Monitoring lists %d endpoints, want all 25", n)
	}
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "+", "&#43;").Replace(s)
}

func TestAPIKeys(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	r := b.postForm("/dashboard/settings/api-access", "/dashboard/settings/api-keys", url.Values{"name": {"ci server"}})
	if r.Status != http.StatusOK {
		t.Fatalf("create key = %d", r.Status)
	}
	i := strings.Index(r.Body, `id="new-key">`)
	if i < 0 {
		t.Fatal("new key not shown")
	}
	key := r.Body[i+len(`id="new-key">`):]
	key = key[:strings.Index(key, "<")]
	// It works with the API, and shows its last use.
	if st, body := e.Do(t, "GET", "/v1/orders", key, nil); st != 200 {
		t.Fatalf("new key: %d %s", st, body)
	}
	page := b.get("/dashboard/settings/api-access").Body
	mustContain(t, page, "ci server", key[:12]+"…")
	if strings.Contains(page, key) {
		t.Fatal("the whole key is shown again")
	}
	keys, _ := e.Store.ListAPIKeys(context.Background(), e.AccountID)
	var id string
	for _, k := range keys {
		if k.Name == "ci server" {
			id = k.ID
		}
	}
	testenv.Eventually(t, 5*time.Second, "last use recorded", func() bool {
		ks, _ := e.Store.ListAPIKeys(context.Background(), e.AccountID)
		for _, k := range ks {
			if k.ID == id {
				return k.LastUsedAt != nil
			}
		}
		return false
	})
	r = b.postForm("/dashboard/settings/api-access", "/dashboard/settings/api-keys/"+id+"/revoke", url.Values{"confirmed": {"1"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("revoke = %d", r.Status)
	}
	mustContain(t, b.get(r.Location).Body, "API key revoked.", "revoked")
	if st, _ := e.Do(t, "GET", "/v1/orders", key, nil); st != 401 {
		t.Fatalf("revoked key: %d", st)
	}
}

func TestEndpointActions(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	b := e.signedIn(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	page := "/dashboard/endpoints/" + ep

	// Send test event (as the script does, and as a plain form).
	b.Header.Set("Accept", "application/json")
	r := b.postForm(page, page+"/test", url.Values{"type": {"order.delivered"}})
	b.Header.Del("Accept")
	var res struct {
		OK         bool
		Message    string
		DeliveryID string `json:"delivery_id"`
	}
	if err := json.Unmarshal([]byte(r.Body), &res); err != nil || r.Status != 202 || !res.OK || !strings.HasPrefix(res.DeliveryID, "dlv_") {
		t.Fatalf("async test event = %d %s", r.Status, r.Body)
	}
	testenv.Eventually(t, 5*time.Second, "test delivery succeeded", func() bool {
		d, _ := e.Store.GetDelivery(context.Background(), e.AccountID, res.DeliveryID)
		return d.Status == store.DeliverySucceeded
	})
	r = b.postForm(page, page+"/test", url.Values{"type": {"stamp.failed"}})
	if r.Status != http.StatusSeeOther || !strings.Contains(r.Location, "notice=test_sent") {
		t.Fatalf("form test event = %d %q", r.Status, r.Location)
	}
	// An unknown type gets the API's message.
	r = b.postForm(page, page+"/test", url.Values{"type": {"stamp.lost"}})
	if r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("unknown type = %d", r.Status)
	}
	mustContain(t, r.Body, `unknown event type &#34;stamp.lost&#34;`)

	// Delivery detail shows the attempt in full.
	d := b.get("/dashboard/deliveries/" + res.DeliveryID).Body
	mustContain(t, d, "Attempt 1", "webhook-signature", "X-eSahayak-Event", "order.delivered", "200 OK", `{&#34;received&#34;: true}`, `&#34;test&#34;: true`, ">Resend</button>")
	// The body as sent and signed, byte for byte (and formatted beside it).
	dl, _ := e.Store.GetDelivery(context.Background(), e.AccountID, res.DeliveryID)
	ev, _ := e.Store.GetEvent(context.Background(), e.AccountID, dl.EventID)
	mustContain(t, d, `<pre class="code">`+htmlEscape(string(ev.Payload))+`</pre>`)

	// Reveal and rotate.
	before, _ := e.Store.GetEndpoint(context.Background(), e.AccountID, ep)
	mustContain(t, b.postForm(page, page+"/secret", nil).Body, htmlEscape(before.Secret))
	r = b.postForm(page, page+"/rotate", url.Values{"confirmed": {"1"}})
	after, _ := e.Store.GetEndpoint(context.Background(), e.AccountID, ep)
	if after.Secret == before.Secret || after.PreviousSecret != before.Secret {
		t.Fatalf("rotation did not happen: %+v", after)
	}
	mustContain(t, r.Body, "Secret rotated.", htmlEscape(after.Secret), htmlEscape(before.Secret))
	// Its expiry reads like every other time on the pages, not as the API's
	// RFC 3339 string.
	until := after.PreviousSecretExpiresAt.UTC().Format("2006-01-02 15:04:05") + " UTC"
	mustContain(t, r.Body, "signed with both the new and the previous secret until "+until, "Previous secret, still signing until "+until)
	r = b.postForm(page, page+"/rotate", url.Values{"confirmed": {"1"}})
	third, _ := e.Store.GetEndpoint(context.Background(), e.AccountID, ep)
	if len(third.OlderSecrets) != 1 {
		t.Fatalf("after a second rotation: %d older secrets", len(third.OlderSecrets))
	}
	mustContain(t, r.Body, "Older secret, still signing until "+third.OlderSecrets[0].ExpiresAt.UTC().Format("2006-01-02 15:04:05")+" UTC")
	if rfc3339 := after.PreviousSecretExpiresAt.UTC().Format("2006-01-02T15:04:05"); strings.Contains(r.Body, rfc3339) {
		t.Errorf("the page shows a secret's expiry as %s…", rfc3339)
	}

	// Edit: invalid events keep the form and show the API's message.
	r = b.postForm(page, page, url.Values{"url": {rc.URL + "/hook2"}, "events_shown": {"1"}, "description": {"edited"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Choose at least one event type.") {
		t.Fatalf("edit without events = %d", r.Status)
	}
	r = b.postForm(page, page, url.Values{"url": {rc.URL + "/hook2"}, "events_shown": {"1"}, "events": {"stamp.uploaded"}, "description": {"edited"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("edit = %d %.300s", r.Status, r.Body)
	}
	got, _ := e.Store.GetEndpoint(context.Background(), e.AccountID, ep)
	if got.URL != rc.URL+"/hook2" || got.Description != "edited" || strings.Join(got.Events, ",") != "stamp.uploaded" {
		t.Fatalf("edited endpoint = %+v", got)
	}

	// Disable: a test event is refused, in the dashboard's words; enable again.
	if r := b.postForm(page, page+"/status", url.Values{"status": {"disabled"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("disable = %d", r.Status)
	}
	r = b.postForm(page, page+"/test", url.Values{"type": {"stamp.uploaded"}})
	if r.Status != http.StatusConflict || !strings.Contains(r.Body, "This endpoint is disabled. Enable it to send a test event.") {
		t.Fatalf("test on disabled = %d", r.Status)
	}
	if r := b.postForm(page, page+"/status", url.Values{"status": {"enabled"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("enable = %d", r.Status)
	}

	// Recover: a bad time is refused; a good one answers with the count.
	for _, bad := range []string{"yesterday", "0000-01-01T00:00"} {
		r = b.postForm(page, page+"/recover", url.Values{"since": {bad}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Enter a date and time (UTC)") {
			t.Fatalf("since %q = %d", bad, r.Status)
		}
	}
	r = b.postForm(page, page+"/recover", url.Values{"since": {time.Now().UTC().Add(-time.Hour).Format("2006-01-02T15:04")}})
	if r.Status != http.StatusSeeOther || !strings.Contains(r.Location, "notice=recovered") {
		t.Fatalf("recover = %d %q", r.Status, r.Location)
	}
	mustContain(t, b.get(r.Location).Body, "No failed deliveries matched")

	// Delete.
	if r := b.postForm(page, page+"/delete", url.Values{"confirmed": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("delete = %d", r.Status)
	}
	if r := b.get(page); r.Status != http.StatusNotFound {
		t.Fatalf("deleted endpoint page = %d", r.Status)
	}
	// A delivery of a deleted endpoint cannot be resent: no button for it.
	d = b.get("/dashboard/deliveries/" + res.DeliveryID).Body
	mustContain(t, d, "It cannot be resent")
	if strings.Contains(d, ">Resend</button>") {
		t.Errorf("the page of a deleted endpoint's delivery offers Resend")
	}
	// Its delivery log stays, filtered by it too.
	r = b.get("/dashboard/deliveries?endpoint=" + ep)
	if r.Status != http.StatusOK {
		t.Fatalf("deliveries of the deleted endpoint = %d", r.Status)
	}
	mustContain(t, r.Body, res.DeliveryID, "<code>"+ep+"</code> <span class=\"muted\">(deleted)</span>", `<option value="`+ep+`" selected>`+ep+` (deleted)</option>`)
}

func TestLiveDeliveriesStream(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	b := e.signedIn(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", e.URL+"/dashboard/live", nil)
	req.Header.Set("Accept", "text/event-stream")
	req.AddCookie(&http.Cookie{Name: "esahayak_session", Value: b.cookies["esahayak_session"].Value})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || ct != "text/event-stream" {
		t.Fatalf("stream = %d %s", resp.StatusCode, ct)
	}
	if st, body := e.Do(t, "POST", "/v1/webhook_endpoints/"+ep+"/test", e.APIKey, nil); st != 202 {
		t.Fatalf("test: %d %s", st, body)
	}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var event string
	for sc.Scan() {
		line := sc.Text()
		if v, ok := strings.CutPrefix(line, "event: "); ok {
			event = v
		}
		if v, ok := strings.CutPrefix(line, "data: "); ok && event == "delivery" {
			var d struct{ ID, Status, HTML string }
			if err := json.Unmarshal([]byte(v), &d); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(d.HTML, `data-delivery-id="`+d.ID+`"`) {
				t.Fatalf("row html = %s", d.HTML)
			}
			if d.Status == store.DeliverySucceeded {
				return
			}
		}
	}
	t.Fatalf("stream ended without a succeeded delivery: %v", sc.Err())
}

// stubEngine hands the dashboard a change stream the test writes.
type stubEngine struct{ ch chan delivery.Change }

func (s stubEngine) Subscribe(string) (<-chan delivery.Change, func()) { return s.ch, func() {} }
func (s stubEngine) APIKeysChanged(string)                             {}

// TestLiveStreamTellsThePageToResync: changes the engine could not give
// the stream (it fell behind a fan-out) reach the page as "resync", which
// makes it read what it shows again; they were missed silently.
func TestLiveStreamTellsThePageToResync(t *testing.T) {
	srv := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	eng := stubEngine{ch: make(chan delivery.Change, 1)}
	d, err := dashboard.New(dashboard.Config{AllowInsecureURLs: true, Now: time.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil))},
		srv.Store, srv.API, eng)
	if err != nil {
		t.Fatal(err)
	}
	d.Mount(srv.API)
	e := &env{Server: srv, Dash: d, clock: &clock{}, Email: "dev@example.com", Password: testPassword}
	if _, err := dashboard.CreateUser(context.Background(), srv.Store, srv.AccountID, e.Email, e.Password, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	b := e.signedIn(t)
	eng.ch <- delivery.Change{Kind: delivery.ChangesMissed, AccountID: srv.AccountID}
	waitEvent(t, openLive(t, e, b), 10*time.Second, "resync", func(ev liveEvent) bool { return ev.Name == "resync" })
}

// TestStreamHeadAnswersAtOnce: HEAD of a live stream is its headers, not
// a stream that runs on: the connection serves the next request.
func TestStreamHeadAnswersAtOnce(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	cookie := "esahayak_session=" + b.cookies["esahayak_session"].Value
	for _, path := range []string{"/dashboard/live", "/dashboard/inspector/insp_none/live"} {
		conn, err := net.Dial("tcp", strings.TrimPrefix(e.URL, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		conn.SetDeadline(time.Now().Add(5 * time.Second))
		fmt.Fprintf(conn, "HEAD %s HTTP/1.1\r\nHost: x\r\nCookie: %s\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", path, cookie)
		br := bufio.NewReader(conn)
		head, err := http.ReadResponse(br, &http.Request{Method: http.MethodHead})
		if err != nil || head.StatusCode != 200 || head.Header.Get("Content-Type") != "text/event-stream" {
			t.Fatalf("HEAD %s: %v %+v", path, err, head)
		}
		next, err := http.ReadResponse(br, nil)
		if err != nil || next.StatusCode != 200 {
			t.Fatalf("the request after HEAD %s got no answer: %v", path, err)
		}
		conn.Close()
	}
}

func TestSignedOutStreamIsRefused(t *testing.T) {
	e := startEnv(t, envOptions{})
	req, _ := http.NewRequest("GET", e.URL+"/dashboard/live", nil)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	// One event that tells the page to stop, and nothing else.
	if resp.StatusCode != http.StatusOK || string(body) != "retry: 60000\nevent: signedout\ndata: {}\n\n" {
		t.Fatalf("signed-out stream = %d %q", resp.StatusCode, body)
	}
}

// Every page renders for an account with data in it.
func TestPagesRender(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	b := e.signedIn(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	st, body := e.Do(t, "POST", "/v1/orders", e.APIKey, `{"stamp_request": {"state": "Assam", "amount": 150000, "article_code": "AS-RG-4", "provider": "SHCIL"}, "delivery_requested": true}`)
	if st != 201 {
		t.Fatalf("order: %d %s", st, body)
	}
	ord := testenv.JSON(t, body)["id"].(string)
	if st, body := e.Do(t, "POST", "/v1/orders/"+ord+"/upload", e.Operator, nil); st != 200 {
		t.Fatalf("upload: %d %s", st, body)
	}
	testenv.Eventually(t, 5*time.Second, "delivery", func() bool { return rc.received.Load() > 0 })
	testenv.Eventually(t, 5*time.Second, "delivery recorded", func() bool {
		ds, _, _ := e.Store.ListDeliveries(context.Background(), store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: e.AccountID, Limit: 1}})
		return len(ds) == 1 && ds[0].Status == store.DeliverySucceeded
	})
	pages := map[string][]string{
		"/dashboard/":                                    {"Overview", "Recent deliveries", "stamp.uploaded"},
		"/dashboard/deliveries":                          {"Deliveries", "stamp.uploaded", "succeeded"},
		"/dashboard/deliveries?status=failed":            {"No deliveries match these filters."},
		"/dashboard/deliveries?status=bogus":             {"was not understood"},
		"/dashboard/monitoring":                          {"Delivery success rate", "Response time", "Error rate", "Retry attempts", "<svg"},
		"/dashboard/monitoring?window=1h&endpoint=" + ep: {"100.0%"},
		"/dashboard/monitoring?window=7d":                {"<svg"},
		"/dashboard/orders":                              {ord, "COMPLETED", "₹1,50,000"},
		"/dashboard/orders/" + ord:                       {"stamp.uploaded", "Payload of evt_"},
		"/dashboard/settings/api-access":                 {"<h1>Settings</h1>", "API Access", "API keys", "Webhook Configuration", "Save Webhook"},
		"/dashboard/endpoints/" + ep:                     {"Send test event", "Rotate secret", "Reveal signing secret", "Recover failed since…"},
		"/dashboard/inspector":                           {"Create inspector URL"},
	}
	for path, wants := range pages {
		r := b.get(path)
		if r.Status != http.StatusOK {
			t.Errorf("GET %s = %d", path, r.Status)
			continue
		}
		mustContain(t, r.Body, wants...)
	}
	// Static files are served with their types.
	for path, ct := range map[string]string{"/dashboard/static/app.css": "text/css", "/dashboard/static/app.js": "text/javascript"} {
		req, _ := http.NewRequest("GET", e.URL+path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), ct) {
			t.Errorf("%s = %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
	// Paths no one serves answer the JSON error (a missing static file is
	// the dashboard's: TestStaticAnswersAsTheDashboardDoes).
	for _, path := range []string{"/nothing", "/favicon.ico"} {
		st, body := e.Do(t, "GET", path, "", nil)
		if st != 404 || !strings.Contains(string(body), `"route_not_found"`) {
			t.Errorf("GET %s = %d %s; want 404 with the JSON error", path, st, body)
		}
	}
	// The API is untouched by the dashboard's routes.
	if st, _ := e.Do(t, "GET", "/healthz", "", nil); st != 200 {
		t.Errorf("/healthz = %d", st)
	}
	if st, _ := e.Do(t, "GET", "/v1/nothing", e.APIKey, nil); st != 404 {
		t.Errorf("/v1/nothing = %d", st)
	}
}

func createEndpoint(t testing.TB, e *env, u string) string {
	t.Helper()
	st, body := e.Do(t, "POST", "/v1/webhook_endpoints", e.APIKey, map[string]any{"url": u})
	if st != 201 {
		t.Fatalf("create endpoint: %d %s", st, body)
	}
	return testenv.JSON(t, body)["id"].(string)
}

func createUser(e *env, email string) (store.User, error) { return createUserIn(e, e.AccountID, email) }

func createUserIn(e *env, account, email string) (store.User, error) {
	return dashboardCreateUser(e.Store, account, email, e.Password)
}

// A response body longer than the attempt log keeps is shown with a note
// that it was cut; a short one without.
func TestCutResponseBodyIsMarked(t *testing.T) {
	e := startEnv(t, envOptions{})
	long := strings.Repeat("x", 10_000)
	rc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if r.URL.Path == "/long" {
			io.WriteString(w, long)
			return
		}
		io.WriteString(w, `{"received": true}`)
	}))
	t.Cleanup(rc.Close)
	b := e.signedIn(t)
	const note = "the first 4 KiB is kept; the receiver may have sent more"
	for path, cut := range map[string]bool{"/long": true, "/short": false} {
		ep := createEndpoint(t, e, rc.URL+path)
		id := testDeliveryTo(t, e, ep, store.DeliverySucceeded, time.Minute)
		page := b.get("/dashboard/deliveries/" + id).Body
		if strings.Contains(page, note) != cut {
			t.Errorf("%s: the page says it was cut: %v, want %v", path, strings.Contains(page, note), cut)
		}
	}
}

// TestHeldDeliveryShowsNoPastTime: a retrying delivery of a disabled
// endpoint is held, not overdue; its page says so instead of showing the
// retry time it had.
func TestHeldDeliveryShowsNoPastTime(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	t.Cleanup(rc.Close)
	b := e.signedIn(t)
	ep := createEndpoint(t, e, rc.URL+"/down")
	id := testDeliveryTo(t, e, ep, store.DeliveryRetrying, time.Minute)
	const held = "held while the endpoint is disabled"
	if page := b.get("/dashboard/deliveries/" + id).Body; strings.Contains(page, held) || !strings.Contains(page, "Next attempt") {
		t.Fatalf("an enabled endpoint's retrying delivery: held %v, next attempt shown %v", strings.Contains(page, held), strings.Contains(page, "Next attempt"))
	}
	if st, body := e.Do(t, "PATCH", "/v1/webhook_endpoints/"+ep, e.APIKey, map[string]any{"status": "disabled"}); st != 200 {
		t.Fatalf("disable: %d %s", st, body)
	}
	if page := b.get("/dashboard/deliveries/" + id).Body; !strings.Contains(page, held) {
		t.Fatalf("the page of a disabled endpoint's retrying delivery does not say it is held")
	}
}

// A delivery of a disabled endpoint cannot be resent (the API refuses it):
// its page says so and links to the endpoint, where it can be enabled,
// instead of offering a button that answers with the API's PATCH advice.
func TestDisabledEndpointsDeliveryLinksToEnablingIt(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	rc.failing.Store(true)
	b := e.signedIn(t)
	ep := createEndpoint(t, e, rc.URL+"/down")
	id := testDeliveryTo(t, e, ep, store.DeliveryRetrying, time.Minute)
	page := "/dashboard/deliveries/" + id
	link := `<a href="/dashboard/endpoints/` + ep + `#status">`
	if p := b.get(page).Body; !strings.Contains(p, ">Resend</button>") || strings.Contains(p, link) {
		t.Fatalf("an enabled endpoint's delivery: Resend offered %v, link to enable shown %v",
			strings.Contains(p, ">Resend</button>"), strings.Contains(p, link))
	}
	if st, body := e.Do(t, "PATCH", "/v1/webhook_endpoints/"+ep, e.APIKey, map[string]any{"status": "disabled"}); st != 200 {
		t.Fatalf("disable: %d %s", st, body)
	}
	p := b.get(page).Body
	mustContain(t, p, "Its endpoint is disabled, so it cannot be resent.", "enabling the endpoint sends it at once", link)
	if strings.Contains(p, ">Resend</button>") || strings.Contains(p, "PATCH") {
		t.Errorf("a disabled endpoint's delivery offers Resend or the API's advice")
	}
	// The link leads to the button that enables it.
	mustContain(t, b.get("/dashboard/endpoints/"+ep).Body, `id="status"`, ">Enable endpoint</button>")
}

// TestDeliveriesFilteredByListenSession: the results an `esahayak listen`
// session reports are deliveries whose endpoint is the session (ls_…); the
// Deliveries page filters by that id as the API's endpoint_id does,
// instead of calling it not understood and showing every delivery.
func TestDeliveriesFilteredByListenSession(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	rc := newReceiver(t)
	other := testDeliveryTo(t, e, createEndpoint(t, e, rc.URL+"/hook"), store.DeliverySucceeded, time.Minute)

	ls := e.NewListenSession(t, e.APIKey, `{}`)
	// A session with no results yet is a session, not a 404.
	if r := b.get("/dashboard/deliveries?endpoint=" + ls); r.Status != http.StatusOK || !strings.Contains(r.Body, "Listen session <code>"+ls+"</code>") {
		t.Fatalf("deliveries of a listen session without results = %d", r.Status)
	}
	listened := reportResult(t, e, ls, uploadedEvent(t, e), `"status": 200`)

	r := b.get("/dashboard/deliveries?endpoint=" + ls)
	if r.Status != http.StatusOK {
		t.Fatalf("deliveries filtered by the listen session = %d", r.Status)
	}
	mustContain(t, r.Body, listened, "Listen session <code>"+ls+"</code>", `<option value="`+ls+`" selected>`+ls+` (listen session)</option>`)
	if strings.Contains(r.Body, "not understood") {
		t.Errorf("the listen session's id was called not understood")
	}
	if strings.Contains(r.Body, other) {
		t.Errorf("the page filtered by the listen session lists another endpoint's delivery %s", other)
	}
	// A session id of another account, or none, is a 404 as for endpoints.
	if r := b.get("/dashboard/deliveries?endpoint=" + ids.New("ls_")); r.Status != http.StatusNotFound {
		t.Errorf("an unknown listen session id = %d, want 404", r.Status)
	}
}

// TestMonitoringChartsCoverTheFiguresWindow: an attempt just inside the
// window the figures count (24 h less a moment ago) is in the charts too;
// buckets aligned to round hours left out up to an hour at the window's
// start, so the charts showed nothing where the figures counted it.
func TestMonitoringChartsCoverTheFiguresWindow(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	testDeliveryTo(t, e, ep, store.DeliverySucceeded, time.Minute)
	atts, err := e.Store.ListAttempts(context.Background(), e.AccountID, firstDelivery(t, e, ep))
	if err != nil || len(atts) != 1 {
		t.Fatalf("attempts: %v %v", atts, err)
	}
	// The page's now: 24 h less 2 s after the attempt began.
	e.clock.Advance(atts[0].StartedAt.Add(24*time.Hour - 2*time.Second).Sub(time.Now()))
	b := e.signedIn(t) // after the clock moved: a session lasts less than a day
	page := b.get("/dashboard/monitoring?window=24h&endpoint=" + ep).Body
	mustContain(t, page, "1 of 1 attempt ·")
	if strings.Contains(page, "no attempts in this period") {
		t.Errorf("the figures count the attempt of %s, but the charts show no attempts in the period", atts[0].StartedAt.Format(time.RFC3339))
	}
}

func firstDelivery(t *testing.T, e *env, ep string) string {
	t.Helper()
	ds, _, err := e.Store.ListDeliveries(context.Background(), store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: e.AccountID, Limit: 1}, EndpointID: ep})
	if err != nil || len(ds) == 0 {
		t.Fatalf("deliveries of %s: %v %v", ep, ds, err)
	}
	return ds[0].ID
}

// TestAPIKeysPerAccountAreBounded: an account has at most 100 active API
// keys; one more is refused with the page's own message, and revoking one
// makes room.
func TestAPIKeysPerAccountAreBounded(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	ctx := context.Background()
	keys, _ := e.Store.ListAPIKeys(ctx, e.AccountID)
	for i := len(keys); i < 100; i++ {
		_, row, err := api.NewAPIKey(e.AccountID, fmt.Sprintf("k%d", i), time.Now().UTC())
		if err != nil {
			t.Fatal(err)
		}
		if err := e.Store.CreateAPIKey(ctx, row, 0); err != nil {
			t.Fatal(err)
		}
	}
	r := b.postForm("/dashboard/settings/api-access", "/dashboard/settings/api-keys", url.Values{"name": {"one more"}})
	if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "at most 100 active API keys") || !strings.Contains(r.Body, `value="one more"`) {
		t.Fatalf("key 101 = %d %.300s", r.Status, r.Body)
	}
	// Many at once: still one key at most.
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b.postForm("/dashboard/settings/api-access", "/dashboard/settings/api-keys", url.Values{"name": {"racing"}})
		}()
	}
	wg.Wait()
	active := 0
	all, _ := e.Store.ListAPIKeys(ctx, e.AccountID)
	for _, k := range all {
		if k.RevokedAt == nil {
			active++
		}
	}
	if active != 100 {
		t.Fatalf("after concurrent creates at the limit: %d active keys, want 100", active)
	}
	keys, _ = e.Store.ListAPIKeys(ctx, e.AccountID)
	if err := e.Store.RevokeAPIKey(ctx, e.AccountID, keys[len(keys)-1].ID, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	if r := b.postForm("/dashboard/settings/api-access", "/dashboard/settings/api-keys", url.Values{"name": {"one more"}}); r.Status != http.StatusOK {
		t.Fatalf("a key after one was revoked = %d", r.Status)
	}
	// Revoked keys past the newest 20 are counted, not listed: revoking
	// and creating again does not grow the page without end.
	all, _ = e.Store.ListAPIKeys(ctx, e.AccountID)
	for _, k := range all[:30] {
		if k.RevokedAt == nil {
			e.Store.RevokeAPIKey(ctx, e.AccountID, k.ID, time.Now().UTC())
		}
	}
	page := b.get("/dashboard/settings/api-access").Body
	if n := strings.Count(page, ">revoked</span>"); n != 20 {
		t.Errorf("the page lists %d revoked keys, want the newest 20", n)
	}
	mustContain(t, page, "older revoked keys are not listed")
}

// TestLiveStreamShowsListenResults: a result an `esahayak listen` session
// reports is a delivery, and open live tables get it as they get the
// engine's own, instead of only on reload.
func TestLiveStreamShowsListenResults(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	ls := e.NewListenSession(t, e.APIKey, `{}`)
	event := uploadedEvent(t, e)

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", e.URL+"/dashboard/live", nil)
	req.AddCookie(&http.Cookie{Name: "esahayak_session", Value: b.cookies["esahayak_session"].Value})
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("live: %v %v", resp, err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	sc.Scan() // the stream is open: what follows is told to it

	listened := reportResult(t, e, ls, event, `"status": 200`)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
			var d struct {
				ID, Status, HTML string
				EndpointID       string `json:"endpoint_id"`
			}
			if json.Unmarshal([]byte(v), &d) == nil && d.ID == listened {
				if d.EndpointID != ls || d.Status != store.DeliverySucceeded || !strings.Contains(d.HTML, `data-delivery-id="`+listened+`"`) {
					t.Fatalf("the listen result on the stream: %+v", d)
				}
				return
			}
		}
	}
	t.Fatalf("the stream never told of the listen result %s: %v", listened, sc.Err())
}

// TestRecoverAlsoSendsMissedEvents: an event created while the endpoint
// was disabled has no delivery to it; "Recover failed since…" with the
// box ticked sends it once it is enabled again, and says how many.
func TestRecoverAlsoSendsMissedEvents(t *testing.T) {
	e := startEnv(t, envOptions{})
	rc := newReceiver(t)
	b := e.signedIn(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	page := "/dashboard/endpoints/" + ep
	since := time.Now().UTC().Add(-time.Hour).Format("2006-01-02T15:04")
	if r := b.postForm(page, page+"/status", url.Values{"status": {"disabled"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("disable = %d", r.Status)
	}
	st, body := e.Do(t, "POST", "/v1/orders", e.APIKey, `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}}`)
	if st != 201 {
		t.Fatalf("create order: %d %s", st, body)
	}
	id := testenv.JSON(t, body)["id"].(string)
	if st, body := e.Do(t, "POST", "/v1/orders/"+id+"/upload", e.Operator, nil); st != 200 {
		t.Fatalf("upload: %d %s", st, body)
	}
	// Ticked while disabled: refused, the box stays ticked.
	r := b.postForm(page, page+"/recover", url.Values{"since": {since}, "missed": {"1"}})
	if r.Status != http.StatusConflict {
		t.Fatalf("recover on a disabled endpoint = %d", r.Status)
	}
	mustContain(t, r.Body, `name="missed" value="1" checked`)
	mustContain(t, r.Body, "Also send events it has no delivery of (made while it was disabled, or of types added since)")
	if r := b.postForm(page, page+"/status", url.Values{"status": {"enabled"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("enable = %d", r.Status)
	}
	// Not ticked: only failed deliveries, and the missed event stays unsent.
	r = b.postForm(page, page+"/recover", url.Values{"since": {since}})
	if r.Status != http.StatusSeeOther || strings.Contains(r.Location, "m=") {
		t.Fatalf("recover = %d %q", r.Status, r.Location)
	}
	r = b.postForm(page, page+"/recover", url.Values{"since": {since}, "missed": {"1"}})
	if r.Status != http.StatusSeeOther || !strings.Contains(r.Location, "m=1") {
		t.Fatalf("recover with missed = %d %q", r.Status, r.Location)
	}
	mustContain(t, b.get(r.Location).Body, "No failed deliveries matched, so none were queued to be sent again. 1 event it had no delivery of is on its way.")
	testenv.Eventually(t, 5*time.Second, "the missed event to arrive", func() bool { return rc.received.Load() == 1 })
	// Again: nothing is missed twice.
	r = b.postForm(page, page+"/recover", url.Values{"since": {since}, "missed": {"1"}})
	if r.Status != http.StatusSeeOther || !strings.Contains(r.Location, "m=0") {
		t.Fatalf("second recover with missed = %d %q", r.Status, r.Location)
	}
	mustContain(t, b.get(r.Location).Body, "It had a delivery of every event since then of the types it takes.")
	time.Sleep(300 * time.Millisecond)
	if n := rc.received.Load(); n != 1 {
		t.Fatalf("the receiver got %d requests, want 1", n)
	}
}

// missedSetup starts an environment whose recoveries read 2 events per API
// call, with an endpoint that missed 5 events while disabled and is
// enabled again; it returns the browser, the endpoint's page and receiver.
func missedSetup(t *testing.T, o envOptions) (*env, *browser, string, *receiver) {
	t.Helper()
	o.MissedScanLimit = 2
	e := startEnv(t, o)
	rc := newReceiver(t)
	b := e.signedIn(t)
	ep := createEndpoint(t, e, rc.URL+"/hook")
	page := "/dashboard/endpoints/" + ep
	if r := b.postForm(page, page+"/status", url.Values{"status": {"disabled"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("disable = %d", r.Status)
	}
	for i := 0; i < 5; i++ {
		st, body := e.Do(t, "POST", "/v1/orders", e.APIKey, `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}}`)
		if st != 201 {
			t.Fatalf("create order: %d %s", st, body)
		}
		id := testenv.JSON(t, body)["id"].(string)
		if st, body := e.Do(t, "POST", "/v1/orders/"+id+"/upload", e.Operator, nil); st != 200 {
			t.Fatalf("upload: %d %s", st, body)
		}
	}
	if r := b.postForm(page, page+"/status", url.Values{"status": {"enabled"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("enable = %d", r.Status)
	}
	return e, b, page, rc
}

// TestRecoverMissedCallsUntilDone: the API reads a bounded number of
// events per call; one "Recover failed since…" with the box ticked calls
// it again from each next_since until none is left, and the notice sums
// the counts.
func TestRecoverMissedCallsUntilDone(t *testing.T) {
	_, b, page, rc := missedSetup(t, envOptions{})
	since := time.Now().UTC().Add(-time.Hour).Format("2006-01-02T15:04")
	r := b.postForm(page, page+"/recover", url.Values{"since": {since}, "missed": {"1"}})
	if r.Status != http.StatusSeeOther || !strings.Contains(r.Location, "m=5") || strings.Contains(r.Location, "rest=") {
		t.Fatalf("recover with missed = %d %q; want m=5 and nothing left", r.Status, r.Location)
	}
	body := b.get(r.Location).Body
	mustContain(t, body, "5 events it had no delivery of are on their way.")
	if strings.Contains(body, "more remain") {
		t.Fatalf("the notice says more remain after a recovery that reached the end")
	}
	testenv.Eventually(t, 5*time.Second, "the missed events to arrive", func() bool { return rc.received.Load() == 5 })
}

// TestRecoverMissedSaysWhereToGoOn: a recovery whose time ran out with
// events left says so, and from when to recover again; recovering from
// there, as often as it says, sends the rest, none twice.
func TestRecoverMissedSaysWhereToGoOn(t *testing.T) {
	_, b, page, rc := missedSetup(t, envOptions{RecoverMissedFor: time.Nanosecond})
	since := time.Now().UTC().Add(-time.Hour).Format("2006-01-02T15:04")
	total, clicks := 0, 0
	for {
		clicks++
		r := b.postForm(page, page+"/recover", url.Values{"since": {since}, "missed": {"1"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("recover with missed = %d", r.Status)
		}
		loc, err := url.Parse(r.Location)
		if err != nil {
			t.Fatal(err)
		}
		m, err := strconv.Atoi(loc.Query().Get("m"))
		if err != nil {
			t.Fatalf("recover with missed = %q: no count of missed events", r.Location)
		}
		total += m
		rest := loc.Query().Get("rest")
		if rest == "" {
			break
		}
		next, err := time.Parse(time.RFC3339, rest)
		if err != nil {
			t.Fatalf("rest=%q: not an RFC 3339 time", rest)
		}
		mustContain(t, b.get(r.Location).Body, "more remain: recover again from "+next.UTC().Format("2006-01-02 15:04:05")+" UTC with the box ticked.")
		if clicks > 5 {
			t.Fatalf("%d recoveries and still more remain", clicks)
		}
		since = rest
	}
	if clicks < 2 || total != 5 {
		t.Fatalf("%d recoveries sent %d missed events; want more than one recovery, 5 in all", clicks, total)
	}
	testenv.Eventually(t, 5*time.Second, "the missed events to arrive", func() bool { return rc.received.Load() == 5 })
	time.Sleep(300 * time.Millisecond)
	if n := rc.received.Load(); n != 5 {
		t.Fatalf("the receiver got %d requests, want 5", n)
	}
}

// TestStaleSessionCookieBeforeTheValidOne: a browser that holds two
// session cookies (one left with another Path or domain) sends both; the
// stale one first hid the valid one, and every page sent the signed-in
// user to sign in again. Each is tried; signing in ends both.
func TestStaleSessionCookieBeforeTheValidOne(t *testing.T) {
	e := startEnv(t, envOptions{})
	old := e.signedIn(t)
	stale := old.cookies["esahayak_session"].Value
	if r := old.postForm("/dashboard/", "/dashboard/signout", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("sign out = %d", r.Status)
	}
	valid := e.signedIn(t).cookies["esahayak_session"].Value

	get := func(cookies string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest("GET", e.URL+"/dashboard/", nil)
		req.Header.Set("Cookie", cookies)
		resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	for _, cookies := range []string{
		"esahayak_session=" + stale + "; esahayak_session=" + valid,
		"esahayak_session=; esahayak_session=not-a-session; esahayak_session=" + valid,
		"esahayak_session=" + valid + "; esahayak_session=" + stale,
	} {
		if resp := get(cookies); resp.StatusCode != http.StatusOK {
			t.Errorf("Cookie: %s\n= %d %s, want 200 (the valid session)", cookies, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	if resp := get("esahayak_session=" + stale + "; esahayak_session=not-a-session"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("no valid session among the cookies = %d, want 303 to sign in", resp.StatusCode)
	}

	// Signing in with both sends ends the valid one too, as it ends a
	// single previous session.
	b := e.browser(t)
	token := b.csrf("/dashboard/signin")
	b.Header.Set("Cookie", "esahayak_session="+stale+"; esahayak_session="+valid)
	if r := b.post("/dashboard/signin", url.Values{"csrf": {token}, "email": {e.Email}, "password": {e.Password}}); r.Status != http.StatusSeeOther {
		t.Fatalf("sign in = %d", r.Status)
	}
	if resp := get("esahayak_session=" + valid); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the session the browser sent second outlived a new sign-in: %d", resp.StatusCode)
	}
}
