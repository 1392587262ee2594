package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
)

func init() {
	extraTests["AccountEndpointStats"] = testAccountEndpointStats
}

// testAccountEndpointStats: the overview's and Monitoring's grouped
// figures are EndpointStats of each endpoint, for windows that cut
// through the history, hold all of it or none of it, and never name
// another account's endpoint. The history has deliveries made before and
// in the window, attempts of every outcome on both sides of it (retries
// in the window of deliveries made before it), deliveries left waiting,
// and a deleted endpoint whose waiting deliveries its deletion failed.
func testAccountEndpointStats(t *testing.T, s store.Store) {
	a, b := newAccount(t, s), newAccount(t, s)
	e1, e2, e3 := newEndpoint(t, s, a), newEndpoint(t, s, a), newEndpoint(t, s, a)
	quiet := newEndpoint(t, s, a, order.EventStampFailed) // no event of its type
	eb := newEndpoint(t, s, b)
	endpointsOf := map[string][]string{a: {e1.ID, e2.ID, e3.ID, quiet.ID}, b: {eb.ID}}

	old, since := base.Add(-3*time.Hour), base.Add(-time.Hour)
	for _, acct := range []string{a, b} {
		for i := 0; i < 2; i++ {
			uploadAt(t, s, acct, old.Add(time.Duration(i)*time.Second))
		}
		for i := 0; i < 4; i++ {
			uploadAt(t, s, acct, base.Add(time.Duration(i)*time.Second))
		}
	}
	// Round 1, before the window: the old deliveries; round 2, in it: the
	// new ones and round 1's retries. The last two of round 2 stay leased.
	record := func(at time.Time, next time.Time, leave int) {
		ws := claim(t, s, "A", at, 100)
		var res []store.Result
		for i, w := range ws[:len(ws)-leave] {
			out := []store.Outcome{store.OutcomeSucceeded, store.OutcomeFailed, store.OutcomeRetry}[i%3]
			status := map[store.Outcome]int{store.OutcomeSucceeded: 200, store.OutcomeFailed: 410, store.OutcomeRetry: 503}[out]
			att := attemptFor(w, out == store.OutcomeSucceeded, status, at.Add(time.Duration(i)*time.Second))
			att.Duration = time.Duration(1+(i*7)%13) * time.Millisecond
			res = append(res, store.Result{DeliveryID: w.DeliveryID, EndpointID: w.EndpointID, LeaseOwner: "A", LeaseUntil: w.LeaseUntil, Outcome: out,
				RoundAttempt: w.RoundAttempt, NextAttemptAt: next, Attempt: att})
		}
		must(t, s.RecordResults(ctx, res))
	}
	record(old.Add(time.Minute), since.Add(10*time.Minute), 0)
	record(base.Add(time.Minute), base.Add(24*time.Hour), 2)
	must(t, s.DeleteEndpoint(ctx, a, e3.ID, base.Add(2*time.Minute)))

	var seen store.Stats // the figures the history exercises, summed
	for _, from := range []time.Time{since, old.Add(-time.Hour), base.Add(time.Hour)} {
		for acct, eps := range endpointsOf {
			got, err := s.AccountEndpointStats(ctx, acct, from)
			must(t, err)
			for id := range got {
				if !slices.Contains(eps, id) {
					t.Errorf("since %v: account %s's figures name %s, not one of its endpoints", from, acct, id)
				}
			}
			for _, id := range eps {
				want, err := s.EndpointStats(ctx, acct, id, from)
				must(t, err)
				g, ok := got[id]
				if ok && g == (store.Stats{}) {
					t.Errorf("since %v: endpoint %s is listed with zero figures (absent means zero)", from, id)
				}
				if g != want {
					t.Errorf("since %v: endpoint %s's grouped figures %+v, EndpointStats %+v", from, id, g, want)
				}
				if from.Equal(since) {
					seen.Attempts += want.Attempts
					seen.Failed += want.Failed
					seen.Retries += want.Retries
					seen.DeliveriesOK += want.DeliveriesOK
					seen.DeliveriesDone += want.DeliveriesDone - want.DeliveriesOK
				}
			}
		}
	}
	if seen.Attempts == 0 || seen.Failed == 0 || seen.Retries == 0 || seen.DeliveriesOK == 0 || seen.DeliveriesDone == 0 {
		t.Fatalf("the window's figures %+v leave a figure untested", seen)
	}
	if got, err := s.AccountEndpointStats(ctx, ids.New(ids.Account), old.Add(-time.Hour)); err != nil || len(got) != 0 {
		t.Fatalf("an account of no endpoints: %v, %v", got, err)
	}
}

// uploadAt makes an order of the account created at `at` and its upload
// event at `at`, with a delivery to each endpoint subscribed.
func uploadAt(t *testing.T, s store.Store, account string, at time.Time) {
	t.Helper()
	o := store.Order{
		ID: ids.New(ids.Order), AccountID: account, Status: store.StatusProcessing, CreatedAt: at, UpdatedAt: at,
		StampRequest: store.StampRequest{ID: ids.New(ids.Stamp), State: "Assam", Amount: 1000, ArticleCode: "AS-RG-4", Provider: "SHCIL"},
		Version:      1,
	}
	res, err := s.CreateOrder(ctx, store.CreateOrderParams{Order: o, Now: at})
	must(t, err)
	_, err = s.TransitionOrder(ctx, store.TransitionParams{
		OrderID: res.Order.ID, Now: at,
		Decide: func(cur store.Order) (store.Transition, error) {
			return order.Apply(cur, order.Request{Move: order.MoveUpload, Actor: order.Operator, Now: at, Reason: "r"})
		},
	})
	must(t, err)
}
