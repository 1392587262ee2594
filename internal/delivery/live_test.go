package delivery_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/delivery"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// nextChange waits for the first change on ch that want accepts, or fails
// the test after timeout, saying what it waited for.
func nextChange(t *testing.T, ch <-chan delivery.Change, timeout time.Duration, what string, want func(delivery.Change) bool) delivery.Change {
	t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case c, ok := <-ch:
			if !ok {
				t.Fatalf("the change stream closed while waiting for %s", what)
			}
			if want(c) {
				return c
			}
		case <-deadline:
			t.Fatalf("no change within %s: %s", timeout, what)
		}
	}
}

// TestLiveEndpointChanges: disabling, enabling and deleting an endpoint
// change its deliveries in the store without any passing through the
// engine (held, waiting again, failed); the account's watchers are told of
// the endpoint, so that a page showing those deliveries can read them
// again. Another account's watchers are not (each of their streams used
// to look the endpoint up: another tenant's calls cost them), and a
// PATCH that changes no status tells nobody.
func TestLiveEndpointChanges(t *testing.T) {
	eachStore(t, func(t *testing.T, open func(testing.TB) store.Store) {
		s := testenv.Start(t, open(t), testenv.Options{})
		rc := newReceiver(t, nil)
		ep, _ := createEndpoint(t, s, s.APIKey, rc.URL("/hook"))
		changes, cancel := s.Engine.Subscribe(s.AccountID)
		defer cancel()
		other, _ := s.NewAccount(t)
		otherChanges, cancelOther := s.Engine.Subscribe(other)
		defer cancelOther()

		isEndpoint := func(c delivery.Change) bool { return c.Kind == delivery.ChangeEndpoint && c.EndpointID == ep }
		for _, step := range []struct {
			method string
			body   any
			what   string
		}{
			{"PATCH", map[string]any{"status": "disabled"}, "disabled"},
			{"PATCH", map[string]any{"status": "disabled"}, "disabled again (no change)"},
			{"PATCH", map[string]any{"status": "enabled"}, "enabled"},
			{"DELETE", nil, "deleted"},
		} {
			if st, b := s.Do(t, step.method, "/v1/webhook_endpoints/"+ep, s.APIKey, step.body); st != http.StatusOK {
				t.Fatalf("%s: %d %s", step.what, st, b)
			}
			if strings.Contains(step.what, "no change") {
				select {
				case c := <-changes:
					if isEndpoint(c) {
						t.Errorf("a PATCH that changed no status was told: %+v", c)
					}
				case <-time.After(300 * time.Millisecond):
				}
				continue
			}
			c := nextChange(t, changes, 5*time.Second, "the endpoint "+step.what, isEndpoint)
			if c.DeliveryID != "" || c.AccountID != s.AccountID {
				t.Errorf("endpoint %s: change %+v names a delivery or another account", step.what, c)
			}
		}
		select {
		case c := <-otherChanges:
			t.Errorf("another account's watcher was told: %+v", c)
		case <-time.After(300 * time.Millisecond):
		}
	})
}

// TestLiveResendIsPublishedWhenClaimed: a failed delivery that is resent
// is waiting again at once; watchers learn it when it is claimed, not
// only when its attempt ends (which may take the whole attempt timeout),
// so that a page does not show it as failed meanwhile.
func TestLiveResendIsPublishedWhenClaimed(t *testing.T) {
	eachStore(t, func(t *testing.T, open func(testing.TB) store.Store) {
		s := testenv.Start(t, open(t), testenv.Options{Schedule: "50ms"})
		release := make(chan struct{})
		rc := newReceiver(t, func(n int, w http.ResponseWriter, r *http.Request, _ []byte) {
			if n <= 2 {
				w.WriteHeader(http.StatusInternalServerError)
				return
			}
			// The resend's attempt: held until the test has looked.
			select {
			case <-release:
			case <-r.Context().Done():
			}
		})
		defer close(release)
		ep, _ := createEndpoint(t, s, s.APIKey, rc.URL("/hook"))
		st, b := s.Do(t, "POST", "/v1/webhook_endpoints/"+ep+"/test", s.APIKey, nil)
		if st != http.StatusAccepted {
			t.Fatalf("test event: %d %s", st, b)
		}
		id := decode[struct{ Delivery deliveryView }](t, b).Delivery.ID
		waitStatus(t, s, s.APIKey, id, store.DeliveryFailed, 10*time.Second)

		changes, cancel := s.Engine.Subscribe(s.AccountID)
		defer cancel()
		if st, b := s.Do(t, "POST", "/v1/deliveries/"+id+"/retry", s.APIKey, nil); st != http.StatusAccepted {
			t.Fatalf("resend: %d %s", st, b)
		}
		c := nextChange(t, changes, 5*time.Second, "the resent delivery to be announced while its attempt is on the wire",
			func(c delivery.Change) bool { return c.DeliveryID == id })
		if c.Status != store.DeliveryPending || c.Attempt != 3 {
			t.Errorf("resent delivery's change = %+v; want pending, attempt 3", c)
		}
		// The change came before the attempt's result: the attempt is
		// still held by the receiver.
		rc.waitCount(t, 3, 5*time.Second)
		if d := getDelivery(t, s, s.APIKey, id); d.AttemptCount != 2 {
			t.Errorf("the resend's attempt ended before the test released it: %+v", d)
		}
	})
}

// TestLiveSlowWatcherIsToldWhatItMissed: a watcher that falls behind (a
// fan-out to a hundred endpoints outruns a dashboard tab) misses changes
// rather than slowing delivery, and is told so: after the changes it got
// comes one ChangesMissed, so that it reads what it shows again. It missed
// them silently. Once it has read the mark, changes come again, and a
// second fall behind is told again.
func TestLiveSlowWatcherIsToldWhatItMissed(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	rc := newReceiver(t, nil)
	ep, _ := createEndpoint(t, s, s.APIKey, rc.URL("/hook"))
	changes, cancel := s.Engine.Subscribe(s.AccountID)
	defer cancel()
	flip := func(n int) {
		for i := 0; i < n; i++ {
			status := []string{"disabled", "enabled"}[i%2]
			if st, b := s.Do(t, "PATCH", "/v1/webhook_endpoints/"+ep, s.APIKey, map[string]any{"status": status}); st != 200 {
				t.Fatalf("PATCH: %d %s", st, b)
			}
		}
	}
	drain := func() (got []delivery.Change) {
		for {
			select {
			case c := <-changes:
				got = append(got, c)
			case <-time.After(300 * time.Millisecond):
				return got
			}
		}
	}
	for round := 1; round <= 2; round++ {
		flip(300) // more than the watcher keeps
		got := drain()
		missed := 0
		for _, c := range got {
			if c.Kind == delivery.ChangesMissed {
				missed++
			}
		}
		if missed != 1 || got[len(got)-1].Kind != delivery.ChangesMissed || len(got) >= 300 {
			t.Fatalf("round %d: %d changes, %d of them ChangesMissed, the last %q; want fewer than 300 ending with one ChangesMissed", round, len(got), missed, got[len(got)-1].Kind)
		}
		flip(2) // read up: told again
		if got := drain(); len(got) != 2 || got[0].Kind != delivery.ChangeEndpoint {
			t.Fatalf("round %d: after the mark was read, %d changes: %+v", round, len(got), got)
		}
	}
}
