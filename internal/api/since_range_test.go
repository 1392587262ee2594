package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestRecoverSinceOutsideTheYearsSaysSo: a recover since of year 0000 (or
// one an offset moves there, or past 9999) is RFC 3339 by its grammar,
// and was refused as "since must be an RFC 3339 time": its sender looked
// for a typo. It is still 422 invalid_since, saying the years it takes; a
// since that is no RFC 3339 time is told so as before.
func TestRecoverSinceOutsideTheYearsSaysSo(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "https://127.0.0.1/x"}`)
	var ep struct{ ID string }
	if json.Unmarshal(b, &ep); st != 201 || ep.ID == "" {
		t.Fatalf("create endpoint: %d %s", st, b)
	}
	recoverSince := func(since string) (int, string, string) {
		st, b := s.Do(t, "POST", "/v1/webhook_endpoints/"+ep.ID+"/recover", s.APIKey, `{"since": "`+since+`"}`)
		var e struct {
			Error struct{ Code, Message, Param string }
		}
		json.Unmarshal(b, &e)
		if e.Error.Param != "" && e.Error.Param != "since" {
			t.Errorf("since %s: param %q", since, e.Error.Param)
		}
		return st, e.Error.Code, e.Error.Message
	}
	for _, since := range []string{"0000-01-01T00:00:00Z", "0000-12-31T23:59:59.999Z", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-23:59"} {
		st, code, msg := recoverSince(since)
		if st != 422 || code != "invalid_since" || strings.Contains(msg, "RFC 3339") || !strings.Contains(msg, "0001") || !strings.Contains(msg, "9999") {
			t.Errorf("since %s: %d %s %q; want 422 invalid_since saying the years taken", since, st, code, msg)
		}
	}
	if st, code, msg := recoverSince("2024-01-15 10:30:00Z"); st != 422 || code != "invalid_since" || !strings.Contains(msg, "must be an RFC 3339 time") {
		t.Errorf("a since without its T: %d %s %q", st, code, msg)
	}
	if st, _, msg := recoverSince("0001-01-01T00:00:00Z"); st != 202 {
		t.Errorf("since 0001-01-01T00:00:00Z: %d %q", st, msg)
	}
}
