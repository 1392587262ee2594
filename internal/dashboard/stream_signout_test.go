package dashboard_test

import (
	"bufio"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestLiveStreamsEndWhenTheirSessionIsSignedOut: signing out ends the open
// live streams of that session, the deliveries' and an inspector's
// (docs/dashboard.md), also when the streams' requests carried a second
// session cookie that is still signed in (a browser sends every
// esahayak_session cookie it holds, and the dashboard uses the first that
// names a session). The streams checked that any of the request's cookies
// named a session, so a signed-out session's streams went on showing its
// account for as long as the other session lived.
func TestLiveStreamsEndWhenTheirSessionIsSignedOut(t *testing.T) {
	e := startEnv(t, envOptions{StreamHeartbeat: 20 * time.Millisecond})
	for _, tc := range []struct {
		name        string
		withAnother bool
	}{
		{"one session cookie", false},
		{"another session's cookie sent after it", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			signedOut, other := e.signedIn(t), e.signedIn(t)
			r := signedOut.postForm("/dashboard/inspector", "/dashboard/inspector", nil)
			inspector, _, _ := strings.Cut(r.Location, "?")
			if r.Status != http.StatusSeeOther || !strings.HasPrefix(inspector, "/dashboard/inspector/insp") {
				t.Fatalf("create an inspector: %d %q", r.Status, r.Location)
			}
			cookie := "esahayak_session=" + signedOut.cookies["esahayak_session"].Value
			if tc.withAnother {
				cookie += "; esahayak_session=" + other.cookies["esahayak_session"].Value
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			streams := map[string]*bufio.Scanner{}
			for _, path := range []string{"/dashboard/live", inspector + "/live"} {
				req, err := http.NewRequestWithContext(ctx, http.MethodGet, e.URL+path, nil)
				if err != nil {
					t.Fatal(err)
				}
				req.Header.Set("Accept", "text/event-stream")
				req.Header.Set("Cookie", cookie)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				lines := bufio.NewScanner(resp.Body)
				// The stream's first heartbeat: it runs, its session found.
				for lines.Scan() && lines.Text() != ": ping" {
				}
				if lines.Err() != nil {
					t.Fatalf("%s: %v", path, lines.Err())
				}
				streams[path] = lines
			}
			if r := signedOut.postForm("/dashboard/", "/dashboard/signout", nil); r.Status != http.StatusSeeOther ||
				!strings.HasPrefix(r.Location, "/dashboard/signin") {
				t.Fatalf("sign out: %d %s", r.Status, r.Location)
			}
			if r := other.get("/dashboard/"); r.Status != http.StatusOK {
				t.Fatalf("the other session was signed out too: GET /dashboard/ answered %d %s", r.Status, r.Location)
			}
		next:
			for path, lines := range streams {
				for lines.Scan() {
					if lines.Text() == "event: signedout" {
						continue next
					}
				}
				if ctx.Err() != nil {
					t.Fatalf("%s: the stream of a signed-out session was still open 10 s after sign-out, without a signedout event", path)
				}
				t.Fatalf("%s: the stream ended without a signedout event (%v)", path, lines.Err())
			}
		})
	}
}
