package api_test

import (
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestMalformedQuerySaysWhatToWrite: a query with a ";" between its
// parameters (as some frameworks write them), or a % that starts no
// escape, was told "the query string is malformed (…); percent-encode
// special characters", which named neither what to send between the
// parameters nor how to write a literal %. Each now says what to write
// (400 invalid_query as before), as the dashboard's forms do.
func TestMalformedQuerySaysWhatToWrite(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	for _, c := range []struct{ query, says string }{
		{"?limit=5;status=FAILED", `the query string is malformed (invalid semicolon separator in query): its parameters are separated by "&", not ";"; write a ";" that belongs to a value as %3B`},
		{"?limit=%zz", `the query string is malformed (invalid URL escape "%zz"): "%zz" is not a percent-escape (a % and two hexadecimal digits); write a literal % as %25`},
		{"?status=100%", `"%" is not a percent-escape`},
	} {
		st, code, _, msg := refusal(t, s, "GET", "/v1/orders"+c.query, "")
		if st != 400 || code != "invalid_query" || !strings.Contains(msg, c.says) || strings.Contains(msg, "special characters") {
			t.Errorf("%s: %d %s %q; want 400 invalid_query saying %q", c.query, st, code, msg, c.says)
		}
	}
}
