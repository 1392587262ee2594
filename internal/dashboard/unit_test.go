package dashboard

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash = %s", h)
	}
	h2, _ := HashPassword("correct horse battery")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: no salt")
	}
	for pw, want := range map[string]bool{"correct horse battery": true, "correct horse batterY": false, "": false} {
		ok, err := CheckPassword(h, pw)
		if err != nil || ok != want {
			t.Errorf("CheckPassword(%q) = %v, %v", pw, ok, err)
		}
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
		"$argon2id$v=19$m=99999999,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", "$argon2id$v=19$m=19456,t=2,p=1$!!$aGFzaA"} {
		if _, err := CheckPassword(bad, "whatever12"); err == nil {
			t.Errorf("CheckPassword accepted the hash %q", bad)
		}
	}
	if _, err := HashPassword("short"); err == nil || !strings.Contains(err.Error(), "at least 10 characters") {
		t.Fatalf("short password: %v", err)
	}
	if err := ValidatePassword("ten chars!"); err != nil {
		t.Fatalf("10 characters refused: %v", err)
	}
	if err := ValidatePassword("नमस्ते नमस्ते"); err != nil { // counted in characters, not bytes
		t.Fatalf("non-ASCII password: %v", err)
	}
}

func TestNormalizeEmail(t *testing.T) {
	for in, want := range map[string]string{"Dev@Example.COM": "dev@example.com", "dev@localhost": "dev@localhost", " a@b.co ": "a@b.co"} {
		got, err := NormalizeEmail(in)
		if err != nil || got != want {
			t.Errorf("NormalizeEmail(%q) = %q, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "dev", "Dev <dev@example.com>", "a@", "@b", "a b@c.d"} {
		if _, err := NormalizeEmail(bad); err == nil {
			t.Errorf("NormalizeEmail(%q) accepted", bad)
		}
	}
	// Invisible formatting characters (category Cf) make one address look
	// like another, or draw reversed; net/mail takes them. So do the
	// characters drawn as nothing or a blank that the API refuses in URLs
	// (admin\u034f@example.com beside admin@example.com).
	for bad, named := range map[string]string{"x\u202e@ex.com": "U+202E", "z\u200b\u2066w@ex.com": "U+200B", "dev\u200b@localhost": "U+200B", "\ufeffdev@localhost": "U+FEFF", "dev@local\u00adhost": "U+00AD",
		"admin\u034f@example.com": "U+034F", "pa\ufe00y@example.com": "U+FE00", "a\u115fb@example.com": "U+115F", "a\u3164b@example.com": "U+3164", "a\u2800b@example.com": "U+2800", "a\u00a0b@example.com": "U+00A0"} {
		_, err := NormalizeEmail(bad)
		if err == nil {
			t.Errorf("NormalizeEmail(%q) accepted", bad)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, named) || strings.ContainsAny(msg, "\u202e\u200b\u2066\ufeff\u00ad\u034f\ufe00\u115f\u3164\u2800\u00a0") || strings.Contains(msg, "\n") {
			t.Errorf("NormalizeEmail(%q): %q should name %s in one line, with no invisible character", bad, msg, named)
		}
	}
}

func TestFailureLimiter(t *testing.T) {
	l := newFailureLimiter(3, 10*time.Minute)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 3; i++ {
		if ok, _ := l.take("k", t0.Add(time.Duration(i)*time.Minute)); !ok {
			t.Fatalf("refused after %d failures", i)
		}
	}
	ok, wait := l.take("k", t0.Add(3*time.Minute))
	if ok || wait != 7*time.Minute {
		t.Fatalf("after 3 failures: allowed=%v wait=%v", ok, wait)
	}
	if ok, _ := l.take("other", t0); !ok {
		t.Fatal("another key is refused")
	}
	// The oldest failure leaves the window: one more attempt is allowed.
	if ok, _ := l.take("k", t0.Add(10*time.Minute+time.Second)); !ok {
		t.Fatal("still refused after the window slid")
	}
	l.reset("k")
	if ok, _ := l.take("k", t0.Add(4*time.Minute)); !ok {
		t.Fatal("refused after reset")
	}
	// An attempt given back (it succeeded) no longer counts.
	l.reset("k")
	for i := 0; i < 10; i++ {
		at := t0.Add(time.Duration(i) * time.Second)
		if ok, _ := l.take("k", at); !ok {
			t.Fatalf("attempt %d refused though every earlier one was given back", i)
		}
		l.giveBack("k", at)
	}
}

// TestFailureLimiterHoldsAgainstBursts: attempts sent at once each take a
// place before any password is checked, so no more than the limit get
// through, however many arrive together.
func TestFailureLimiterHoldsAgainstBursts(t *testing.T) {
	l := newFailureLimiter(5, 15*time.Minute)
	now := time.Now()
	var passed atomic.Int64
	var wg sync.WaitGroup
	for range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if ok, _ := l.take("k", now); ok {
				passed.Add(1)
			}
		}()
	}
	wg.Wait()
	if n := passed.Load(); n != 5 {
		t.Fatalf("%d of 200 simultaneous attempts got through; want the limit, 5", n)
	}
}

func TestFailureLimiterBoundsItsMemory(t *testing.T) {
	l := newFailureLimiter(5, time.Minute)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < maxLimiterKeys+10; i++ {
		l.take(fmt.Sprint(i), t0)
	}
	l.take("late", t0.Add(2*time.Minute))
	if n := len(l.failures); n > maxLimiterKeys+10 || n == 0 {
		t.Fatalf("%d keys after the sweep", n)
	}
	if len(l.failures) != 1 {
		t.Fatalf("expired keys not swept: %d left", len(l.failures))
	}
}

// TestClientNetwork: the sign-in limits count an IPv6 client by its /64
// (any of whose 2^64 addresses one host may take), an IPv4 client by its
// address, and an IPv4-mapped IPv6 address as the IPv4 address.
func TestClientNetwork(t *testing.T) {
	for _, c := range []struct{ remoteAddr, want string }{
		{"192.0.2.1:50000", "192.0.2.1"},
		{"192.0.2.2:50000", "192.0.2.2"},
		{"[2001:db8:1:2::1]:443", "2001:db8:1:2::/64"},
		{"[2001:db8:1:2:ffff:ffff:ffff:ffff]:1", "2001:db8:1:2::/64"},
		{"[2001:db8:1:2:a:b:c:d]:2", "2001:db8:1:2::/64"},
		{"[2001:db8:1:3::1]:443", "2001:db8:1:3::/64"},
		{"[2001:db8::1]:443", "2001:db8::/64"},
		{"[::ffff:192.0.2.1]:50000", "192.0.2.1"},
		{"[::ffff:c000:0201]:1", "192.0.2.1"},
		{"[fe80::1%eth0]:1", "fe80::/64"},
		{"[::1]:1", "::/64"},
		{"192.0.2.3", "192.0.2.3"}, // no port
		{"@", "@"},                 // not TCP: kept
	} {
		if got := clientNetwork(c.remoteAddr); got != c.want {
			t.Errorf("clientNetwork(%q) = %q, want %q", c.remoteAddr, got, c.want)
		}
	}
}

// TestKnownClients: a network is known for keep after its last successful
// sign-in, and the memory stays bounded.
func TestKnownClients(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	k := newKnownClients(time.Hour)
	k.add("a@example.com\x00192.0.2.1", now)
	if !k.has("a@example.com\x00192.0.2.1", now.Add(time.Hour-time.Second)) {
		t.Fatal("forgotten within keep")
	}
	if k.has("b@example.com\x00192.0.2.1", now) || k.has("a@example.com\x00192.0.2.2", now) {
		t.Fatal("another email or network counted as known")
	}
	if k.has("a@example.com\x00192.0.2.1", now.Add(time.Hour)) {
		t.Fatal("still known after keep")
	}
	for i := range maxLimiterKeys + 10 {
		k.add(fmt.Sprint(i), now.Add(time.Duration(i)))
	}
	if len(k.seen) > maxLimiterKeys {
		t.Fatalf("%d entries, want at most %d", len(k.seen), maxLimiterKeys)
	}
	if !k.has(fmt.Sprint(maxLimiterKeys+9), now) || k.has("0", now) {
		t.Fatal("the bound evicted the newest entry, or kept the oldest")
	}
}

func TestRequestRules(t *testing.T) {
	for host, want := range map[string]bool{"127.0.0.1:8080": true, "localhost": true, "[::1]:80": true, "app.localhost:3000": true,
		"127.1.2.3": true, "example.com": false, "192.168.1.5:8080": false, "10.0.0.1": false} {
		if got := isLoopbackHost(host); got != want {
			t.Errorf("isLoopbackHost(%q) = %v", host, got)
		}
	}
	for next, want := range map[string]string{"/dashboard/orders?status=FAILED": "/dashboard/orders?status=FAILED", "": "/dashboard/",
		"//evil.example": "/dashboard/", "https://evil.example/dashboard/": "/dashboard/", "/dashboard/\\evil": "/dashboard/",
		// A browser drops tabs and newlines: ".\t." is "..", and this one
		// would land on /inspect/T, off the dashboard.
		"/dashboard/.\t./.\t./inspect/T": "/dashboard/", "/dashboard/.\n./x": "/dashboard/", "/dashboard/a b": "/dashboard/",
		"/dashboard/.\x7f./x": "/dashboard/",
		// The redirect cleans a fragment with the path when no query is
		// between them: this one led to /inspect/T.
		"/dashboard/x#/../../inspect/T": "/dashboard/x", "/dashboard/endpoints#/../../../healthz": "/dashboard/endpoints",
		"/dashboard/x?a=1#/../..": "/dashboard/x?a=1", "/dashboard/endpoints/we_1#secret": "/dashboard/endpoints/we_1#secret",
		// A notice would claim, after sign-in, that something was done.
		"/dashboard/?notice=test_sent":                                    "/dashboard/",
		"/dashboard/endpoints/we_1?notice=recovered&n=9&tab=x#secret":     "/dashboard/endpoints/we_1?tab=x#secret",
		"/dashboard/endpoints/we_1?notice=recovered&n=0&m=2&tab=x":        "/dashboard/endpoints/we_1?tab=x",
		"/dashboard/deliveries?status=failed&notice=resent&endpoint=we_1": "/dashboard/deliveries?endpoint=we_1&status=failed",
		// Only a page: a stream, sign-out (a POST) or a static file left
		// the browser on an endless stream, a 405 or a script's text.
		"/dashboard/live": "/dashboard/", "/dashboard/live?x=1": "/dashboard/", "/dashboard/signout": "/dashboard/",
		"/dashboard/static/app.js": "/dashboard/", "/dashboard/%6cive": "/dashboard/", "/dashboard/%73tatic/app.js": "/dashboard/",
		"/dashboard/inspector/in_1/live":   "/dashboard/inspector/in_1",
		"/dashboard/endpoints/we_1/status": "/dashboard/endpoints/we_1"} {
		if got := safeNext(next); got != want {
			t.Errorf("safeNext(%q) = %q", next, got)
		}
	}
	r, _ := http.NewRequest("POST", "http://127.0.0.1/x", nil)
	r.Host = "127.0.0.1:8080"
	for origin, want := range map[string]bool{"": true, "http://127.0.0.1:8080": true, "https://evil.example": false, "http://127.0.0.1:9999": false, "null": false} {
		r.Header.Set("Origin", origin)
		if got := sameOrigin(r); got != want {
			t.Errorf("sameOrigin(Origin %q) = %v", origin, got)
		}
	}
	r.Header.Del("Origin")
	r.Header.Set("Sec-Fetch-Site", "cross-site")
	if sameOrigin(r) {
		t.Error("Sec-Fetch-Site: cross-site accepted")
	}
}

func TestParseLocalTime(t *testing.T) {
	want := time.Date(2026, 1, 15, 10, 30, 0, 0, time.UTC)
	for _, in := range []string{"2026-01-15T10:30", "2026-01-15T10:30:00", "2026-01-15 10:30", "2026-01-15T16:00:00+05:30"} {
		got, ok := parseLocalTime(in)
		if !ok || !got.Equal(want) {
			t.Errorf("parseLocalTime(%q) = %v, %v", in, got, ok)
		}
	}
	if _, ok := parseLocalTime("yesterday"); ok {
		t.Error("parsed yesterday")
	}
}

func TestChartsAreWellFormedSVG(t *testing.T) {
	start := time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)
	buckets := []store.StatsBucket{
		{Start: start, Attempts: 4, Succeeded: 3, Failed: 1, Retries: 1, AvgMillis: 120},
		{Start: start.Add(3 * time.Hour), Attempts: 2, Succeeded: 2, AvgMillis: 80.5},
	}
	charts := seriesCharts(start, time.Hour, 24, buckets)
	if len(charts) != 4 {
		t.Fatalf("%d charts", len(charts))
	}
	for _, c := range charts {
		svg := string(c.SVG())
		if err := xml.Unmarshal([]byte(svg), new(struct{})); err != nil {
			t.Fatalf("%s: not well-formed: %v\n%s", c.Title, err, svg)
		}
		if !strings.Contains(svg, `role="img"`) || !strings.Contains(svg, "<title>"+c.Title) {
			t.Errorf("%s: not labelled", c.Title)
		}
		if strings.Contains(svg, "style=") {
			t.Errorf("%s: inline style (the CSP forbids it)", c.Title)
		}
	}
	success := string(charts[0].SVG())
	// Buckets 0 and 3 have values, far apart: no line joins them over the gap.
	if strings.Count(success, "<circle") != 2 || strings.Contains(success, "<polyline") {
		t.Errorf("success chart should have two dots and no line across the gap:\n%s", success)
	}
	if !strings.Contains(success, "75%") || !strings.Contains(success, "100%") {
		t.Errorf("success chart values missing:\n%s", success)
	}
	if got := string(charts[3].SVG()); strings.Count(got, "<rect") != 1 {
		t.Errorf("retries chart should have one bar:\n%s", got)
	}
	empty := string(seriesCharts(start, time.Hour, 24, nil)[1].SVG())
	if !strings.Contains(empty, "No attempts in this period") {
		t.Errorf("empty chart:\n%s", empty)
	}
	for in, want := range map[float64]float64{0: 1, 0.4: 1, 3: 5, 12: 20, 120: 200, 999: 1000, 5000: 5000} {
		if got := niceCeil(in); got != want {
			t.Errorf("niceCeil(%v) = %v, want %v", in, got, want)
		}
	}
}

func TestInspectorMemoryBudget(t *testing.T) {
	one := (&capture{Body: make([]byte, 4)}).memoryCost()
	s := newInspectors(InspectorLimits{TotalBytes: 2*one + one/2, Captures: 100, PerAccount: 5, TTL: time.Hour, BodyBytes: 64})
	now := time.Now()
	a, _ := s.create("acct_a", now)
	b, _ := s.create("acct_b", now)
	add := func(tok string, n int) {
		if _, ok := s.add(tok, &capture{Body: make([]byte, n)}, now); !ok {
			t.Fatal("add refused")
		}
	}
	add(a.Token, 4)
	add(b.Token, 4)
	add(a.Token, 4) // three do not fit: the oldest (a's first) goes
	_, ca, _ := s.get("acct_a", a.ID, now)
	_, cb, _ := s.get("acct_b", b.ID, now)
	if len(ca) != 1 || ca[0].Seq != 2 || len(cb) != 1 || s.bytes != 2*one {
		t.Fatalf("after eviction: a=%d b=%d bytes=%d", len(ca), len(cb), s.bytes)
	}
	if !s.delete("acct_a", a.ID, now) || s.bytes != one || s.all.Len() != 1 {
		t.Fatalf("after delete: bytes=%d kept=%d", s.bytes, s.all.Len())
	}
	if s.delete("acct_a", b.ID, now) {
		t.Fatal("deleted another account's inspector")
	}
}

// Headers, paths and queries count against the instance's budget like
// bodies: requests with large headers and no body must not hold memory
// without bound.
func TestInspectorMemoryBudgetCountsHeaders(t *testing.T) {
	now := time.Now()
	bare := func(token string) *capture {
		return &capture{Method: "GET", Path: "/inspect/" + token, RawQuery: strings.Repeat("q", 50)}
	}
	budget := 10 * bare(strings.Repeat("t", 43)).memoryCost()
	s := newInspectors(InspectorLimits{TotalBytes: budget, Captures: 100, PerAccount: 5, TTL: time.Hour, BodyBytes: 64})
	a, _ := s.create("acct_a", now)
	for i := 0; i < 20; i++ {
		c := bare(a.Token)
		c.header = http.Header{"X-Big": {strings.Repeat("x", 2000)}}
		c.Headers = []header{{"X-Big", strings.Repeat("x", 2000)}}
		if _, ok := s.add(a.Token, c, now); !ok {
			t.Fatal("add refused")
		}
	}
	_, kept, _ := s.get("acct_a", a.ID, now)
	// Ten bare captures fit; with 2,000 bytes of headers kept twice, at
	// most a third as many.
	if s.bytes > budget || len(kept) > 4 || len(kept) == 0 {
		t.Fatalf("bodiless captures with 2,000-byte headers: kept %d, %d bytes counted (budget %d, ten bare captures)", len(kept), s.bytes, budget)
	}
	if !s.delete("acct_a", a.ID, now) || s.bytes != 0 {
		t.Fatalf("after delete: %d bytes counted", s.bytes)
	}
}

// Response times from a second up are said in seconds: the y-axis labels
// stay short enough for the room chart.go leaves them.
func TestChartLabelsInSeconds(t *testing.T) {
	for in, want := range map[float64]string{5000: "5 s", 2500: "2.5 s", 1000: "1 s", 500: "500 ms", 0: "0 ms", 12500: "13 s",
		// Rounded before the unit is chosen: never "1000 ms" or "10.0 s".
		999.6: "1 s", 999.4: "999 ms", 9960: "10 s", 9940: "9.9 s", 2.45: "2.5 ms", 0.04: "0 ms"} {
		if got := formatValue(in, " ms"); got != want {
			t.Errorf("formatValue(%v ms) = %q, want %q", in, got, want)
		}
	}
	start := time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC)
	c := seriesCharts(start, time.Hour, 24, []store.StatsBucket{{Start: start, Attempts: 1, Succeeded: 1, AvgMillis: 4001}})[1]
	svg := string(c.SVG())
	for _, want := range []string{">5 s</text>", ">2.5 s</text>", ">0 ms</text>"} {
		if !strings.Contains(svg, want) {
			t.Errorf("response-time chart lacks the label %s:\n%s", want, svg)
		}
	}
	// A count's axis has no half: retries 0 and 1, not 0.5.
	retries := string(seriesCharts(start, time.Hour, 24, []store.StatsBucket{{Start: start, Attempts: 1, Succeeded: 1}})[3].SVG())
	if strings.Contains(retries, ">0.5</text>") || !strings.Contains(retries, ">1</text>") {
		t.Errorf("retry chart with no retries labels its axis:\n%s", retries)
	}
}

// TestPasswordChecksWaitBoundedly: with every hashing slot taken, at most
// maxHashWaiting checks wait for one; the next is refused at once (busy),
// and a waiter whose request ends leaves without hashing.
func TestPasswordChecksWaitBoundedly(t *testing.T) {
	h, err := HashPassword("a long passphrase")
	if err != nil {
		t.Fatal(err)
	}
	for range cap(hashSlots) {
		hashSlots <- struct{}{}
	}
	defer func() {
		for range cap(hashSlots) {
			<-hashSlots
		}
	}()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel() // the waiters leave if the test ends early
	errs := make(chan error, maxHashWaiting)
	for range maxHashWaiting {
		go func() { _, err := checkPassword(ctx, h, "a long passphrase"); errs <- err }()
	}
	deadline := time.Now().Add(10 * time.Second)
	for hashWaiting.Load() < maxHashWaiting {
		if time.Now().After(deadline) {
			// Otherwise the check below would find room and not test the
			// refusal of the one past maxHashWaiting.
			t.Fatalf("%d of %d password checks were waiting for a hashing slot after 10s; want all of them waiting", hashWaiting.Load(), maxHashWaiting)
		}
		time.Sleep(time.Millisecond)
	}
	start := time.Now()
	if _, err := checkPassword(context.Background(), h, "a long passphrase"); !errors.Is(err, errHashBusy) {
		t.Fatalf("check %d with every slot taken: %v, want errHashBusy", maxHashWaiting+1, err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("the busy answer took %v", took)
	}
	cancel()
	for range maxHashWaiting {
		if err := <-errs; !errors.Is(err, context.Canceled) {
			t.Errorf("a waiter whose request ended: %v, want context.Canceled", err)
		}
	}
	if n := hashWaiting.Load(); n != 0 {
		t.Errorf("%d waiters left", n)
	}
}

// TestPasswordCheckOfAGoneClientIsNotHashed: a sign-in whose client went
// away is not checked (and so, by the handler, not counted), even with a
// slot free; one that was checked is counted whatever happens after.
func TestPasswordCheckOfAGoneClientIsNotHashed(t *testing.T) {
	h, err := HashPassword("a long passphrase")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if ok, err := checkPassword(ctx, h, "a long passphrase"); ok || !errors.Is(err, context.Canceled) {
		t.Fatalf("check for a client gone: %v, %v; want false, context.Canceled (not hashed)", ok, err)
	}
}

// A page that falls behind an inspector's captures is told so: the last
// place of its channel is kept for missedCaptures, after which captures are
// dropped until it reads on. It was never told, and kept showing captures
// that were no longer the newest.
func TestInspectorTellsASlowPageWhatItMissed(t *testing.T) {
	s := newInspectors(InspectorLimits{TotalBytes: 1 << 30, Captures: 1000, PerAccount: 5, TTL: time.Hour, BodyBytes: 64})
	now := time.Now()
	in, _ := s.create("acct_a", now)
	ch, cancel, _, ok := s.subscribe("acct_a", in.ID, now)
	if !ok {
		t.Fatal("subscribe refused")
	}
	defer cancel()
	for i := 0; i < 200; i++ {
		if _, ok := s.add(in.Token, &capture{}, now); !ok {
			t.Fatal("add refused")
		}
	}
	var got []*capture
	for len(ch) > 0 {
		got = append(got, <-ch)
	}
	if len(got) != cap(ch) || got[len(got)-1] != missedCaptures {
		t.Fatalf("read %d, last %p; want %d, the last missedCaptures", len(got), got[len(got)-1], cap(ch))
	}
	for i, c := range got[:len(got)-1] {
		if c.Seq != i+1 {
			t.Fatalf("capture %d has seq %d", i, c.Seq)
		}
	}
	// Read on: new captures come again.
	if _, ok := s.add(in.Token, &capture{}, now); !ok {
		t.Fatal("add refused")
	}
	if c := <-ch; c.Seq != 201 {
		t.Fatalf("after the page read on: seq %d", c.Seq)
	}
	// Behind again, and reading one capture per capture added: one mark
	// while it waits to be read, not one per capture.
	for len(ch) < cap(ch) {
		s.add(in.Token, &capture{}, now)
	}
	marks := 0
	for i := 0; i < 300; i++ {
		if <-ch == missedCaptures {
			marks++
		}
		s.add(in.Token, &capture{}, now)
	}
	if marks > 10 { // one per channel's length at most
		t.Fatalf("%d marks over 300 captures read one by one behind a full channel", marks)
	}
}

// The API's messages mark commands with backticks, as Markdown; the page
// shows words.
func TestPageMessagesDropCodeMarks(t *testing.T) {
	msg := "url must use https:// (HTTP is not supported; for local development run the server with --allow-insecure-urls, or use `esahayak listen`)"
	if got := sentence(msg); strings.Contains(got, "`") || !strings.HasPrefix(got, "The URL must use https://") || !strings.Contains(got, "or use esahayak listen).") {
		t.Errorf("sentence = %q", got)
	}
	if got := refusal(&apiError{Code: "something_new", Message: "use `esahayak listen` instead"}, "secret"); got != "use esahayak listen instead" {
		t.Errorf("refusal = %q", got)
	}
}

// Only tokens the dashboard could have issued are kept: a client's form
// of a megabyte for "once" was stored as sent, 100,000 of them allowed.
func TestOnceFormsKeepOnlyIssuedTokens(t *testing.T) {
	var o onceForms
	now := time.Now()
	for _, bogus := range []string{strings.Repeat("x", 1<<20), "short", strings.Repeat("!", 22), ""} {
		if !o.take("session", bogus, now) || !o.take("session", bogus, now) {
			t.Errorf("a token of %d bytes that was never issued refused the action", len(bogus))
		}
	}
	if len(o.used) != 0 {
		t.Fatalf("%d tokens kept that were never issued", len(o.used))
	}
	tok := onceToken()
	if !o.take("session", tok, now) || o.take("session", tok, now) || !o.take("other session", tok, now) {
		t.Fatal("an issued token does not act once per session")
	}
	o.giveBack("session", tok)
	if !o.take("session", tok, now) {
		t.Fatal("a token given back does not act again")
	}
}

// TestChartTimesNameTheirDayAcrossMidnight: the 24 h charts labelled
// their axis and their table's intervals with the time alone, so the axis
// of a day read "21:10 … 09:10 … 20:10", yesterday's 21:10 at its left and
// today's 20:10 at its right with nothing to tell them apart, and the
// table listed 21:10 above 20:10. A chart whose intervals fall on more
// than one UTC day names the day with each time, as the 7 d charts do; an
// hour's chart within one day keeps the time alone.
func TestChartTimesNameTheirDayAcrossMidnight(t *testing.T) {
	// The time labels, the last three (the value axis's come first).
	labels := func(c chart) []string {
		var out []string
		for _, m := range regexp.MustCompile(`<text class="chart-label"[^>]*>([^<]*)</text>`).FindAllStringSubmatch(string(c.SVG()), -1) {
			out = append(out, m[1])
		}
		return out[max(0, len(out)-3):]
	}
	for _, tc := range []struct {
		start       time.Time
		step        time.Duration
		n           int
		axis        []string
		first, last string
	}{
		{time.Date(2026, 12, 6, 21, 10, 0, 0, time.UTC), time.Hour, 24,
			[]string{"Dec 6 21:10", "Dec 7 09:10", "Dec 7 20:10"}, "Dec 6 21:10", "Dec 7 20:10"},
		{time.Date(2026, 12, 7, 23, 30, 0, 0, time.UTC), 2 * time.Minute, 30,
			[]string{"Dec 7 23:30", "Dec 8 00:00", "Dec 8 00:28"}, "Dec 7 23:30", "Dec 8 00:28"},
		{time.Date(2026, 12, 7, 10, 0, 0, 0, time.UTC), 2 * time.Minute, 30,
			[]string{"10:00", "10:30", "10:58"}, "10:00", "10:58"},
		{time.Date(2026, 11, 30, 21, 10, 0, 0, time.UTC), 6 * time.Hour, 28,
			[]string{"Nov 30 21:10", "Dec 4 09:10", "Dec 7 15:10"}, "Nov 30 21:10", "Dec 7 15:10"},
	} {
		c := seriesCharts(tc.start, tc.step, tc.n, []store.StatsBucket{{Start: tc.start, Attempts: 1, Succeeded: 1}})[0]
		if got := labels(c); !slices.Equal(got, tc.axis) {
			t.Errorf("%d × %v from %s: the axis reads %q, want %q", tc.n, tc.step, tc.start.Format(time.RFC3339), got, tc.axis)
		}
		rows := c.Rows()
		if rows[0].When != tc.first || rows[len(rows)-1].When != tc.last {
			t.Errorf("%d × %v from %s: the table runs from %q to %q, want %q to %q", tc.n, tc.step, tc.start.Format(time.RFC3339),
				rows[0].When, rows[len(rows)-1].When, tc.first, tc.last)
		}
	}
}
