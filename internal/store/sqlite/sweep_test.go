package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/store/sqlite"
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
