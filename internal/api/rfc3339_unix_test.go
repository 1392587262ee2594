package api_test

import (
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestUnixOrEmptyTimeSaysSo: a recover's since or a listen result's
// started_at sent as a Unix time in a string ("1705314600", as a
// script's date +%s or time.time() gives it, or Date.now()'s
// milliseconds), or sent as "", was told "must be an RFC 3339 time"
// alone, with nothing about the value sent. The message now says it is
// empty, or that it is a Unix time, and gives that time in RFC 3339.
func TestUnixOrEmptyTimeSaysSo(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{AllowInsecureURLs: true})
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "http://127.0.0.1:9/hook", "events": ["stamp.uploaded"]}`)
	if st != 201 {
		t.Fatalf("create endpoint: %d %s", st, b)
	}
	we := testenv.JSON(t, b)["id"].(string)
	st, b = s.Do(t, "POST", "/v1/listen_sessions", s.APIKey, `{"events": ["stamp.uploaded"]}`)
	if st != 201 {
		t.Fatalf("create listen session: %d %s", st, b)
	}
	ls := testenv.JSON(t, b)["id"].(string)
	for _, tc := range []struct{ value, note string }{
		{"", "; it is empty"},
		{"1705314600", `; "1705314600" is a Unix time (seconds since 1970): write it as "2024-01-15T10:30:00Z"`},
		{"1705314600.25", `; "1705314600.25" is a Unix time (seconds since 1970): write it as "2024-01-15T10:30:00.25Z"`},
		{"1705314600123", `; "1705314600123" is a Unix time (milliseconds since 1970): write it as "2024-01-15T10:30:00.123Z"`},
		{"yesterday", ""},
	} {
		const sinceRule = "since must be an RFC 3339 time such as 2024-01-15T10:30:00Z"
		st, code, param, msg := refusal(t, s, "POST", "/v1/webhook_endpoints/"+we+"/recover", `{"since": "`+tc.value+`"}`)
		if st != 422 || code != "invalid_since" || param != "since" || msg != sinceRule+tc.note {
			t.Errorf("recover since %q: %d %s %s %q;\nwant 422 invalid_since %q", tc.value, st, code, param, msg, sinceRule+tc.note)
		}
		if tc.value == "" {
			continue // a result's started_at "" is told it is required
		}
		const startedRule = "started_at must be an RFC 3339 time"
		st, code, param, msg = refusal(t, s, "POST", "/v1/listen_sessions/"+ls+"/results",
			`{"event_id": "evt_01m8s1wyypk0y6r82m2j1wh4g8", "status": 200, "started_at": "`+tc.value+`"}`)
		if st != 422 || code != "invalid_started_at" || param != "started_at" || msg != startedRule+tc.note {
			t.Errorf("result started_at %q: %d %s %s %q;\nwant 422 invalid_started_at %q", tc.value, st, code, param, msg, startedRule+tc.note)
		}
	}
}
