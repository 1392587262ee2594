package dashboard

import (
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestSignInLimitsHoldNoLongEmail: the sign-in form takes up to 64 KiB,
// and each failed sign-in's email was kept as it was sent in two limiters
// (per email and address, per email), up to maxLimiterKeys keys each for
// the window: a guesser with many addresses (a botnet, or the /64s of one
// IPv6 /48) could hold gigabytes of memory with emails no user can have.
// Ten failures with 60 KiB emails must leave the limiters holding a small
// key each, and still count: the email's next failures from the address
// are refused at the per-email limit as before.
func TestSignInLimitsHoldNoLongEmail(t *testing.T) {
	st := testenv.SQLite(t)
	srv := testenv.Start(t, st, testenv.Options{})
	d, err := New(Config{AllowInsecureURLs: true, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}, st, srv.API, srv.Engine)
	if err != nil {
		t.Fatal(err)
	}
	d.Mount(srv.API)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get(srv.URL + "/dashboard/signin")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := regexp.MustCompile(`name="csrf" value="([^"]+)"`).FindSubmatch(page)
	if m == nil {
		t.Fatalf("no sign-in token: %.300s", page)
	}
	signIn := func(email string) int {
		t.Helper()
		form := url.Values{"csrf": {string(m[1])}, "email": {email}, "password": {"not the password"}}
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/dashboard/signin", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(&http.Cookie{Name: signInCookie, Value: string(m[1])})
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	long := strings.Repeat("a", 60<<10)
	const n = 10
	for i := range n {
		if got := signIn(long + strconv.Itoa(i) + "@example.com"); got != http.StatusUnauthorized {
			t.Fatalf("sign-in %d with a 60 KiB email: %d; want 401", i+1, got)
		}
	}
	held := 0
	for _, l := range []*failureLimiter{d.emailLimiter, d.ipLimiter, d.accountLimiter} {
		l.mu.Lock()
		for k := range l.failures {
			held += len(k)
		}
		l.mu.Unlock()
	}
	if held > 2*n*256 {
		t.Fatalf("after %d failed sign-ins with 60 KiB emails the limiters hold %d bytes of keys; want a small key per email", n, held)
	}
	// Still counted per email (and case-blind): four more failures of one
	// email, then the per-email limit refuses it.
	email := long + "0@example.com"
	for i := range 4 {
		if got := signIn(strings.ToUpper(email)); got != http.StatusUnauthorized {
			t.Fatalf("failure %d of the same email: %d; want 401", i+2, got)
		}
	}
	if got := signIn(email); got != http.StatusTooManyRequests {
		t.Fatalf("a sixth failure of the same email: %d; want 429", got)
	}
}
