package storetest

import (
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

func init() {
	extraTests["RoundAfterResend"] = testRoundAfterResend
}

// testRoundAfterResend: a resend starts a new round (round_attempts 0),
// and the attempts of that round count from 1 again while the delivery's
// attempt numbers go on. The retry schedule and the give-up both follow
// the round's count, so a retry recorded with the attempt's number in its
// place (the round's 1st attempt of a delivery's 2nd counted as its 2nd)
// would wait longer and give up sooner. Until a round began after a first
// one, the two were equal in every test: a retry that wrote the number
// for the round (either driver, by hand) failed none.
func testRoundAfterResend(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	e := newEndpoint(t, s, a)
	seedDeliveries(t, s, a, 1)
	now := base.Add(time.Second)
	first := claimN(t, s, "A", now, 10, 1, "")
	must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: first[0].DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: first[0].LeaseUntil,
		Outcome: store.OutcomeFailed, RoundAttempt: 1, Attempt: attemptFor(first[0], false, 500, now)}}))
	resent := now.Add(time.Minute)
	if _, err := s.RetryDelivery(ctx, a, first[0].DeliveryID, resent); err != nil {
		t.Fatal(err)
	}
	check := func(when string, w store.Work, attempt, round int) {
		t.Helper()
		if w.Attempt != attempt || w.RoundAttempt != round {
			t.Fatalf("%s: claimed attempt %d, round attempt %d; want %d, %d", when, w.Attempt, w.RoundAttempt, attempt, round)
		}
	}
	w := claimN(t, s, "A", resent, 10, 1, "after the resend")
	check("after the resend", w[0], 2, 1)
	next := resent.Add(time.Minute)
	must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: w[0].DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: w[0].LeaseUntil,
		Outcome: store.OutcomeRetry, RoundAttempt: w[0].RoundAttempt, NextAttemptAt: next, Attempt: attemptFor(w[0], false, 503, resent)}}))
	d, err := s.GetDelivery(ctx, a, w[0].DeliveryID)
	must(t, err)
	if d.Status != store.DeliveryRetrying || d.Attempts != 2 || d.RoundAttempts != 1 {
		t.Fatalf("after the resent attempt's retry: %s, attempts %d, round attempts %d; want retrying, 2, 1", d.Status, d.Attempts, d.RoundAttempts)
	}
	w = claimN(t, s, "A", next, 10, 1, "at the retry's time")
	check("at the retry's time", w[0], 3, 2)
	must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: w[0].DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: w[0].LeaseUntil,
		Outcome: store.OutcomeFailed, RoundAttempt: w[0].RoundAttempt, Attempt: attemptFor(w[0], false, 500, next)}}))
	d, err = s.GetDelivery(ctx, a, w[0].DeliveryID)
	must(t, err)
	if d.Status != store.DeliveryFailed || d.Attempts != 3 || d.RoundAttempts != 2 {
		t.Fatalf("after the round's last attempt: %s, attempts %d, round attempts %d; want failed, 3, 2", d.Status, d.Attempts, d.RoundAttempts)
	}
}
