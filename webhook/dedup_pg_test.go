package webhook_test

import (
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

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
