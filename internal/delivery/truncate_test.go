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
