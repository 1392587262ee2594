package store

import (
	"testing"
	"time"
)

func TestHealthOf(t *testing.T) {
	t0 := time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC)
	att := func(ok bool, at time.Time) *Attempt { return &Attempt{Succeeded: ok, StartedAt: at} }
	got := HealthOf([]Result{
		{EndpointID: "we_a", Outcome: OutcomeRetry, Attempt: att(false, t0.Add(2*time.Second))},
		{EndpointID: "we_a", Outcome: OutcomeFailed, Attempt: att(false, t0.Add(time.Second))},
		{EndpointID: "we_b", Outcome: OutcomeRetry, Attempt: att(false, t0)},
		{EndpointID: "we_b", Outcome: OutcomeSucceeded, Attempt: att(true, t0.Add(time.Second))},
		{EndpointID: "we_c", Outcome: OutcomeParked},
		{EndpointID: "we_c", Outcome: OutcomeReleased, NextAttemptAt: t0},
		{EndpointID: "we_d", Outcome: OutcomeParked, Attempt: att(false, t0)},
	})
	want := map[string]EndpointHealth{
		"we_a": {FirstFailed: t0.Add(time.Second)}, // the earliest failure, not the last
		"we_b": {OK: true, FirstFailed: t0},        // any success clears the endpoint
	}
	if len(got) != len(want) {
		t.Fatalf("HealthOf = %v, want %v (parked and released outcomes say nothing)", got, want)
	}
	for id, w := range want {
		if g, ok := got[id]; !ok || g.OK != w.OK || (!w.OK && !g.FirstFailed.Equal(w.FirstFailed)) {
			t.Errorf("%s: %+v, want %+v", id, g, w)
		}
	}
}
