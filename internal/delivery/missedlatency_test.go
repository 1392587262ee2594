package delivery_test

import (
	"net/http"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// TestMissedDeliveryFirstAttemptLatency: an event created while its
// endpoint was disabled, sent by a recover with include_missed seconds
// later, is not a first attempt seconds late in
// esahayak_event_to_first_attempt_seconds: it counts from the recovery
// that made its delivery, on both drivers.
func TestMissedDeliveryFirstAttemptLatency(t *testing.T) {
	eachStore(t, func(t *testing.T, open func(testing.TB) store.Store) {
		s := testenv.Start(t, open(t), testenv.Options{})
		rc := newReceiver(t, func(int, http.ResponseWriter, *http.Request, []byte) {})
		ep, _ := createEndpoint(t, s, s.APIKey, rc.URL("/hook"))
		if st, b := s.Do(t, "PATCH", "/v1/webhook_endpoints/"+ep, s.APIKey, map[string]any{"status": "disabled"}); st != http.StatusOK {
			t.Fatalf("disable: %d %s", st, b)
		}
		since := time.Now().UTC().Add(-time.Minute)
		upload(t, s, s.APIKey)      // missed: its endpoint is disabled
		time.Sleep(4 * time.Second) // the event's age when it is recovered
		if st, b := s.Do(t, "PATCH", "/v1/webhook_endpoints/"+ep, s.APIKey, map[string]any{"status": "enabled"}); st != http.StatusOK {
			t.Fatalf("enable: %d %s", st, b)
		}
		before := time.Now()
		st, b := s.Do(t, "POST", "/v1/webhook_endpoints/"+ep+"/recover", s.APIKey, map[string]any{"since": since.Format(time.RFC3339Nano), "include_missed": true})
		if st != http.StatusAccepted {
			t.Fatalf("recover: %d %s", st, b)
		}
		rc.waitCount(t, 1, 30*time.Second)
		took := time.Since(before).Seconds()
		families, err := s.Registry.Gather()
		if err != nil {
			t.Fatal(err)
		}
		var h *dto.Histogram
		for _, f := range families {
			if f.GetName() == "esahayak_event_to_first_attempt_seconds" {
				h = f.GetMetric()[0].GetHistogram()
			}
		}
		if h.GetSampleCount() != 1 || h.GetSampleSum() > took {
			t.Errorf("esahayak_event_to_first_attempt_seconds: %d samples summing to %.3fs; want 1, at most the %.3fs from the recover to the arrival",
				h.GetSampleCount(), h.GetSampleSum(), took)
		}
	})
}
