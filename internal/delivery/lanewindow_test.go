package delivery_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
	"github.com/esahayak/esahayak/webhook"
)

// What a lane whose window a timeout closed gives back of its queue is due
// at once: when the endpoint answers again, it is claimed (by this
// instance or another on the same store) and sent within seconds, each
// delivery once, not left leased until the lease ends (2 min here).
// TestLaneWindowClosesOnAnEndpointThatStartsToHang counts only the
// requests at once while the endpoint hangs, and passed with the excess
// dropped from the lane and never given back.
func TestLaneWindowGivesBackItsQueueDueAtOnce(t *testing.T) {
	const timeout = time.Second
	eachStore(t, func(t *testing.T, open func(testing.TB) store.Store) {
		st := open(t)
		opts := testenv.Options{AttemptTimeout: timeout, Lease: 2 * time.Minute, Schedule: "1s,1s,1s,1s,1s,1s,1s,1s"}
		s := testenv.Start(t, st, opts)
		testenv.Start(t, st, opts) // a second instance, which may claim what the first gives back
		var hang atomic.Bool
		var mu sync.Mutex
		answered := map[string][]string{} // event id: the attempt numbers answered 2xx
		rcv := newReceiver(t, func(n int, w http.ResponseWriter, r *http.Request, _ []byte) {
			if hang.Load() {
				sleepCtx(r.Context(), 10*time.Second) // past the attempt timeout
				return
			}
			sleepCtx(r.Context(), 20*time.Millisecond)
			mu.Lock()
			id := r.Header.Get(webhook.HeaderID)
			answered[id] = append(answered[id], r.Header.Get(webhook.HeaderAttempt))
			mu.Unlock()
		})
		countAnswered := func() (events int) {
			mu.Lock()
			defer mu.Unlock()
			return len(answered)
		}
		ep, _ := createEndpoint(t, s, s.APIKey, rcv.URL("/hook"))
		uploadConcurrently(t, s, 60) // the lane's window opens
		testenv.Eventually(t, 20*time.Second, "the first 60 events answered", func() bool { return countAnswered() == 60 })
		hang.Store(true)
		before := rcv.Count()
		uploadConcurrently(t, s, 100) // leased at insert, most of them queued
		// The first wave times out and the lanes go on, one or two at a
		// time: what the first lane held beyond its window is given back.
		rcv.waitCount(t, before+18, 30*time.Second)
		hang.Store(false)
		recovered := time.Now()
		testenv.Eventually(t, 30*time.Second, "all 160 events answered after the endpoint recovered", func() bool {
			return countAnswered() == 160
		})
		t.Logf("all answered %v after the endpoint recovered", time.Since(recovered).Round(10*time.Millisecond))
		// An event answered twice is a duplicate of ours unless the engine
		// had ended the first answered attempt as a failure (its 1 s timeout
		// ran out while a loaded machine got the answer to it) and sent a
		// later attempt: at-least-once, as documented. The same attempt
		// answered twice, or one recorded as a success, is sent twice.
		mu.Lock()
		twice := map[string][]string{}
		for id, attempts := range answered {
			if len(attempts) > 1 {
				twice[id] = attempts
			}
		}
		mu.Unlock()
		for eventID, attempts := range twice {
			recorded, err := st.ListAttempts(context.Background(), s.AccountID, deliveryOf(t, s, s.APIKey, eventID, ep))
			if err != nil {
				t.Fatal(err)
			}
			byNumber := map[string]store.Attempt{}
			for _, a := range recorded {
				byNumber[strconv.Itoa(a.Number)] = a
			}
			seen := map[string]bool{}
			for i, n := range attempts {
				a, ok := byNumber[n]
				switch {
				case seen[n]:
					t.Errorf("event %s: attempt %s was answered twice (answered attempts %v)", eventID, n, attempts)
				case i < len(attempts)-1 && (!ok || a.Succeeded):
					t.Errorf("event %s was answered on attempts %v, and attempt %s, answered, is recorded as %+v: sent again after a success", eventID, attempts, n, a)
				case i < len(attempts)-1:
					t.Logf("event %s answered on attempts %v: attempt %s ended %q before the receiver's answer was read (at-least-once)", eventID, attempts, n, a.Error)
				}
				seen[n] = true
			}
		}
	})
}

// heldClaim is a real store whose claims can be paused (they take nothing)
// and whose next claim, once armed, is held after the store has leased its
// work, until the test lets it go: a claim granted room before a lane's
// window closed that reaches the lane after.
type heldClaim struct {
	store.Store
	paused, armed atomic.Bool
	claimed       chan int
	release       chan struct{}
}

func (s *heldClaim) ClaimDeliveries(ctx context.Context, p store.ClaimParams) ([]store.Work, error) {
	if s.paused.Load() {
		return nil, nil
	}
	work, err := s.Store.ClaimDeliveries(ctx, p)
	if err == nil && len(work) > 0 && s.armed.CompareAndSwap(true, false) {
		s.claimed <- len(work)
		<-s.release
	}
	return work, err
}

// A claim granted a lane room while its window was open (an endpoint that
// had been answering, 16 attempts on the wire) and handed its work over
// after those attempts timed out and closed the window: the lane sends
// that work one at a time, as its window says, not 16 at once (one worker
// per delivery held, up to --per-endpoint-concurrency), for another wave
// held until the attempt timeout. No other test failed with the bound on
// a lane's workers (Submit) removed by hand.
func TestWorkGrantedBeforeTheWindowClosedIsSentWithinIt(t *testing.T) {
	const timeout = 3 * time.Second
	eachStore(t, func(t *testing.T, open func(testing.TB) store.Store) {
		st := open(t)
		held := &heldClaim{Store: st, claimed: make(chan int, 1), release: make(chan struct{})}
		var once sync.Once
		let := func() { once.Do(func() { close(held.release) }) }
		s := testenv.Start(t, held, testenv.Options{AttemptTimeout: timeout, Schedule: "30s"})
		t.Cleanup(let) // before the engine's Stop, which waits for the claim
		// An API without an engine: its events' deliveries wait for a claim.
		bare := httptest.NewServer(api.New(api.Config{OperatorToken: s.Operator, AllowInsecureURLs: true, Version: "test"}, st, nil,
			slog.New(slog.NewTextHandler(io.Discard, nil))))
		t.Cleanup(bare.Close)
		noEngine := &testenv.Server{URL: bare.URL, Store: st, APIKey: s.APIKey, Operator: s.Operator}
		var hang, after atomic.Bool
		var mu sync.Mutex
		var now, most, arrived int // requests after the claim was let go
		rcv := newReceiver(t, func(n int, w http.ResponseWriter, r *http.Request, _ []byte) {
			counted := after.Load()
			if counted {
				mu.Lock()
				now++
				arrived++
				most = max(most, now)
				mu.Unlock()
				defer func() { mu.Lock(); now--; mu.Unlock() }()
			}
			if hang.Load() {
				sleepCtx(r.Context(), time.Minute) // past the attempt timeout
				return
			}
			sleepCtx(r.Context(), 20*time.Millisecond)
		})
		createEndpoint(t, s, s.APIKey, rcv.URL("/hook"))
		uploadConcurrently(t, s, 60) // the lane's window opens to 16
		rcv.waitCount(t, 60, 20*time.Second)
		held.paused.Store(true)
		uploadConcurrently(t, noEngine, 40) // due, for the claim after the pause
		// Then the 16 attempts on the wire, and at once the claim: on a
		// loaded machine the 40 uploads took longer than the timeout.
		hang.Store(true)
		uploadConcurrently(t, s, 16) // leased at insert
		testenv.Eventually(t, 10*time.Second, "16 attempts on the wire", func() bool { n, _ := rcv.Inflight(); return n == 16 })
		held.armed.Store(true)
		held.paused.Store(false)
		var n int
		select {
		case n = <-held.claimed:
		case <-time.After(10 * time.Second):
			t.Fatal("no claim took the waiting deliveries")
		}
		if n <= 2 {
			t.Fatalf("the claim took %d deliveries: the window had closed before it (the machine too slow for the %v timeout)", n, timeout)
		}
		// The 16 attempts time out, and the window closes to one.
		testenv.Eventually(t, 2*timeout, "the hanging attempts to end", func() bool {
			return metricValue(t, s.Registry, "esahayak_deliveries_in_flight") == 0
		})
		after.Store(true)
		let()
		// The first of the claim's deliveries hangs until the timeout;
		// the lane sends the next only when it ends.
		testenv.Eventually(t, 3*timeout, "two requests after the claim", func() bool { mu.Lock(); defer mu.Unlock(); return arrived >= 2 })
		mu.Lock()
		defer mu.Unlock()
		if most > 2 {
			t.Errorf("the %d deliveries a claim granted before the window closed went out %d at once; want one or two", n, most)
		}
	})
}
