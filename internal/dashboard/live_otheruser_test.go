package dashboard_test

import (
	"bufio"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

// A page's stream names the user the page was made for (user=, from its
// body's data-user). Asked for with another user's session (the browser
// signed in as someone else since the page loaded), it is answered as
// with no session, "signedout", instead of streaming that other account's
// deliveries into the page.
func TestLiveStreamForAnotherUsersPageSaysSignedOut(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	page := b.get("/dashboard/")
	const attr = `data-user="`
	i := strings.Index(page.Body, attr)
	if i < 0 || strings.HasPrefix(page.Body[i+len(attr):], `"`) {
		t.Fatalf("the overview's body names no user:\n%.1000s", page.Body)
	}
	first := func(user string) string {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, "GET", e.URL+"/dashboard/live?user="+user, nil)
		req.Header.Set("Accept", "text/event-stream")
		req.AddCookie(&http.Cookie{Name: "esahayak_session", Value: b.cookies["esahayak_session"].Value})
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "event: ") {
				return strings.TrimPrefix(sc.Text(), "event: ")
			}
		}
		return "(none: " + ctx.Err().Error() + ")"
	}
	if got := first("user_01m9000000000000000000000x"); got != "signedout" {
		t.Errorf("a stream for another user's page: first event %q; want signedout", got)
	}
}
