package main_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestBenchTakesPoolSizeInDSN: README's "Several instances" has operators
// add pool_max_conns to a PostgreSQL --db, which serve reads as its pool's
// size. The bench connected to the same --db with pgx.Connect, which sent
// pool_max_conns to PostgreSQL as a setting: its first run failed with
// `unrecognized configuration parameter "pool_max_conns"`, on a --db its
// serve children would have taken. It runs, and leaves nothing behind.
func TestBenchTakesPoolSizeInDSN(t *testing.T) {
	tmp := t.TempDir()
	stdout, stderr, code := runBinary(t, tmp, []string{"TMPDIR=" + tmp}, "",
		"bench", "--scenario", "single", "--events", "20", "--db", testDBWith("pool_max_conns=8"))
	if code != 0 || !strings.Contains(stdout, "single") {
		t.Fatalf("bench with pool_max_conns in --db: exit status %d, stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) > 0 {
		t.Errorf("left behind: %q", left)
	}
}

// testDBWith is the tests' PostgreSQL database (testenv.PostgresDSN, whose
// public schema the bench leaves as it found it) with param added to its
// connection string.
func testDBWith(param string) string {
	dsn := testenv.PostgresDSN()
	if strings.Contains(dsn, "?") {
		return dsn + "&" + param
	}
	return dsn + "?" + param
}
