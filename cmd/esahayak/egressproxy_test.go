package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/backoff"
)

// TestEgressProxyPortOutOfRangeRefused: a --egress-proxy whose port no
// connection can be made to (0, or past 65535) is refused at start with a
// usage error that names the flag and says what a port must be, as the
// README's configuration table promises for a bad value. url.Parse takes
// any digits as a port, so the server used to start, and every delivery
// then failed as `proxy` with nothing at start to say why. A port in range,
// or none (the scheme's default), is taken: serve goes on to its next
// check, the database's, which refuses the test's "nodb:" before any I/O.
func TestEgressProxyPortOutOfRangeRefused(t *testing.T) {
	start := func(proxy string) usageError { t.Helper(); return startWithEgressProxy(t, proxy) }
	for _, proxy := range []string{"http://127.0.0.1:99999", "https://proxy.internal:0", "socks5://u:PROXYPW@127.0.0.1:65536", "http://[::1]:100000"} {
		ue := start(proxy)
		if !strings.HasPrefix(ue.msg, "--egress-proxy") || !strings.Contains(ue.msg, "port must be from 1 to 65535") {
			t.Errorf("--egress-proxy %q: %q; want it refused for its port", proxy, ue.msg)
		}
		if strings.Contains(ue.msg, "PROXYPW") {
			t.Errorf("--egress-proxy %q: the refusal shows the password: %s", proxy, ue.msg)
		}
	}
	for _, proxy := range []string{"http://127.0.0.1:3128", "https://proxy.internal", "socks5://127.0.0.1:1", "http://[::1]:65535"} {
		if ue := start(proxy); !strings.HasPrefix(ue.msg, "--db") {
			t.Errorf("--egress-proxy %q: %q; want it taken (the start to stop at --db)", proxy, ue.msg)
		}
	}
}

// A proxy is reached by its host and port: a path, query or fragment in
// --egress-proxy was silently dropped, so an operator who meant something
// by it learnt nothing. It is refused at start, exit 2, without showing
// the password; a bare trailing slash is still taken.
func TestEgressProxyWithPathOrQueryRefused(t *testing.T) {
	start := func(proxy string) usageError { t.Helper(); return startWithEgressProxy(t, proxy) }
	for _, proxy := range []string{"http://127.0.0.1:3128/proxy.pac", "https://u:PROXYPW@proxy.internal:443/x/", "socks5://127.0.0.1:1080?token=abc",
		"http://127.0.0.1:3128/?", "http://127.0.0.1:3128#frag", "http://127.0.0.1:3128/#", "http://[::1]:3128//"} {
		ue := start(proxy)
		if !strings.HasPrefix(ue.msg, "--egress-proxy") || !strings.Contains(ue.msg, "path, query or fragment") {
			t.Errorf("--egress-proxy %q: %q; want it refused for its path, query or fragment", proxy, ue.msg)
		}
		if strings.Contains(ue.msg, "PROXYPW") {
			t.Errorf("--egress-proxy %q: the refusal shows the password: %s", proxy, ue.msg)
		}
	}
	for _, proxy := range []string{"http://127.0.0.1:3128/", "https://u:p@proxy.internal/", "socks5://127.0.0.1:1080"} {
		if ue := start(proxy); !strings.HasPrefix(ue.msg, "--db") {
			t.Errorf("--egress-proxy %q: %q; want it taken (the start to stop at --db)", proxy, ue.msg)
		}
	}
}

// A --egress-proxy with a port but no host ("http://:3128", a variable
// left empty in "http://$PROXY_HOST:3128") started the server, and every
// delivery then went to this machine's port 3128, or failed as `proxy`
// with nothing to say the host was missing. It is refused at start, as
// --api-base and --forward-to refuse one, without showing the password.
func TestEgressProxyWithoutHostRefused(t *testing.T) {
	for _, proxy := range []string{"http://:3128", "https://:443", "socks5://u:PROXYPW@:1080", "http://:3128/", "http://u:PROXYPW@:"} {
		ue := startWithEgressProxy(t, proxy)
		if !strings.HasPrefix(ue.msg, "--egress-proxy") || !strings.Contains(ue.msg, "has no host") {
			t.Errorf("--egress-proxy %q: %q; want it refused for its missing host", proxy, ue.msg)
		}
		if strings.Contains(ue.msg, "PROXYPW") {
			t.Errorf("--egress-proxy %q: the refusal shows the password: %s", proxy, ue.msg)
		}
	}
}

// The example in the refusal of an --egress-proxy with no host keeps its
// port only when that port would be taken: "https://:0" was told "e.g.
// https://proxy.internal:0", which is refused in turn for its port.
func TestEgressProxyWithoutHostExampleIsTaken(t *testing.T) {
	for proxy, want := range map[string]string{"https://:0": "e.g. https://proxy.internal;", "http://:99999": "e.g. http://proxy.internal;",
		"http://:3128": "e.g. http://proxy.internal:3128;"} {
		ue := startWithEgressProxy(t, proxy)
		if !strings.Contains(ue.msg+";", want) {
			t.Errorf("--egress-proxy %q: %q; want %q", proxy, ue.msg, want)
		}
	}
}

// startWithEgressProxy starts serve with --egress-proxy proxy and a --db
// that is refused after the proxy is checked, and returns the usage error
// that stopped it: the proxy's refusal, or the --db one if it was taken.
func startWithEgressProxy(t *testing.T, proxy string) usageError {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	c := serveConfig{db: "nodb:", egressProxy: proxy, retrySchedule: backoff.DefaultSchedule().String(), attemptTimeout: 10 * time.Second}
	err := serve(context.Background(), c, log)
	var ue usageError
	if !errors.As(err, &ue) {
		t.Fatalf("--egress-proxy %q: %T %v; want a usage error", proxy, err, err)
	}
	return ue
}

// TestEgressProxyRefusalQuotesWhatWasTyped: a refused --egress-proxy is
// quoted exactly as typed but for its password. It was quoted as url.Parse
// read it, without its user info: an empty fragment was dropped
// ("…:3128/#" refused for a fragment, quoted as "…:3128/"), and a "#" (or
// "/", "?") typed as is in the password cut the host short, so the URL
// quoted was "http://127.0.0.1:3128", one with nothing wrong with it, or,
// where the user info then read as a host and port ("u:1234#5678@…"), the
// URL with its password. Such a password now also gets a word on how to
// write it.
func TestEgressProxyRefusalQuotesWhatWasTyped(t *testing.T) {
	for _, c := range []struct {
		proxy, quoted string
		hint          bool // the word on writing / ? # in the user info as %2F %3F %23
	}{
		{"http://u:PROXYPW@127.0.0.1:3128/#", `"http://u:xxxxx@127.0.0.1:3128/#"`, false},
		{"http://u:PROXYPW@127.0.0.1:3128#", `"http://u:xxxxx@127.0.0.1:3128#"`, false},
		{"socks5://u:PROXYPW@127.0.0.1:1080/#x", `"socks5://u:xxxxx@127.0.0.1:1080/#x"`, false},
		{"http://u:PROXY#PW@127.0.0.1:3128", `"http://u:xxxxx@127.0.0.1:3128"`, true},
		{"http://u:1234#5678@127.0.0.1:3128", `"http://u:xxxxx@127.0.0.1:3128"`, true},
		{"http://u:PROXY/PW@127.0.0.1:3128", `"http://u:xxxxx@127.0.0.1:3128"`, true},
		{"HTTP://u:PROXYPW@127.0.0.1:3128/x", `"HTTP://u:xxxxx@127.0.0.1:3128/x"`, false},
		{"u:PROXYPW@127.0.0.1:3128", `"u:xxxxx@127.0.0.1:3128"`, false},
		{"u:a://PROXYPW@127.0.0.1:3128", `"u:xxxxx@127.0.0.1:3128"`, true},
		// FuzzEgressProxy's case: no scheme, so all before the last "@" is
		// user info, the user name "sockPROXY@s5u" shown as typed.
		{"sockPROXY@s5u://:PROXYPW@", `"sockPROXY@s5u:xxxxx@"`, true},
		{"http://u@127.0.0.1:3128/#", `"http://u@127.0.0.1:3128/#"`, false},
		{"ftp://127.0.0.1:21#", `"ftp://127.0.0.1:21#"`, false},
	} {
		ue := startWithEgressProxy(t, c.proxy)
		if !strings.HasPrefix(ue.msg, "--egress-proxy "+c.quoted+": ") {
			t.Errorf("--egress-proxy %q: %q; want it quoted as %s", c.proxy, ue.msg, c.quoted)
		}
		for _, pw := range []string{"PROXYPW", "PROXY#PW", "1234#5678", "PROXY/PW"} {
			if strings.Contains(ue.msg, pw) {
				t.Errorf("--egress-proxy %q: the refusal shows the password: %s", c.proxy, ue.msg)
			}
		}
		if hinted := strings.Contains(ue.msg, "written %2F, %3F or %23"); hinted != c.hint {
			t.Errorf("--egress-proxy %q: %q; want the word on %%23 %v", c.proxy, ue.msg, c.hint)
		}
	}
}
