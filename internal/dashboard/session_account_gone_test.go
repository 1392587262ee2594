package dashboard_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestRemovedAccountsSessionSaysTheAccountIsGone: a session whose account
// was removed from the database (its users kept: PostgreSQL has no key
// between them) was told "the user this browser was signed in as no
// longer exists. Sign in as another user". The user did exist: signing in
// as them worked, and led straight back to the sign-in page, saying the
// user no longer existed, again and again. The sign-in page now says the
// account is gone, and signing in as its user is refused in those words.
func TestRemovedAccountsSessionSaysTheAccountIsGone(t *testing.T) {
	schema := testenv.NewSchema(t)
	e := startEnv(t, envOptions{Store: testenv.PostgresOn(t, schema)})
	b := e.signedIn(t)
	if r := b.get("/dashboard/"); r.Status != http.StatusOK {
		t.Fatalf("signed in, the overview = %d", r.Status)
	}
	execBehindServer(t, schema, `DELETE FROM accounts WHERE id = $1`, e.AccountID)

	const userGone = "the user this browser was signed in as no longer exists"
	const accountGone = "the account this browser was signed in to no longer exists"
	r := b.get("/dashboard/")
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/dashboard/signin") {
		t.Fatalf("the removed account's session opened the overview: %d %s", r.Status, r.Location)
	}
	page := b.get(r.Location).Body
	if strings.Contains(page, userGone) || !strings.Contains(page, accountGone) {
		t.Errorf("the sign-in page of a removed account's session does not say %q (or says %q): %.3000s", accountGone, userGone, page)
	}

	// Its user signs in with the right password: refused, saying why,
	// rather than sent to a page that sends them back here.
	b2 := e.browser(t)
	r = b2.signIn(e.Email, e.Password)
	if r.Status == http.StatusSeeOther {
		t.Fatalf("the removed account's user was signed in, and sent to %s (which sends them back to sign in)", r.Location)
	}
	const refused = "The account of this user no longer exists"
	if r.Status != http.StatusForbidden || !strings.Contains(r.Body, refused) || strings.Contains(r.Body, "Incorrect email or password") {
		t.Errorf("signing in as the removed account's user = %d, want 403 saying %q: %.3000s", r.Status, refused, r.Body)
	}
}
