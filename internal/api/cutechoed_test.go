package api

import (
	"strings"
	"testing"
)

// TestCutEchoedEndsOnAWholeCharacter: a path cut for an error message ends
// on a whole character, whether it is written out or percent-escaped, so
// the message never holds half an escape ("%E") or the escapes of half a
// letter ("%E0%A4").
func TestCutEchoedEndsOnAWholeCharacter(t *testing.T) {
	const letter = "%E0%A4%A6" // one Devanagari letter, escaped
	for _, tc := range []struct{ name, in, want string }{
		{"short", "/v1/x", "/v1/x"},
		{"ASCII", strings.Repeat("a", 300), strings.Repeat("a", 256) + "…"},
		{"inside an escape", strings.Repeat("a", 254) + "%2Fbbbb", strings.Repeat("a", 254) + "…"},
		{"inside a letter's escapes", strings.Repeat("a", 250) + letter + "bbbb", strings.Repeat("a", 250) + "…"},
		{"after a letter's escapes", strings.Repeat("a", 247) + letter + "bbbb", strings.Repeat("a", 247) + letter + "…"},
		{"escapes that are no UTF-8", strings.Repeat("a", 250) + "%FF%FF%FF", strings.Repeat("a", 250) + "%FF%FF…"},
		{"written out", strings.Repeat("a", 255) + "\u0926", strings.Repeat("a", 255) + "…"},
	} {
		if got := cutEchoed(tc.in); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}
