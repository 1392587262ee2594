package delivery

import (
	"testing"
	"time"
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
