package dashboard_test

import (
	"bufio"
	"context"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestLiveStreamsEndWhenTheirAccountIsRemoved: an account removed from
// the database (its users and sessions kept: PostgreSQL has no key
// between them) signed its sessions out of every page, but their open
// live streams checked only the session and its user, and went on
// showing the removed account's deliveries and an inspector's captures
// for as long as the session lived. They now say "signedout" at their
// next check, as for a removed user.
func TestLiveStreamsEndWhenTheirAccountIsRemoved(t *testing.T) {
	schema := testenv.NewSchema(t)
	e := startEnv(t, envOptions{Store: testenv.PostgresOn(t, schema), StreamHeartbeat: 20 * time.Millisecond})
	b := e.signedIn(t)
	inspector, _ := newInspector(t, e, b)
	cookie := "esahayak_session=" + b.cookies["esahayak_session"].Value
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	paths := []string{"/dashboard/live", inspector + "/live"}
	streams := make([]*bufio.Scanner, len(paths))
	for i, path := range paths {
		streams[i] = openStreamPastFirstPing(ctx, t, e.URL+path, cookie)
	}
	execBehindServer(t, schema, `DELETE FROM accounts WHERE id = $1`, e.AccountID)
next:
	for i, lines := range streams {
		for lines.Scan() {
			if lines.Text() == "event: signedout" {
				continue next
			}
		}
		if ctx.Err() != nil {
			t.Errorf("%s: the stream of a removed account's session was still open 10 s after the account was removed, without a signedout event", paths[i])
			continue
		}
		t.Errorf("%s: the stream ended without a signedout event (%v)", paths[i], lines.Err())
	}
}
