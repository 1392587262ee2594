package main

import (
	"strings"
	"testing"
)

// TestAPIBaseRefusesNonASCIIHost: an --api-base whose scheme, host or
// port is not ASCII (an input method's full-width "ｌｏｃａｌｈｏｓｔ", an
// internationalised name) was taken and dialled, or looked up as its
// xn-- form, and the messages quoted the host percent-encoded. It is
// refused as read, naming the first such character and where it is in
// the value quoted; when folding the full-width characters spells an
// --api-base that is taken, that is the URL to type. A user name and
// password are neither shown nor read for this.
func TestAPIBaseRefusesNonASCIIHost(t *testing.T) {
	for _, c := range []struct {
		value string
		has   []string
		not   []string
	}{
		{"https://ｌｏｃａｌｈｏｓｔ:8080", []string{`"ｌ" (U+FF4C), a non-ASCII character, at character 9`, "type it in ASCII: --api-base https://localhost:8080"}, nil},
		{"http://１２７.０.０.１:8080", []string{`"１" (U+FF11)`, "at character 8", "--api-base http://127.0.0.1:8080"}, nil},
		{"http://127。0。0。1:8080/v1", []string{`"。" (U+3002)`, "at character 11", "--api-base http://127.0.0.1:8080/v1"}, nil},
		{"http://localhost：８０８０", []string{`"：" (U+FF1A)`, "at character 17", "--api-base http://localhost:8080"}, nil},
		{"ｈｔｔｐ://127.0.0.1:8080", []string{`"ｈ" (U+FF48)`, "at character 1", "--api-base http://127.0.0.1:8080"}, nil},
		// Nothing to fold it to: named, with no URL to type.
		{"http://bücher.test:8080", []string{`"ü" (U+00FC)`, "at character 9", "in ASCII (an internationalised host name in its xn-- form)"}, []string{"type it in ASCII"}},
		{"http://éｌｏｃａｌｈｏｓｔ:8080", []string{`"é" (U+00E9)`, "at character 8", "xn-- form"}, []string{"type it in ASCII"}},
		// Folded, still no --api-base: no URL offered but the default.
		{"http://ｌｏｃａｌｈｏｓｔé:8080", []string{`"ｌ" (U+FF4C)`, "at character 8", "full-width", "in ASCII, e.g. http://127.0.0.1:8080"}, []string{"type it in ASCII", "xn--"}},
		{"ｌｏｃａｌｈｏｓｔ:8080", []string{`"ｌ" (U+FF4C)`, "at character 1", "full-width"}, []string{"type it in ASCII"}},
		// The position is in the value as quoted, without its password.
		{"http://user:PASSWORD@ｌｏｃａｌｈｏｓｔ:8080", []string{`--api-base "http://ｌｏｃａｌｈｏｓｔ:8080"`, "at character 8", "--api-base http://localhost:8080"}, []string{"PASSWORD", "user"}},
	} {
		msg := apiBaseMistake(c.value)
		for _, h := range c.has {
			if !strings.Contains(msg, h) {
				t.Errorf("apiBaseMistake(%q) = %q, want it to hold %q", c.value, msg, h)
			}
		}
		for _, n := range c.not {
			if strings.Contains(msg, n) {
				t.Errorf("apiBaseMistake(%q) = %q, want no %q", c.value, msg, n)
			}
		}
	}
	// ASCII in the scheme and host, the rest is not read for this.
	for _, v := range []string{"http://127.0.0.1:8080", "https://localhost:8443/v1", "http://ｕ:ｐｗ@127.0.0.1:8080"} {
		if msg := apiBaseMistake(v); strings.Contains(msg, "non-ASCII") {
			t.Errorf("apiBaseMistake(%q) = %q, want no non-ASCII refusal", v, msg)
		}
	}
}

// TestAPIBaseRefusesNoHost: "http://:8080" was taken, dialled as ":8080"
// (this machine, to Go), and the failure quoted "dial tcp :8080" with no
// word of the host left out. It is refused as --forward-to refuses one,
// with the URL to type.
func TestAPIBaseRefusesNoHost(t *testing.T) {
	for _, c := range []struct{ value, want string }{
		{"http://:8080", `--api-base "http://:8080" has no host; give the server's host and port, e.g. --api-base http://127.0.0.1:8080`},
		{"https://:8443/v1", "e.g. --api-base https://127.0.0.1:8443/v1"},
		{"http://user:PASSWORD@:8080", `--api-base "http://:8080" has no host`},
	} {
		if msg := apiBaseMistake(c.value); !strings.Contains(msg, c.want) || strings.Contains(msg, "PASSWORD") {
			t.Errorf("apiBaseMistake(%q) = %q, want it to hold %q", c.value, msg, c.want)
		}
	}
}
