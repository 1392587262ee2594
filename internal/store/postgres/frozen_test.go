package postgres

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/esahayak/esahayak/internal/store"
)

// shortIdleInTx makes the stores the test opens end a session idle in a
// transaction after d rather than idleInTxTimeout's 20 s.
func shortIdleInTx(t *testing.T, d time.Duration) {
	t.Helper()
	was := idleInTxTimeout
	idleInTxTimeout = d
	t.Cleanup(func() { idleInTxTimeout = was })
}

// An instance frozen in the middle of a transaction (SIGSTOP, a paused
// container or VM: to PostgreSQL a session that stays idle in it, its
// kernel still answering) held the transaction's row locks until it woke,
// and another instance's update of the same endpoint waited as long. The
// database now ends such a session; the frozen instance, woken, finds its
// transaction gone and nothing of it written, and is told the database
// was at fault (a 503, not a 500).
func TestFrozenTransactionLosesItsLocks(t *testing.T) {
	requirePostgres(t)
	shortIdleInTx(t, time.Second)
	ctx := context.Background()
	schema := newSchemaName(t)
	frozen, other := openTest(t, schema), openTest(t, schema)
	a := newAccount(t, frozen)
	e := newEndpoint(t, frozen, a)

	// The frozen instance's update stops between its two round trips,
	// with the endpoint's row locked (FOR UPDATE).
	locked, wake := make(chan struct{}), make(chan struct{})
	frozenDone := make(chan error, 1)
	go func() {
		_, err := frozen.UpdateEndpoint(ctx, a, e.ID, func(x *store.Endpoint) error {
			close(locked)
			<-wake
			x.Description = "written by the frozen instance"
			return nil
		})
		frozenDone <- err
	}()
	<-locked

	// The other instance's update waits for the lock only until the
	// database ends the frozen session.
	octx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	_, err := other.UpdateEndpoint(octx, a, e.ID, func(x *store.Endpoint) error {
		x.Status, x.DisabledReason, x.UpdatedAt = store.EndpointDisabled, "by the other instance", time.Now()
		return nil
	})
	if err != nil {
		close(wake)
		<-frozenDone
		t.Fatalf("another instance's update of the endpoint a frozen transaction locked: %v (want it done once the frozen session ends)", err)
	}

	close(wake)
	err = <-frozenDone
	if err == nil {
		t.Fatal("the frozen instance's update committed after its session was ended")
	}
	if !frozen.Unavailable(err) {
		t.Errorf("Unavailable(%v) = false; want true (the database ended the session: a retry can succeed)", err)
	}
	got, err := other.GetEndpoint(ctx, a, e.ID)
	must(t, err)
	if got.Status != store.EndpointDisabled || got.Description == "written by the frozen instance" {
		t.Errorf("endpoint after both updates: status %q, description %q; want disabled, the frozen update not written", got.Status, got.Description)
	}
	// The pool gave up the ended connection: the frozen instance works on.
	_, err = frozen.UpdateEndpoint(ctx, a, e.ID, func(x *store.Endpoint) error { x.Description = "after waking"; return nil })
	must(t, err)
}

// The first start's lock stays held while its start works on other
// connections for longer than the idle timeout, and its commit succeeds;
// the timeout is on for every other transaction, and the DSN's own value
// wins.
func TestStartLockOutlastsTheIdleTimeout(t *testing.T) {
	requirePostgres(t)
	ctx := context.Background()
	s := openTest(t, "")
	var v string
	must(t, s.pool.QueryRow(ctx, `SELECT current_setting('idle_in_transaction_session_timeout')`).Scan(&v))
	if v != "20s" {
		t.Errorf("idle_in_transaction_session_timeout = %s, want 20s", v)
	}
	o, err := Open(ctx, testDSN()+"&idle_in_transaction_session_timeout=0", Options{Schema: newSchemaName(t)})
	must(t, err)
	must(t, o.pool.QueryRow(ctx, `SELECT current_setting('idle_in_transaction_session_timeout')`).Scan(&v))
	o.Close()
	if v != "0" {
		t.Errorf("with the DSN's idle_in_transaction_session_timeout=0: %s, want 0", v)
	}

	shortIdleInTx(t, time.Second)
	schema := newSchemaName(t)
	s = openTest(t, schema)
	probe, err := pgx.Connect(ctx, testDSN())
	must(t, err)
	defer probe.Close(ctx)
	lockFree := func() bool {
		var free bool
		must(t, probe.QueryRow(ctx, `SELECT pg_try_advisory_xact_lock(hashtextextended('esahayak/first-start/' || $1::text, 0))`, schema).Scan(&free))
		return free
	}
	err = s.WithStartLock(ctx, func() error {
		// A start slower than the timeout: a loaded machine, a password
		// hash waiting its turn, a printout to a slow terminal.
		time.Sleep(3 * time.Second)
		if lockFree() {
			return errors.New("the start lock was free while its start still ran")
		}
		return nil
	})
	if err != nil {
		t.Fatalf("WithStartLock: %v", err)
	}
	if !lockFree() {
		t.Error("the start lock still held after WithStartLock returned")
	}
}

// A start that waits for another's migration longer than the idle timeout
// is not idle (it waits in a statement), and migrates once the lock is
// free.
func TestMigrationWaitOutlastsTheIdleTimeout(t *testing.T) {
	requirePostgres(t)
	shortIdleInTx(t, time.Second)
	ctx := context.Background()
	schema := newSchemaName(t)
	holder, err := pgx.Connect(ctx, testDSN())
	must(t, err)
	defer holder.Close(ctx)
	tx, err := holder.Begin(ctx)
	must(t, err)
	_, err = tx.Exec(ctx, qMigrateLock, schema)
	must(t, err)
	opened := make(chan error, 1)
	go func() {
		s, err := Open(ctx, testDSN(), Options{Schema: schema})
		if err == nil {
			s.Close()
		}
		opened <- err
	}()
	select {
	case err := <-opened:
		t.Fatalf("Open did not wait for the migration lock: %v", err)
	case <-time.After(3 * time.Second):
	}
	must(t, tx.Rollback(ctx))
	select {
	case err := <-opened:
		must(t, err)
	case <-time.After(30 * time.Second):
		t.Fatal("Open did not go on once the migration lock was free")
	}
}
