package main_test

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestStartWaitingForAMigrationSaysSo: on PostgreSQL, migrations run in
// one transaction under a lock, and a `serve` started while another
// instance migrates waits for it (README, "Upgrades": about 3 to 5 s per
// million attempts for some). It waited without a word and without
// listening, so an operator rolling out a release saw the new instances
// hang silently. Here a session holds the schema's migration lock as a
// migrating instance does: the start must say within a few seconds that it
// waits for another instance's migration, and go on once the lock is
// free.
func TestStartWaitingForAMigrationSaysSo(t *testing.T) {
	schema := testenv.NewSchema(t)
	db := testenv.PostgresURL(schema)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, testenv.PostgresDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	// The key serve's migration takes (postgres.qMigrateLock) for the
	// schema of the DSN's search_path.
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('esahayak/migrate/' || $1::text, 0))`, schema); err != nil {
		t.Fatal(err)
	}
	// Not startServe, which waits for /healthz: this start must not
	// answer while it waits.
	addr := freeAddr(t)
	p := launch(t, exec.Command(binary, "serve", "--addr", addr, "--db", db, "--log-level", "info"), "http://"+addr, nil)
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
		if t.Failed() {
			t.Logf("server output:\n%s", p.output())
		}
	})
	const waiting = "waiting for another instance's database migration"
	testenv.Eventually(t, 8*time.Second, "the start to say that it waits for a migration", func() bool {
		return strings.Contains(p.output(), waiting)
	})
	if strings.Contains(p.output(), "listening on") {
		t.Fatalf("serve listened while the migration lock was held:\n%s", p.output())
	}
	if err := tx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	testenv.Eventually(t, 10*time.Second, "the start to go on once the lock is free", func() bool {
		out := p.output()
		return strings.Contains(out, "listening on") && strings.Contains(out, "the other instance's database migration ended")
	})
	if n := strings.Count(p.output(), waiting); n != 1 {
		t.Errorf("the wait was logged %d times, want once", n)
	}
}
