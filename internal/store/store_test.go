package store

import (
	"fmt"
	"strings"
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

// TestRotateKeepsEachSecretItsOverlap: every retired secret signs until
// its own expiry, however many rotations follow within it, up to
// MaxRetiredSecrets; the stored form reads back the same.
func TestRotateKeepsEachSecretItsOverlap(t *testing.T) {
	t0 := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	e := Endpoint{Secret: "s0"}
	e.Rotate("s1", t0, day)
	e.Rotate("s2", t0.Add(time.Hour), day)
	if got := e.Secrets(t0.Add(2 * time.Hour)); strings.Join(got, " ") != "s2 s1 s0" {
		t.Fatalf("after two rotations: %v, want s2 s1 s0", got)
	}
	// s0 was retired at t0: it stops at t0+24h; s1 (retired an hour later) an hour after.
	if got := e.Secrets(t0.Add(day)); strings.Join(got, " ") != "s2 s1" {
		t.Fatalf("at t0+24h: %v, want s2 s1", got)
	}
	if got := e.Secrets(t0.Add(day + time.Hour)); strings.Join(got, " ") != "s2" {
		t.Fatalf("at t0+25h: %v, want s2", got)
	}
	back, err := DecodeOlderSecrets(EncodeOlderSecrets(e.OlderSecrets))
	if err != nil || len(back) != 1 || back[0] != e.OlderSecrets[0] {
		t.Fatalf("stored form read back as %v (%v), want %v", back, err, e.OlderSecrets)
	}
	// A rotation after an expiry keeps only the secrets still valid.
	e.Rotate("s3", t0.Add(day+30*time.Minute), day)
	if got := e.Secrets(t0.Add(day + 31*time.Minute)); strings.Join(got, " ") != "s3 s2 s1" || len(e.OlderSecrets) != 1 {
		t.Fatalf("after a rotation past s0's expiry: %v (older %v), want s3 s2 s1", got, e.OlderSecrets)
	}
	// Many rotations at once: the oldest go first, MaxRetiredSecrets stay.
	for i := 4; i < 20; i++ {
		e.Rotate(fmt.Sprintf("s%d", i), t0.Add(day+time.Duration(i)*time.Minute), day)
	}
	if got := e.Secrets(t0.Add(day + time.Hour)); len(got) != 1+MaxRetiredSecrets || got[0] != "s19" || got[len(got)-1] != "s14" {
		t.Fatalf("after 20 rotations: %v, want s19 and the %d before it", got, MaxRetiredSecrets)
	}
	if _, err := DecodeOlderSecrets("not json"); err == nil {
		t.Fatal("a damaged stored form was read without an error")
	}
}

// windowRows is a window of old events as the drivers' queries read it
// (qPruneEvents, qPruneEventWindow): id, deliveries, whether it may go.
type windowRows struct {
	deliveries []int64
	prunable   []bool
	i          int
}

func (r *windowRows) Next() bool { r.i++; return r.i <= len(r.deliveries) }
func (r *windowRows) Err() error { return nil }
func (r *windowRows) Scan(dest ...any) error {
	*dest[0].(*string), *dest[1].(*int64), *dest[2].(*bool) = fmt.Sprintf("evt_%d", r.i-1), r.deliveries[r.i-1], r.prunable[r.i-1]
	return nil
}

// TestReadPruneWindow: of a window of old events, those that may go are
// taken while they fit in limit rows with their deliveries, none after
// the first that does not (the oldest go first); the walk goes
// on after the last event read, kept or not, when the window was full,
// after the last taken when the batch filled first, and starts again once
// a window reached the cutoff.
func TestReadPruneWindow(t *testing.T) {
	for _, c := range []struct {
		deliveries []int64
		prunable   []bool
		limit      int
		taken      int
		next       string
	}{
		{[]int64{1, 1, 1, 1}, []bool{false, false, false, false}, 4, 0, "evt_3"}, // all kept: on past them
		{[]int64{1, 1, 1}, []bool{false, false, false}, 4, 0, ""},                // all kept, the cutoff reached
		{[]int64{1, 0, 1, 1}, []bool{false, true, false, true}, 4, 2, "evt_3"},
		{[]int64{1, 1, 1, 1}, []bool{true, true, true, false}, 4, 2, "evt_1"}, // evt_2 does not fit: read again
		{[]int64{1, 5, 0}, []bool{false, true, true}, 4, 1, "evt_1"},          // the first taken always fits
		{[]int64{0, 0}, []bool{true, true}, 4, 2, ""},
		{[]int64{9}, []bool{true}, 4, 1, ""},                        // the first is always taken
		{[]int64{1, 1}, []bool{true, true}, 4, 2, ""},               // exactly limit rows with its deliveries: taken
		{[]int64{1, 2}, []bool{true, true}, 4, 1, "evt_0"},          // one row past limit, the event's own: not taken
		{[]int64{1, 5, 0}, []bool{true, true, true}, 4, 1, "evt_0"}, // evt_2 would fit, but evt_1 did not before it
		{nil, nil, 4, 0, ""},
	} {
		batch, next, err := ReadPruneWindow(&windowRows{deliveries: c.deliveries, prunable: c.prunable}, c.limit)
		if err != nil || len(batch.Events) != c.taken || next != c.next {
			t.Errorf("%v %v with limit %d: took %v, next %q, %v; want %d taken, next %q", c.deliveries, c.prunable, c.limit, batch.Events, next, err, c.taken, c.next)
		}
	}
}

// TestLastError: what both drivers record as a delivery's last_error.
func TestLastError(t *testing.T) {
	for _, c := range []struct {
		a              Attempt
		last, onListen string
	}{
		{Attempt{Error: "connection refused"}, "connection refused", "connection refused"},
		{Attempt{ResponseStatus: 500}, "HTTP 500", "HTTP 500"},
		{Attempt{ResponseStatus: 200, Succeeded: true}, "HTTP 200", ""},
		{Attempt{}, "", ""},
	} {
		if got, onListen := c.a.LastError(), c.a.ListenLastError(); got != c.last || onListen != c.onListen {
			t.Errorf("%+v: %q, after a listener's attempt %q; want %q, %q", c.a, got, onListen, c.last, c.onListen)
		}
	}
}
