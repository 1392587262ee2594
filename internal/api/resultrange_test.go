package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestListenResultRangeRefusalsRepeatTheNumber: a listen result's
// duration_ms of -1 or 1e10, or its status of 1000, was refused with the
// range alone ("duration_ms must be from 0 to 3600000"), and the listener
// that had computed it could not see what the server read. Each refusal
// now ends with the number: as sent when the decoder could not hold it
// (1e400, twenty digits), else as read.
func TestListenResultRangeRefusalsRepeatTheNumber(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	st, b := s.Do(t, "POST", "/v1/listen_sessions", s.APIKey, `{}`)
	if st != 201 {
		t.Fatalf("create listen session: %d %s", st, b)
	}
	ls := testenv.JSON(t, b)["id"].(string)
	const statusRule = "status must be from 0 to 999 (the three digits of the handler's status line, or 0 when no response arrived), not "
	for _, c := range []struct{ fields, code, param, want string }{
		{`"status": 200, "duration_ms": -1`, "invalid_duration_ms", "duration_ms", "duration_ms must be from 0 to 3600000, not -1"},
		{`"status": 200, "duration_ms": 3600000.5`, "invalid_duration_ms", "duration_ms", "duration_ms must be from 0 to 3600000, not 3600000.5"},
		{`"status": 200, "duration_ms": 1e10`, "invalid_duration_ms", "duration_ms", "duration_ms must be from 0 to 3600000, not 10000000000"},
		{`"status": 200, "duration_ms": 1e400`, "invalid_duration_ms", "duration_ms", "duration_ms must be from 0 to 3600000, not 1e400"},
		{`"status": 1000`, "invalid_status", "status", statusRule + "1000"},
		{`"status": -1, "error": "boom"`, "invalid_status", "status", statusRule + "-1"},
		{`"status": 99999999999999999999`, "invalid_status", "status", statusRule + "99999999999999999999"},
		{`"status": -` + strings.Repeat("9", 70), "invalid_status", "status", statusRule + "-" + strings.Repeat("9", 63) + "…"},
	} {
		body := `{"event_id": "evt_01m8s1wyypk0y6r82m2j1wh4g8", "started_at": "` + time.Now().UTC().Format(time.RFC3339) + `", ` + c.fields + `}`
		st, code, param, msg := refusal(t, s, "POST", "/v1/listen_sessions/"+ls+"/results", body)
		if st != 422 || code != c.code || param != c.param || msg != c.want {
			t.Errorf("a result with %s: %d %s %s %q;\nwant 422 %s %s %q", c.fields, st, code, param, msg, c.code, c.param, c.want)
		}
	}
}
