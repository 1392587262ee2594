package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBenchUsage: bench refuses an empty scenario list and flags out of
// range with exit status 2 and a message about the flag given; mistakes
// it finds only when a run starts (--db) are usage errors too; its help
// shows no empty environment-variable brackets.
func TestBenchUsage(t *testing.T) {
	t.Parallel()
	existing := filepath.Join(t.TempDir(), "exists.db")
	if err := os.WriteFile(existing, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args      []string
		env       []string
		exit      int
		stdoutHas string
		stdoutNot string
		stderrHas string
		stderrNot string
	}{
		{args: []string{"bench", "--scenario", ","}, exit: 2, stderrHas: `--scenario "," names no scenario: use all, single`},
		{args: []string{"bench", "--scenario", ""}, exit: 2, stderrHas: `--scenario "" is empty: give it a value, or leave the flag out for its default, single,fanout,steady`},
		{args: []string{"bench", "--scenario", " , ,"}, exit: 2, stderrHas: "names no scenario"},
		{args: []string{"bench", "--rate", "0"}, exit: 2, stderrHas: "--rate must be positive", stderrNot: "--events"},
		{args: []string{"bench", "--max-wait", "0s"}, exit: 2, stderrHas: `--max-wait "0s": must be positive`, stderrNot: "default"},
		// Past its bound, refused at once (it ran for hours, or out of memory).
		{args: []string{"bench", "--concurrency", "100000000"}, exit: 2, stderrHas: "--concurrency must be at most 4096 (got 100000000)"},
		{args: []string{"bench", "--fanout", "1000001"}, exit: 2, stderrHas: "--fanout must be at most 1000"},
		{args: []string{"bench", "--repeat", "101"}, exit: 2, stderrHas: "--repeat must be at most 100"},
		{args: []string{"bench", "--slow-endpoints", "5000"}, exit: 2, stderrHas: "--slow-endpoints must be at most 1000"},
		{args: []string{"bench", "--instances", "17"}, exit: 2, stderrHas: "--instances must be at most 16"},
		{args: []string{"bench", "--events", "-1"}, exit: 2, stderrHas: "--events must be positive, or 0 for each scenario's default"},
		// A typo's extra zeros in the events of a run started the server,
		// then crashed the bench out of memory (a Go runtime stack dump,
		// its temporary directory left behind) or ran for days.
		{args: []string{"bench", "--events", "10000001"}, exit: 2, stderrHas: "--events must be at most 10000000 (got 10000001)", stderrNot: "run 1"},
		{args: []string{"bench", "--scenario", "steady", "--rate", "1000000000"}, exit: 2, stderrHas: "--rate 1000000000 × --duration 10s is 10000000000 events of steady: at most 10000000", stderrNot: "run 1"},
		{args: []string{"bench", "--scenario", "slow", "--slow-rate", "100000", "--duration", "2h"}, exit: 2, stderrHas: `--slow-rate 100000 × --duration "2h" is 720000000 events of slow`, stderrNot: "run 1"},
		// Past its bound whether or not the scenarios asked for use it, as
		// --fanout 5000 is refused with --scenario single: --events with
		// steady, --rate with single (from its variable too), --slow-rate
		// with single were taken and ignored.
		{args: []string{"bench", "--scenario", "steady", "--rate", "10", "--duration", "100ms", "--events", "10000001"}, exit: 2, stderrHas: "--events must be at most 10000000 (got 10000001)", stderrNot: "run 1"},
		{args: []string{"bench", "--scenario", "single", "--events", "1", "--rate", "1000000000"}, exit: 2, stderrHas: "--rate 1000000000 × --duration 10s is 10000000000 events of steady: at most 10000000", stderrNot: "run 1"},
		{args: []string{"bench", "--scenario", "single", "--events", "1"}, env: []string{"ESAHAYAK_BENCH_RATE=1000000000"}, exit: 2, stderrHas: "--rate (from ESAHAYAK_BENCH_RATE) 1000000000 × --duration 10s", stderrNot: "run 1"},
		{args: []string{"bench", "--scenario", "single", "--events", "1", "--slow-rate", "100000", "--duration", "2h"}, exit: 2, stderrHas: `--slow-rate 100000 × --duration "2h" is 720000000 events of slow`, stderrNot: "run 1"},
		// Under one event (the run's are int(rate × duration)), the server
		// was started, sent nothing, and the run failed once over: "no
		// delivery arrived to copy the body of", exit status 1.
		{args: []string{"bench", "--scenario", "steady", "--rate", "1", "--duration", "500ms"}, exit: 2, stderrHas: `--rate 1 × --duration "500ms" is no whole event of steady: give a longer --duration or a higher --rate`, stderrNot: "run 1"},
		{args: []string{"bench", "--scenario", "slow"}, env: []string{"ESAHAYAK_BENCH_DURATION=1ms"}, exit: 2, stderrHas: `--slow-rate 200 × --duration (from ESAHAYAK_BENCH_DURATION) "1ms" is no whole event of slow`, stderrNot: "run 1"},
		// A whole number too large for any int was "not a whole number".
		{args: []string{"bench", "--events", "99999999999999999999"}, exit: 2, stderrHas: `"99999999999999999999" is out of range`, stderrNot: "not a whole number"},
		{args: []string{"bench", "--scenario", "nope"}, exit: 2, stderrHas: `unknown scenario "nope"`},
		// A scenario named twice ran twice, two tables of one name; refused
		// before anything starts (--db would stop it there otherwise).
		{args: []string{"bench", "--scenario", "all,single", "--db", "mysql://x"}, exit: 2, stderrHas: `--scenario "all,single" names single twice (all runs every scenario): name each scenario once, and use --repeat N to run each N times`},
		{args: []string{"bench", "--scenario", "single, fanout,single", "--db", "mysql://x"}, exit: 2, stderrHas: `--scenario "single, fanout,single" names single twice: name each scenario once`},
		{args: []string{"bench", "--backlog-mode", "nope"}, exit: 2, stderrHas: `--backlog-mode "nope"`},
		{args: []string{"bench", "--instances", "2"}, exit: 2, stderrHas: "--instances above 1 needs --db postgres"},
		// Refused before anything is set up: it said "single: run 1 of 1"
		// and had its receiver listening first.
		{args: []string{"bench", "--db", "mysql://x"}, exit: 2, stderrHas: `--db "mysql://x": use sqlite`, stderrNot: "run 1"},
		{args: []string{"bench", "--db", "sqlite::memory:"}, exit: 2, stderrHas: "an in-memory database or a file: URI is not accepted", stderrNot: "run 1"},
		{args: []string{"bench", "--db", "sqlite:file:x.db"}, exit: 2, stderrHas: "a file: URI is not accepted", stderrNot: "run 1"},
		// Nothing listens on loopback port 1: the check comes first.
		{args: []string{"bench", "--scenario", "single", "--events", "1", "--db", "postgres://postgres@127.0.0.1:1"}, exit: 2, stderrHas: "--db: postgres: invalid connection string: it names no database"},
		{args: []string{"bench", "--scenario", "single", "--events", "1", "--db", "sqlite:" + existing}, exit: 2, stderrHas: "the file exists", stderrNot: "run 1"},
		// A directory missing on the way failed the first run once started
		// (exit 1, after "single: run 1 of 1").
		{args: []string{"bench", "--scenario", "single", "--events", "1", "--db", "sqlite:nosuch/x.db"}, exit: 2, stderrHas: "--db sqlite:nosuch/x.db: the directory of nosuch/x.db does not exist (create it, or choose another path)", stderrNot: "run 1"},
		{args: []string{"bench", "--scenario", "single", "--events", "1", "--db", "sqlite:nosuch/../x.db"}, exit: 2, stderrHas: "the directory of nosuch/../x.db does not exist", stderrNot: "run 1"},
		{args: []string{"bench", "--scenario", "single", "--events", "1", "--db", "sqlite:" + existing + "/x.db"}, exit: 2, stderrHas: "not a directory; choose another path", stderrNot: "run 1"},
		// A --server-arg naming a flag the bench gives every serve child
		// itself ran the child on another database (its account unknown
		// there: 401 from the first request, and the file left behind), on
		// another address (waited 60 s for it to turn healthy), or with
		// another operator token; refused before anything is set up.
		{args: []string{"bench", "--scenario", "single", "--events", "1", "--server-arg", "--db=sqlite:other.db"}, exit: 2, stderrHas: "--server-arg --db: the bench sets it for every serve child itself; use the bench's --db", stderrNot: "run 1"},
		{args: []string{"bench", "--scenario", "single", "--events", "1", "--server-arg", "--attempt-timeout 2s -addr 127.0.0.1:1"}, exit: 2, stderrHas: "--server-arg -addr: the bench sets it for every serve child itself", stderrNot: "run 1"},
		{args: []string{"bench", "--scenario", "single", "--events", "1", "--server-arg", "--operator-token x"}, exit: 2, stderrHas: "--server-arg --operator-token: the bench sets it", stderrNot: "run 1"},
		{args: []string{"bench", "--scenario", "single", "--events", "1", "--server-arg", "--allow-insecure-urls=false"}, exit: 2, stderrHas: "--server-arg --allow-insecure-urls: the bench sets it", stderrNot: "run 1"},
		// The bench runs every child with no endpoint cap (--fanout and
		// --slow-endpoints may ask for more than the default 100): one given
		// again won, and a run past it failed once started, on its 101st
		// endpoint (409 endpoint_limit_reached).
		{args: []string{"bench", "--scenario", "single", "--events", "1", "--server-arg", "--max-endpoints-per-account 5"}, exit: 2, stderrHas: "--server-arg --max-endpoints-per-account: the bench sets it for every serve child itself; leave it out", stderrNot: "run 1"},
		{args: []string{"bench", "--scenario", "single", "--events", "1", "--server-arg", "-max-endpoints-per-account=5"}, exit: 2, stderrHas: "--server-arg -max-endpoints-per-account: the bench sets it", stderrNot: "run 1"},
		// A word serve refuses was refused by every child once the first
		// run had started (exit 1); now as serve words it, before that.
		{args: []string{"bench", "--scenario", "single", "--events", "1", "--server-arg", "--attempt-timeout 2s --max-in-flght 10"}, exit: 2, stderrHas: `--server-arg "--attempt-timeout 2s --max-in-flght 10": serve refuses it: flag provided but not defined: --max-in-flght (did you mean --max-in-flight?)`, stderrNot: "run 1"},
		{args: []string{"bench", "--scenario", "single", "--events", "1", "--server-arg", "--attempt-timeout=2h"}, exit: 2, stderrHas: `--server-arg "--attempt-timeout=2h": serve refuses it: --attempt-timeout "2h": must be positive and at most 1h`, stderrNot: "run 1"},
		{args: []string{"bench", "--scenario", "single", "--events", "1", "--server-arg", "2s"}, exit: 2, stderrHas: `--server-arg "2s": serve refuses it: serve takes no arguments (got "2s")`, stderrNot: "run 1"},
		{args: []string{"bench", "--scenario", "single", "--events", "1", "--server-arg", "-h"}, exit: 2, stdoutHas: "Usage: esahayak serve", stderrHas: `--server-arg "-h": serve's flags are above`, stderrNot: "run 1"},
		// Read as the children are started: without ESAHAYAK_* (serve's
		// ESAHAYAK_DB is not the bench's), so a bad one refuses nothing.
		{args: []string{"bench", "--scenario", "single", "--server-arg", "--attempt-timeout 2s", "--db", "mysql://x"}, env: []string{"ESAHAYAK_DB=mysql://y", "ESAHAYAK_RETENTION=1d"}, exit: 2, stderrHas: `--db "mysql://x"`, stderrNot: "server-arg"},
		{args: []string{"bench", "--help"}, exit: 0, stdoutHas: "--server-arg\n", stdoutNot: "[]"},
	} {
		// In a directory of its own (a command that wrongly makes a file
		// makes it there, not in the repository), without PGDATABASE (it
		// would name the database a DSN case leaves out).
		stdout, stderr, code := runBinary(t, t.TempDir(), append([]string{"PGDATABASE="}, c.env...), "", c.args...)
		switch {
		case code != c.exit:
			t.Errorf("esahayak %q: exit %d, want %d\nstdout: %s\nstderr: %s", c.args, code, c.exit, stdout, stderr)
		case c.stdoutHas != "" && !strings.Contains(stdout, c.stdoutHas):
			t.Errorf("esahayak %q: stdout lacks %q:\n%s", c.args, c.stdoutHas, stdout)
		case c.stdoutNot != "" && strings.Contains(stdout, c.stdoutNot):
			t.Errorf("esahayak %q: stdout shows %q:\n%s", c.args, c.stdoutNot, stdout)
		case c.stderrHas != "" && !strings.Contains(stderr, c.stderrHas):
			t.Errorf("esahayak %q: stderr lacks %q:\n%s", c.args, c.stderrHas, stderr)
		case c.stderrNot != "" && strings.Contains(stderr, c.stderrNot):
			t.Errorf("esahayak %q: stderr shows %q:\n%s", c.args, c.stderrNot, stderr)
		}
	}
}

// TestBenchArgumentHint: a word given to bench is refused with the flag it
// was meant for only when one is clear. Every word was answered "did you
// mean --scenario WORD?": for "bench help", a database or a number, a
// suggestion that bench then refused as an unknown scenario.
func TestBenchArgumentHint(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, c := range []struct{ arg, hint, hidden string }{
		{arg: "help", hint: "for its flags, run 'esahayak bench -h'"},
		{arg: "HELP", hint: "for its flags, run 'esahayak bench -h'"},
		{arg: "single", hint: "did you mean --scenario single?"},
		{arg: "single,fanout", hint: "did you mean --scenario single,fanout?"},
		{arg: "all", hint: "did you mean --scenario all?"},
		{arg: "sqlite", hint: "did you mean --db sqlite?"},
		{arg: "postgres://u:DBSECRET@127.0.0.1:1/esahayak", hint: "did you mean --db postgres://u:xxxxx@127.0.0.1:1/esahayak?", hidden: "DBSECRET"},
		{arg: "1000", hint: "its settings are flags: run 'esahayak bench -h' to see them"},
		{arg: "single,nope", hint: "its settings are flags: run 'esahayak bench -h' to see them"},
	} {
		// Were the word not refused, --db stops the run before it starts.
		stderr, code := runIn(t, dir, "bench", "--db", "mysql://x", "--", c.arg)
		shown := c.arg
		if c.hidden != "" {
			shown = strings.ReplaceAll(c.arg, c.hidden, "xxxxx")
		}
		want := `esahayak: bench takes no arguments (got "` + shown + `"); ` + c.hint + "\n"
		if code != 2 || stderr != want {
			t.Errorf("bench %q: exit %d, stderr:\n%s\nwant exit 2 and:\n%s", c.arg, code, stderr, want)
		}
	}
}

// TestRefusedBenchMakesNoProfileDir: a bench refused for a mistake in its
// command line makes nothing. Its --cpuprofile-dir was made first, and a
// refusal of --scenario, --db or --events after it left a new, empty
// directory behind.
func TestRefusedBenchMakesNoProfileDir(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"--scenario", "nope"},
		{"--scenario", "single,single"},
		{"--db", "mysql://x"},
		{"--events", "10000001"},
	} {
		dir := t.TempDir()
		prof := filepath.Join(dir, "prof")
		_, stderr, code := runBinary(t, dir, []string{"PGDATABASE="}, "", append([]string{"bench", "--cpuprofile-dir", prof}, args...)...)
		if code != 2 {
			t.Errorf("bench %q: exit %d, want 2\n%s", args, code, stderr)
		}
		if _, err := os.Lstat(prof); err == nil {
			t.Errorf("bench %q, refused (%q), made its --cpuprofile-dir", args, strings.TrimSpace(stderr))
		}
	}
}
