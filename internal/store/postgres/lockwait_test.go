package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// backendPID is the server process of tx's connection: what other sessions
// find among the blockers of a lock it holds.
func backendPID(t *testing.T, tx pgx.Tx) int32 {
	t.Helper()
	var pid int32
	must(t, tx.QueryRow(context.Background(), `SELECT pg_backend_pid()`).Scan(&pid))
	return pid
}

// waitBlocked waits until a session other than blockers waits for a lock
// that one of blockers holds, and returns its pid; or, when finished (if
// not nil) says so first, 0: the operation the caller started did not need
// to wait. It fails t after 30 s. This is what the race tests used to
// sleep 300 ms for, which a loaded machine could outlast: the statement
// had not reached its lock by then, and the test ran without the race it
// names.
func waitBlocked(t *testing.T, s *Store, what string, finished func() bool, blockers ...int32) int32 {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var pid int32
		err := s.pool.QueryRow(ctx, `SELECT pid FROM pg_stat_activity
			WHERE pg_blocking_pids(pid) && $1::int4[] AND NOT pid = ANY ($1::int4[]) LIMIT 1`, blockers).Scan(&pid)
		if err == nil {
			return pid
		}
		if err != pgx.ErrNoRows {
			t.Fatal(err)
		}
		if finished != nil && finished() {
			return 0
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never waited for a lock held by %v", what, blockers)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
