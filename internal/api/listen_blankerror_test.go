package api_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestListenResultBlankErrorIsNone: a listen result whose error is only
// whitespace was kept as it came: a 200 reported with " " was recorded
// as a failed delivery whose error read as nothing, and a status of 0
// with "\n" as a failure with no word of what went wrong. A blank error
// is now none: the 200 is a success, and the 0 is refused as one
// without an error.
func TestListenResultBlankErrorIsNone(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	ls := s.NewListenSession(t, s.APIKey, `{}`)
	report := func(status int, errText string) (int, []byte) {
		return s.Do(t, "POST", "/v1/listen_sessions/"+ls+"/results", s.APIKey, map[string]any{
			"event_id": newEvent(t, s, "upload"), "started_at": time.Now().UTC().Format(time.RFC3339Nano),
			"duration_ms": 3, "status": status, "error": errText,
		})
	}
	for _, blank := range []string{" ", "\n", " \t \r\n"} {
		st, b := report(200, blank)
		if st != 201 {
			t.Fatalf("200 with error %q: %d %s", blank, st, b)
		}
		var full map[string]any
		json.Unmarshal(b, &full)
		if full["status"] != "succeeded" || full["last_error"] != nil {
			t.Errorf("200 with error %q recorded as %s (last_error %#v); want succeeded with no error", blank, b, full["last_error"])
		}

		st, b = report(0, blank)
		code, param := errCode(t, b)
		if st != 422 || code != "missing_field" || param != "error" {
			t.Errorf("status 0 with error %q: %d %s; want 422 missing_field on error", blank, st, b)
		}
	}
	// A real error is kept as it came.
	st, b := report(0, " connection refused ")
	if st != 201 || testenv.JSON(t, b)["last_error"] != " connection refused " {
		t.Errorf("status 0 with an error: %d %s; want it recorded as sent", st, b)
	}
}
