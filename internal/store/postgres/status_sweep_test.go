package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

// eventually fails t unless cond holds within d.
func eventually(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, d)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// countOf runs a count query with args.
func countOf(t testing.TB, s *Store, q string, args ...any) int {
	t.Helper()
	var n int
	must(t, s.pool.QueryRow(context.Background(), q, args...).Scan(&n))
	return n
}

// dueOf counts the endpoint's deliveries that a claim can see.
func dueOf(t testing.TB, s *Store, endpoint string) int {
	t.Helper()
	return countOf(t, s, `SELECT count(*) FROM deliveries WHERE endpoint_id = $1 AND due_at IS NOT NULL`, endpoint)
}

// sweepMarksOf counts the endpoints whose status change's sweep is unfinished.
func sweepMarksOf(t testing.TB, s *Store) int {
	t.Helper()
	return countOf(t, s, `SELECT count(*) FROM endpoints WHERE sweep <> 0`)
}

func setEndpointStatus(t testing.TB, s *Store, account, endpoint, status string) {
	t.Helper()
	_, err := s.UpdateEndpoint(context.Background(), account, endpoint, func(e *store.Endpoint) error {
		e.Status, e.UpdatedAt = status, time.Now().UTC()
		return nil
	})
	must(t, err)
}

// holdStatusSweeper makes s's status sweeper wait before each chunk for a
// value on the channel returned (closing it lets the sweeper run freely).
func holdStatusSweeper(s *Store) chan struct{} {
	step := make(chan struct{})
	s.statusSweepStepForTest.Store(&step)
	return step
}

// A status change answers once the first chunks of its sweep are written
// (20,000 deliveries), not after the whole backlog: parking or resuming
// 300,000 in the change's own statement took 9-19 s, and a million
// outlived the API's deadline, which rolled the change back. The sweeper
// finishes the rest, in the direction of the endpoint's status, and
// leaves finished deliveries and other endpoints' alone; a delete's sweep
// ends every waiting delivery, parked ones too.
func TestStatusChangeAnswersBeforeALargeSweepEnds(t *testing.T) {
	s := openTest(t, "")
	a := newAccount(t, s)
	ep, other := newEndpoint(t, s, a).ID, newEndpoint(t, s, a).ID
	const n = 23_456 // four chunks for the caller, one more for the sweeper
	seedDue(t, s, a, []string{ep}, 0, n)
	seedDue(t, s, a, []string{other}, n, 10)
	_, err := s.pool.Exec(context.Background(), `UPDATE deliveries SET status = 'succeeded', due_at = NULL
		WHERE id IN ('dlv_000000000001', 'dlv_000000000002')`)
	must(t, err)
	waiting := n - 2

	step := holdStatusSweeper(s)
	setEndpointStatus(t, s, a, ep, store.EndpointDisabled)
	if got := dueOf(t, s, ep); got != waiting-20_000 {
		t.Fatalf("disable returned with %d of %d deliveries due; want %d (four chunks parked by the caller, the rest left to the sweeper)", got, waiting, waiting-20_000)
	}
	if got := sweepMarksOf(t, s); got != 1 {
		t.Fatalf("%d sweep marks while the sweeper is held; want 1", got)
	}
	close(step)
	eventually(t, time.Minute, "the sweeper parking the rest", func() bool {
		return dueOf(t, s, ep) == 0 && sweepMarksOf(t, s) == 0
	})

	step = holdStatusSweeper(s)
	setEndpointStatus(t, s, a, ep, store.EndpointEnabled)
	if got := dueOf(t, s, ep); got != 20_000 {
		t.Fatalf("enable returned with %d of %d deliveries due; want 20000", got, waiting)
	}
	close(step)
	eventually(t, time.Minute, "the sweeper making the rest due", func() bool {
		return dueOf(t, s, ep) == waiting && sweepMarksOf(t, s) == 0
	})
	if got := dueOf(t, s, other); got != 10 {
		t.Fatalf("the other endpoint has %d due, want 10", got)
	}

	// Parked, then deleted: the sweep fails the parked ones too.
	setEndpointStatus(t, s, a, ep, store.EndpointDisabled)
	eventually(t, time.Minute, "the park", func() bool { return sweepMarksOf(t, s) == 0 })
	must(t, s.DeleteEndpoint(context.Background(), a, ep, time.Now().UTC()))
	eventually(t, time.Minute, "the delete's sweep", func() bool { return sweepMarksOf(t, s) == 0 })
	if got := countOf(t, s, `SELECT count(*) FROM deliveries WHERE endpoint_id = $1 AND status = 'failed' AND last_error = $2`,
		ep, store.EndpointDeletedError); got != waiting {
		t.Fatalf("%d of %d waiting deliveries ended by the delete", got, waiting)
	}
	if got := countOf(t, s, `SELECT count(*) FROM deliveries WHERE endpoint_id = $1 AND status = 'succeeded'`, ep); got != 2 {
		t.Fatalf("%d succeeded deliveries left, want 2", got)
	}
	if got := dueOf(t, s, other); got != 10 {
		t.Fatalf("the other endpoint has %d due after the delete, want 10", got)
	}
}

// A sweep that an instance left unfinished (it died between two chunks,
// its caller's mark set) is finished by another instance's sweeper, unless
// a live one holds it; meanwhile the endpoint's parked deliveries still
// list as waiting.
func TestSweepLeftByADeadInstanceIsFinishedByAnother(t *testing.T) {
	ctx := context.Background()
	schema := newSchemaName(t)
	s := openTest(t, schema)
	a := newAccount(t, s)
	ep := newEndpoint(t, s, a).ID
	const n = 7_000
	seedDue(t, s, a, []string{ep}, 0, n)
	// As if it was disabled, parked, enabled again, and the instance died
	// after the enable's commit, before any chunk ran.
	_, err := s.pool.Exec(ctx, `UPDATE deliveries SET due_at = NULL WHERE endpoint_id = $1`, ep)
	must(t, err)
	_, err = s.pool.Exec(ctx, `UPDATE endpoints SET status = 'enabled', updated_at = now(), sweep = nextval('endpoint_sweeps') WHERE id = $1`, ep)
	must(t, err)

	// The read of all waiting deliveries (the one a list takes when the
	// newest deliveries hold too few of them) finds the parked ones too.
	store.SetWaitingWalkForTest(false)
	t.Cleanup(func() { store.SetWaitingWalkForTest(true) })
	for _, endpoint := range []string{ep, ""} {
		page, _, err := s.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: a, Limit: 5},
			EndpointID: endpoint, Status: "pending"})
		must(t, err)
		if len(page) != 5 {
			t.Fatalf("the parked deliveries of an endpoint whose enable is being swept list %d pending (endpoint filter %q), want a page of 5", len(page), endpoint)
		}
	}

	// A live sweeper holds the endpoint: the others leave it alone.
	holder, err := s.pool.Acquire(ctx)
	must(t, err)
	var locked bool
	must(t, holder.QueryRow(ctx, qTrySweepLock, ep).Scan(&locked))
	if !locked {
		t.Fatal("the sweep lock was held already")
	}
	other := openTest(t, schema)
	other.statusSweepPollForTest = 50 * time.Millisecond
	other.startStatusSweeper()
	time.Sleep(300 * time.Millisecond) // several polls
	if got := dueOf(t, s, ep); got != 0 {
		t.Fatalf("another sweeper made %d deliveries due while the lock was held", got)
	}
	// The holder dies: its session, and the lock, end.
	must(t, holder.Conn().Close(ctx))
	holder.Release()
	eventually(t, time.Minute, "the other instance's sweeper finishing the sweep", func() bool {
		return dueOf(t, s, ep) == n && sweepMarksOf(t, s) == 0
	})
}

// A sweep that walks an enabled endpoint's deliveries by id starts again
// from the first when the status changes under it, so that what a disable
// parked behind its place meanwhile is made due too.
func TestStatusSweeperStartsItsWalkAgainAfterAStatusChange(t *testing.T) {
	s := openTest(t, "")
	a := newAccount(t, s)
	ep := newEndpoint(t, s, a).ID
	const n = 60_000
	seedDue(t, s, a, []string{ep}, 0, n)
	setEndpointStatus(t, s, a, ep, store.EndpointDisabled)
	eventually(t, time.Minute, "every delivery parked", func() bool {
		return dueOf(t, s, ep) == 0 && sweepMarksOf(t, s) == 0
	})

	step := holdStatusSweeper(s)
	// The caller un-parks the first 20,000 ids; the sweeper four chunks more.
	setEndpointStatus(t, s, a, ep, store.EndpointEnabled)
	for range 4 {
		step <- struct{}{}
	}
	eventually(t, time.Minute, "the sweeper's four chunks", func() bool { return dueOf(t, s, ep) == 40_000 })
	// Disabled: the caller parks 20,000 of the 40,000 due, the sweeper
	// (which must first let go of its walk's lock) one chunk more.
	setEndpointStatus(t, s, a, ep, store.EndpointDisabled)
	step <- struct{}{}
	// Enabled again, and the sweeper let go.
	setEndpointStatus(t, s, a, ep, store.EndpointEnabled)
	close(step)
	eventually(t, time.Minute, "the sweep's end", func() bool { return sweepMarksOf(t, s) == 0 })
	if got := dueOf(t, s, ep); got != n {
		t.Fatalf("the sweep ended with %d of %d deliveries of the enabled endpoint due; the rest stayed parked", got, n)
	}
}
