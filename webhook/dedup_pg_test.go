package webhook_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5/stdlib"

	"github.com/esahayak/esahayak/internal/testenv"
	"github.com/esahayak/esahayak/webhook"
)

// Receivers that start together on one PostgreSQL database all get their
// dedup store: the table is created once, and the others' racing CREATE
// TABLE IF NOT EXISTS (which PostgreSQL can fail) is tried again.
func TestSQLDedupInstancesStartTogether(t *testing.T) {
	db, err := sql.Open("pgx", testenv.PostgresURL(testenv.NewSchema(t)))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for round := 0; round < 5; round++ {
		table := fmt.Sprintf("dedup_%d", round)
		var wg sync.WaitGroup
		errs := make(chan error, 6)
		for i := 0; i < 6; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := webhook.NewSQLDedup(db, table); err != nil {
					errs <- err
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("round %d: %v", round, err)
		}
	}
}

// openPostgres opens the test PostgreSQL on a fresh schema, dropped when t ends.
func openPostgres(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", testenv.PostgresURL(testenv.NewSchema(t)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// The store conformance suite, on PostgreSQL: each store gets its own table,
// since the suite's subtests run in parallel with the same event ids.
func TestDedupConformancePostgres(t *testing.T) {
	db := openPostgres(t)
	var tables atomic.Int32
	webhook.TestDedupStore(t, func(t *testing.T, clock *webhook.FakeClock) webhook.DedupStore {
		d, err := webhook.NewSQLDedup(db, fmt.Sprintf("dedup_conf_%d", tables.Add(1)))
		if err != nil {
			t.Fatal(err)
		}
		webhook.SetSQLDedupClock(d, clock.Now)
		return d
	})
}

func TestSQLDedupUpgradesOldTablePostgres(t *testing.T) {
	webhook.TestSQLDedupUpgrade(t, openPostgres(t), "webhook_events_v1")
}

// tracingDriver stands for the wrappers that tracing and metrics libraries
// put around a driver (otelsql, sqlhooks, …): db.Driver() is then the
// wrapper, whose type names no PostgreSQL package.
type tracingDriver struct{ driver.Driver }

var registerTracingDriver sync.Once

// A PostgreSQL driver behind such a wrapper still gets PostgreSQL's
// placeholders: the guess from the driver's type was "?", and every Claim
// failed with a syntax error, each delivery answered 500.
func TestSQLDedupPostgresBehindAWrappedDriver(t *testing.T) {
	registerTracingDriver.Do(func() { sql.Register("tracing-pgx", tracingDriver{stdlib.GetDefaultDriver()}) })
	db, err := sql.Open("tracing-pgx", testenv.PostgresURL(testenv.NewSchema(t)))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	d, err := webhook.NewSQLDedup(db, "")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, step := range []struct {
		op   string
		want webhook.ClaimStatus
	}{{"claim", webhook.ClaimAcquired}, {"claim", webhook.ClaimInProgress}, {"commit", 0}, {"claim", webhook.ClaimDuplicate}} {
		if step.op == "commit" {
			if err := d.Commit(ctx, "evt_1"); err != nil {
				t.Fatalf("Commit: %v", err)
			}
			continue
		}
		st, err := d.Claim(ctx, "evt_1")
		if err != nil || st != step.want {
			t.Fatalf("Claim = %v, %v; want %v", st, err, step.want)
		}
	}
}

// A claim stored by an INSERT or takeover whose answer was lost (the
// sender hung up as it committed) blocks no redelivery, on PostgreSQL:
// pgx answers a statement cancelled mid-flight with the context's error,
// whether or not the server committed it.
func TestSQLDedupClaimWhoseAnswerWasLostPostgres(t *testing.T) {
	webhook.TestSQLDedupLostAnswer(t, stdlib.GetDefaultDriver(), testenv.PostgresURL(testenv.NewSchema(t)))
}
