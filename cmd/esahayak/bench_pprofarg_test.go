package main_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestBenchServerArgPprofAddrRefusedFirst: a --pprof-addr given to the
// serve children through --server-arg was either dropped in silence
// (--cpuprofile-dir gives each child its own, after the --server-arg
// words) or given to every one of --instances N children alike, the
// second of which failed to take the port once the first run had
// started: exit status 1, "address already in use". Both are refused
// before anything is set up, exit status 2, naming the flags; port 0
// (any free port) for several children, and a fixed port for one, are
// taken as before.
func TestBenchServerArgPprofAddrRefusedFirst(t *testing.T) {
	t.Parallel()
	const unreachable = "postgres://postgres@127.0.0.1:1/esahayak" // nothing listens on loopback port 1
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--cpuprofile-dir", "prof", "--server-arg", "--pprof-addr 127.0.0.1:24602"},
			"esahayak: bench: --server-arg --pprof-addr 127.0.0.1:24602: --cpuprofile-dir gives each serve child a pprof address of its own; leave --pprof-addr out"},
		{[]string{"--instances", "2", "--db", unreachable, "--server-arg", "--pprof-addr=127.0.0.1:24602"},
			"esahayak: bench: --server-arg --pprof-addr 127.0.0.1:24602: each of the --instances 2 serve children would listen there, and only one can"},
	} {
		dir := t.TempDir()
		args := append([]string{"bench", "--scenario", "single", "--events", "1"}, c.args...)
		stdout, stderr, code := runBinary(t, dir, []string{"TMPDIR=" + dir, "PGSSLMODE=disable"}, "", args...)
		if code != 2 || !strings.HasPrefix(stderr, c.want) || strings.Count(stderr, "\n") != 1 || stdout != "" {
			t.Errorf("esahayak %q: exit status %d, stdout %q, stderr:\n%s\nwant 2 and one line beginning:\n%s", args, code, stdout, stderr, c.want)
		}
		if made, _ := filepath.Glob(filepath.Join(dir, "*")); len(made) > 0 {
			t.Errorf("esahayak %q: made %q", args, made)
		}
	}
	// Taken: the refusal is of the collision alone. Past it, the bench
	// connects to the database (refused here: nothing listens).
	for _, extra := range [][]string{
		{"--instances", "2", "--server-arg", "--pprof-addr 127.0.0.1:0"},
		{"--server-arg", "--pprof-addr 127.0.0.1:24602"},
	} {
		args := append([]string{"bench", "--scenario", "single", "--events", "1", "--db", unreachable}, extra...)
		_, stderr, code := runBinary(t, t.TempDir(), []string{"PGSSLMODE=disable"}, "", args...)
		if code != 1 || !strings.Contains(stderr, "connection refused") {
			t.Errorf("esahayak %q: exit status %d, stderr:\n%s\nwant 1, its database refused", args, code, stderr)
		}
	}
}
