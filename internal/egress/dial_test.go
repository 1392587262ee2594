package egress

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// These tests replace name resolution and the final dial with fakes, so the
// guarded path can be exercised with public-looking names and addresses
// while every real connection still goes to a loopback server, and no name
// is ever looked up.

type fakeNet struct {
	mu        sync.Mutex
	answers   [][]netip.Addr // successive lookup results (last one repeats)
	lookupErr error
	lookups   []string
	dialed    []string
	deadline  []time.Duration // time left on the dial context, per dial
	failDial  map[string]bool // addresses whose dial is refused
	hangDial  map[string]bool // addresses whose dial never answers (a route that drops packets)
	backend   string          // loopback address every successful dial reaches
}

func (f *fakeNet) install(c *Client) {
	c.lookup = f.lookup
	c.dialIP = f.dial
}

func (f *fakeNet) lookup(_ context.Context, network, host string) ([]netip.Addr, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lookups = append(f.lookups, network+" "+host)
	if f.lookupErr != nil {
		return nil, f.lookupErr
	}
	ans := f.answers[0]
	if len(f.answers) > 1 {
		f.answers = f.answers[1:]
	}
	return append([]netip.Addr(nil), ans...), nil
}

func (f *fakeNet) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	f.mu.Lock()
	f.dialed = append(f.dialed, addr)
	if d, ok := ctx.Deadline(); ok {
		f.deadline = append(f.deadline, time.Until(d))
	} else {
		f.deadline = append(f.deadline, 0)
	}
	fail, hang := f.failDial[addr], f.hangDial[addr]
	f.mu.Unlock()
	if hang {
		<-ctx.Done()
		return nil, &net.OpError{Op: "dial", Net: network, Err: ctx.Err()}
	}
	if fail {
		return nil, &net.OpError{Op: "dial", Net: network, Err: &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}}
	}
	// Must be a checked address; then connect to the loopback backend.
	if err := guardControl(network, addr, nil); err != nil {
		return nil, err
	}
	var d net.Dialer
	return d.DialContext(ctx, "tcp", f.backend)
}

func addrs(ss ...string) []netip.Addr {
	out := make([]netip.Addr, len(ss))
	for i, s := range ss {
		out[i] = netip.MustParseAddr(s)
	}
	return out
}

func TestGuardedDialResolvesAndDialsCheckedIP(t *testing.T) {
	ts := startServer(t, "127.0.0.1:0", okHandler)
	f := &fakeNet{answers: [][]netip.Addr{addrs("192.0.2.1")}, backend: ts.Listener.Addr().String()}
	c := newClient(t, Options{})
	f.install(c)
	resp, err := post(t, c, "http://hooks.customer.test:8080/hook", "{}")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || string(resp.Body) != "ok" {
		t.Errorf("got %d %q", resp.StatusCode, resp.Body)
	}
	if want := []string{"ip hooks.customer.test"}; !equal(f.lookups, want) {
		t.Errorf("lookups %q, want %q", f.lookups, want)
	}
	if want := []string{"192.0.2.1:8080"}; !equal(f.dialed, want) {
		t.Errorf("dialed %q, want %q", f.dialed, want)
	}
}

func TestGuardedDialMappedAnswerIsUnmapped(t *testing.T) {
	ts := startServer(t, "127.0.0.1:0", okHandler)
	f := &fakeNet{answers: [][]netip.Addr{addrs("::ffff:192.0.2.7")}, backend: ts.Listener.Addr().String()}
	c := newClient(t, Options{})
	f.install(c)
	if _, err := get(t, c, "http://hooks.customer.test/"); err != nil {
		t.Fatal(err)
	}
	if want := []string{"192.0.2.7:80"}; !equal(f.dialed, want) {
		t.Errorf("dialed %q, want %q", f.dialed, want)
	}
}

func TestGuardedDialRefusesIfAnyAddressForbidden(t *testing.T) {
	for _, answer := range [][]netip.Addr{
		addrs("192.0.2.1", "10.0.0.1"),
		addrs("169.254.169.254", "192.0.2.1"),
		addrs("2001:db8::1", "::1"),
		addrs("::ffff:127.0.0.1"),
		addrs("64:ff9b::a9fe:a9fe"),
	} {
		ts := startServer(t, "127.0.0.1:0", okHandler)
		f := &fakeNet{answers: [][]netip.Addr{answer}, backend: ts.Listener.Addr().String()}
		c := newClient(t, Options{})
		f.install(c)
		_, err := get(t, c, "http://hooks.customer.test/")
		var be *BlockedError
		if !errors.As(err, &be) || be.Host != "hooks.customer.test" {
			t.Errorf("%v: error %v, want BlockedError for hooks.customer.test", answer, err)
		}
		if len(f.dialed) != 0 {
			t.Errorf("%v: dialed %q, want nothing", answer, f.dialed)
		}
		if !strings.Contains(err.Error(), "hooks.customer.test (") {
			t.Errorf("error %q does not name the host", err)
		}
	}
}

// DNS rebinding: the name is public for the first connection and loopback
// for the next. The guard checks at every dial, so the second is refused.
func TestGuardedDialRebinding(t *testing.T) {
	ts := startServer(t, "127.0.0.1:0", okHandler)
	f := &fakeNet{answers: [][]netip.Addr{addrs("192.0.2.1"), addrs("127.0.0.1")}, backend: ts.Listener.Addr().String()}
	c := newClient(t, Options{})
	f.install(c)
	if _, err := get(t, c, "http://rebind.customer.test/"); err != nil {
		t.Fatal(err)
	}
	c.CloseIdleConnections()
	_, err := get(t, c, "http://rebind.customer.test/")
	if got := Classify(err); got != KindBlocked {
		t.Fatalf("second request: Classify(%v) = %q, want blocked", err, got)
	}
	if len(f.dialed) != 1 || ts.conns.Load() != 1 {
		t.Errorf("dialed %q, server conns %d; want exactly the first", f.dialed, ts.conns.Load())
	}
}

func TestGuardedDialFallsBackAcrossAddresses(t *testing.T) {
	ts := startServer(t, "127.0.0.1:0", okHandler)
	f := &fakeNet{
		answers:  [][]netip.Addr{addrs("2001:db8::1", "192.0.2.1")},
		failDial: map[string]bool{"[2001:db8::1]:80": true},
		backend:  ts.Listener.Addr().String(),
	}
	c := newClient(t, Options{Timeout: 10 * time.Second})
	f.install(c)
	if _, err := get(t, c, "http://dual.customer.test/"); err != nil {
		t.Fatal(err)
	}
	if want := []string{"[2001:db8::1]:80", "192.0.2.1:80"}; !equal(f.dialed, want) {
		t.Errorf("dialed %q, want %q", f.dialed, want)
	}
	if d := f.deadline[1]; d < 8*time.Second {
		t.Errorf("last dial had %v left, want the rest of the budget", d)
	}
}

// TestGuardedDialSharesTheBudgetWithinAFamily: the addresses of one
// family are tried one after another, each with a share of the time left
// (as the net package's dialSerial does).
func TestGuardedDialSharesTheBudgetWithinAFamily(t *testing.T) {
	ts := startServer(t, "127.0.0.1:0", okHandler)
	f := &fakeNet{
		answers:  [][]netip.Addr{addrs("192.0.2.1", "192.0.2.2")},
		failDial: map[string]bool{"192.0.2.1:80": true},
		backend:  ts.Listener.Addr().String(),
	}
	c := newClient(t, Options{Timeout: 10 * time.Second})
	f.install(c)
	if _, err := get(t, c, "http://two.customer.test/"); err != nil {
		t.Fatal(err)
	}
	if want := []string{"192.0.2.1:80", "192.0.2.2:80"}; !equal(f.dialed, want) {
		t.Errorf("dialed %q, want %q", f.dialed, want)
	}
	// The first of two addresses gets about half of the 10s budget.
	if d := f.deadline[0]; d > 5500*time.Millisecond || d < 3*time.Second {
		t.Errorf("first dial had %v left, want about 5s", d)
	}
	if d := f.deadline[1]; d < 8*time.Second {
		t.Errorf("last dial had %v left, want the rest of the budget", d)
	}
}

// TestGuardedDialDoesNotWaitOutAFamilyThatDropsPackets: a host with an
// IPv6 and an IPv4 address, whose IPv6 route drops packets (a broken
// AAAA record, or IPv6 filtered on the way: the dial gets no answer at
// all). The addresses were tried one after another, so the IPv6 dial
// took half of the attempt's 10 s before the IPv4 one began: every new
// connection to such an endpoint left its receiver 5 s to answer, not
// the guide's 10, where curl, browsers and Go's own dialer try the other
// family after 300 ms (RFC 8305, Happy Eyeballs). The other family now
// starts 300 ms after the first, with the rest of the budget.
func TestGuardedDialDoesNotWaitOutAFamilyThatDropsPackets(t *testing.T) {
	ts := startServer(t, "127.0.0.1:0", okHandler)
	f := &fakeNet{
		answers:  [][]netip.Addr{addrs("2001:db8::1", "192.0.2.1")},
		hangDial: map[string]bool{"[2001:db8::1]:80": true},
		backend:  ts.Listener.Addr().String(),
	}
	c := newClient(t, Options{Timeout: 10 * time.Second})
	f.install(c)
	if _, err := get(t, c, "http://dual.customer.test/"); err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if want := []string{"[2001:db8::1]:80", "192.0.2.1:80"}; !equal(f.dialed, want) {
		t.Fatalf("dialed %q, want %q", f.dialed, want)
	}
	if d := f.deadline[1]; d < 8*time.Second {
		t.Errorf("the IPv4 dial began with %v of the 10s left: it waited for the IPv6 dial that got no answer", d)
	}
}

func TestGuardedDialAllFail(t *testing.T) {
	f := &fakeNet{
		answers:  [][]netip.Addr{addrs("192.0.2.1", "192.0.2.2")},
		failDial: map[string]bool{"192.0.2.1:80": true, "192.0.2.2:80": true},
	}
	c := newClient(t, Options{})
	f.install(c)
	_, err := get(t, c, "http://down.customer.test/")
	if got := Classify(err); got != KindConnectionRefused {
		t.Errorf("Classify(%v) = %q, want connection_refused", err, got)
	}
	if len(f.dialed) != 2 {
		t.Errorf("dialed %q, want both", f.dialed)
	}
}

func TestGuardedDialDNSErrors(t *testing.T) {
	for name, f := range map[string]*fakeNet{
		"not found": {lookupErr: &net.DNSError{Err: "no such host", Name: "nx.customer.test", IsNotFound: true}},
		"timeout":   {lookupErr: &net.DNSError{Err: "i/o timeout", Name: "nx.customer.test", IsTimeout: true}},
		"empty":     {answers: [][]netip.Addr{nil}},
	} {
		c := newClient(t, Options{})
		f.install(c)
		_, err := get(t, c, "http://nx.customer.test/")
		if got := Classify(err); got != KindDNS {
			t.Errorf("%s: Classify(%v) = %q, want dns", name, err, got)
		}
		if len(f.dialed) != 0 {
			t.Errorf("%s: dialed %q", name, f.dialed)
		}
	}
}

// With a proxy, the pre-check uses the same resolution; a failed lookup
// leaves the decision to the proxy.
func TestProxyPrecheckResolution(t *testing.T) {
	p := startProxy(t, "")
	for name, tt := range map[string]struct {
		f         *fakeNet
		wantKind  string
		wantProxy int
	}{
		"public":       {&fakeNet{answers: [][]netip.Addr{addrs("192.0.2.1")}}, "", 1},
		"mixed":        {&fakeNet{answers: [][]netip.Addr{addrs("192.0.2.1", "172.16.0.1")}}, KindBlocked, 0},
		"lookup fails": {&fakeNet{lookupErr: &net.DNSError{Err: "no such host", IsNotFound: true}}, "", 1},
	} {
		before := len(p.requests())
		c := newClient(t, Options{Proxy: proxyURL(t, p)})
		tt.f.install(c)
		resp, err := post(t, c, "http://hooks.customer.test/x", "{}")
		if got := Classify(err); got != tt.wantKind {
			t.Errorf("%s: Classify(%v) = %q, want %q", name, err, got, tt.wantKind)
		}
		if err == nil && (resp.StatusCode != http.StatusOK || string(resp.Body) != "via proxy") {
			t.Errorf("%s: got %d %q", name, resp.StatusCode, resp.Body)
		}
		if n := len(p.requests()) - before; n != tt.wantProxy {
			t.Errorf("%s: proxy saw %d requests, want %d", name, n, tt.wantProxy)
		}
		if len(tt.f.dialed) != 0 {
			t.Errorf("%s: guarded dialer used with a proxy: %q", name, tt.f.dialed)
		}
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
