package api_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestInvalidWindowNamesTheSamePeriod: a stats window written as another
// spelling of one of the three periods ("1d" for a day, "60m", "1w",
// "P1D") was refused with the list alone: "1d" is one edit from both 1h
// and 7d, so the edit distance named neither, and "168h" is near none,
// though each plainly meant a window there is. The message now names it,
// as status and error_kind name the value meant; status, code and param
// are as before, and a period that is no window gets no guess.
func TestInvalidWindowNamesTheSamePeriod(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "http://127.0.0.1:9/h"}`)
	if st != 201 {
		t.Fatalf("create endpoint: %d %s", st, b)
	}
	we := testenv.JSON(t, b)["id"].(string)
	const rule = "window must be 1h, 24h or 7d"
	for _, c := range []struct{ sent, want string }{
		{"1d", ` (did you mean "24h", the same period?)`},
		{"1D", ` (did you mean "24h", the same period?)`},
		{"1 day", ` (did you mean "24h", the same period?)`},
		{"day", ` (did you mean "24h", the same period?)`},
		{"P1D", ` (did you mean "24h", the same period?)`},
		{"1440m", ` (did you mean "24h", the same period?)`},
		{"60m", ` (did you mean "1h", the same period?)`},
		{"3600s", ` (did you mean "1h", the same period?)`},
		{"1hr", ` (did you mean "1h", the same period?)`},
		{"PT1H", ` (did you mean "1h", the same period?)`},
		{"1w", ` (did you mean "7d", the same period?)`},
		{"168h", ` (did you mean "7d", the same period?)`},
		{"7 days", ` (did you mean "7d", the same period?)`},
		{"week", ` (did you mean "7d", the same period?)`},
		// A window in another case is still named by its spelling.
		{"24H", ` (did you mean "24h"?)`},
		// Periods that are no window get no guess.
		{"30d", ""},
		{"2h", ""},
		{"99999999999999999999d", ""},
	} {
		st, code, param, msg := refusal(t, s, "GET", "/v1/webhook_endpoints/"+we+"/stats?window="+url.QueryEscape(c.sent), "")
		// The value sent is repeated after the rule (TestListParameterRefusalsRepeatTheValue).
		want := rule + ", not " + strconv.Quote(c.sent) + c.want
		if st != 422 || code != "invalid_window" || param != "window" || msg != want {
			t.Errorf("window=%q: %d %s %s %q; want 422 invalid_window window %q", c.sent, st, code, param, msg, want)
		}
		if c.want == "" && strings.Contains(msg, "did you mean") {
			t.Errorf("window=%q: %q guesses", c.sent, msg)
		}
	}
}
