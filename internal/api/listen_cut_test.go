package api_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestListenResultCutsLongHeaderValues: a reported response header value
// is kept as the engine keeps a receiver's, cut at 2 KiB with the bytes
// left out counted under "(cut)", as docs/api.md says of every attempt.
// A third-party reporter's 6 KiB value was stored and shown whole.
func TestListenResultCutsLongHeaderValues(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	ls := s.NewListenSession(t, s.APIKey, `{}`)
	eventID := newEvent(t, s, "upload")
	long := strings.Repeat("é", 3000) // 6,000 bytes
	report := map[string]any{
		"event_id": eventID, "started_at": time.Now().UTC().Format(time.RFC3339Nano), "duration_ms": 3, "status": 200,
		"response_headers": map[string]string{"X-Long": long, "X-Short": "ok"},
	}
	st, b := s.Do(t, "POST", "/v1/listen_sessions/"+ls+"/results", s.APIKey, report)
	if st != 201 {
		t.Fatalf("result: %d %s", st, b)
	}
	_, b = s.Do(t, "GET", "/v1/deliveries/"+testenv.JSON(t, b)["id"].(string), s.APIKey, nil)
	var d struct {
		Attempts []struct {
			Response struct {
				Headers map[string]string `json:"headers"`
			} `json:"response"`
		} `json:"attempts"`
	}
	if err := json.Unmarshal(b, &d); err != nil || len(d.Attempts) != 1 {
		t.Fatalf("delivery: %v %s", err, b)
	}
	h := d.Attempts[0].Response.Headers
	if got := h["X-Long"]; got != strings.Repeat("é", 1024) {
		t.Errorf("X-Long kept %d bytes; want the first 2,048 (1,024 é)", len(got))
	}
	if h["X-Short"] != "ok" {
		t.Errorf("X-Short = %q", h["X-Short"])
	}
	if cut := h["(cut)"]; !strings.Contains(cut, "3952 bytes") {
		t.Errorf(`"(cut)" = %q; want the 3,952 bytes left out counted`, cut)
	}
}
