package api_test

import (
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestUTF16BodyIsNamed: a body in UTF-16 (as Windows PowerShell's
// Out-File and > write a file that curl --data-binary @file then sends)
// was told "request body is not valid UTF-8" with a byte-order mark, and
// "malformed JSON at byte 2: invalid character '\x00' looking for
// beginning of object key string" without one, which read as a fault in
// the JSON. Each is now told the body is UTF-16 text and to send it in
// UTF-8 (400 invalid_json as before).
func TestUTF16BodyIsNamed(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	le := func(s string) []byte {
		var b []byte
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u), byte(u>>8))
		}
		return b
	}
	be := func(s string) []byte {
		var b []byte
		for _, u := range utf16.Encode([]rune(s)) {
			b = append(b, byte(u>>8), byte(u))
		}
		return b
	}
	for name, body := range map[string][]byte{
		"little-endian with a byte-order mark": le("\uFEFF" + goodOrder),
		"little-endian":                        le(goodOrder),
		"big-endian with a byte-order mark":    be("\uFEFF" + goodOrder),
		"big-endian":                           be(goodOrder),
	} {
		st, code, param, msg := refusal(t, s, "POST", "/v1/orders", string(body))
		if st != 400 || code != "invalid_json" || param != "" || !strings.Contains(msg, "UTF-16") || !strings.Contains(msg, "UTF-8") {
			t.Errorf("%s: %d %s %q; want 400 invalid_json naming UTF-16 and UTF-8", name, st, code, msg)
		}
	}
	// The same order in UTF-8 is taken.
	if st, b := s.Do(t, "POST", "/v1/orders", s.APIKey, goodOrder); st != 201 {
		t.Errorf("the order in UTF-8: %d %s", st, b)
	}
}
