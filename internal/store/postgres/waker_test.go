package postgres

import (
	"sync"
	"testing"
	"time"
)

// waitSent waits until s's waker has sent more than n notifications.
func waitSent(t *testing.T, s *Store, n int64, what string) int64 {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if got := s.wakesSent.Load(); got > n {
			return got
		}
		if time.Now().After(deadline) {
			t.Fatalf("no notification sent after %s (%d sent before)", what, n)
		}
		time.Sleep(time.Millisecond)
	}
}

// settled waits until s's waker has sent nothing new for a while.
func settled(s *Store) int64 {
	last := s.wakesSent.Load()
	for {
		time.Sleep(200 * time.Millisecond)
		got := s.wakesSent.Load()
		if got == last {
			return got
		}
		last = got
	}
}

// The waker coalesces: a burst of requests from many transitions costs a
// few notifications, not one each (each is a commit that queues on
// PostgreSQL's notification lock). Yet every request is followed by a
// notification sent after it, so no commit's work goes unannounced.
func TestWakerCoalescesAndAlwaysFollows(t *testing.T) {
	s := openTest(t, "")
	const goroutines, each = 8, 250
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for range each {
				s.wakeOthers()
			}
		})
	}
	wg.Wait()
	sent := waitSent(t, s, 0, "a burst of requests")
	sent = settled(s)
	if sent >= goroutines*each/10 {
		t.Errorf("%d requests in a burst sent %d notifications; want them coalesced into a few", goroutines*each, sent)
	}
	for range 3 {
		s.wakeOthers()
		waitSent(t, s, sent, "a request made while the waker was idle")
		sent = settled(s)
	}
}

// Close ends the waker even with a request queued, and a request after
// Close neither blocks nor panics.
func TestWakerStopsWithTheStore(t *testing.T) {
	s := openTest(t, "")
	s.wakeOthers()
	done := make(chan struct{})
	go func() {
		s.Close()
		s.wakeOthers()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return with a wake-up queued")
	}
}
