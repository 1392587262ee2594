package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestSignInWithAnEmptyFormTokenIsRefused: a sign-in post whose form token
// and sign-in cookie are both empty is refused (403) like any other token
// mismatch, not taken as a match. No test failed when the check that
// neither token is empty was left out (mutation testing, by hand): an
// empty cookie and an empty field then signed in.
func TestSignInWithAnEmptyFormTokenIsRefused(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.browser(t)
	b.cookies["esahayak_signin"] = &http.Cookie{Name: "esahayak_signin", Value: ""}
	r := b.post("/dashboard/signin", url.Values{"csrf": {""}, "email": {e.Email}, "password": {e.Password}})
	if r.Status != http.StatusForbidden {
		t.Fatalf("sign-in with an empty cookie and an empty csrf field: %d, want 403", r.Status)
	}
}

// TestSignInForgetsTheFailuresBeforeIt: a user who mistyped the password
// four times and then signed in may mistype it again from there without
// being locked out at once: the success clears that address's count for
// the email. No test failed when it did not (by hand): the next wrong
// password after the success was 429.
func TestSignInForgetsTheFailuresBeforeIt(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.browser(t)
	for i := range 4 {
		if r := b.signIn(e.Email, "not the password"); r.Status != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i+1, r.Status)
		}
	}
	if r := b.signIn(e.Email, e.Password); r.Status != http.StatusSeeOther {
		t.Fatalf("the right password after 4 failures: %d", r.Status)
	}
	b = e.browser(t)
	for i := range 4 {
		if r := b.signIn(e.Email, "not the password"); r.Status != http.StatusUnauthorized {
			t.Fatalf("failure %d after signing in: %d, want 401", i+1, r.Status)
		}
	}
}

// TestSignInLimitPerEmailIgnoresCase: the email's limit across addresses
// counts the email in any case: failures for DEV@EXAMPLE.COM, Dev@… and
// so on fill the limit of dev@example.com. No test failed when the count
// was kept per spelling (by hand): a guesser changing the case of one
// letter per address had a fresh limit each time.
func TestSignInLimitPerEmailIgnoresCase(t *testing.T) {
	e := startEnv(t, envOptions{})
	spellings := []string{strings.ToUpper(e.Email), "Dev@example.com", "dEv@example.com", "deV@EXAMPLE.com"}
	for i, src := range []string{"127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"} {
		b := e.browserFrom(t, e.URL, src)
		for j := range 5 {
			if r := b.signIn(spellings[i], "not the password"); r.Status != http.StatusUnauthorized {
				t.Fatalf("failure %d of %s from %s: %d; want 401", j+1, spellings[i], src, r.Status)
			}
		}
	}
	b := e.browserFrom(t, e.URL, "127.0.0.6")
	if r := b.signIn(e.Email, e.Password); r.Status != http.StatusTooManyRequests {
		t.Fatalf("after 20 failures of the email in four spellings, a new address: %d; want 429", r.Status)
	}
}

// TestAPIKeyNameDefaultAndLimit: a key created without a name is named
// "dashboard", and a name of 101 characters is refused (422) while 100
// pass. No test failed when the blank name was stored blank, or when 101
// characters passed (mutation testing, by hand).
func TestAPIKeyNameDefaultAndLimit(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	long := strings.Repeat("क", 101)
	if r := b.postForm("/dashboard/settings/api-access", "/dashboard/settings/api-keys", url.Values{"name": {long}}); r.Status != http.StatusUnprocessableEntity {
		t.Fatalf("a 101-character key name: %d; want 422", r.Status)
	}
	if r := b.postForm("/dashboard/settings/api-access", "/dashboard/settings/api-keys", url.Values{"name": {long[:len(long)-len("क")]}}); r.Status != http.StatusOK {
		t.Fatalf("a 100-character key name: %d; want 200", r.Status)
	}
	b = e.signedIn(t)
	if r := b.postForm("/dashboard/settings/api-access", "/dashboard/settings/api-keys", url.Values{"name": {"  "}}); r.Status != http.StatusOK {
		t.Fatalf("a blank key name: %d; want 200", r.Status)
	}
	keys, err := e.Store.ListAPIKeys(context.Background(), e.AccountID)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, k := range keys {
		names[k.Name] = true
	}
	if !names["dashboard"] || names[""] {
		t.Fatalf("key names %v; want the blank one named dashboard", names)
	}
}
