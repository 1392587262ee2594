package storetest

import (
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

func init() { extraTests["StaleSameOwner"] = testStaleSameOwner }

// testStaleSameOwner: an attempt outlives its lease, and the same instance
// (the same lease owner) claims the delivery again and sends it a second
// time. The first attempt's late outcome (a retry, a failure, a park or a
// release) must leave the second lease alone: matched on the owner only,
// it ended that lease while the second attempt was on the wire, and the
// delivery was due, claimed and sent once more. The second attempt's own
// outcome applies. A late success applies whatever the lease: the receiver
// has the event, and the second attempt's failure is then dropped.
//
// The lease ends carry nanoseconds, which neither database keeps: a
// result must still match the lease it came from (the store hands out
// the lease end as it wrote it).
func testStaleSameOwner(t *testing.T, s store.Store) {
	now := base.Add(time.Second + 123456789*time.Nanosecond)
	claimAt := func(at time.Time) []store.Work {
		t.Helper()
		ws, err := s.ClaimDeliveries(ctx, store.ClaimParams{Owner: "A", Now: at, LeaseUntil: at.Add(time.Minute + 987*time.Nanosecond), Limit: 10})
		must(t, err)
		return ws
	}
	result := func(w store.Work, o store.Outcome, at time.Time) store.Result {
		r := store.Result{DeliveryID: w.DeliveryID, EndpointID: w.EndpointID, LeaseOwner: w.LeaseOwner, LeaseUntil: w.LeaseUntil,
			Outcome: o, RoundAttempt: w.RoundAttempt, NextAttemptAt: at}
		switch o {
		case store.OutcomeRetry, store.OutcomeFailed:
			r.Attempt = attemptFor(w, false, 503, at)
		case store.OutcomeSucceeded:
			r.Attempt = attemptFor(w, true, 200, at)
		}
		return r
	}
	names := map[store.Outcome]string{store.OutcomeRetry: "retry", store.OutcomeFailed: "failure", store.OutcomeParked: "park",
		store.OutcomeReleased: "release", store.OutcomeSucceeded: "success"}
	for i, stale := range []store.Outcome{store.OutcomeRetry, store.OutcomeFailed, store.OutcomeParked, store.OutcomeReleased, store.OutcomeSucceeded} {
		ok := t.Run(names[stale], func(t *testing.T) {
			a := newAccount(t, s)
			newEndpoint(t, s, a)
			seedDeliveries(t, s, a, 1)
			at := now.Add(time.Duration(i) * time.Hour)
			first := claimAt(at)
			later := at.Add(2 * time.Minute) // the first lease (1 min) has ended
			second := claimAt(later)
			if len(first) != 1 || len(second) != 1 || second[0].DeliveryID != first[0].DeliveryID || second[0].LeaseOwner != "A" {
				t.Fatalf("claims: %v then %v; want the one delivery twice, by A", workIDs(first), workIDs(second))
			}
			id := first[0].DeliveryID
			must(t, s.RecordResults(ctx, []store.Result{result(first[0], stale, later)}))
			d, err := s.GetDelivery(ctx, a, id)
			must(t, err)
			atts, err := s.ListAttempts(ctx, a, id)
			must(t, err)
			if stale == store.OutcomeSucceeded {
				// Recorded: the delivery is done, and the second attempt's
				// failure, reported next, changes nothing.
				if d.Status != store.DeliverySucceeded || len(atts) != 1 || !atts[0].Succeeded {
					t.Fatalf("after the first attempt's late success: %s, attempts %+v; want succeeded with it logged", d.Status, atts)
				}
				must(t, s.RecordResults(ctx, []store.Result{result(second[0], store.OutcomeRetry, later.Add(time.Second))}))
				d, err = s.GetDelivery(ctx, a, id)
				must(t, err)
				atts, err = s.ListAttempts(ctx, a, id)
				must(t, err)
				if d.Status != store.DeliverySucceeded || len(atts) != 1 || !atts[0].Succeeded {
					t.Fatalf("the second attempt's failure after the late success: %s, attempts %+v; want succeeded, its one success logged", d.Status, atts)
				}
				claimN(t, s, "C", later.Add(time.Hour), 10, 0, "a succeeded delivery is not claimed again")
				return
			}
			if d.Status != store.DeliveryPending || d.Attempts != 0 || len(atts) != 0 {
				t.Fatalf("the first attempt's late %s, reported under the lease that A has since renewed, was applied: delivery %s, %d attempts, %d in its log; want pending with none",
					names[stale], d.Status, d.Attempts, len(atts))
			}
			// The second lease stands: nobody claims the delivery while
			// its second attempt is on the wire, A itself neither.
			for _, owner := range []string{"C", "A"} {
				claimN(t, s, owner, later.Add(time.Second), 10, 0, "the first attempt's late "+names[stale]+" must not end A's new lease while A sends the second attempt")
			}
			// The second attempt's outcome is recorded under its lease.
			must(t, s.RecordResults(ctx, []store.Result{result(second[0], stale, later.Add(time.Second))}))
			d, err = s.GetDelivery(ctx, a, id)
			must(t, err)
			atts, err = s.ListAttempts(ctx, a, id)
			must(t, err)
			due := claim(t, s, "C", later.Add(time.Second), 10)
			switch stale {
			case store.OutcomeRetry:
				if d.Status != store.DeliveryRetrying || d.Attempts != 1 || len(atts) != 1 || len(due) != 1 {
					t.Fatalf("the second attempt's retry: %s, %d attempts, log %d, claimable %d; want retrying, 1, 1, 1", d.Status, d.Attempts, len(atts), len(due))
				}
			case store.OutcomeFailed:
				if d.Status != store.DeliveryFailed || d.Attempts != 1 || len(atts) != 1 || len(due) != 0 {
					t.Fatalf("the second attempt's failure: %s, %d attempts, log %d, claimable %d; want failed, 1, 1, 0", d.Status, d.Attempts, len(atts), len(due))
				}
			default:
				if d.Status != store.DeliveryPending || len(due) != 1 {
					t.Fatalf("the second lease's %s: %s, claimable %d; want pending and due", names[stale], d.Status, len(due))
				}
			}
			// Finished, so that the next case's claims find only its own.
			for _, w := range due {
				must(t, s.RecordResults(ctx, []store.Result{result(w, store.OutcomeSucceeded, later.Add(time.Second))}))
			}
		})
		if !ok {
			break // what it left leased or due would be claimed by the next case
		}
	}
}

func workIDs(ws []store.Work) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.DeliveryID + " (" + w.LeaseOwner + ")"
	}
	return out
}
