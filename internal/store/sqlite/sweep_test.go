package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/store/sqlite"
	"github.com/esahayak/esahayak/internal/testenv"
)

// countDue counts the endpoint's deliveries that a claim can see.
func countDue(t testing.TB, d *benchDB, endpoint string) int {
	t.Helper()
	return d.count(t, `SELECT COUNT(*) FROM deliveries WHERE endpoint_id = ? AND due_at IS NOT NULL`, endpoint)
}

func setStatus(t testing.TB, st store.Store, endpoint, status string) {
	t.Helper()
	_, err := st.UpdateEndpoint(context.Background(), benchAccount, endpoint, func(e *store.Endpoint) error {
		e.Status, e.UpdatedAt = status, time.Now().UTC()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Disabling and enabling an endpoint parks and un-parks all its waiting
// deliveries, more than one sweep chunk of them, and leaves finished ones
// and other endpoints' alone.
func TestSweepParksAndResumesEveryDelivery(t *testing.T) {
	d := openBench(t)
	eps := d.endpoints(t, "s", 2)
	d.seedEvents(t, 100)
	const n = 12_345 // over two chunks
	d.seedDeliveries(t, "a", eps[0], n, 0, 100, "")
	d.seedDeliveries(t, "b", eps[1], 10, 0, 100, "")
	d.exec(t, `UPDATE deliveries SET status = 'succeeded', due_at = NULL WHERE id IN ('dlv_a000000000', 'dlv_a000000001')`)

	setStatus(t, d.st, eps[0], store.EndpointDisabled)
	if got := countDue(t, d, eps[0]); got != 0 {
		t.Fatalf("after disable: %d deliveries still due", got)
	}
	if got := countDue(t, d, eps[1]); got != 10 {
		t.Fatalf("other endpoint: %d due, want 10", got)
	}
	setStatus(t, d.st, eps[0], store.EndpointEnabled)
	if got := countDue(t, d, eps[0]); got != n-2 {
		t.Fatalf("after enable: %d due, want %d (the succeeded ones stay finished)", got, n-2)
	}
	marks := d.count(t, `SELECT COUNT(*) FROM endpoints WHERE sweep <> 0`)
	if marks != 0 {
		t.Fatalf("%d sweep marks left after finished sweeps", marks)
	}
}

// A process that stops between two chunks leaves the sweep mark; the next
// Open finishes the job, in the direction of the endpoint's status then.
func TestSweepLeftUnfinishedCompletesOnOpen(t *testing.T) {
	d := openBench(t)
	eps := d.endpoints(t, "u", 1)
	d.seedEvents(t, 10)
	d.seedDeliveries(t, "u", eps[0], 7000, 0, 10, "")
	path := d.path
	// As if the endpoint was disabled and the process died after the
	// status change's commit, before any chunk ran.
	d.exec(t, `UPDATE endpoints SET status = 'disabled', sweep = 1 WHERE id = ?`, eps[0])
	if err := d.st.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if got := countDue(t, d, eps[0]); got != 0 {
		t.Fatalf("after reopen: %d deliveries of the disabled endpoint still due", got)
	}
	// And the other way: enabled with parked deliveries and a mark.
	d.exec(t, `UPDATE endpoints SET status = 'enabled', sweep = 2 WHERE id = ?`, eps[0])
	st.Close()
	st2, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st2.Close()
	if got := countDue(t, d, eps[0]); got != 7000 {
		t.Fatalf("after reopen: %d of 7000 deliveries of the enabled endpoint due", got)
	}
}

// Recovering more failed deliveries than one chunk makes every one of them
// due, and only those of the endpoint created since the given time.
func TestRecoverEndpointInChunks(t *testing.T) {
	d := openBench(t)
	eps := d.endpoints(t, "r", 2)
	d.seedEvents(t, 100)
	const n = 12_001
	d.seedDeliveries(t, "a", eps[0], n, 0, 100, "")
	d.seedDeliveries(t, "b", eps[1], 10, 0, 100, "")
	d.exec(t, `UPDATE deliveries SET status = 'failed', due_at = NULL`)
	d.exec(t, `UPDATE deliveries SET created_at = created_at - 1000 WHERE id = 'dlv_a000000000'`) // before since
	now := time.Now().UTC()
	got, err := d.st.RecoverEndpoint(context.Background(), benchAccount, eps[0], time.UnixMicro(d.base), now)
	if err != nil {
		t.Fatal(err)
	}
	if got != n-1 {
		t.Fatalf("recovered %d, want %d", got, n-1)
	}
	if due := countDue(t, d, eps[0]); due != n-1 {
		t.Fatalf("%d due after recovery, want %d", due, n-1)
	}
	if due := countDue(t, d, eps[1]); due != 0 {
		t.Fatalf("the other endpoint has %d due, want 0", due)
	}
}

// A caller that goes away once an endpoint's status change has committed
// (an HTTP client that disconnects, a deadline) does not stop its sweep
// halfway: enabling it makes every parked delivery due all the same, and
// the call reports the change that was made.
func TestSweepOutlivesItsCaller(t *testing.T) {
	d := openBench(t)
	eps := d.endpoints(t, "c", 1)
	d.seedEvents(t, 100)
	const n = 12_000 // three chunks
	d.seedDeliveries(t, "c", eps[0], n, 0, 100, "")
	setStatus(t, d.st, eps[0], store.EndpointDisabled)
	if got := countDue(t, d, eps[0]); got != 0 {
		t.Fatalf("after disable: %d deliveries still due", got)
	}
	ctx, cancel := context.WithCancel(context.Background())
	e, err := d.st.UpdateEndpoint(ctx, benchAccount, eps[0], func(e *store.Endpoint) error {
		e.Status, e.UpdatedAt = store.EndpointEnabled, time.Now().UTC()
		cancel() // the caller leaves while its change is being written
		return nil
	})
	if err != nil {
		t.Fatalf("enable: %v (the change was committed)", err)
	}
	if e.Status != store.EndpointEnabled {
		t.Fatalf("enable returned status %q", e.Status)
	}
	if got := countDue(t, d, eps[0]); got != n {
		t.Fatalf("after enable: %d of %d deliveries due", got, n)
	}
}

// sweepMarks counts the endpoints whose status change's sweep is unfinished.
func sweepMarks(t testing.TB, d *benchDB) int {
	t.Helper()
	return d.count(t, `SELECT COUNT(*) FROM endpoints WHERE sweep <> 0`)
}

// A status change answers once the first chunks of its sweep are written
// (20,000 deliveries), not after a whole backlog: a PATCH of an endpoint
// holding a million deliveries answered after minutes, past the client's
// timeout, for a change that had been made. The sweeper finishes the rest.
func TestStatusChangeAnswersBeforeALargeSweepEnds(t *testing.T) {
	d := openBench(t)
	eps := d.endpoints(t, "l", 1)
	d.seedEvents(t, 100)
	const n = 30_000 // six chunks
	d.seedDeliveries(t, "l", eps[0], n, 0, 100, "")

	step := d.st.HoldSweeperForTest()
	setStatus(t, d.st, eps[0], store.EndpointDisabled)
	if got := countDue(t, d, eps[0]); got != n-20_000 {
		t.Fatalf("disable returned with %d of %d deliveries still due; want %d (four chunks parked by the caller, the rest left to the sweeper)", got, n, n-20_000)
	}
	if got := sweepMarks(t, d); got != 1 {
		t.Fatalf("%d sweep marks while the sweeper is held; want 1", got)
	}
	close(step)
	testenv.Eventually(t, time.Minute, "the sweeper parking the rest", func() bool {
		return countDue(t, d, eps[0]) == 0 && sweepMarks(t, d) == 0
	})

	step = d.st.HoldSweeperForTest()
	setStatus(t, d.st, eps[0], store.EndpointEnabled)
	if got := countDue(t, d, eps[0]); got != 20_000 {
		t.Fatalf("enable returned with %d of %d deliveries due; want 20000", got, n)
	}
	close(step)
	testenv.Eventually(t, time.Minute, "the sweeper making the rest due", func() bool {
		return countDue(t, d, eps[0]) == n && sweepMarks(t, d) == 0
	})
}

// A sweep that walks an enabled endpoint's deliveries by id starts again
// from the first when the status changes under it. The sweeper, halfway
// through un-parking, kept its place across a disable and an enable; the
// new enable's caller un-parked only its first chunks, and the sweeper
// then walked on from where it was, cleared the mark, and left the
// deliveries parked behind its place parked on an enabled endpoint.
func TestSweeperStartsItsWalkAgainAfterAStatusChange(t *testing.T) {
	d := openBench(t)
	eps := d.endpoints(t, "w", 1)
	d.seedEvents(t, 100)
	const n = 60_000
	d.seedDeliveries(t, "w", eps[0], n, 0, 100, "")
	setStatus(t, d.st, eps[0], store.EndpointDisabled)
	testenv.Eventually(t, time.Minute, "every delivery parked", func() bool {
		return countDue(t, d, eps[0]) == 0 && sweepMarks(t, d) == 0
	})

	step := d.st.HoldSweeperForTest()
	// The caller un-parks the first 20,000 ids; the sweeper four chunks more.
	setStatus(t, d.st, eps[0], store.EndpointEnabled)
	for range 4 {
		step <- struct{}{}
	}
	testenv.Eventually(t, time.Minute, "the sweeper's four chunks", func() bool { return countDue(t, d, eps[0]) == 40_000 })
	// Disabled: the caller parks 20,000 of the 40,000 due (all below the
	// sweeper's place), the sweeper one chunk more.
	setStatus(t, d.st, eps[0], store.EndpointDisabled)
	step <- struct{}{}
	testenv.Eventually(t, time.Minute, "the sweeper's chunk of the disable", func() bool { return countDue(t, d, eps[0]) == 15_000 })
	// Enabled again: the caller un-parks the first 20,000 parked ids, which
	// leaves 5,000 parked below the sweeper's old place.
	setStatus(t, d.st, eps[0], store.EndpointEnabled)
	if got := countDue(t, d, eps[0]); got != 35_000 {
		t.Fatalf("after the second enable's caller: %d due, want 35000", got)
	}
	close(step)
	testenv.Eventually(t, time.Minute, "the sweep's end", func() bool { return sweepMarks(t, d) == 0 })
	if got := countDue(t, d, eps[0]); got != n {
		t.Fatalf("the sweep ended with %d of %d deliveries of the enabled endpoint due; the rest stayed parked", got, n)
	}
}
