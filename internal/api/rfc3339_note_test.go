package api_test

import (
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestNearlyRFC3339SaysWhatIsWrong: a time written as people and
// databases write it ("2026-01-15 10:30:00", with a space and no zone;
// a date alone; +0530 without its colon; a month 13) was refused with
// "must be an RFC 3339 time" alone, and a new user compared it to the
// example character by character. recover's since and a listen result's
// started_at now quote the value and say what in it RFC 3339 does not
// allow, with the same status and code as before. A Unix time in a
// string ("1705314600", as a script's date +%s or time.time() gives it,
// or Date.now()'s milliseconds), or "", was told the rule alone too: the
// message now says it is empty, or that it is a Unix time, and gives
// that time in RFC 3339.
func TestNearlyRFC3339SaysWhatIsWrong(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{AllowInsecureURLs: true})
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "http://127.0.0.1:9/hook", "events": ["stamp.uploaded"]}`)
	if st != 201 {
		t.Fatalf("create endpoint: %d %s", st, b)
	}
	we := testenv.JSON(t, b)["id"].(string)
	st, b = s.Do(t, "POST", "/v1/listen_sessions", s.APIKey, `{"forward_to": "http://localhost:3000/hook", "events": ["stamp.uploaded"]}`)
	if st != 201 {
		t.Fatalf("create listen session: %d %s", st, b)
	}
	ls := testenv.JSON(t, b)["id"].(string)
	for _, tc := range []struct{ value, note string }{
		{"2026-01-15 10:30:00Z", `; "2026-01-15 10:30:00Z" has a space between the date and the time, where RFC 3339 has a T: "2026-01-15T10:30:00Z"`},
		{"2026-01-15T10:30:00", `; "2026-01-15T10:30:00" has no UTC offset: end it with Z for UTC ("2026-01-15T10:30:00Z") or with its time zone's offset, such as +05:30`},
		{"2026-01-15 10:30:00", `; "2026-01-15 10:30:00" has a space between the date and the time, where RFC 3339 has a T, and no UTC offset: end it with Z for UTC ("2026-01-15T10:30:00Z") or with its time zone's offset, such as +05:30`},
		{"2026-01-15T10:30:00+0530", `; "2026-01-15T10:30:00+0530" has a UTC offset without its colon: "2026-01-15T10:30:00+05:30"`},
		{"2026-01-15T10:30:00+05", `; "2026-01-15T10:30:00+05" has a UTC offset without its minutes: "2026-01-15T10:30:00+05:00"`},
		{"2026-01-15", `; "2026-01-15" is a date without a time: add the time and its UTC offset, such as "2026-01-15T00:00:00Z"`},
		{"2026-13-15T10:30:00Z", `; "2026-13-15T10:30:00Z" has its month out of range`},
		{"2026-02-30T10:30:00Z", `; "2026-02-30T10:30:00Z" has its day out of range`},
		{"2026-01-15T10:30:00+24:00", `; "2026-01-15T10:30:00+24:00" has a UTC offset of 24 hours or more`},
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
