package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
)

func init() {
	extraTests["WaitingDeliveriesList"] = WaitingDeliveriesList
	extraTests["WaitingListPastTheWalk"] = testWaitingListPastTheWalk
}

// testWaitingDeliveriesList: a deliveries list filtered by status=pending
// or retrying (read from the claim index and the disabled endpoints'
// deliveries, not by a walk of the account's) lists what the unfiltered
// list holds of that status, in the same order and pages, with every other
// filter and cursor: deliveries due, leased, retrying later, succeeded,
// failed, parked by a disable (pending, and retrying after an attempt on
// the wire), of two event types, on four endpoints, beside another
// account's. Each driver runs it also with its read of all the waiting
// deliveries alone, without the walk of the newest that it makes first,
// which answers on data this small.
func WaitingDeliveriesList(t *testing.T, s store.Store) {
	a, b := newAccount(t, s), newAccount(t, s)
	eps := []store.Endpoint{newEndpoint(t, s, a), newEndpoint(t, s, a), newEndpoint(t, s, a)}
	quiet := newEndpoint(t, s, a) // to be disabled with nothing waiting
	newEndpoint(t, s, b)
	seed := func(acct string, n int) {
		for i := range n {
			m := order.MoveUpload
			if i%3 == 0 {
				m = order.MoveFail
			}
			_, err := move(t, s, newOrder(t, s, acct, false), m, store.LeaseParams{})
			must(t, err)
		}
	}
	seed(a, 6)
	seed(b, 3)
	// Finish some: succeeded, failed for good, retrying later.
	now := base.Add(time.Minute)
	w := claim(t, s, "A", now, 1000)
	var results []store.Result
	for i, x := range w {
		r := store.Result{DeliveryID: x.DeliveryID, EndpointID: x.EndpointID, LeaseOwner: "A", LeaseUntil: x.LeaseUntil, RoundAttempt: 1}
		switch i % 4 {
		case 0:
			r.Outcome, r.Attempt = store.OutcomeSucceeded, attemptFor(x, true, 200, now)
		case 1:
			r.Outcome, r.Attempt = store.OutcomeFailed, attemptFor(x, false, 500, now)
		case 2:
			r.Outcome, r.NextAttemptAt, r.Attempt = store.OutcomeRetry, now.Add(time.Hour), attemptFor(x, false, 500, now)
		default:
			continue // stays leased
		}
		results = append(results, r)
	}
	must(t, s.RecordResults(ctx, results))
	seed(a, 6) // pending, due
	seed(b, 2)
	// One endpoint disabled: its waiting deliveries are parked, but for
	// one leased now, whose retry is recorded after the disable (parked
	// too).
	at := time.Now().UTC()
	var leased []store.Work
	for _, x := range claim(t, s, "B", at, 1000) {
		if x.EndpointID == eps[2].ID && len(leased) == 0 {
			leased = append(leased, x)
		}
	}
	for _, e := range []store.Endpoint{eps[2], quiet} {
		setEndpointStatus(t, s, a, e.ID, store.EndpointDisabled, at)
	}
	if len(leased) == 1 {
		x := leased[0]
		must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: x.DeliveryID, EndpointID: x.EndpointID, LeaseOwner: "B", LeaseUntil: x.LeaseUntil,
			Outcome: store.OutcomeRetry, RoundAttempt: 1, NextAttemptAt: at.Add(time.Hour), Attempt: attemptFor(x, false, 500, at)}}))
	}
	seed(a, 3) // the enabled endpoints' newest, pending

	all, more, err := s.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: a, Limit: 1000}})
	must(t, err)
	if more {
		t.Fatal("the whole list has more")
	}
	counts := map[string]int{}
	for _, d := range all {
		counts[d.Status]++
	}
	if counts[store.DeliveryPending] == 0 || counts[store.DeliveryRetrying] < 2 || counts[store.DeliverySucceeded] == 0 || counts[store.DeliveryFailed] == 0 {
		t.Fatalf("the data lacks a status: %v", counts)
	}
	show := func(ds []store.Delivery) []string {
		out := make([]string, len(ds))
		for i, d := range ds {
			out[i] = d.ID + " " + d.Status + " " + d.EventType + " " + d.EndpointID + " " + fmt.Sprint(d.Attempts, d.NextAttemptAt != nil)
		}
		return out
	}
	endpoints := []string{""}
	for _, e := range append(eps, quiet) {
		endpoints = append(endpoints, e.ID)
	}
	for _, status := range []string{store.DeliveryPending, store.DeliveryRetrying} {
		for _, eventType := range []string{"", order.EventTypes[0], order.EventTypes[1], "stamp.nothing"} {
			for _, endpointID := range endpoints {
				var want []store.Delivery // newest first, as the whole list
				for _, d := range all {
					if d.Status == status && (eventType == "" || d.EventType == eventType) && (endpointID == "" || d.EndpointID == endpointID) {
						want = append(want, d)
					}
				}
				name := fmt.Sprintf("status=%s event_type=%q endpoint_id=%q", status, eventType, endpointID)
				p := store.ListDeliveriesParams{Status: status, EventType: eventType, EndpointID: endpointID}
				for _, limit := range []int{1, 2, 3, 100} {
					// Towards the oldest, from the top.
					var walked []store.Delivery
					p.ListParams = store.ListParams{AccountID: a, Limit: limit}
					for step := 0; ; step++ {
						page, more, err := s.ListDeliveries(ctx, p)
						must(t, err)
						j := len(walked)
						end := min(len(want), j+limit)
						if fmt.Sprint(show(page)) != fmt.Sprint(show(want[j:end])) || more != (end < len(want)) {
							t.Fatalf("%s limit %d, page %d: %v more=%v; want %v more=%v", name, limit, step, show(page), more, show(want[j:end]), end < len(want))
						}
						walked = append(walked, page...)
						if !more {
							break
						}
						p.ListParams.StartingAfter = page[len(page)-1].ID
					}
					// Towards the newest, from before the account's oldest delivery.
					p.ListParams = store.ListParams{AccountID: a, Limit: limit, EndingBefore: all[len(all)-1].ID}
					j := len(want)
					if len(want) > 0 && want[len(want)-1].ID == all[len(all)-1].ID {
						j--
					}
					for {
						page, more, err := s.ListDeliveries(ctx, p)
						must(t, err)
						from := max(0, j-limit)
						if fmt.Sprint(show(page)) != fmt.Sprint(show(want[from:j])) || more != (from > 0) {
							t.Fatalf("%s limit %d, ending before %s: %v more=%v; want %v more=%v", name, limit, p.EndingBefore, show(page), more, show(want[from:j]), from > 0)
						}
						if !more {
							break
						}
						p.ListParams.EndingBefore, j = page[0].ID, from
					}
				}
			}
		}
	}
	// Another account sees none of a's.
	for _, status := range []string{store.DeliveryPending, store.DeliveryRetrying} {
		page, _, err := s.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: b, Limit: 100}, Status: status})
		must(t, err)
		for _, d := range page {
			if d.AccountID != b || d.Status != status || slices.ContainsFunc(all, func(x store.Delivery) bool { return x.ID == d.ID }) {
				t.Fatalf("account b's %s list holds %+v", status, d)
			}
		}
	}
}

// testWaitingListPastTheWalk: a list of an account's pending deliveries
// shows the newest first, as the unfiltered list does, also when the
// account has more deliveries than the walk of the newest that such a
// list reads first (1,000, store.ListWaiting): the suite's other lists
// are smaller than the walk, so a walk that read the oldest 1,000 instead
// (its ORDER BY reversed) failed none of them.
func testWaitingListPastTheWalk(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	const endpoints, orders = 25, 44 // 1,100 deliveries, all pending
	for range endpoints {
		newEndpoint(t, s, a)
	}
	seedDeliveries(t, s, a, orders)
	all, more, err := s.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: a, Limit: 2 * endpoints * orders}})
	must(t, err)
	if more || len(all) != endpoints*orders {
		t.Fatalf("the whole list: %d deliveries, more=%v; want %d", len(all), more, endpoints*orders)
	}
	ids := func(ds []store.Delivery) []string {
		out := make([]string, len(ds))
		for i, d := range ds {
			out[i] = d.ID
		}
		return out
	}
	const limit = 10
	for _, c := range []struct {
		name string
		lp   store.ListParams
		want []store.Delivery
	}{
		{"the first page", store.ListParams{AccountID: a, Limit: limit}, all[:limit]},
		{"after the 5th", store.ListParams{AccountID: a, Limit: limit, StartingAfter: all[4].ID}, all[5 : 5+limit]},
		{"before the 1,050th", store.ListParams{AccountID: a, Limit: limit, EndingBefore: all[1049].ID}, all[1049-limit : 1049]},
	} {
		page, more, err := s.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: c.lp, Status: store.DeliveryPending})
		must(t, err)
		if fmt.Sprint(ids(page)) != fmt.Sprint(ids(c.want)) || !more {
			t.Errorf("status=pending, %s: %v more=%v; want %v more=true", c.name, ids(page), more, ids(c.want))
		}
	}
}
