package dashboard_test

import (
	"bufio"
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestLiveStreamsEndPromptlyWhenTheirAccountOrUserIsRemoved: an account
// (or a user) removed from the database tells no one, and the open live
// streams of its sessions checked them only at their heartbeat: with the
// default 20 seconds, a removed account's tabs went on showing it, Live,
// for up to 20 seconds, where a revoked API key's listen stream ends
// within 2. Each stream now checks every second, and says "signedout"
// within about that, with nothing to send.
func TestLiveStreamsEndPromptlyWhenTheirAccountOrUserIsRemoved(t *testing.T) {
	for _, tc := range []struct{ name, remove string }{
		{"account", `DELETE FROM accounts WHERE id = $1`},
		{"user", `DELETE FROM users WHERE account_id = $1`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			schema := testenv.NewSchema(t)
			e := startEnv(t, envOptions{Store: testenv.PostgresOn(t, schema)}) // the default heartbeat, 20 s
			b := e.signedIn(t)
			inspector, _ := newInspector(t, e, b)
			cookie := "esahayak_session=" + b.cookies["esahayak_session"].Value
			ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			defer cancel()
			paths := []string{"/dashboard/live", inspector + "/live"}
			streams := make([]*bufio.Scanner, len(paths))
			for i, path := range paths {
				streams[i] = openStreamConnected(ctx, t, e.URL+path, cookie)
			}
			conn, err := pgx.Connect(ctx, testenv.PostgresURL(schema))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close(context.Background())
			removed := time.Now()
			if _, err := conn.Exec(ctx, tc.remove, e.AccountID); err != nil {
				t.Fatal(err)
			}
			type result struct {
				signedOut bool
				after     time.Duration
			}
			results := make(chan result, len(streams))
			for _, lines := range streams {
				go func() {
					for lines.Scan() {
						if lines.Text() == "event: signedout" {
							results <- result{true, time.Since(removed)}
							return
						}
					}
					results <- result{false, time.Since(removed)}
				}()
			}
			const within = 3 * time.Second
			deadline := time.NewTimer(within)
			defer deadline.Stop()
			for range streams {
				select {
				case r := <-results:
					if !r.signedOut {
						t.Errorf("a stream of the removed %s's session ended after %v without a signedout event", tc.name, r.after.Round(time.Millisecond))
					}
				case <-deadline.C:
					t.Fatalf("a stream of the removed %s's session was still open %v after the %s was removed, without a signedout event", tc.name, within, tc.name)
				}
			}
		})
	}
}

// openStreamConnected opens the live stream at u with the Cookie header
// cookie, and reads it up to its ": connected" comment: its
// subscription is made by then. The stream closes with the test.
func openStreamConnected(ctx context.Context, t *testing.T, u, cookie string) *bufio.Scanner {
	t.Helper()
	return openStreamUpTo(ctx, t, u, cookie, ": connected")
}
