package delivery_test

import (
	"context"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
	"github.com/esahayak/esahayak/webhook"
)

// shortClaim is a real store whose next claim, once armed, leases its work
// for only a moment (2 s) whatever the engine asked: work that reaches a
// lane with less of its lease left than an attempt may take, as after a
// claim that was slow to commit or a pause of the process.
type shortClaim struct {
	store.Store
	armed atomic.Bool
	lease time.Duration
}

func (s *shortClaim) ClaimDeliveries(ctx context.Context, p store.ClaimParams) ([]store.Work, error) {
	if s.armed.Load() {
		p.LeaseUntil = p.Now.Add(s.lease)
	}
	work, err := s.Store.ClaimDeliveries(ctx, p)
	if err == nil && len(work) > 0 {
		s.armed.Store(false)
	}
	return work, err
}

// Work whose lease ends before an attempt could finish (the attempt
// timeout plus a second) is not sent under it: it is given back, claimed
// again with a whole lease, and sent once. Sent under the short lease, the
// attempt (held 3 s by the receiver) outlived it, the delivery was claimed
// again meanwhile, and the receiver got it twice.
func TestWorkWhoseLeaseEndsTooSoonIsGivenBack(t *testing.T) {
	eachStore(t, func(t *testing.T, open func(testing.TB) store.Store) {
		st := &shortClaim{Store: open(t), lease: 2 * time.Second}
		s := testenv.Start(t, st, testenv.Options{Schedule: "300ms", AttemptTimeout: 5 * time.Second})
		rc := newReceiver(t, func(n int, w http.ResponseWriter, r *http.Request, _ []byte) {
			switch n {
			case 1:
				w.WriteHeader(http.StatusServiceUnavailable) // the retry is what a claim takes
			case 2:
				sleepCtx(r.Context(), 3*time.Second) // longer than the short lease, within the timeout
			}
		})
		ep, _ := createEndpoint(t, s, s.APIKey, rc.URL("/hook"))
		st.armed.Store(true)
		up := upload(t, s, s.APIKey)
		id := deliveryOf(t, s, s.APIKey, up.EventID, ep)
		waitStatus(t, s, s.APIKey, id, store.DeliverySucceeded, 20*time.Second)
		if st.armed.Load() {
			t.Fatal("the retry was never claimed with the short lease")
		}
		reqs := rc.Requests()
		if len(reqs) != 2 {
			t.Fatalf("the receiver got %d requests, want 2 (the 503 and one retry): the retry was sent under a lease too short for it", len(reqs))
		}
		if got := reqs[1].Header.Get(webhook.HeaderAttempt); got != "2" {
			t.Errorf("the retry came as attempt %q, want 2", got)
		}
		if d := getDelivery(t, s, s.APIKey, id); d.AttemptCount != 2 {
			t.Errorf("the delivery shows %d attempts, want 2", d.AttemptCount)
		}
	})
}

// crashAfterSend is a real store for an instance that dies right after it
// sends: its outcomes are never written, and it claims nothing more.
type crashAfterSend struct{ store.Store }

func (crashAfterSend) RecordResults(context.Context, []store.Result) error { return nil }
func (crashAfterSend) ClaimDeliveries(context.Context, store.ClaimParams) ([]store.Work, error) {
	return nil, nil
}

// A delivery leased to an instance that crashed (it sent, and died before
// writing the outcome) is taken over by another instance when the lease
// (--lease, 6 s here) ends: not before, and not ten leases later. It comes
// again under the attempt number of the one the crash cut short, which
// was never recorded (README, docs/receiving.md): attempt 1 both times.
func TestCrashedInstancesLeaseIsTakenOverWhenItEnds(t *testing.T) {
	eachStore(t, func(t *testing.T, open func(testing.TB) store.Store) {
		st := open(t)
		const lease = 6 * time.Second
		opts := testenv.Options{AttemptTimeout: time.Second, Lease: lease}
		crashed := testenv.Start(t, crashAfterSend{st}, opts)
		rc := newReceiver(t, nil)
		ep, _ := createEndpoint(t, crashed, crashed.APIKey, rc.URL("/hook"))
		before := time.Now()
		up := upload(t, crashed, crashed.APIKey) // leased to the crashing instance at insert
		rc.waitCount(t, 1, 30*time.Second)
		testenv.Start(t, st, opts) // the instance that survives
		reqs := rc.waitCount(t, 2, lease+5*time.Second)
		if gap := reqs[1].At.Sub(before); gap < lease {
			t.Errorf("sent again %v after the upload, before the %v lease ended", gap, lease)
		}
		for i, r := range reqs[:2] {
			if got := r.Header.Get(webhook.HeaderID); got != up.EventID {
				t.Errorf("request %d is for event %q, want %q", i+1, got, up.EventID)
			}
			if got := r.Header.Get(webhook.HeaderAttempt); got != "1" {
				t.Errorf("request %d came as attempt %q, want 1: the crashed instance's attempt was never recorded", i+1, got)
			}
		}
		id := deliveryOf(t, crashed, crashed.APIKey, up.EventID, ep)
		waitStatus(t, crashed, crashed.APIKey, id, store.DeliverySucceeded, 30*time.Second)
	})
}

// lateRetry is a real store whose first write of a retry waits until the
// delivery has been claimed again (its lease ran out meanwhile) and the
// new attempt is on the wire: an instance whose outcome write was slow (a
// store that stalled, a process paused) past its lease, whose own claimer
// took the delivery back meanwhile.
type lateRetry struct {
	store.Store
	holding   atomic.Bool
	once      sync.Once
	reclaimed chan struct{}
}

func (s *lateRetry) ClaimDeliveries(ctx context.Context, p store.ClaimParams) ([]store.Work, error) {
	work, err := s.Store.ClaimDeliveries(ctx, p)
	if len(work) > 0 && s.holding.Load() {
		s.once.Do(func() { close(s.reclaimed) })
	}
	return work, err
}

func (s *lateRetry) RecordResults(ctx context.Context, results []store.Result) error {
	for _, r := range results {
		if r.Outcome == store.OutcomeRetry && s.holding.CompareAndSwap(false, true) {
			select {
			case <-s.reclaimed:
				time.Sleep(300 * time.Millisecond) // the second attempt is on the wire
			case <-ctx.Done():
				return ctx.Err()
			}
			break
		}
	}
	return s.Store.RecordResults(ctx, results)
}

// The outcome of an attempt recorded after its lease ran out, and after
// the same instance claimed the delivery again and began a second attempt,
// leaves that second lease alone. Matched on the lease owner only (the
// same instance's), the late retry made the delivery due again while the
// second attempt was on the wire, and the engine claimed it and sent it a
// third time, two requests at once.
func TestLateOutcomeLeavesTheSameInstancesNewLeaseAlone(t *testing.T) {
	eachStore(t, func(t *testing.T, open func(testing.TB) store.Store) {
		st := &lateRetry{Store: open(t), reclaimed: make(chan struct{})}
		s := testenv.Start(t, st, testenv.Options{AttemptTimeout: 3 * time.Second, Lease: 8 * time.Second})
		rc := newReceiver(t, func(n int, w http.ResponseWriter, r *http.Request, _ []byte) {
			switch n {
			case 1:
				w.WriteHeader(http.StatusServiceUnavailable)
			case 2:
				sleepCtx(r.Context(), 2*time.Second) // on the wire when the late retry lands
			}
		})
		ep, _ := createEndpoint(t, s, s.APIKey, rc.URL("/hook"))
		up := upload(t, s, s.APIKey)
		id := deliveryOf(t, s, s.APIKey, up.EventID, ep)
		waitStatus(t, s, s.APIKey, id, store.DeliverySucceeded, 30*time.Second)
		select {
		case <-st.reclaimed:
		default:
			t.Fatal("the delivery was never claimed again while its retry's write was held")
		}
		time.Sleep(time.Second) // a third send would come now
		_, most := rc.Inflight()
		if n := rc.Count(); n != 2 || most != 1 {
			t.Fatalf("the receiver got %d requests, at most %d at once; want 2, one at a time (the 503, then the attempt under the new lease): the late retry ended the new lease", n, most)
		}
	})
}
