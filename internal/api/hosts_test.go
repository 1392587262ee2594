package api

import (
	"errors"
	"testing"

	"github.com/esahayak/esahayak/internal/egress"
)

// TestIPv4Host pins how a URL host whose last label is a number is read:
// as WHATWG URL parsing and inet_aton read it, not as a name. Pure: it
// resolves and connects to nothing.
func TestIPv4Host(t *testing.T) {
	for _, tc := range []struct {
		host        string
		numeric, ok bool
		ip          string
	}{
		{"203.0.113.7", true, true, "203.0.113.7"},
		{"203.0.113.7.", true, true, "203.0.113.7"},
		{"127.1", true, true, "127.0.0.1"},
		{"127.0.1", true, true, "127.0.0.1"},
		{"2130706433", true, true, "127.0.0.1"},
		{"0x7f.0.0.1", true, true, "127.0.0.1"},
		{"0X7F.0.0.1", true, true, "127.0.0.1"},
		{"0x7f000001", true, true, "127.0.0.1"},
		{"0177.0.0.1", true, true, "127.0.0.1"},
		{"0", true, true, "0.0.0.0"},
		{"0x", true, true, "0.0.0.0"},
		{"00", true, true, "0.0.0.0"},
		{"4294967295", true, true, "255.255.255.255"},
		{"0xcb.0.113.7", true, true, "203.0.113.7"},
		{"203.0.29447", true, true, "203.0.115.7"},
		{"１２７.0.0.1", true, true, "127.0.0.1"}, // full-width digits map to ASCII, as clients map them
		{"a.0x7f", true, false, ""},            // ends in a number, but "a" is none
		// Numeric, but not an address.
		{"4294967296", true, false, ""},
		{"1.2.3.256", true, false, ""},
		{"256.1.2.3", true, false, ""},
		{"1.2.65536", true, false, ""},
		{"1.2.3.4.5", true, false, ""},
		{"09", true, false, ""},
		{"1..2", true, false, ""},
		{"example.123", true, false, ""},
		{"99999999999999999999999", true, false, ""},
		// Names and IPv6 literals are not numeric.
		{"example.com", false, false, ""},
		{"0xg.example", false, false, ""},
		{"1.example", false, false, ""},
		{"0xg", false, false, ""},
		{"localhost", false, false, ""},
		{"::1", false, false, ""},
		{"::ffff:127.0.0.1", false, false, ""},
		{".", false, false, ""},
	} {
		ip, numeric, ok := ipv4Host(tc.host)
		if numeric != tc.numeric || ok != tc.ok || (ok && ip.String() != tc.ip) {
			t.Errorf("ipv4Host(%q) = %v, numeric %v, ok %v; want %s, %v, %v", tc.host, ip, numeric, ok, tc.ip, tc.numeric, tc.ok)
		}
	}
}

// TestPrivateHost: every spelling of a non-public address, as clients
// read it, is private; public ones and names are not.
func TestPrivateHost(t *testing.T) {
	for _, tc := range []struct{ host, reason string }{
		{"127.0.0.1", egress.ReasonLoopback},
		{"127.0.0.1.", egress.ReasonLoopback},
		{"127.1", egress.ReasonLoopback},
		{"2130706433", egress.ReasonLoopback},
		{"0x7f.0.0.1", egress.ReasonLoopback},
		{"0177.0.0.1", egress.ReasonLoopback},
		{"0", egress.ReasonUnspecified},
		{"0x", egress.ReasonUnspecified},
		{"１２７.0.0.1", egress.ReasonLoopback},
		{"ｌｏｃａｌｈｏｓｔ", egress.ReasonLoopback},
		{"localhost", egress.ReasonLoopback},
		{"api.localhost.", egress.ReasonLoopback},
		{"0xa9.0xfe.0xa9.0xfe", egress.ReasonLinkLocal}, // 169.254.169.254
		{"168.63.129.16", egress.ReasonCloudMetadata},
		{"10.1", egress.ReasonPrivate},
		{"::1", egress.ReasonLoopback},
		{"203.0.113.7", ""},
		{"0xcb.0.113.7", ""},
		{"example.com", ""},
		{"1.2.3.256", ""}, // not an address at all: refused as invalid_url instead
	} {
		reason, private := privateHost(tc.host)
		if private != (tc.reason != "") || reason != tc.reason {
			t.Errorf("privateHost(%q) = %q, %v; want %q", tc.host, reason, private, tc.reason)
		}
	}
}

// TestValidateEndpointURLIPv4Spellings: without --allow-insecure-urls a
// loopback spelling is url_private_address; any spelling of an IPv4
// address other than four decimal numbers is invalid_url, public or not,
// private or not when private addresses are allowed.
func TestValidateEndpointURLIPv4Spellings(t *testing.T) {
	for _, tc := range []struct {
		host          string
		allowInsecure bool
		code          string // "" = accepted
	}{
		{"127.1", false, "url_private_address"},
		{"2130706433", false, "url_private_address"},
		{"0x7f.0.0.1", false, "url_private_address"},
		{"0177.0.0.1", false, "url_private_address"},
		{"0", false, "url_private_address"},
		{"127.0.0.1.", false, "url_private_address"},
		{"168.63.129.16", false, "url_private_address"},
		{"127.1", true, "invalid_url"},
		{"127.0.0.1", true, ""},
		{"203.0.113.7", false, ""},
		{"203.0.113.7.", false, "invalid_url"},
		{"0xcb.0.113.7", false, "invalid_url"},
		{"3405803783", false, "invalid_url"},
		{"1.2.3.256", false, "invalid_url"},
		{"1.2.3.256", true, "invalid_url"},
		{"hooks.example.123", false, "invalid_url"},
		{"hooks.example.com", false, ""},
	} {
		err := ValidateEndpointURL("https://"+tc.host+"/hooks", tc.allowInsecure)
		var e *Error
		switch {
		case tc.code == "" && err != nil:
			t.Errorf("%s (allowInsecure %v): %v; want it accepted", tc.host, tc.allowInsecure, err)
		case tc.code != "" && (!errors.As(err, &e) || e.Code != tc.code || e.Status != 422 || e.Param != "url"):
			t.Errorf("%s (allowInsecure %v): %v; want 422 %s", tc.host, tc.allowInsecure, err, tc.code)
		}
	}
}

// TestNormalizeEndpointURL: only the query's non-ASCII bytes change; an
// ASCII URL is kept byte for byte (escapes, case and all).
func TestNormalizeEndpointURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://example.com/q/sp%20ace/ü?k=ü":     "https://example.com/q/sp%20ace/ü?k=%C3%BC",
		"https://example.com/x?a=%zz&B=1&c=%C3%BC": "https://example.com/x?a=%zz&B=1&c=%C3%BC",
		"https://example.com/ü":                    "https://example.com/ü",
		"https://example.com/x?":                   "https://example.com/x?",
		"https://example.com/x?q=日本#ü":             "https://example.com/x?q=%E6%97%A5%E6%9C%AC#ü",
		"https://example.com/x?a=1?b=ü":            "https://example.com/x?a=1?b=%C3%BC",
		"HTTPS://Example.COM/Path?Q=1":             "HTTPS://Example.COM/Path?Q=1",
		// An empty port is the default one: its ":" is dropped, and
		// nothing else of the URL changes.
		"https://example.com:/x":             "https://example.com/x",
		"https://example.com:":               "https://example.com",
		"https://example.com:?k=ü":           "https://example.com?k=%C3%BC",
		"https://example.com:#f":             "https://example.com#f",
		"https://[2001:db8::1]:/x":           "https://[2001:db8::1]/x",
		"https://u:p@example.com:/x":         "https://u:p@example.com/x",
		"https://example.com:443/x":          "https://example.com:443/x",
		"https://example.com/x?r=https://a:": "https://example.com/x?r=https://a:",
		"https://example.com::/x":            "https://example.com::/x",
		"https://:/x":                        "https://:/x",
		"https://[2001:db8::1/x":             "https://[2001:db8::1/x",
	} {
		if got := normalizeEndpointURL(in); got != want {
			t.Errorf("normalizeEndpointURL(%q) = %q, want %q", in, got, want)
		}
	}
	// ParseEndpointRequest hands on the normalised URL, which is valid.
	req, err := ParseEndpointRequest([]byte(`{"url": "https://example.com/ü?k=ü"}`), true, false)
	if err != nil || req.URL == nil || *req.URL != "https://example.com/ü?k=%C3%BC" {
		got := "<nil>"
		if req.URL != nil {
			got = *req.URL
		}
		t.Fatalf("ParseEndpointRequest: url %q, %v; want https://example.com/ü?k=%%C3%%BC", got, err)
	}
}

// TestDecodeNullBody: null is not an object, as [] is not; with
// surrounding whitespace too. A nested null is the field's business.
func TestDecodeNullBody(t *testing.T) {
	for _, body := range []string{"null", " null", "null\n", "\r\n\tnull \t"} {
		var dst struct {
			A *string `json:"a"`
		}
		for _, allowEmpty := range []bool{true, false} {
			err := decodeJSON([]byte(body), &dst, allowEmpty)
			var e *Error
			if !errors.As(err, &e) || e.Status != 400 || e.Code != "invalid_json" || e.Message != "request body must be a JSON object" {
				t.Errorf("%q (allowEmpty %v): %v; want 400 invalid_json", body, allowEmpty, err)
			}
		}
	}
	var dst struct {
		A *string `json:"a"`
	}
	if err := decodeJSON([]byte(`{"a": null}`), &dst, false); err != nil {
		t.Errorf(`{"a": null}: %v`, err)
	}
	if _, _, err := ParseCreateOrder([]byte(`{"stamp_request": null}`)); err == nil || err.(*Error).Code != "missing_field" {
		t.Errorf(`{"stamp_request": null}: %v; want missing_field`, err)
	}
}
