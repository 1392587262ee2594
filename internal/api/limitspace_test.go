package api_test

import (
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestLimitWithWhiteSpaceIsNamed: ?limit=+5 (a + in a query string is a
// space once decoded) and ?limit=5%20 (a value pasted with its space)
// were told only "limit must be a whole number from 1 to 100", which they
// read as; each now says the value has white space around it and gives
// the digits alone. A value that is no number from 1 to 100 once trimmed
// is told the rule alone, as before (422 invalid_limit either way).
func TestLimitWithWhiteSpaceIsNamed(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	// The value is repeated after the rule (TestListParameterRefusalsRepeatTheValue).
	for _, c := range []struct{ q, note string }{
		{"limit=+5", `, not " 5"; it has white space at its start or end (a + in a query string is read as a space); send the digits alone: 5`},
		{"limit=%205", `, not " 5"; it has white space`},
		{"limit=20%0A", `, not "20\n"; it has white space`},
		{"limit=%2B5", `, not "+5"`},
		{"limit=+500", `, not " 500"`},
		{"limit=+-5", `, not " -5"`},
	} {
		st, code, param, msg := refusal(t, s, "GET", "/v1/deliveries?"+c.q, "")
		if st != 422 || code != "invalid_limit" || param != "limit" || !strings.HasPrefix(msg, "limit must be a whole number from 1 to 100") {
			t.Errorf("?%s: %d %s %s %q; want 422 invalid_limit", c.q, st, code, param, msg)
		}
		if !strings.HasPrefix(msg, "limit must be a whole number from 1 to 100"+c.note) || !strings.Contains(c.note, "white space") && msg != "limit must be a whole number from 1 to 100"+c.note {
			t.Errorf("?%s: message %q; want it to say %q", c.q, msg, c.note)
		}
	}
}
