package dashboard_test

import (
	"bufio"
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestLiveStreamsOutliveADatabaseOutage: a live stream checks its session
// at each heartbeat, and any error of that check, the database's too, was
// taken for the session's end: the stream said "signedout", and the page
// told a user who was still signed in "You were signed out, so this page
// no longer updates", and stopped updating for good. An outage is not a
// sign-out: the stream now ends without a word, as a dropped connection
// does, and the browser opens it again (the page says "Reconnecting…"),
// which works as soon as the database is back, with the same session.
func TestLiveStreamsOutliveADatabaseOutage(t *testing.T) {
	schema := testenv.NewSchema(t)
	e := startEnv(t, envOptions{Store: testenv.PostgresOn(t, schema), StreamHeartbeat: 20 * time.Millisecond})
	tables := testenv.SchemaTables(t, schema)
	b := e.signedIn(t)
	inspector, _ := newInspector(t, e, b)
	cookie := "esahayak_session=" + b.cookies["esahayak_session"].Value
	// The session's table and then its user's: each check reads both.
	for _, table := range []string{"dashboard_sessions", "users"} {
		t.Run(table, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			streams := map[string]*bufio.Scanner{}
			for _, path := range []string{"/dashboard/live", inspector + "/live"} {
				streams[path] = openStreamPastFirstPing(ctx, t, e.URL+path, cookie)
			}
			tables.Gone(table)
			for path, lines := range streams {
				for lines.Scan() {
					if lines.Text() == "event: signedout" {
						t.Errorf("%s: with the table %s gone, the stream of a signed-in session said it was signed out", path, table)
						break
					}
				}
				if ctx.Err() != nil {
					t.Errorf("%s: the stream was still open 60 s into the outage: it checks its session and must not send what it cannot check", path)
				}
			}
			tables.Back(table)
			// Reconnected, as the browser does: the same session, still signed in.
			for _, path := range []string{"/dashboard/live", inspector + "/live"} {
				openStreamPastFirstPing(ctx, t, e.URL+path, cookie)
			}
			if r := b.get("/dashboard/"); r.Status != http.StatusOK {
				t.Errorf("after the outage the overview = %d %s: the session was ended", r.Status, r.Location)
			}
		})
	}
}
