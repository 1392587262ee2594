package delivery

import (
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

// The lane's queue follows its attempt time: what its workers send in
// queueHorizon, never below PerEndpoint (a lane without history, or a slow
// one) nor above 32 × PerEndpoint.
func TestQueueLimitFollowsAttemptTime(t *testing.T) {
	e := New(Config{PerEndpoint: 16}, nil)
	cases := []struct {
		avg  time.Duration
		want int
	}{
		{0, 16},                       // no history: shallow
		{time.Millisecond, 512},       // fast: capped at 32 × 16
		{50 * time.Millisecond, 512},  // 16 × 2 s / 50 ms = 640, capped
		{80 * time.Millisecond, 400},  // past the old 50 ms threshold, still deep
		{100 * time.Millisecond, 320}, // 16 × 2 s / 100 ms
		{time.Second, 32},
		{10 * time.Second, 16}, // timing out: the floor
	}
	for _, c := range cases {
		if got := e.queueLimit(&lane{avg: c.avg}); got != c.want {
			t.Errorf("queueLimit(avg %v) = %d, want %d", c.avg, got, c.want)
		}
	}
	if got := e.queueLimit(nil); got != 16 {
		t.Errorf("queueLimit(no lane) = %d, want 16", got)
	}
}

// Work given back (its lease ran out while it waited in the queue) made no
// attempt, and must not count as a quick one: a slow lane whose queue
// outlived its leases fell to an average near zero, got the deep queue
// again, and claimed and gave back a full queue over and over.
func TestGivenBackWorkKeepsTheLaneSlow(t *testing.T) {
	e := New(Config{PerEndpoint: 4}, nil)
	l := &lane{}
	for range 8 {
		l.recordTime(900*time.Millisecond, store.Result{Outcome: store.OutcomeSucceeded, Attempt: &store.Attempt{}})
	}
	before := e.queueLimit(l)
	for range 100 {
		l.recordTime(5*time.Microsecond, store.Result{Outcome: store.OutcomeReleased})
	}
	if got := e.queueLimit(l); got != before || l.avg != 900*time.Millisecond || l.failing {
		t.Fatalf("after 100 give-backs: queue limit %d (was %d), average %v, failing %v", got, before, l.avg, l.failing)
	}
	l.recordTime(time.Millisecond, store.Result{Outcome: store.OutcomeFailed, Attempt: &store.Attempt{}})
	if l.avg >= 900*time.Millisecond || !l.failing {
		t.Fatalf("a real attempt did not count: average %v, failing %v", l.avg, l.failing)
	}
}

// An idle lane keeps its history (so a backlog that comes back is claimed
// with the deep queue its attempt time earned) until laneIdleTTL passes.
func TestIdleLaneKeepsHistory(t *testing.T) {
	e := New(Config{PerEndpoint: 16}, nil)
	fresh := &lane{id: "we_fresh", avg: time.Millisecond, idleSince: time.Now()}
	old := &lane{id: "we_old", avg: time.Millisecond, idleSince: time.Now().Add(-laneIdleTTL - time.Second)}
	reserved := &lane{id: "we_reserved", reserved: 3} // a reservation that never submitted
	e.lanes = map[string]*lane{fresh.id: fresh, old.id: old, reserved.id: reserved}
	e.forgetReservations()
	if e.lanes[fresh.id] == nil || e.queueLimit(e.lanes[fresh.id]) != 512 {
		t.Fatal("an idle lane lost its history before laneIdleTTL")
	}
	if e.lanes[old.id] != nil {
		t.Fatal("a lane idle for longer than laneIdleTTL was kept")
	}
	if l := e.lanes[reserved.id]; l == nil || l.reserved != 0 || l.idleSince.IsZero() {
		t.Fatalf("a reserved-only lane: %+v, want kept, reservation dropped, idle clock started", l)
	}
}

// Fast (LeaseParams.Fast) names the endpoints whose work is written first
// when an event is split: a lane whose last attempt succeeded and whose
// attempts are quick. New, slow and failing endpoints are not fast.
func TestFastLanes(t *testing.T) {
	e := New(Config{PerEndpoint: 16}, nil)
	e.lanes = map[string]*lane{
		"we_quick":   {id: "we_quick", avg: 2 * time.Millisecond},
		"we_slow":    {id: "we_slow", avg: 10 * time.Second},
		"we_failing": {id: "we_failing", avg: time.Millisecond, failing: true},
		"we_new":     {id: "we_new"}, // reserved, no attempt finished yet
	}
	fast := e.Lease().Fast
	for id, want := range map[string]bool{"we_quick": true, "we_slow": false, "we_failing": false, "we_new": false, "we_unknown": false} {
		if got := fast(id); got != want {
			t.Errorf("Fast(%s) = %v, want %v", id, got, want)
		}
	}
}
