package dashboard_test

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// browserFrom is a browser whose connections to base come from the local
// address src (a loopback address: 127.0.0.2, 127.0.0.3, … or ::1), as
// from another client.
func (e *env) browserFrom(t testing.TB, base, src string) *browser {
	t.Helper()
	ip := net.ParseIP(src)
	if ip == nil {
		t.Fatalf("not an IP address: %q", src)
	}
	tr := &http.Transport{DialContext: (&net.Dialer{LocalAddr: &net.TCPAddr{IP: ip}}).DialContext}
	t.Cleanup(tr.CloseIdleConnections)
	b := e.browser(t)
	b.base = base
	b.client.Transport = tr
	return b
}

// onIPv6Loopback serves the env's server on [::1] too and returns its
// base URL, or "" when this machine has no IPv6 loopback.
func (e *env) onIPv6Loopback(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		t.Logf("no IPv6 loopback (%v): that client comes from IPv4", err)
		return ""
	}
	hs := httptest.NewUnstartedServer(e.API)
	hs.Listener.Close()
	hs.Listener = ln
	hs.Start()
	t.Cleanup(hs.Close)
	return hs.URL
}

// TestSignInLimitPerEmailAcrossAddresses: wrong passwords for one email
// from many client addresses (127.0.0.2, .3, .4 and ::1, five each, as
// many as each address may) fill the email's limit across addresses; a
// further address is then refused (429, the per-address answer) even with
// the right password, while the address the user signed in from before
// still signs in, and other emails are not held. The window slides as the
// per-address one does.
func TestSignInLimitPerEmailAcrossAddresses(t *testing.T) {
	e := startEnv(t, envOptions{})
	base := e.URL
	home := e.browserFrom(t, base, "127.0.0.9")
	if r := home.signIn(e.Email, e.Password); r.Status != http.StatusSeeOther {
		t.Fatalf("the user's own sign-in: %d %.300s", r.Status, r.Body)
	}

	type client struct{ base, src string }
	guessers := []client{{base, "127.0.0.2"}, {base, "127.0.0.3"}, {base, "127.0.0.4"}}
	if v6 := e.onIPv6Loopback(t); v6 != "" {
		guessers = append(guessers, client{v6, "::1"})
	} else {
		guessers = append(guessers, client{base, "127.0.0.5"})
	}
	for _, c := range guessers {
		b := e.browserFrom(t, c.base, c.src)
		for i := range 5 {
			if r := b.signIn(e.Email, "not the password"); r.Status != http.StatusUnauthorized {
				t.Fatalf("failure %d from %s: %d; want 401", i+1, c.src, r.Status)
			}
		}
		if r := b.signIn(e.Email, "not the password"); r.Status != http.StatusTooManyRequests {
			t.Fatalf("a sixth failure from %s: %d; want 429", c.src, r.Status)
		}
	}

	// 20 failures for the email from four addresses: a fifth address with
	// none of its own is refused, its guess unchecked.
	fresh := e.browserFrom(t, base, "127.0.0.6")
	r := fresh.signIn(e.Email, "another guess")
	if r.Status != http.StatusTooManyRequests {
		t.Fatalf("a guess from a new address after 20 failures from four: %d; want 429", r.Status)
	}
	mustContain(t, r.Body, "Too many failed sign-in attempts. Try again in ")
	// The right password too: letting it through would tell a guesser
	// with many addresses which guess was right.
	if r := fresh.signIn(e.Email, e.Password); r.Status != http.StatusTooManyRequests {
		t.Fatalf("the right password from a new address after 20 failures from four: %d; want 429", r.Status)
	}
	// The address the user signed in from is not held by the guessers.
	if r := e.browserFrom(t, base, "127.0.0.9").signIn(e.Email, e.Password); r.Status != http.StatusSeeOther {
		t.Fatalf("the right password from the user's own address: %d %.300s", r.Status, r.Body)
	}
	// Nor is another email from the new address.
	other := "ops@example.com"
	if _, err := createUser(e, other); err != nil {
		t.Fatal(err)
	}
	if r := fresh.signIn(other, e.Password); r.Status != http.StatusSeeOther {
		t.Fatalf("another email from the new address: %d %.300s", r.Status, r.Body)
	}

	// The window slides: once the failures are 15 minutes old, the new
	// address signs in.
	e.clock.Advance(15*time.Minute + time.Second)
	if r := e.browserFrom(t, base, "127.0.0.6").signIn(e.Email, e.Password); r.Status != http.StatusSeeOther {
		t.Fatalf("the right password from the new address after the window: %d %.300s", r.Status, r.Body)
	}
}

// TestSignInLimitPerAddressAcrossEmails: one client address may fail ten
// times the per-email limit (50) across all emails together; the next
// attempt from it is refused (429), with any email and even with the right
// password, while another address signs in. The attempts that limit
// refused are not counted against their email there: once the guesser's
// failures leave the window, the user signs in from that address at once.
// No test failed when the address's limit was 100 times the per-email one,
// nor when a refused attempt stayed counted for its email (mutation
// testing, by hand): the user was then locked out for another window.
func TestSignInLimitPerAddressAcrossEmails(t *testing.T) {
	e := startEnv(t, envOptions{})
	guesser := e.browserFrom(t, e.URL, "127.0.0.20")
	for i := range 50 {
		email := fmt.Sprintf("guess%d@example.com", i/4) // 4 each: under the per-email limit
		if r := guesser.signIn(email, "not the password"); r.Status != http.StatusUnauthorized {
			t.Fatalf("failure %d from one address (%s): %d; want 401", i+1, email, r.Status)
		}
	}
	if r := guesser.signIn("fresh@example.com", "not the password"); r.Status != http.StatusTooManyRequests {
		t.Fatalf("a 51st failure from one address with a new email: %d; want 429", r.Status)
	}
	e.clock.Advance(10 * time.Minute)
	user := e.browserFrom(t, e.URL, "127.0.0.20")
	for i := range 5 {
		if r := user.signIn(e.Email, e.Password); r.Status != http.StatusTooManyRequests {
			t.Fatalf("the right password from the full address (try %d): %d; want 429", i+1, r.Status)
		}
	}
	if r := e.browserFrom(t, e.URL, "127.0.0.21").signIn(e.Email, e.Password); r.Status != http.StatusSeeOther {
		t.Fatalf("the right password from another address: %d; want 303", r.Status)
	}
	e.clock.Advance(6 * time.Minute) // the guesser's failures are 16 min old, the user's tries 6
	if r := user.signIn(e.Email, e.Password); r.Status != http.StatusSeeOther {
		t.Fatalf("the right password once the guesser's failures left the window: %d; want 303 (the tries the address's limit refused were counted for the email)", r.Status)
	}
}
