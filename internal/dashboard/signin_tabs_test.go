package dashboard_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestSignInFormOfASecondTabAfterTheFirstSignedIn: a browser reopened on
// two dashboard tabs of an ended session shows the sign-in page in both
// (one form token for the browser). Signed in from the first, the second's
// form, sent next with the same email, answered 403 "Your sign-in form
// expired. Please sign in again." above a new form, to a browser signed in
// already (the success clears the form's cookie), and signing in again
// only replaced the session. It now goes where its form leads, as the
// sign-in page does when signed in. A form of another email, or from
// another origin, is refused as before.
func TestSignInFormOfASecondTabAfterTheFirstSignedIn(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.browser(t)
	token := b.csrf("/dashboard/signin?next=%2Fdashboard%2Forders")
	if again := b.csrf("/dashboard/signin?next=%2Fdashboard%2Fdeliveries"); again != token {
		t.Fatalf("the second tab's form token %q is not the first's %q", again, token)
	}
	first := b.post("/dashboard/signin", url.Values{"csrf": {token}, "email": {e.Email}, "password": {e.Password}, "next": {"/dashboard/orders"}})
	if first.Status != http.StatusSeeOther || first.Location != "/dashboard/orders" {
		t.Fatalf("the first tab's sign-in: %d %q", first.Status, first.Location)
	}
	session := b.cookies["esahayak_session"].Value

	// The second tab: the same email, typed in another case.
	second := b.post("/dashboard/signin", url.Values{"csrf": {token}, "email": {strings.ToUpper(e.Email)}, "password": {e.Password}, "next": {"/dashboard/deliveries"}})
	if second.Status != http.StatusSeeOther || second.Location != "/dashboard/deliveries" {
		t.Errorf("the second tab's sign-in, the browser signed in: %d %q, want 303 to /dashboard/deliveries: %.300s",
			second.Status, second.Location, second.Body)
	}
	if c := b.cookies["esahayak_session"]; c == nil || c.Value != session {
		t.Errorf("the second tab's form changed the session")
	}
	if r := b.get("/dashboard/deliveries"); r.Status != http.StatusOK {
		t.Errorf("the deliveries after it: %d", r.Status)
	}

	// Another email: someone else at the same computer means to sign in;
	// their form is still the expired one it was, and nothing changes.
	if _, err := dashboardCreateUser(e.Store, e.AccountID, "other@example.com", testPassword); err != nil {
		t.Fatal(err)
	}
	other := b.post("/dashboard/signin", url.Values{"csrf": {token}, "email": {"other@example.com"}, "password": {testPassword}, "next": {"/dashboard/deliveries"}})
	if other.Status != http.StatusForbidden || !strings.Contains(other.Body, "Your sign-in form expired") {
		t.Errorf("another email's form of the second tab: %d %q", other.Status, other.Location)
	}
	// Another origin: refused as any cross-site sign-in, session or not.
	b.Header.Set("Origin", "http://evil.example")
	hostile := b.post("/dashboard/signin", url.Values{"csrf": {token}, "email": {e.Email}, "password": {e.Password}, "next": {"/dashboard/deliveries"}})
	b.Header.Del("Origin")
	if hostile.Status != http.StatusForbidden {
		t.Errorf("a cross-origin sign-in with the browser signed in: %d %q, want 403", hostile.Status, hostile.Location)
	}
	if c := b.cookies["esahayak_session"]; c == nil || c.Value != session {
		t.Errorf("the other forms changed the session")
	}
}
