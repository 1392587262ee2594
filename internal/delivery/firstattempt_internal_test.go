package delivery

import (
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/esahayak/esahayak/internal/backoff"
	"github.com/esahayak/esahayak/internal/egress"
	"github.com/esahayak/esahayak/internal/store"
)

// TestFirstAttemptLatencyCountsFromTheDeliverysCreation: a recover with
// include_missed makes deliveries today for events of days ago (created
// while the endpoint was disabled); their first attempts, sent at once,
// are not days late, and esahayak_event_to_first_attempt_seconds, which
// the README's operators graph and alert on, must not read them so. A
// delivery made with its event counts from the event, and a later attempt
// is not a first one.
func TestFirstAttemptLatencyCountsFromTheDeliverysCreation(t *testing.T) {
	sched, err := backoff.ParseSchedule("5s")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	for _, tc := range []struct {
		name                  string
		eventAge, deliveryAge time.Duration
		attempt               int
		count                 uint64
		atLeast, atMost       float64 // seconds
	}{
		{"recovered missed event, 3 days old", 72 * time.Hour, 2 * time.Second, 1, 1, 2, 60},
		{"fanned out with its event", 3 * time.Second, 3 * time.Second, 1, 1, 3, 60},
		{"retry of an old delivery", 72 * time.Hour, 72 * time.Hour, 2, 0, 0, 0},
		// Made by an instance whose clock is 5 s ahead of this one's.
		{"made by a clock ahead", -5 * time.Second, -5 * time.Second, 1, 1, 0, 1},
	} {
		m := NewMetrics(prometheus.NewRegistry())
		e := &Engine{cfg: Config{Metrics: m, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Schedule: sched, Timeout: 10 * time.Second,
			Client: egress.NewClient(egress.Options{Timeout: 10 * time.Second})}}
		// No secret: the attempt ends at signing, with nothing sent.
		w := store.Work{DeliveryID: "dlv_x", EndpointID: "ep_x", EventID: "evt_x", URL: "https://127.0.0.1:1/h",
			Attempt: tc.attempt, RoundAttempt: 1, LeaseUntil: now.Add(time.Minute),
			EventCreated: now.Add(-tc.eventAge), CreatedAt: now.Add(-tc.deliveryAge)}
		e.attempt(w)
		var got dto.Metric
		if err := m.CommitToSend.(prometheus.Metric).Write(&got); err != nil {
			t.Fatal(err)
		}
		h := got.GetHistogram()
		if h.GetSampleCount() != tc.count || (tc.count > 0 && (h.GetSampleSum() < tc.atLeast || h.GetSampleSum() > tc.atMost)) {
			t.Errorf("%s: esahayak_event_to_first_attempt_seconds count %d sum %.1fs, want %d in [%vs, %vs]",
				tc.name, h.GetSampleCount(), h.GetSampleSum(), tc.count, tc.atLeast, tc.atMost)
		}
	}
}
