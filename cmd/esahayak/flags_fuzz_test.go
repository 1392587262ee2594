package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/esahayak/esahayak/internal/backoff"
	"github.com/esahayak/esahayak/internal/egress"
	"github.com/esahayak/esahayak/internal/relay"
	"github.com/esahayak/esahayak/webhook"
)

// valueSeeds are what people (and environment files) give flags.
var valueSeeds = []string{
	"10s", "-1", "1e9", "9999999999999999999h", "9223372036854775807", "-9223372036854775808", "9223372036854775808", " 5 ", "5\n",
	"+5", "-0", "0x10", "1_000", "１０", "true", "FALSE", "t", "yes", "", " ", "1.5h", ".5s", "5.s", "1h2m3.5s", "-1ns", "2562048h",
	"1µs", "1μs", "1e400", "NaN", "\x00", "\xff", "\ufeff10s", "10S", "localhost:3000/x", "//a/b", "[::1]:3000", "http:/x", ",",
	"stamp.uploaded, order.cancelled", "stamp.uploaded,,stamp.uploaded",
}

// FuzzFlagValues: --flag VALUE (and ESAHAYAK_<FLAG>=VALUE) for the integer,
// switch and duration flags either sets a value that survives being
// printed and read again (what --help shows as the default) or fails with
// a message that quotes the value, leaving the flag as it was; each takes
// exactly what strconv.Atoi, strconv.ParseBool and time.ParseDuration
// take, spaces around it aside, as they read it.
func FuzzFlagValues(f *testing.F) {
	for _, s := range valueSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		i := intValue(7)
		roundTrip(t, "int", s, &i, func() any { return i })
		b := boolValue(true)
		roundTrip(t, "bool", s, &b, func() any { return b })
		d := durationValue{d: 7 * time.Second}
		roundTrip(t, "duration", s, &d, func() any { return d.d })
		v := strings.TrimSpace(s)
		if want, perr := strconv.Atoi(v); (i.Set(s) == nil) != (perr == nil) || perr == nil && int(i) != want {
			t.Fatalf("int %q = %d; strconv.Atoi says %d, %v", s, i, want, perr)
		}
		if want, perr := strconv.ParseBool(v); (b.Set(s) == nil) != (perr == nil) || perr == nil && bool(b) != want {
			t.Fatalf("bool %q = %v; strconv.ParseBool says %v, %v", s, b, want, perr)
		}
		if want, perr := time.ParseDuration(v); (d.Set(s) == nil) != (perr == nil) || perr == nil && d.d != want {
			t.Fatalf("duration %q = %v; time.ParseDuration says %v, %v", s, d.d, want, perr)
		}
	})
}

type settable interface {
	Set(string) error
	String() string
}

func roundTrip(t *testing.T, kind, s string, v settable, value func() any) {
	t.Helper()
	before := value()
	if err := v.Set(s); err != nil {
		if !strings.Contains(err.Error(), strconv.Quote(s)) {
			t.Fatalf("%s %q: the error %q does not quote the value", kind, s, err)
		}
		if value() != before {
			t.Fatalf("%s %q: refused, but the flag changed from %v to %v", kind, s, before, value())
		}
		return
	}
	got, printed := value(), v.String()
	if err := v.Set(printed); err != nil || value() != got {
		t.Fatalf("%s %q = %v, printed %q, read back as %v (%v)", kind, s, got, printed, value(), err)
	}
}

// FuzzForwardTo: `esahayak listen --forward-to VALUE` as a user runs it,
// against an API server on loopback that refuses the key, so that nothing
// is ever forwarded. forwardURL only ever puts "http://" or "http:" before
// the value (read, as every text flag, without the ASCII white space around
// it). A value listen refuses is a usage error about --forward-to, made
// before the server is called, that quotes a value without an "@" exactly
// as typed and never shows a password given in it. A value it takes is an
// absolute http(s) URL with a host and a port of 1 to 65535 (or none),
// without spaces or control characters, and the session it asks for shows
// it without its user info: a value without an "@" as the URL listen
// forwards to, one with a password never with that password.
func FuzzForwardTo(f *testing.F) {
	for _, s := range valueSeeds {
		f.Add(s)
	}
	for _, s := range []string{":3000/hook", "localhost:3000/webhooks", "user:pa55w0rd@localhost:3000/x", "http://user:pa55w0rd@/x",
		"ftp://u:pa55w0rd@x", "http://u:pa%zz55w0rd@localhost/", "[::1]/x", "HTTP://localhost", "http://localhost:3000/\x00", "javascript:alert(1)",
		"localhost:3000?x#y", "mailto:a@b", "//u:pa55w0rd@h:1/x", "0:0", "http:///", "ｌｏｃａｌｈｏｓｔ:３０００", "http://u:12#pa55w0rd@localhost:3000/x",
		"u:pa55/w0rd@localhost:1/x", "http://u:pa55w0rd@localhost:3000/x?next=a@b", "http://localhost:3000/x\u00a0", " localhost:3000 ", "127.0.0.1:65535/x",
		"https://[::1]:1/x#f", "http://u@localhost:3000/x", "localhost:0", "localhost:3000/hook --events stamp.uploaded",
		"http://localhost:3000/a\u00a0b", "localhost:3000/x?q=a\u2003b"} {
		f.Add(s)
	}
	var mu sync.Mutex
	var sessions []SessionRequestSeen
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var req SessionRequestSeen
		err := json.NewDecoder(r.Body).Decode(&req)
		mu.Lock()
		sessions = append(sessions, SessionRequestSeen{Path: r.Method + " " + r.URL.Path, ForwardTo: req.ForwardTo, Err: err})
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, `{"error":{"code":"invalid_api_key","message":"the API key is not valid"}}`)
	}))
	f.Cleanup(api.Close)
	f.Fuzz(func(t *testing.T, v string) {
		typed := strings.Trim(v, asciiSpace)
		u, added := forwardURL(typed)
		if (added != "" && added != "http://" && added != "http:") || u != added+typed {
			t.Fatalf("forwardURL(%q) = %q, %q", typed, u, added)
		}
		mu.Lock()
		sessions = nil
		mu.Unlock()
		err := runListen(context.Background(), []string{"--forward-to=" + v, "--api-key=esk_fuzz", "--api-base=" + api.URL})
		mu.Lock()
		seen := sessions
		mu.Unlock()
		pw := passwordIn(u)
		if err == nil {
			t.Fatalf("listen --forward-to %q: no error from a server that refuses the key", v)
		}
		if len(seen) == 0 {
			var ue usageError
			if !errors.As(err, &ue) || !strings.Contains(ue.msg, "--forward-to") {
				t.Fatalf("listen --forward-to %q: %T %v; want a usage error about --forward-to", v, err, err)
			}
			if typed != "" && !strings.Contains(typed, "@") && !strings.HasPrefix(ue.msg, "--forward-to "+strconv.Quote(typed)) {
				t.Fatalf("listen --forward-to %q: %s; want it quoted as typed, %q", v, ue.msg, typed)
			}
			if pw != "" && quotedShows(ue.msg, "--forward-to ", pw) {
				t.Fatalf("listen --forward-to %q: the message shows the password %q: %s", v, pw, ue.msg)
			}
			return
		}
		if len(seen) != 1 || seen[0].Path != "POST /v1/listen_sessions" || seen[0].Err != nil {
			t.Fatalf("listen --forward-to %q: the server saw %+v; want one session request", v, seen)
		}
		if strings.Contains(err.Error(), "--forward-to") {
			t.Fatalf("listen --forward-to %q: the session was asked for, then %v", v, err)
		}
		p, perr := url.Parse(u)
		if perr != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || !strings.HasPrefix(strings.ToLower(u), p.Scheme+"://") {
			t.Fatalf("--forward-to %q: listen took %q (%v)", v, u, perr)
		}
		if port := p.Port(); port != "" && !validPort(port) || strings.HasSuffix(p.Host, ":") {
			t.Fatalf("--forward-to %q: listen took %q, with port %q", v, u, port)
		}
		if strings.ContainsFunc(typed, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
			t.Fatalf("--forward-to %q: listen took %q, with a space or control character", v, u)
		}
		got := seen[0].ForwardTo
		if q, qerr := url.Parse(got); got != "" && (qerr != nil || q.User != nil) {
			t.Fatalf("--forward-to %q: the session shows %q, with user info (%v)", v, got, qerr)
		}
		if !strings.Contains(typed, "@") && got != asJSON(t, u) {
			t.Fatalf("--forward-to %q: the session shows %q; listen forwards to %q", v, got, u)
		}
		if pw != "" && strings.Contains(got, pw) {
			t.Fatalf("--forward-to %q: the session shows the password %q: %q", v, pw, got)
		}
	})
}

// asJSON is s as it reads after a trip through JSON, which writes a byte
// that is not UTF-8 as U+FFFD.
func asJSON(t *testing.T, s string) string {
	b, err := json.Marshal(s)
	if err == nil {
		err = json.Unmarshal(b, &s)
	}
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// SessionRequestSeen is a request FuzzForwardTo's API server was sent.
type SessionRequestSeen struct {
	Path      string
	ForwardTo string `json:"forward_to"`
	Err       error
}

// FuzzAPIBase: --api-base (listen's and trigger's) is taken only as an
// http(s) URL with a host, a port of 1 to 65535 or none, and no query or
// fragment, not even an empty one: the API's paths are appended to it, and
// after a "#" they are no part of the path requested. What is taken the
// listener takes too. A refused value is quoted: as typed when it holds no
// "@", and never with a password given in it.
func FuzzAPIBase(f *testing.F) {
	for _, s := range valueSeeds {
		f.Add(s)
	}
	for _, s := range []string{defaultAPIBase, "http://127.0.0.1:8080/v1", "https://api.internal/esahayak/", "http://127.0.0.1:", "http://127.0.0.1:0",
		"http://127.0.0.1:99999", "http://127.0.0.1:8080#", "http://127.0.0.1:8080/#", "http://127.0.0.1:8080?", "http://127.0.0.1:8080?x=y",
		"http://u:pa55w0rd@127.0.0.1:8080", "http://u:pa55#w0rd@127.0.0.1:8080", "http://u:pa%zz55w0rd@127.0.0.1:1", " http://127.0.0.1:8080",
		"ftp://127.0.0.1", "127.0.0.1:8080", "http://:8080", "http://[::1]:8080", "http://[::1]:", "HTTP://localhost:1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if msg := apiBaseMistake(raw); msg != "" {
			if !strings.HasPrefix(msg, "--api-base ") {
				t.Fatalf("--api-base %q: %s", raw, msg)
			}
			if !strings.Contains(raw, "@") && !strings.HasPrefix(msg, "--api-base "+strconv.Quote(raw)) {
				t.Fatalf("--api-base %q: %s; want it quoted as typed", raw, msg)
			}
			if pw := passwordIn(raw); pw != "" && quotedShows(msg, "--api-base ", pw) {
				t.Fatalf("--api-base %q: the message shows the password %q: %s", raw, pw, msg)
			}
			return
		}
		p, err := url.Parse(raw)
		if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || strings.TrimSpace(raw) != raw {
			t.Fatalf("--api-base %q was taken (%v)", raw, err)
		}
		if p.RawQuery != "" || p.ForceQuery || strings.Contains(raw, "#") {
			t.Fatalf("--api-base %q was taken with a query or fragment: the API's paths would not be requested", raw)
		}
		if port := p.Port(); port != "" && !validPort(port) || port == "" && strings.HasSuffix(p.Host, ":") {
			t.Fatalf("--api-base %q was taken with port %q", raw, port)
		}
		if _, err := relay.NewListener(relay.ListenerConfig{APIBase: serverBase(raw), APIKey: "esk_fuzz", ForwardTo: "http://localhost:3000/x", Out: io.Discard}); err != nil {
			t.Fatalf("--api-base %q was taken, and then refused by the listener: %v", raw, err)
		}
	})
}

// passwordIn is the password of a URL with one, long enough to be told
// apart from the rest of a message (as written and decoded) and found
// nowhere else in the URL, or "". ("sockpr0xyPW@s5u://:pr0xyPW@", no
// scheme, is the user "sockpr0xyPW@s5u", shown as it should be, with a
// password ending in "pr0xyPW".)
func passwordIn(raw string) string {
	at := strings.LastIndex(raw, "@")
	scheme := strings.Index(raw, "://")
	if at < 0 || scheme < 0 || at < scheme {
		return ""
	}
	userinfo := raw[scheme+3 : at]
	_, pw, ok := strings.Cut(userinfo, ":")
	if !ok || len(pw) < 6 || strings.ContainsAny(pw, "/?#") || strings.Count(raw, pw) > 1 {
		return ""
	}
	return pw
}

// FuzzEventTypes: --events either names known types, each of them once
// and every one it names, which read again from their list give the same
// list, or is refused as a usage error; it is "every type" (nil) only when
// it is blank.
func FuzzEventTypes(f *testing.F) {
	for _, s := range valueSeeds {
		f.Add(s)
	}
	for _, s := range append([]string{"stamp.uploaded\x00", "Stamp.Uploaded", "stamp.uploaded ,\torder.delivered", "\u00a0"}, webhook.EventTypes...) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseEventTypes(s)
		if err != nil {
			var ue usageError
			if !errors.As(err, &ue) || !strings.HasPrefix(ue.msg, "--events") {
				t.Fatalf("--events %q: %T %v; want a usage error about --events", s, err, err)
			}
			return
		}
		if (got == nil) != (strings.TrimSpace(s) == "") {
			t.Fatalf("--events %q = %q", s, got)
		}
		for i, typ := range got {
			if !slices.Contains(webhook.EventTypes, typ) || slices.Contains(got[:i], typ) {
				t.Fatalf("--events %q gave the unknown or repeated type %q", s, typ)
			}
		}
		for _, item := range strings.Split(s, ",") {
			if item = strings.TrimSpace(item); item != "" && !slices.Contains(got, item) {
				t.Fatalf("--events %q = %q, without the %q it names", s, got, item)
			}
		}
		if again, err := parseEventTypes(strings.Join(got, ",")); err != nil || !slices.Equal(again, got) {
			t.Fatalf("--events %q = %q, which reads again as %q, %v", s, got, again, err)
		}
	})
}

// TestEventTypesOnceEach: a type named twice in --events is taken once;
// listen printed "Forwarding stamp.uploaded, stamp.uploaded" for the
// session the server holds with it once.
func TestEventTypesOnceEach(t *testing.T) {
	got, err := parseEventTypes("stamp.uploaded, stamp.failed,stamp.uploaded")
	if want := []string{"stamp.uploaded", "stamp.failed"}; err != nil || !slices.Equal(got, want) {
		t.Fatalf("--events with a type twice = %q, %v; want %q", got, err, want)
	}
}

// FuzzListenAddr: --addr (and --pprof-addr) is taken only as HOST:PORT
// with a port from 0 to 65535 (not none: ":$PORT" with PORT unset is
// refused, not taken as any free port), checked before anything is
// opened, as net.Listen would read it: a port agrees with
// net.ResolveTCPAddr's ("+80", "-0", "+" and "0080" included), and so does
// a host that is an IP address. A host that ends in a number but is no IP
// address ("127.0.0.01", "127.1", "10.0.0.256") is refused: Go's resolver
// sends it to DNS as a name (after the store was opened and migrated),
// and inet_aton reads it as some address. serve's own flags refuse what is
// refused, quoting the value, and take what is taken. A non-numeric port is
// a service name looked up in the system's services database: those are
// left out, as no fuzz input may make the test look anything up.
func FuzzListenAddr(f *testing.F) {
	for _, s := range []string{"127.0.0.1:8080", ":8080", "127.0.0.1:", "[::1]:0", "[::1]:65535", "127.0.0.1:65536", "127.0.0.1:-1", "127.0.0.1:+80",
		"127.0.0.1:0x50", "localhost", "[::1]", "::1:80", "127.0.0.1:８０", "127.0.0.1:80:80", "[fe80::1%lo]:80", "", ":", "1e400:1", "127.0.0.1:00080",
		"127.0.0.1 :80", "\t:80", "[::1]:80\u00a0", "127.0.0.01:8080", "127.1:8080", "10.0.0.256:80", "127.0.0.1.:80", "3000:80", "localhost:+",
		"127.0.0.1:-0", "[127.0.0.1]:80", "127.0.0.1%lo:80", "0x7f.1:80", "db1:80", "[::ffff:127.0.0.1]:80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, addr string) {
		// serve's flags read the value without the ASCII white space
		// around it (an env file's line break), and refuse one of only that.
		v := strings.Trim(addr, asciiSpace)
		if serviceName(addr) || serviceName(v) {
			return // not looked up here
		}
		space := strings.ContainsFunc(addr, unicode.IsSpace)
		host, port, err := net.SplitHostPort(addr)
		ok := validListenAddr(addr)
		// An empty port (":$PORT" with PORT unset) is refused: port 0
		// asks for any free port on purpose.
		want := err == nil && !space && port != ""
		if want {
			// The port as net.Listen reads it.
			_, perr := net.ResolveTCPAddr("tcp", net.JoinHostPort("127.0.0.1", port))
			want = perr == nil
		}
		if _, ipErr := netip.ParseAddr(host); want && (host == "" || ipErr == nil) {
			if _, rerr := net.ResolveTCPAddr("tcp", addr); rerr != nil { // no name to look up
				t.Fatalf("validListenAddr(%q): net.ResolveTCPAddr refuses it (%v)", addr, rerr)
			}
		} else if want && lastLabelIsNumber(host) {
			want = false
		}
		if ok != want {
			t.Fatalf("validListenAddr(%q) = %v; want %v", addr, ok, want)
		}
		for _, name := range []string{"addr", "pprof-addr"} {
			args := []string{"--" + name + "=" + addr}
			if name == "pprof-addr" {
				// Beside an API on any free port: one on --addr's port
				// (the default's 8080) is refused for that
				// (TestPprofAddrOnTheAPIPortRefused).
				args = append(args, "--addr=127.0.0.1:0")
			}
			_, ferr := parseServeFlags(args, false)
			if taken := v == addr && ok || v != addr && v != "" && validListenAddr(v) || name == "pprof-addr" && addr == ""; (ferr == nil) != taken {
				t.Fatalf("serve --%s %q: %v; want it taken: %v", name, addr, ferr, taken)
			}
			var ue usageError
			if ferr != nil && (!errors.As(ferr, &ue) || strings.TrimSpace(v) != "" && !strings.HasPrefix(ue.msg, "--"+name+" "+strconv.Quote(v)+": ")) {
				t.Fatalf("serve --%s %q: %v; want a usage error quoting it", name, addr, ferr)
			}
		}
	})
}

// serviceName reports whether addr is HOST:PORT with a port that
// validListenAddr looks up as a service name ("http", "+x", "--1"): net
// reads digits after at most one sign as a number, and refuses white space
// before any lookup.
func serviceName(addr string) bool {
	_, port, err := net.SplitHostPort(addr)
	if err != nil || strings.ContainsFunc(addr, unicode.IsSpace) {
		return false
	}
	if port != "" && (port[0] == '+' || port[0] == '-') {
		port = port[1:]
	}
	return strings.Trim(port, "0123456789") != ""
}

// lastLabelIsNumber reports whether host's last label (after one trailing dot)
// is a number, decimal or 0x-hexadecimal, as an IPv4 address's is: the
// WHATWG URL standard and inet_aton read such a host as an address.
func lastLabelIsNumber(host string) bool {
	if strings.Contains(host, ":") {
		return false // IPv6
	}
	labels := strings.Split(strings.TrimSuffix(host, "."), ".")
	last := labels[len(labels)-1]
	if hex, ok := strings.CutPrefix(strings.ToLower(last), "0x"); ok {
		return strings.Trim(hex, "0123456789abcdef") == ""
	}
	return last != "" && strings.Trim(last, "0123456789") == ""
}

// FuzzEgressProxy: --egress-proxy is checked before anything is opened or
// listened on, and a refused value's message never shows its password.
// serve runs with a --db no store takes, so that a proxy it accepts ends
// the start at the next check, the database's, before any I/O.
func FuzzEgressProxy(f *testing.F) {
	for _, s := range []string{"http://proxy.internal:3128", "https://u:pr0xyPW@proxy:1", "socks5://127.0.0.1:1080", "ftp://u:pr0xyPW@x", "http://u:pr0xyPW%zz@h:1",
		"http://", "proxy:3128", "//proxy:3128", "http://[::1]:3128", "HTTP://proxy", "http://u:pr0xyPW@", "http://\x00", "http://a b",
		"http://proxy:99999", "socks5://u:pr0xyPW@proxy:0", "http://[::1]:65536", "http://proxy:1/p?q#f", "http://u:pr0xyPW@proxy:1/?"} {
		f.Add(s)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	f.Fuzz(func(t *testing.T, proxy string) {
		if proxy == "" {
			return // no proxy
		}
		c := serveConfig{db: "nodb:", egressProxy: proxy, retrySchedule: backoff.DefaultSchedule().String(), attemptTimeout: 10 * time.Second}
		err := serve(context.Background(), c, log)
		var ue usageError
		if !errors.As(err, &ue) {
			t.Fatalf("--egress-proxy %q: %T %v; want a usage error", proxy, err, err)
		}
		if strings.HasPrefix(ue.msg, "--db") {
			p, perr := url.Parse(proxy)
			if perr != nil || p.Host == "" || (p.Scheme != "http" && p.Scheme != "https" && p.Scheme != "socks5") {
				t.Fatalf("--egress-proxy %q was taken (%v)", proxy, perr)
			}
			if n, aerr := strconv.Atoi(p.Port()); p.Port() != "" && (aerr != nil || n < 1 || n > 65535) {
				t.Fatalf("--egress-proxy %q was taken with port %q", proxy, p.Port())
			}
			if (p.Path != "" && p.Path != "/") || p.RawQuery != "" || strings.Contains(proxy, "#") {
				t.Fatalf("--egress-proxy %q was taken with path %q, query %q, fragment %q", proxy, p.Path, p.RawQuery, p.Fragment)
			}
			return
		}
		if !strings.HasPrefix(ue.msg, "--egress-proxy") {
			t.Fatalf("--egress-proxy %q: %v", proxy, err)
		}
		if pw := passwordIn(proxy); pw != "" && quotedShows(ue.msg, "--egress-proxy ", pw) {
			t.Fatalf("--egress-proxy %q: the message shows the password: %s", proxy, ue.msg)
		}
		// The quoted value is followed by ": …" or, as --api-base's and
		// --forward-to's, " has no host; …": the quote, ending in its own
		// '"', is all that is asked to be there.
		if !strings.Contains(proxy, "@") && !strings.HasPrefix(ue.msg, "--egress-proxy "+strconv.Quote(proxy)) {
			// No "@", so no user info: nothing to hide.
			t.Fatalf("--egress-proxy %q: %s; want it quoted as typed", proxy, ue.msg)
		}
	})
}

// FuzzEgressProxyQuoted: a refused --egress-proxy is quoted exactly as
// typed but for the password, which reads xxxxx, whatever the password
// holds ("#", "/", "?", "@", ":", "://", bytes url.Parse refuses), with or
// without a scheme; one with no password is quoted exactly as typed. The
// proxy is built from its parts, so what is the password is known: the
// user name holds no ":" or "@", and what follows the user info no "@".
// (The review found "…:3128/#" quoted without its "#", a "#" in the
// password quoted as a plain "http://HOST:PORT", and
// "http://u:1234#5678@HOST:PORT" quoted with its password.)
func FuzzEgressProxyQuoted(f *testing.F) {
	for _, c := range [][3]string{{"http://", "PROXY#PW", "127.0.0.1:3128"}, {"http://", "1234#5678", "127.0.0.1:3128"}, {"http://", "pr0xyPW", "127.0.0.1:3128/#"},
		{"socks5://", "p/w?x", "proxy:1080"}, {"", "pr0xyPW", "proxy:3128"}, {"HTTPS://", "a@b:c", "proxy"}, {"", "a://b", "proxy:1"}, {"http://", "%zz", "h:1#"}} {
		f.Add(c[0], "u", c[1], c[2], true)
		f.Add(c[0], "u", c[1], c[2], false)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	f.Fuzz(func(t *testing.T, prefix, user, password, rest string, withPassword bool) {
		scheme, ok := strings.CutSuffix(prefix, "://")
		if (prefix != "" && (!ok || !egress.IsScheme(scheme))) || strings.ContainsAny(user, ":@") || strings.Contains(rest, "@") ||
			(prefix == "" && strings.Contains(user, "://")) {
			return // the parts would not be read back as given
		}
		proxy, want := prefix+rest, prefix+rest
		if withPassword {
			proxy, want = prefix+user+":"+password+"@"+rest, prefix+user+":xxxxx@"+rest
		} else if user != "" {
			proxy, want = prefix+user+"@"+rest, prefix+user+"@"+rest
		}
		if scheme, _, ok := strings.Cut(proxy, "://"); proxy == "" || (prefix == "" && ok && egress.IsScheme(scheme)) {
			return // no proxy, or one whose user name and password read as a scheme ("A://@0")
		}
		c := serveConfig{db: "nodb:", egressProxy: proxy, retrySchedule: backoff.DefaultSchedule().String(), attemptTimeout: 10 * time.Second}
		var ue usageError
		if err := serve(context.Background(), c, log); !errors.As(err, &ue) {
			t.Fatalf("--egress-proxy %q: %T %v; want a usage error", proxy, err, err)
		}
		if strings.HasPrefix(ue.msg, "--db") {
			return // taken: not quoted
		}
		if !strings.HasPrefix(ue.msg, "--egress-proxy "+strconv.Quote(want)) { // then ": …" or " has no host; …"
			t.Fatalf("--egress-proxy %q: %s; want it quoted as %q", proxy, ue.msg, want)
		}
		if withPassword && len(password) >= 6 && !strings.Contains(want, password) && quotedShows(ue.msg, "--egress-proxy ", password) {
			t.Fatalf("--egress-proxy %q: the message shows the password: %s", proxy, ue.msg)
		}
	})
}

// quotedShows reports whether msg, a refusal that begins with prefix and
// a quoted value (`--egress-proxy "VALUE": …`), shows s: in the value as
// it reads unquoted, or in the rest of msg. strconv.Quote writes a byte
// that is not UTF-8 as \xNN, so the quoted text of a user name ending in
// "\x9b+++++" holds "b+++++", which the value does not: looking for a
// password "b+++++" in msg itself found it where it was not shown.
func quotedShows(msg, prefix, s string) bool {
	rest, ok := strings.CutPrefix(msg, prefix)
	if !ok {
		return strings.Contains(msg, s)
	}
	q, err := strconv.QuotedPrefix(rest)
	if err != nil {
		return strings.Contains(msg, s)
	}
	v, err := strconv.Unquote(q)
	return err != nil || strings.Contains(v, s) || strings.Contains(rest[len(q):], s) || strings.Contains(prefix, s)
}

// FuzzRedactDB: a --db printed (at start, in errors) never shows its
// password, given in the URL's user part, in ?password= or as a
// keyword/value DSN's password=, bare or quoted.
func FuzzRedactDB(f *testing.F) {
	for _, s := range []string{"s3cretPW", "p@ss:w/rd?#", "p w", "it's", `back\slash`, "%zz", "\xff\x00", "xxxxx1"} {
		for form := range uint8(5) {
			f.Add(form, "esahayak", s, "db.internal:5432")
		}
	}
	f.Add(uint8(0), "0", "000000", " ") // a host url.Parse refuses: the password was printed
	f.Fuzz(func(t *testing.T, form uint8, user, password, host string) {
		if len(password) < 6 || strings.Contains(password, "xxxxx") || strings.Contains(user+host, password) {
			return // too short to tell apart from the rest, or the mask and what follows it ("xxxxx ")
		}
		if form%5 != 0 && (strings.ContainsAny(host, "/?#@'\\= \t\n\r\v\f") || strings.ContainsAny(user, "'\\= \t\n\r\v\f")) {
			return // written into the DSN as is, it would end the host or user early
		}
		var dsn string
		secret := password
		switch form % 5 {
		case 0:
			dsn = (&url.URL{Scheme: "postgres", User: url.UserPassword(user, password), Host: host, Path: "/esahayak"}).String()
			secret = url.UserPassword(user, password).String()[len(url.User(user).String())+1:]
		case 1:
			dsn = "postgres://" + url.User(user).String() + "@" + host + "/esahayak?sslmode=disable&password=" + url.QueryEscape(password)
			secret = url.QueryEscape(password)
		case 2:
			if strings.ContainsAny(password, " \t\n\r\v\f'\\") {
				return // not a bare value
			}
			dsn = "host=" + host + " user=" + user + " password=" + password + " dbname=esahayak"
		case 3:
			quoted := strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(password)
			dsn = "host=" + host + " password='" + quoted + "' dbname=esahayak"
			secret = quoted
		case 4:
			dsn = "postgresql://" + host + "/esahayak?sslpassword=" + url.QueryEscape(password)
			secret = url.QueryEscape(password)
		}
		if rest := strings.Replace(dsn, secret, "", 1); len(secret) < 6 || strings.Contains(rest, secret) || strings.Contains(rest, password) {
			return // the password is also elsewhere in the DSN
		}
		if got := redactDB(dsn); strings.Contains(got, secret) || strings.Contains(got, password) {
			t.Fatalf("redactDB(%q) = %q shows the password %q", dsn, got, password)
		}
	})
}
