package dashboard_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestSignOutAfterTheSessionEndedForgetsIt: Sign out pressed on a page
// whose session had ended (a tab left open overnight) said "You have
// signed out." but left the session cookie, so the sign-in page opened
// again later said "Your session has ended, so you were signed out" to
// someone who had signed out (docs/dashboard.md: a signed-out browser is
// told only "You have signed out."). The cookie now goes, as at any
// sign-out.
func TestSignOutAfterTheSessionEndedForgetsIt(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	csrf := b.csrf("/dashboard/")
	e.clock.Advance(13 * time.Hour)
	r := b.post("/dashboard/signout", url.Values{"csrf": {csrf}})
	if r.Status != http.StatusSeeOther || !strings.Contains(r.Location, "notice=signed_out") {
		t.Fatalf("Sign out after the session ended = %d %s; want the sign-in page saying signed out", r.Status, r.Location)
	}
	if _, kept := b.cookies["esahayak_session"]; kept {
		t.Errorf("Sign out kept the ended session's cookie")
	}
	if page := b.get("/dashboard/signin").Body; strings.Contains(page, "session has ended") {
		t.Errorf("after Sign out, the sign-in page says the session ended")
	}
}
