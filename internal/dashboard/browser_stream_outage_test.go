package dashboard_test

import (
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestBrowserOutageIsNotASignOut: with the database out for a moment, an
// open page's live stream could not check its session, took that for a
// sign-out, and the page said "Signed out" and "You were signed out, so
// this page no longer updates", and stopped, its user still signed in.
// It now says "Reconnecting…" while the database is out, and is Live
// again once it is back, without a word of signing out.
func TestBrowserOutageIsNotASignOut(t *testing.T) {
	schema := testenv.NewSchema(t)
	e := startEnv(t, envOptions{Store: testenv.PostgresOn(t, schema), StreamHeartbeat: 50 * time.Millisecond})
	tables := testenv.SchemaTables(t, schema)
	tb := signedInTab(t, e)
	tb.waitLive()
	indicator := func() string { return eval[string](tb, `document.querySelector("[data-live-indicator]").textContent`) }
	signedOut := func() bool { return eval[bool](tb, `!!document.querySelector("[data-signed-out]")`) }

	tables.Gone("users")
	testenv.Eventually(t, 60*time.Second, "the live indicator to leave Live with the users table gone", func() bool {
		return indicator() != "Live"
	})
	if got := indicator(); got != "Reconnecting…" || signedOut() {
		t.Errorf("with the database out, the page's live indicator says %q (signed-out notice shown: %v); want Reconnecting…, and no sign-out", got, signedOut())
	}
	tables.Back("users")
	testenv.Eventually(t, 60*time.Second, "the page to be Live again with the users table back", func() bool {
		return indicator() == "Live"
	})
	if signedOut() {
		t.Errorf("after the outage the page says it was signed out")
	}
}
