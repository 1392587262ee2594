package store

import "sync/atomic"

// WaitingListMax is how many of an account's (or an endpoint's) deliveries
// may wait for a driver's read of all the waiting ones to be used rather
// than the walk of its newest deliveries: each costs about what a delivery
// of the walk does, and a walk that needed more would be one of an account
// with that many waiting, whose newest deliveries are mostly those.
const WaitingListMax = 50_000

// waitingWalkMin is how many of the newest deliveries a list of waiting
// ones walks first, before it counts those in the claim index.
const waitingWalkMin = 1_000

// waitingWalkOff is true only in tests of the read of all waiting
// deliveries, which the walk would otherwise answer on small data.
var waitingWalkOff atomic.Bool

// SetWaitingWalkForTest turns off (or back on) the walk of the newest
// deliveries that a list of waiting ones makes first, so that a driver's
// test reaches its read of all of them on small data. Tests only.
func SetWaitingWalkForTest(on bool) { waitingWalkOff.Store(!on) }

// IsWaiting tells whether a list's status filter is one of the statuses of
// a delivery still to be sent.
func IsWaiting(status string) bool {
	return status == DeliveryPending || status == DeliveryRetrying
}

// WaitingReads are a driver's reads behind a page of deliveries filtered by
// status=pending or retrying, each already bound to the list's account,
// filters and cursor.
type WaitingReads struct {
	// Window walks the n newest deliveries from the cursor.
	Window func(n int) ([]Delivery, bool, error)
	// Count counts the deliveries in the claim index (of the endpoint when
	// the list has one), reading no further than WaitingListMax.
	Count func() (int, error)
	// Walk is the plain list, walked from the cursor as far as it needs.
	Walk func() ([]Delivery, bool, error)
	// All reads every waiting delivery: the claim index and the disabled
	// endpoints' parked ones.
	All func() ([]Delivery, bool, error)
}

// ListWaiting is the policy both drivers follow for a page of waiting
// deliveries. The walk of the newest deliveries from the cursor comes
// first, as far as waitingWalkMin of them, then as far as the account's
// deliveries in the claim index: where the waiting ones are spread over
// the recent history it fills the page in a few rows, and a page it fills
// is the whole walk's. Else the waiting ones are all read: at most about
// twice the rows of the cheaper of the two reads. An account with
// WaitingListMax or more in the claim index (or whose count fails: the
// walk reports the error if it fails too) is walked as before.
func ListWaiting(r WaitingReads) ([]Delivery, bool, error) {
	walked := walkRows(waitingWalkMin)
	if walked > 0 {
		if ds, more, err := r.Window(walked); err != nil || more {
			return ds, more, err
		}
	}
	n, err := r.Count()
	if err != nil || n >= WaitingListMax {
		return r.Walk()
	}
	if walkRows(n) > walked {
		if ds, more, err := r.Window(n); err != nil || more {
			return ds, more, err
		}
	}
	return r.All()
}

// walkRows is n, the newest deliveries a list of the waiting ones walks,
// or none in the tests that turn the walk off.
func walkRows(n int) int {
	if waitingWalkOff.Load() {
		return 0
	}
	return n
}
