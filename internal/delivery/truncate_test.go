package delivery

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestTruncateUTF8: a stored response body is the start of the answer, at
// most StoredBodyBytes of valid UTF-8, however the answer's bytes fall.
func TestTruncateUTF8(t *testing.T) {
	for name, body := range map[string][]byte{
		"two-byte character across the cut":   []byte(strings.Repeat("A", 4095) + "é" + strings.Repeat("Z", 100)),
		"three-byte character across the cut": []byte(strings.Repeat("A", 4094) + "€" + strings.Repeat("Z", 100)),
		"invalid bytes all along":             bytes.Repeat([]byte("\xffA"), 5000),
		"short and valid":                     []byte("thanks"),
		"short with an invalid byte":          []byte("ok\xff"),
	} {
		got := truncateUTF8(body, StoredBodyBytes)
		want := bytes.ToValidUTF8(body, []byte("\uFFFD"))
		if len(got) > StoredBodyBytes || !utf8.ValidString(got) || !bytes.HasPrefix(want, []byte(got)) {
			t.Errorf("%s: stored %d bytes (valid %v), want at most %d, a start of the answer", name, len(got), utf8.ValidString(got), StoredBodyBytes)
		}
		if len(want) >= StoredBodyBytes && len(got) < StoredBodyBytes-3 {
			t.Errorf("%s: stored only %d bytes of a longer answer", name, len(got))
		}
	}
}

func FuzzTruncateUTF8(f *testing.F) {
	f.Add([]byte("\xffA\xe2\x82"), 4)
	f.Add([]byte(strings.Repeat("é", 10)), 5)
	f.Fuzz(func(t *testing.T, b []byte, n int) {
		if n < 0 || n > 1<<16 {
			return
		}
		got := truncateUTF8(b, n)
		want := bytes.ToValidUTF8(b, []byte("\uFFFD"))
		if len(got) > n || !utf8.ValidString(got) || !bytes.HasPrefix(want, []byte(got)) || len(want) > len(got) && len(got) < n-3 {
			t.Fatalf("truncateUTF8(%q, %d) = %q", b, n, got)
		}
	})
}

// TestURLHost: the logged Host header is the one Go's client writes.
func TestURLHost(t *testing.T) {
	for raw, want := range map[string]string{
		"https://hooks.example.com/x":       "hooks.example.com",
		"http://127.0.0.1:8080/x?y=1":       "127.0.0.1:8080",
		"https://user:pw@example.com:8443/": "example.com:8443",
		"http://[::1]:9/h":                  "[::1]:9",
		"https://bücher.de/idn":             "xn--bcher-kva.de",
		"https://b%C3%BCcher.de:444/p":      "xn--bcher-kva.de:444",
		"https://example.com#frag":          "example.com",
		"https://EXAMPLE.com/Path":          "EXAMPLE.com",
	} {
		if got := urlHost(raw); got != want {
			t.Errorf("urlHost(%q) = %q, want %q", raw, got, want)
		}
	}
}
