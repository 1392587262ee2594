package relay_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/testenv"
)

// A handler that answers at once with a body longer than the 64 KiB that
// is read, and then stops sending before its end, gave its whole answer
// once those 64 KiB arrived: listen records the forward's duration to
// then, as a real delivery to the handler records its attempt's
// (delivery's TestDurationEndsWhenTheAnswerIsComplete). The up to 250 ms
// read past the cap, only to keep the connection, are listen's own wait,
// and were counted as the handler's response time.
func TestListenDurationEndsWhenTheAnswerIsComplete(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	h := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000000")
		w.WriteHeader(http.StatusOK)
		io.WriteString(w, strings.Repeat("x", 65<<10))
		w.(http.Flusher).Flush()
		select { // the rest never comes; listen gives up on it
		case <-r.Context().Done():
		case <-time.After(time.Minute):
		}
	}))
	t.Cleanup(h.Close)
	l, _ := listen(t, s.URL, s.APIKey, h.URL+"/long", order.EventStampUploaded)
	ev := emit(t, s.URL, s.APIKey, s.Operator, order.EventStampUploaded)
	var id string
	testenv.Eventually(t, 30*time.Second, "the forward recorded", func() bool {
		for _, d := range deliveriesOf(t, s.URL, s.APIKey, l.Session().ID) {
			if d["event_id"] == ev {
				id, _ = d["id"].(string)
				return true
			}
		}
		return false
	})
	st, b := s.Do(t, "GET", "/v1/deliveries/"+id, s.APIKey, nil)
	if st != 200 {
		t.Fatalf("GET the delivery: %d %s", st, b)
	}
	d := testenv.JSON(t, b)
	attempts, _ := d["attempts"].([]any)
	if d["status"] != "succeeded" || len(attempts) != 1 {
		t.Fatalf("delivery %s; want one attempt that succeeded", b)
	}
	// Before, the duration ended after the 250 ms of reading past the
	// cap, so it was never under 250 ms.
	if ms, _ := attempts[0].(map[string]any)["duration_ms"].(float64); ms >= 250 {
		t.Errorf("duration_ms = %v; want the time until the first 64 KiB arrived, without the 250 ms spent reading past them", ms)
	}
}
