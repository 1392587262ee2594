package main_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestBenchRemovesItsSQLiteFile: the file a --db sqlite:… run makes is
// deleted afterwards, as bench -h promises, however --db spells it. With
// sqlite://x.db the serve children made x.db in the working directory (as
// every command reads that spelling) while the bench removed //x.db, that
// is /x.db, and left x.db and x.db.lock behind.
func TestBenchRemovesItsSQLiteFile(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a bench")
	}
	t.Parallel()
	dir := t.TempDir()
	stdout, stderr, code := runBinary(t, dir, []string{"PGDATABASE=", "TMPDIR=" + t.TempDir()}, "",
		"bench", "--db", "sqlite://x.db", "--scenario", "single", "--events", "1", "--concurrency", "1")
	if code != 0 || !strings.Contains(stdout, "single · sqlite") {
		t.Fatalf("bench --db sqlite://x.db: exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	left, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(left) > 0 {
		t.Errorf("bench --db sqlite://x.db left %q in its working directory", left)
	}
}
