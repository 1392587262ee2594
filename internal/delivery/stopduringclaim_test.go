package delivery_test

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// heldAfterClaim is a real store whose claim, once armed, holds the work
// it leased until the test lets it go: a claim whose transaction read the
// endpoint enabled, and whose answer arrives after the endpoint was
// disabled and this instance was told (a PATCH on this instance, or
// another instance's change heard by LISTEN while the claim ran).
type heldAfterClaim struct {
	store.Store
	armed   atomic.Bool
	claimed chan struct{} // closed when the armed claim has leased work
	resume  chan struct{} // closed by the test to let the claim answer
}

func (s *heldAfterClaim) ClaimDeliveries(ctx context.Context, p store.ClaimParams) ([]store.Work, error) {
	work, err := s.Store.ClaimDeliveries(ctx, p)
	if err == nil && len(work) > 0 && s.armed.CompareAndSwap(true, false) {
		close(s.claimed)
		<-s.resume
	}
	return work, err
}

// An endpoint disabled while a claim of its delivery is under way gets no
// attempt of it: the engine was told of the disable (StopSending) after
// the claim read the endpoint enabled and before the claim answered, and
// the work that answer brings is given back, parked, and sent only once
// the endpoint is enabled again. The claim's answer took the endpoint for
// enabled again (confirmSending cleared the stop), and the delivery was
// sent to the endpoint the account had just disabled.
func TestEndpointDisabledDuringAClaimGetsNothingFromIt(t *testing.T) {
	eachStore(t, func(t *testing.T, open func(testing.TB) store.Store) {
		st := &heldAfterClaim{Store: open(t), claimed: make(chan struct{}), resume: make(chan struct{})}
		s := testenv.Start(t, st, testenv.Options{Schedule: "300ms"})
		rc := newReceiver(t, func(n int, w http.ResponseWriter, r *http.Request, _ []byte) {
			if n == 1 {
				w.WriteHeader(http.StatusServiceUnavailable) // the retry is what a claim takes
			}
		})
		ep, _ := createEndpoint(t, s, s.APIKey, rc.URL("/hook"))
		st.armed.Store(true)
		up := upload(t, s, s.APIKey)
		id := deliveryOf(t, s, s.APIKey, up.EventID, ep)
		select {
		case <-st.claimed:
		case <-time.After(20 * time.Second):
			close(st.resume)
			t.Fatal("the retry was never claimed")
		}
		code, b := s.Do(t, "PATCH", "/v1/webhook_endpoints/"+ep, s.APIKey, map[string]any{"status": "disabled"})
		close(st.resume)
		if code != http.StatusOK {
			t.Fatalf("disable: %d %s", code, b)
		}
		// The claimed retry ends either sent (and succeeded) or given back
		// and parked: either way it leaves the claim index.
		deadline := time.Now().Add(20 * time.Second)
		for {
			c, err := st.Counts(context.Background(), time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if c.PendingDeliveries == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the claimed retry is still waiting %v after the disable (%d pending)", 20*time.Second, c.PendingDeliveries)
			}
			time.Sleep(20 * time.Millisecond)
		}
		if n := rc.Count(); n != 1 {
			t.Fatalf("the receiver got %d requests, want 1 (the 503): the retry claimed before the disable was sent to the disabled endpoint", n)
		}
		if d := getDelivery(t, s, s.APIKey, id); d.Status != store.DeliveryRetrying || d.AttemptCount != 1 {
			t.Fatalf("the delivery shows %s with %d attempts, want retrying with 1 (held while the endpoint is disabled)", d.Status, d.AttemptCount)
		}
		enabled := time.Now()
		if code, b := s.Do(t, "PATCH", "/v1/webhook_endpoints/"+ep, s.APIKey, map[string]any{"status": "enabled"}); code != http.StatusOK {
			t.Fatalf("enable: %d %s", code, b)
		}
		waitStatus(t, s, s.APIKey, id, store.DeliverySucceeded, 20*time.Second)
		reqs := rc.Requests()
		if len(reqs) != 2 || reqs[1].At.Before(enabled) {
			t.Fatalf("the receiver got %d requests; want 2, the second after the endpoint was enabled again", len(reqs))
		}
	})
}

// A stop the engine was told of before a claim began, for an endpoint
// that claim finds enabled (a disable whose enable's notification was
// lost, or came first), ends with that claim: the endpoint's deliveries
// are sent at once. Kept, every claim of them gave them back, due again,
// for the whole of goneTTL (10 minutes).
func TestStopBeforeAClaimOfAnEnabledEndpointEndsWithIt(t *testing.T) {
	eachStore(t, func(t *testing.T, open func(testing.TB) store.Store) {
		s := testenv.Start(t, open(t), testenv.Options{})
		rc := newReceiver(t, nil)
		ep, _ := createEndpoint(t, s, s.APIKey, rc.URL("/hook"))
		s.Engine.StopSending(ep) // the store has it enabled
		up := upload(t, s, s.APIKey)
		id := deliveryOf(t, s, s.APIKey, up.EventID, ep)
		waitStatus(t, s, s.APIKey, id, store.DeliverySucceeded, 10*time.Second)
		if n := rc.Count(); n != 1 {
			t.Fatalf("the receiver got %d requests, want 1", n)
		}
	})
}
