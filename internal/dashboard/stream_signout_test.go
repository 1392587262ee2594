package dashboard_test

import (
	"bufio"
	"context"
	"net/http"
	"net/url"
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
				streams[path] = openStreamPastFirstPing(ctx, t, e.URL+path, cookie)
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

// TestSignedOutStreamIsSentNothingMore: a live stream learnt of its
// session's sign-out only at its next heartbeat (20 s), and until then
// sent what came: the account's changes (here a key created in another
// session) and the inspector's captures, with their headers and bodies,
// to the stream of a session that no longer exists (a copied cookie's).
// Each is now sent only once the session is found still signed in.
func TestSignedOutStreamIsSentNothingMore(t *testing.T) {
	e := startEnv(t, envOptions{StreamHeartbeat: time.Hour})
	signedOut, other := e.signedIn(t), e.signedIn(t)
	page, captureURL := newInspector(t, e, signedOut)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	paths := []string{"/dashboard/live", page + "/live"}
	streams := map[string]*bufio.Scanner{}
	for _, path := range paths {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, e.URL+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Accept", "text/event-stream")
		req.Header.Set("Cookie", "esahayak_session="+signedOut.cookies["esahayak_session"].Value)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		lines := bufio.NewScanner(resp.Body)
		for lines.Scan() && lines.Text() != ": connected" {
		}
		if lines.Err() != nil {
			t.Fatalf("%s: %v", path, lines.Err())
		}
		streams[path] = lines
	}
	if r := signedOut.postForm("/dashboard/", "/dashboard/signout", nil); r.Status != http.StatusSeeOther {
		t.Fatalf("sign out: %d %s", r.Status, r.Location)
	}
	if r := other.postForm("/dashboard/settings/api-access", "/dashboard/settings/api-keys", url.Values{"name": {"after the sign-out"}}); r.Status != http.StatusOK {
		t.Fatalf("create a key in the other session: %d %.300s", r.Status, r.Body)
	}
	if st, body := send(t, "POST", captureURL, `{"secret": "sent after the sign-out"}`, nil); st != 200 {
		t.Fatalf("capture: %d %s", st, body)
	}
next:
	for _, path := range paths {
		lines := streams[path]
		for lines.Scan() {
			switch line := lines.Text(); {
			case line == "event: signedout":
				continue next
			case strings.HasPrefix(line, "event: "):
				t.Errorf("%s: the stream of a signed-out session was sent %q after the sign-out", path, line)
				continue next
			}
		}
		t.Errorf("%s: the stream ended without a signedout event (%v)", path, lines.Err())
	}
}

// openStreamPastFirstPing opens the live stream at u with the Cookie
// header cookie, and reads it up to its first heartbeat: past it, the
// stream runs and found its session. The stream closes with the test.
func openStreamPastFirstPing(ctx context.Context, t *testing.T, u, cookie string) *bufio.Scanner {
	t.Helper()
	return openStreamUpTo(ctx, t, u, cookie, ": ping")
}

// openStreamUpTo opens the live stream at u with the Cookie header
// cookie, and reads it up to the line marker. The stream closes with the
// test.
func openStreamUpTo(ctx context.Context, t *testing.T, u, cookie, marker string) *bufio.Scanner {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Cookie", cookie)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	lines := bufio.NewScanner(resp.Body)
	for lines.Scan() && lines.Text() != marker {
	}
	if lines.Err() != nil {
		t.Fatalf("%s: %v", u, lines.Err())
	}
	return lines
}
