package postgres

import (
	"context"
	"errors"
	"io"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
)

// TestCommitOutcome: a COMMIT answered "COMMIT" committed even when the
// session's end (FATAL) is reported after it; a FATAL without that answer
// means the session ended before the COMMIT was carried out, and a
// refused statement rolled back; a broken connection leaves it unknown.
func TestCommitOutcome(t *testing.T) {
	fatal := &pgconn.PgError{Severity: "FATAL", Code: "57P01", Message: "terminating connection due to administrator command"}
	refused := &pgconn.PgError{Severity: "ERROR", Code: "23505"}
	if err := commitOutcome("COMMIT", fatal); err != nil {
		t.Errorf("COMMIT then FATAL: %v, want committed", err)
	}
	if err := commitOutcome("COMMIT", nil); err != nil {
		t.Errorf("COMMIT: %v", err)
	}
	if err := commitOutcome("ROLLBACK", nil); !errors.Is(err, errCommitRolledBack) {
		t.Errorf("ROLLBACK: %v", err)
	}
	if err := commitOutcome("", refused); rolledBack(err) != true {
		t.Errorf("a refused statement: rolledBack = false")
	}
	if err := commitOutcome("", fatal); !rolledBack(err) {
		t.Errorf("FATAL before the COMMIT's answer not taken as rolled back: the moves would answer 503 instead of being run")
	}
	if rolledBack(io.ErrUnexpectedEOF) {
		t.Errorf("a broken connection taken as rolled back")
	}
}

// TestCommittedMovesSurviveTerminatedSessions: sessions of the store are
// terminated (pg_terminate_backend, as an administrator or a server
// restart does) while order moves are committed in groups. A move whose
// COMMIT went through was run again one at a time and answered "cannot
// upload an order that is COMPLETED": no single upload of a new order may
// ever be refused as a transition, and each upload that succeeded made
// exactly one event.
func TestCommittedMovesSurviveTerminatedSessions(t *testing.T) {
	requirePostgres(t)
	ctx := context.Background()
	schema := newSchemaName(t)
	app := "term_" + schema
	s, err := Open(ctx, testDSN()+"&application_name="+app, Options{Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	a := newAccount(t, s)
	killer, err := pgx.Connect(ctx, testDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer killer.Close(ctx)

	stop := time.Now().Add(4 * time.Second)
	var refused, ok atomic.Int64
	var mu sync.Mutex
	var succeeded []string
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(stop) {
				now := time.Now().UTC()
				o := store.Order{ID: ids.New(ids.Order), AccountID: a, Status: store.StatusProcessing, CreatedAt: now, UpdatedAt: now, Version: 1,
					StampRequest: store.StampRequest{ID: ids.New(ids.Stamp), State: "Goa", Amount: 50, ArticleCode: "GA-1", Provider: "SHCIL"}}
				if _, err := s.CreateOrder(ctx, store.CreateOrderParams{Order: o, Now: now}); err != nil {
					continue // the session was terminated: another order
				}
				up := order.Request{Move: order.MoveUpload, Actor: order.Operator, Now: now}
				_, err := s.TransitionOrder(ctx, store.TransitionParams{OrderID: o.ID,
					Decide: func(cur store.Order) (store.Transition, error) { return order.Apply(cur, up) }, Now: now})
				var te *order.TransitionError
				switch {
				case errors.As(err, &te):
					refused.Add(1)
					t.Errorf("the one upload of order %s was refused: %v", o.ID, err)
				case err == nil:
					ok.Add(1)
					mu.Lock()
					succeeded = append(succeeded, o.ID)
					mu.Unlock()
				}
			}
		}()
	}
	kills := 0
	for time.Now().Before(stop) {
		time.Sleep(40 * time.Millisecond)
		var n int
		if err := killer.QueryRow(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()`, app).Scan(&n); err != nil {
			t.Fatal(err)
		}
		kills += n
	}
	wg.Wait()
	t.Logf("%d uploads succeeded, %d refused, %d sessions terminated", ok.Load(), refused.Load(), kills)
	if ok.Load() == 0 || kills == 0 {
		t.Fatalf("nothing tested: %d uploads, %d sessions terminated", ok.Load(), kills)
	}
	var events int
	if err := killer.QueryRow(ctx, `SELECT count(*) FROM `+pgx.Identifier{schema, "events"}.Sanitize()+` WHERE order_id = ANY($1)`, succeeded).Scan(&events); err != nil {
		t.Fatal(err)
	}
	if events != len(succeeded) {
		t.Fatalf("%d uploads succeeded with %d events", len(succeeded), events)
	}
}

// TestInstanceIDSurvivesATerminatedSession: the session holding an
// instance id is ended (a database restart, an administrator); the id is
// taken again on a new session, so a second claim is still refused (it
// was let in, and would have taken the running instance's leases).
func TestInstanceIDSurvivesATerminatedSession(t *testing.T) {
	requirePostgres(t)
	ctx := context.Background()
	schema := newSchemaName(t)
	s := openTest(t, schema)
	other := openTest(t, schema)
	release, err := s.ClaimInstanceID(ctx, "inst-a", 0, func(err error) { t.Errorf("lost: %v", err) })
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if _, err := other.ClaimInstanceID(ctx, "inst-a", 0, nil); !errors.Is(err, ErrInstanceIDInUse) {
		t.Fatalf("a second claim while held: %v, want ErrInstanceIDInUse", err)
	}
	first := s.instancePID.Load()
	killer, err := pgx.Connect(ctx, testDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer killer.Close(ctx)
	if _, err := killer.Exec(ctx, `SELECT pg_terminate_backend($1)`, int32(first)); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(3 * instanceCheck)
	for s.instancePID.Load() == first {
		if time.Now().After(deadline) {
			t.Fatal("the id was not taken again on a new session")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if _, err := other.ClaimInstanceID(ctx, "inst-a", 0, nil); !errors.Is(err, ErrInstanceIDInUse) {
		t.Fatalf("a claim after the holder's session was ended: %v, want ErrInstanceIDInUse", err)
	}
	// Released: the id is free.
	release()
	rel2, err := other.ClaimInstanceID(ctx, "inst-a", 5*time.Second, nil)
	if err != nil {
		t.Fatalf("after release: %v", err)
	}
	rel2()
}

// TestTerminatedPoolConnectionsCostOneRequest: after the server ends every
// session of the pool (a restart, a failover, pg_terminate_backend), only
// the first request meets a dead connection: /healthz's Ping answers, and
// the requests after it run on live ones.
func TestTerminatedPoolConnectionsCostOneRequest(t *testing.T) {
	requirePostgres(t)
	ctx := context.Background()
	schema := newSchemaName(t)
	app := "pool_" + schema
	s, err := Open(ctx, testDSN()+"&application_name="+app, Options{Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	killer, err := pgx.Connect(ctx, testDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer killer.Close(ctx)

	for round := range 3 {
		// Every connection of the pool used a moment ago (idle under a
		// second: pgx pings the others before use anyway).
		var wg sync.WaitGroup
		for range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s.pool.Exec(ctx, "SELECT pg_sleep(0.05)")
			}()
		}
		wg.Wait()
		var pids []int32
		if err := killer.QueryRow(ctx, `SELECT coalesce(array_agg(pid), '{}') FROM pg_stat_activity WHERE application_name = $1 AND backend_type = 'client backend'`, app).Scan(&pids); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := killer.QueryRow(ctx, `SELECT count(*) FROM unnest($1::int4[]) AS p(pid) WHERE pg_terminate_backend(pid)`, pids).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n < 8 {
			t.Fatalf("round %d: terminated %d sessions, want the pool's (16)", round, n)
		}
		// The sessions are gone: pg_terminate_backend only signals them.
		// A fixed 50 ms here, on a loaded machine, let the requests below
		// run on sessions not yet ended, and the test pass without a dead
		// connection in the pool.
		deadline := time.Now().Add(10 * time.Second)
		for {
			var left int
			if err := killer.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE pid = ANY($1::int4[])`, pids).Scan(&left); err != nil {
				t.Fatal(err)
			}
			if left == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("round %d: %d of the %d terminated sessions still there after 10 s", round, left, n)
			}
			time.Sleep(10 * time.Millisecond)
		}
		if err := s.Ping(ctx); err != nil {
			t.Fatalf("round %d: Ping after the sessions ended: %v (the database answers)", round, err)
		}
		failed := 0
		for range 16 {
			if _, err := s.ListAccounts(ctx); err != nil {
				failed++
			}
		}
		if failed > 0 {
			t.Errorf("round %d: %d of 16 requests after the Ping failed on dead connections", round, failed)
		}
	}
}

// TestInstanceIDTakenForASweepIsNotReportedLost: the session holding an
// instance id is ended, and before the store takes the id again another
// instance's sweep of held deliveries takes it for a write (held.go:
// writeGoneHolder; here a session that holds it 5 s, as a long write
// does). The store takes it again once the sweep gives it back, and does
// not report it lost: serve logged an error that another instance now
// shared its id, and told the operator to restart one.
func TestInstanceIDTakenForASweepIsNotReportedLost(t *testing.T) {
	requirePostgres(t)
	ctx := context.Background()
	schema := newSchemaName(t)
	s := openTest(t, schema)
	sweeper := openTest(t, schema)
	var lost atomic.Int32
	release, err := s.ClaimInstanceID(ctx, "inst-a", 0, func(err error) { lost.Add(1) })
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	first := s.instancePID.Load()
	conn, err := sweeper.pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_terminate_backend($1)`, int32(first)); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(instanceCheck)
	for {
		var took bool
		if err := conn.QueryRow(ctx, qTryInstance, "inst-a").Scan(&took); err != nil {
			t.Fatal(err)
		}
		if took {
			break
		}
		if time.Now().After(deadline) {
			t.Skip("the store took its id again before the sweeper could (nothing to check)")
		}
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(5 * time.Second) // at least two checks find it taken
	if _, err := conn.Exec(ctx, qUnlockInstance, "inst-a"); err != nil {
		t.Fatal(err)
	}
	deadline = time.Now().Add(3 * instanceCheck)
	for s.instancePID.Load() == first {
		if time.Now().After(deadline) {
			t.Fatal("the id was not taken again once the sweep gave it back")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if n := lost.Load(); n != 0 {
		t.Fatalf("the id was reported lost %d times while a sweep held it for 5 s", n)
	}
	if _, err := sweeper.ClaimInstanceID(ctx, "inst-a", 0, nil); !errors.Is(err, ErrInstanceIDInUse) {
		t.Fatalf("a claim after the store took its id again: %v, want ErrInstanceIDInUse", err)
	}
}
