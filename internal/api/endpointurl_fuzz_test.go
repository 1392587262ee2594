package api

import (
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"

	"github.com/esahayak/esahayak/internal/egress"
)

// hostSpellings are hosts that name loopback, private or this-network
// addresses in the spellings clients accept, and public ones beside them.
var hostSpellings = []string{
	"127.0.0.1", "127.1", "127.0.1", "2130706433", "0x7f000001", "0x7f.1", "0177.0.0.1", "0177.1", "017700000001",
	"0", "0.0.0.0", "0x0", "00", "10.0.0.1", "012.0.0.1", "0xa.0.0.1", "167772161", "169.254.169.254", "0xa9fea9fe",
	"192.168.1.1", "0xc0a80101", "3232235777", "100.64.0.1", "127.0.0.1.", "127.0.0.1..", "１２７.０.０.１", "127。0。0。1",
	"[::1]", "[0:0:0:0:0:0:0:1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::ffff:10.0.0.1]", "[::127.0.0.1]",
	"[64:ff9b::127.0.0.1]", "[fe80::1%25eth0]", "[fc00::1]", "[::]", "[2001:db8::1]",
	"localhost", "LOCALHOST", "localhost.", "a.localhost", "ｌｏｃａｌｈｏｓｔ", "xn--localhost", "local%68ost", "%31%32%37.0.0.1",
	"203.0.113.7", "8.8.8.8", "hooks.example.com", "example.com.", "xn--bcher-kva.example", "bücher.example",
	"1.2.3.256", "1.2.3.4.5", "09", "0x", "1e400", "-0", "\ufeff127.0.0.1", "127.0.0.1\x00", "\xff", "\xed\xa0\x80",
}

// FuzzValidateEndpointURL: an endpoint URL the API accepts (on a server
// without --allow-insecure-urls) is https and its host, read as Go's HTTP
// client and browsers read it (mapped to ASCII, one trailing dot dropped,
// IPv4 in any of the WHATWG/inet_aton spellings, IPv6 with or without an
// IPv4 inside), is never an address egress.Forbidden refuses, nor a name
// under localhost. Such an endpoint could never be delivered to, and the
// check at delivery time is the only other guard. Nothing is looked up.
func FuzzValidateEndpointURL(f *testing.F) {
	for _, h := range hostSpellings {
		f.Add("https://"+h+"/webhooks", false)
		f.Add("https://"+h+":443/x?q=1", true)
	}
	for _, s := range []string{"", "https://", "https:///x", "https://u:p@203.0.113.7/", "https://203.0.113.7/#f", "https://203.0.113.7:0/",
		"https://203.0.113.7:65536/", "HTTPS://203.0.113.7/", "http://203.0.113.7/", "javascript:alert(1)", "https://a b/", "https://203.0.113.7/%zz",
		"https://203.0.113.7/\u202e", "https:\\\\127.0.0.1\\x", "https://127.0.0.1\\@203.0.113.7/", "https://203.0.113.7@127.0.0.1/"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, raw string, insecure bool) {
		err := ValidateEndpointURL(raw, insecure)
		if !classified(err) {
			t.Fatalf("ValidateEndpointURL(%q): unclassified error %T: %v", raw, err, err)
		}
		if err != nil {
			if e := err.(*Error); e.Status != 422 || e.Param != "url" || e.Message == "" {
				t.Fatalf("ValidateEndpointURL(%q) = %+v; want a 422 naming url", raw, e)
			}
			return
		}
		u, perr := url.Parse(raw)
		if perr != nil || u.User != nil || u.Fragment != "" || utf8.RuneCountInString(raw) > MaxURLLength {
			t.Fatalf("accepted %q (parse error %v)", raw, perr)
		}
		if scheme := strings.ToLower(u.Scheme); scheme != "https" && !(insecure && scheme == "http") {
			t.Fatalf("accepted %q with scheme %q (insecure %v)", raw, u.Scheme, insecure)
		}
		if insecure {
			return // private and loopback hosts are what --allow-insecure-urls is for
		}
		host, ok := wireHost(u.Hostname())
		if !ok {
			return // no client could send to it
		}
		if ip, err := netip.ParseAddr(host); err == nil {
			if reason, bad := egress.Forbidden(ip); bad {
				t.Fatalf("accepted %q: its host %s is %s", raw, ip, reason)
			}
		}
		if ip, ok := whatwgIPv4(host); ok {
			if reason, bad := egress.Forbidden(ip); bad {
				t.Fatalf("accepted %q: a browser reads its host as %s, %s", raw, ip, reason)
			}
		}
		if host == "localhost" || strings.HasSuffix(host, ".localhost") {
			t.Fatalf("accepted %q: its host is %s", raw, host)
		}
	})
}

// wireHost is a URL's host as Go's HTTP client sends and dials it (an
// internationalized name mapped to ASCII, UTS #46), lower case, without
// one trailing dot (the root, which resolvers ignore).
func wireHost(h string) (string, bool) {
	for _, r := range h {
		if r >= utf8.RuneSelf {
			a, err := idna.Lookup.ToASCII(h)
			if err != nil {
				return "", false
			}
			h = a
			break
		}
	}
	return strings.TrimSuffix(strings.ToLower(h), "."), true
}

// whatwgIPv4 is the WHATWG URL standard's IPv4 parser (what browsers and
// inet_aton do), written from the standard rather than from ipv4Host: a
// host whose last part is a number is an IPv4 address of 1 to 4 parts,
// each decimal, 0x-hexadecimal or 0-led octal, the last filling the bytes
// the others leave.
func whatwgIPv4(host string) (netip.Addr, bool) {
	parts := strings.Split(host, ".")
	if len(parts) > 1 && parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	if len(parts) > 4 {
		return netip.Addr{}, false
	}
	nums := make([]uint64, len(parts))
	for i, p := range parts {
		n, ok := whatwgNumber(p)
		if !ok {
			return netip.Addr{}, false
		}
		nums[i] = n
	}
	var v uint64
	for i, n := range nums[:len(nums)-1] {
		if n > 255 {
			return netip.Addr{}, false
		}
		v += n << (8 * (3 - i))
	}
	last := nums[len(nums)-1]
	if last >= 1<<(8*(5-len(nums))) {
		return netip.Addr{}, false
	}
	v += last
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}), true
}

func whatwgNumber(p string) (uint64, bool) {
	if p == "" {
		return 0, false
	}
	base := 10
	switch {
	case len(p) >= 2 && (p[:2] == "0x" || p[:2] == "0X"):
		base, p = 16, p[2:]
	case len(p) >= 2 && p[0] == '0':
		base, p = 8, p[1:]
	}
	if p == "" {
		return 0, true // "0x" is 0
	}
	for _, c := range p {
		if !unicode.Is(unicode.ASCII_Hex_Digit, c) {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(p, base, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return 1 << 40, true // a number, too large for any part
		}
		return 0, false
	}
	return n, true
}

// FuzzValidateForwardTo: a listen session's forward_to the API accepts is
// an absolute http(s) URL of at most 2048 characters, with a host (or at
// least a port), no credentials (it is shown on the session), no control
// or invisible characters, and a port from 1 to 65535; anything else is a
// 422 naming forward_to.
func FuzzValidateForwardTo(f *testing.F) {
	for _, s := range []string{"http://localhost:3000/webhooks/esahayak", "http://[::1]:3000/", "http://:3000/hook", "https://127.0.0.1/",
		"http://u:p@localhost/", "javascript:alert(1)", "http://localhost:0/", "http://localhost:65536/", "http://localhost:+80/",
		"HTTP://localhost/", "http://local\u202ehost/", "http://localhost/\x00", "http://[::1%25lo]/", "http:///x", "http://%zz/", "",
		"http://ｌｏｃａｌｈｏｓｔ:３０００/", "http://127.1:3000/", "http://localhost:3000/\ufeff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		err := validateForwardTo(raw)
		if !classified(err) {
			t.Fatalf("validateForwardTo(%q): unclassified error %T: %v", raw, err, err)
		}
		if err != nil {
			if e := err.(*Error); e.Status != 422 || e.Param != "forward_to" || e.Code != "invalid_forward_to" {
				t.Fatalf("validateForwardTo(%q) = %+v; want a 422 invalid_forward_to", raw, e)
			}
			return
		}
		u, perr := url.Parse(raw)
		if perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
			t.Fatalf("accepted %q (parse error %v)", raw, perr)
		}
		if utf8.RuneCountInString(raw) > MaxURLLength || strings.IndexFunc(raw, unicode.IsControl) >= 0 {
			t.Fatalf("accepted %q: too long or with a control character", raw)
		}
		if p := u.Port(); p != "" {
			if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
				t.Fatalf("accepted %q with port %q", raw, p)
			}
		} else if u.Hostname() == "" {
			t.Fatalf("accepted %q with neither host nor port", raw)
		}
		if i := strings.IndexFunc(raw, func(r rune) bool { return r == '\u202e' || r == '\u200b' || r == '\ufeff' }); i >= 0 {
			t.Fatalf("accepted %q with an invisible character at %d", raw, i)
		}
	})
}
