package api_test

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestListenResultKeepsItsDuration: a listen result's duration_ms is
// shown back in its delivery's attempt as it was reported (esahayak
// listen reports whole microseconds). It was multiplied out to
// nanoseconds as a float and cut: 1.001 ms is 1000999.9999999999 ns, so
// the attempt read 1 ms, one microsecond short, for about one duration in
// 60 (1.003, 1.005, 2.049, …).
func TestListenResultKeepsItsDuration(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	ls := s.NewListenSession(t, s.APIKey, `{}`)
	for _, d := range []string{"1.001", "1.003", "2.049", "0.285", "17.009", "1234.567", "3599999.999", "0.001", "0"} {
		ev := newEvent(t, s, "upload")
		st, b := s.Do(t, "POST", "/v1/listen_sessions/"+ls+"/results", s.APIKey, fmt.Sprintf(
			`{"event_id": %q, "started_at": %q, "duration_ms": %s, "status": 200}`, ev, time.Now().UTC().Format(time.RFC3339Nano), d))
		if st != 201 {
			t.Fatalf("result of %s ms: %d %s", d, st, b)
		}
		_, b = s.Do(t, "GET", "/v1/deliveries/"+testenv.JSON(t, b)["id"].(string), s.APIKey, nil)
		got := testenv.JSON(t, b)["attempts"].([]any)[0].(map[string]any)["duration_ms"]
		if strconv.FormatFloat(got.(float64), 'f', -1, 64) != d {
			t.Errorf("reported duration_ms %s; the attempt shows %v", d, got)
		}
	}
}
