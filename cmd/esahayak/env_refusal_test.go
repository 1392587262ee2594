package main_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/dashboard"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/store/sqlite"
)

// sqliteWithAccount makes a SQLite database at path holding an account
// named Acme and a dashboard user of it for each email, for commands that
// need one to get past their flags.
func sqliteWithAccount(t *testing.T, path string, emails ...string) store.Account {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	acct, _, err := api.CreateAccount(ctx, st, "Acme", time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
	for _, email := range emails {
		if _, err := dashboard.CreateUser(ctx, st, acct.ID, email, "a long passphrase", time.Now().UTC()); err != nil {
			t.Fatal(err)
		}
	}
	return acct
}

// TestEnvRefusalsNameTheirVariable: a value a command refuses is named
// with the variable it came from (README, Configuration), for every
// ESAHAYAK_* variable a command's help lists. A bad
// ESAHAYAK_BENCH_SCENARIO was refused as `unknown scenario "bogus"`, an
// unknown ESAHAYAK_ACCOUNT as `no account "…"`, a taken ESAHAYAK_EMAIL and
// an ESAHAYAK_BENCH_CPUPROFILE_DIR that cannot be made without the
// variable either: a user whose shell exports one could not tell where
// the value came from.
func TestEnvRefusalsNameTheirVariable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// A database with an account and a user, for users create.
	dbPath := filepath.Join(dir, "e.db")
	acct := sqliteWithAccount(t, dbPath, "taken@acme.example")
	db := "sqlite:" + dbPath
	existing := filepath.Join(dir, "existing.db")
	if err := os.WriteFile(existing, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	// Were a value taken, serve would fail on its database (in a directory
	// that does not exist) rather than serve, and listen and trigger would
	// find nothing on loopback port 1.
	noDB := "sqlite:" + filepath.Join(dir, "nonexistent", "x.db")
	serve := func(flags ...string) []string {
		return append([]string{"serve", "--addr", "127.0.0.1:0", "--db", noDB}, flags...)
	}
	listen := []string{"listen", "--forward-to", "http://localhost:1/x", "--api-key", "esk_x", "--api-base", "http://127.0.0.1:1"}
	trigger := []string{"trigger", "order.cancelled", "--api-key", "esk_x", "--api-base", "http://127.0.0.1:1"}
	bench := []string{"bench", "--scenario", "single", "--events", "1", "--max-wait", "1s"}
	without := func(args []string, flag string) []string {
		var out []string
		for i := 0; i < len(args); i++ {
			if args[i] == flag {
				i++ // and its value
				continue
			}
			out = append(out, args[i])
		}
		return out
	}
	cases := []struct {
		args     []string
		variable string
		value    string
		want     string // in the message, after the variable
		exit     int    // 2 unless set
	}{
		// serve
		{without(serve(), "--addr"), "ESAHAYAK_ADDR", "garbage", `"garbage": must be HOST:PORT`, 0},
		{[]string{"serve", "--addr", "127.0.0.1:0"}, "ESAHAYAK_DB", "mysql://x", `"mysql://x": use sqlite:PATH`, 0},
		{serve(), "ESAHAYAK_OPERATOR_TOKEN", " ", "is only spaces", 0},
		{serve(), "ESAHAYAK_ALLOW_INSECURE_URLS", "yes", `"yes" is not true or false`, 0},
		{serve(), "ESAHAYAK_RETRY_SCHEDULE", "bogus", `("bogus") is not a duration`, 0},
		{serve(), "ESAHAYAK_EGRESS_PROXY", "ftp://x", `"ftp://x": use http://HOST:PORT`, 0},
		{serve(), "ESAHAYAK_INSTANCE_ID", "a b", `"a b": use at most 100 letters`, 0},
		{serve(), "ESAHAYAK_SQLITE_SYNCHRONOUS", "OFF", `"OFF": use NORMAL or FULL`, 0},
		{serve(), "ESAHAYAK_LOG_LEVEL", "loud", `"loud": use debug, info, warn or error`, 0},
		{serve(), "ESAHAYAK_LOG_FORMAT", "xml", `"xml": use text or json`, 0},
		{serve(), "ESAHAYAK_PER_ENDPOINT_CONCURRENCY", "0", "must be from 1 to 10000", 0},
		{serve(), "ESAHAYAK_MAX_IN_FLIGHT", "0", "must be from 1 to 10000000", 0},
		{serve(), "ESAHAYAK_MAX_ENDPOINTS_PER_ACCOUNT", "-1", "must be 0 (no limit) or more", 0},
		{serve(), "ESAHAYAK_MAX_LISTEN_SESSIONS_PER_ACCOUNT", "-1", "must be 0 (no limit) or more", 0},
		{serve(), "ESAHAYAK_MAX_CONNS_PER_HOST", "-1", "must be 0 (no limit) or more", 0},
		{serve(), "ESAHAYAK_LEASE", "0s", "must be positive", 0},
		{serve(), "ESAHAYAK_ATTEMPT_TIMEOUT", "2h", "must be positive and at most 1h", 0},
		{serve(), "ESAHAYAK_AUTO_DISABLE_AFTER", "-1h", `"-1h": must be 0 (never) or more`, 0},
		{serve(), "ESAHAYAK_RETENTION", "-1h", `"-1h": must be 0 (keep forever) or more`, 0},
		{serve(), "ESAHAYAK_MAINTENANCE_INTERVAL", "1ns", `"1ns" is too short`, 0},
		{serve(), "ESAHAYAK_SHUTDOWN_GRACE", "-1s", `"-1s": must be positive`, 0},
		{serve(), "ESAHAYAK_PPROF_ADDR", "garbage", `"garbage": must be HOST:PORT`, 0},
		// accounts and users
		{[]string{"accounts", "create", "Acme"}, "ESAHAYAK_DB", "mysql://x", `"mysql://x": use sqlite:PATH`, 0},
		{[]string{"accounts", "list"}, "ESAHAYAK_DB", "mysql://x", `"mysql://x": use sqlite:PATH`, 0},
		{[]string{"users", "create", "--account", acct.ID, "--email", "new@acme.example"}, "ESAHAYAK_DB", "mysql://x", `"mysql://x": use sqlite:PATH`, 0},
		{[]string{"users", "create", "--email", "new@acme.example", "--db", db}, "ESAHAYAK_ACCOUNT", "acct_01m8mqdwrza3ppmdfzpecc7hc3", `"acct_01m8mqdwrza3ppmdfzpecc7hc3": no account has this id`, 0},
		{[]string{"users", "create", "--account", acct.ID, "--db", db}, "ESAHAYAK_EMAIL", "nope", `"nope" is not an email address`, 0},
		{[]string{"users", "create", "--account", acct.ID, "--db", db}, "ESAHAYAK_EMAIL", "Taken@acme.example", "a user with this email already exists", 1},
		// listen and trigger
		{without(listen, "--forward-to"), "ESAHAYAK_FORWARD_TO", "ftp://x", `"ftp://x": use your handler's URL`, 0},
		{without(listen, "--forward-to"), "ESAHAYAK_FORWARD_TO", "3000", `is not a host`, 0},
		{listen, "ESAHAYAK_EVENTS", "bogus", `unknown event type "bogus"`, 0},
		{without(listen, "--api-base"), "ESAHAYAK_API_BASE", "ftp://x", `"ftp://x": use the server's URL`, 0},
		{without(listen, "--api-key"), "ESAHAYAK_API_KEY", " ", "", 0},
		{without(trigger, "--api-base"), "ESAHAYAK_API_BASE", "ftp://x", `"ftp://x": use the server's URL`, 0},
		{without(trigger, "--api-key"), "ESAHAYAK_API_KEY", " ", "", 0},
		{[]string{"trigger", "stamp.uploaded", "--api-key", "esk_x", "--api-base", "http://127.0.0.1:1"}, "ESAHAYAK_OPERATOR_TOKEN", " ", "", 0},
		// bench
		{without(bench, "--scenario"), "ESAHAYAK_BENCH_SCENARIO", "bogus", `unknown scenario "bogus": use all, single`, 0},
		{without(bench, "--scenario"), "ESAHAYAK_BENCH_SCENARIO", ",", `"," names no scenario`, 0},
		{bench, "ESAHAYAK_BENCH_DB", "mysql://x", `"mysql://x": use sqlite (a temporary file per run`, 0},
		{bench, "ESAHAYAK_BENCH_DB", "sqlite:" + existing, "the file exists", 0},
		{without(bench, "--events"), "ESAHAYAK_BENCH_EVENTS", "-1", "must be positive, or 0", 0},
		{bench, "ESAHAYAK_BENCH_CONCURRENCY", "0", "must be positive", 0},
		{bench, "ESAHAYAK_BENCH_DURATION", "0s", "must be positive", 0},
		{bench, "ESAHAYAK_BENCH_RATE", "0", "must be positive", 0},
		{bench, "ESAHAYAK_BENCH_SLOW_RATE", "0", "must be positive", 0},
		{bench, "ESAHAYAK_BENCH_FANOUT", "0", "must be positive", 0},
		{bench, "ESAHAYAK_BENCH_SLOW_ENDPOINTS", "0", "must be positive", 0},
		{bench, "ESAHAYAK_BENCH_BACKLOG_MODE", "nope", `"nope": use down or hold`, 0},
		{bench, "ESAHAYAK_BENCH_REPEAT", "0", "must be positive", 0},
		{bench, "ESAHAYAK_BENCH_INSTANCES", "2", "above 1 needs --db postgres", 0},
		{without(bench, "--max-wait"), "ESAHAYAK_BENCH_MAX_WAIT", "0s", "must be positive", 0},
		{bench, "ESAHAYAK_BENCH_JSON", "maybe", `"maybe" is not true or false`, 0},
		{bench, "ESAHAYAK_BENCH_CPUPROFILE_DIR", filepath.Join(existing, "sub"), "not a directory", 1},
		{bench, "ESAHAYAK_BENCH_CPUPROFILE_SECONDS", "0", "must be positive", 0},
	}
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.variable] = true
		exit := c.exit
		if exit == 0 {
			exit = 2
		}
		// Were a value taken, a run ends at runBinary's deadline.
		_, stderr, code := runBinary(t, dir, []string{"PGDATABASE=", c.variable + "=" + c.value}, "a long passphrase\n", c.args...)
		msg := strings.TrimPrefix(stderr, "esahayak: ")
		named := regexp.MustCompile(`\(from ` + c.variable + `\)|\b` + c.variable + `=|\bor ` + c.variable + `\b`)
		switch {
		case code != exit:
			t.Errorf("%s=%q esahayak %q: exit %d, want %d\n%s", c.variable, c.value, c.args, code, exit, msg)
		case !named.MatchString(msg):
			t.Errorf("%s=%q esahayak %q: the refusal does not name %s:\n%s", c.variable, c.value, c.args, c.variable, msg)
		case !strings.Contains(msg, c.want):
			t.Errorf("%s=%q esahayak %q: stderr lacks %q:\n%s", c.variable, c.value, c.args, c.want, msg)
		case strings.HasPrefix(msg, "invalid "+c.variable+"=") && !regexp.MustCompile(`^invalid `+c.variable+`=".*" \(--[a-z0-9-]+\): `).MatchString(msg):
			// A value the flag could not take names the flag as well.
			t.Errorf("%s=%q esahayak %q: the refusal does not name the flag:\n%s", c.variable, c.value, c.args, msg)
		}
	}

	// Every variable a command's help lists has its case above.
	bracketed := regexp.MustCompile(`\[(ESAHAYAK_[A-Z0-9_]+)\]`)
	for _, args := range [][]string{{"serve"}, {"accounts", "create"}, {"accounts", "list"}, {"users", "create"}, {"listen"}, {"trigger"}, {"bench"}} {
		out, err := exec.Command(binary, append(args, "-h")...).Output()
		if err != nil {
			t.Fatalf("esahayak %s -h: %v", strings.Join(args, " "), err)
		}
		for _, m := range bracketed.FindAllStringSubmatch(string(out), -1) {
			if !covered[m[1]] {
				t.Errorf("esahayak %s reads %s, which has no case here", strings.Join(args, " "), m[1])
			}
		}
	}
}
