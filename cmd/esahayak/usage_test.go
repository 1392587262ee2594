package main_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runBinary runs the binary with args in dir, with env added to its
// environment and stdin (unless "") as its input, for at most 2 minutes:
// a command that should refuse but goes on to serve ends there, with exit
// status -1. It returns what the command wrote on stdout and on stderr,
// and its exit status.
func runBinary(t *testing.T, dir string, env []string, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errOut.String(), code
}

// TestCommandLineUsage: a mistake in the command line exits 2 with one
// message on stderr; asking for help exits 0 with the usage on stdout.
func TestCommandLineUsage(t *testing.T) {
	for _, c := range []struct {
		args       []string
		exit       int
		stdoutHas  string
		stderrHas  string
		stderrOnce string
		stderrNot  string // e.g. a password that must not be echoed
		helpToo    bool   // -h asked for the flags on stdout as well
		lines      int    // when set, the lines stderr must have
		env        []string
	}{
		{args: nil, exit: 2, stderrHas: "Usage: esahayak COMMAND"},
		{args: []string{"help"}, exit: 0, stdoutHas: "Usage: esahayak COMMAND"},
		{args: []string{"help", "serve"}, exit: 0, stdoutHas: "--operator-token"},
		{args: []string{"help", "listen"}, exit: 0, stdoutHas: "--forward-to"},
		{args: []string{"--help", "serve"}, exit: 0, stdoutHas: "--operator-token"},
		{args: []string{"-h", "listen"}, exit: 0, stdoutHas: "--forward-to"},
		{args: []string{"--help", "user"}, exit: 2, stderrHas: `unknown command "user" (did you mean users?)`},
		{args: []string{"nosuch"}, exit: 2, stderrHas: `unknown command "nosuch"`},
		// A flag the flag package cannot read: its message and where the
		// flags are, not the whole help (45 lines for serve).
		{args: []string{"serve", "--bogus"}, exit: 2, stderrHas: "run 'esahayak serve -h' for the flags", stderrOnce: "flag provided but not defined: --bogus", stderrNot: "Usage:", lines: 2},
		{args: []string{"serve", "--attempt-timeout", "10"}, exit: 2, stderrHas: `"10" is not a duration`, stderrNot: "Usage:", lines: 2},
		{args: []string{"serve", "--max-in-flight", "1e3"}, exit: 2, stderrHas: `"1e3" is not a whole number`, stderrNot: "Usage:", lines: 2},
		// The engine multiplies these: a value near the int's limit
		// overflowed there without a word.
		{args: []string{"serve", "--per-endpoint-concurrency", "9223372036854775807"}, exit: 2, stderrHas: `--per-endpoint-concurrency "9223372036854775807": must be from 1 to 10000`, lines: 1},
		{args: []string{"serve", "--per-endpoint-concurrency", "10001"}, exit: 2, stderrHas: `--per-endpoint-concurrency "10001": must be from 1 to 10000`, lines: 1},
		{args: []string{"serve", "--per-endpoint-concurrency", "0"}, exit: 2, stderrHas: `--per-endpoint-concurrency "0": must be from 1 to 10000`, lines: 1},
		{args: []string{"serve", "--max-in-flight", "10000001"}, exit: 2, stderrHas: `--max-in-flight "10000001": must be from 1 to 10000000`, lines: 1},
		{args: []string{"bench", "--json=maybe"}, exit: 2, stderrHas: "run 'esahayak bench -h' for the flags", stderrNot: "Usage:", lines: 2},
		{args: []string{"accounts", "create", "Acme", "--bogus"}, exit: 2, stderrHas: "run 'esahayak accounts create -h' for the flags", stderrNot: "Usage:", lines: 2},
		{args: []string{"listen", "--bogus"}, exit: 2, stderrHas: "run 'esahayak listen -h' for the flags", stderrNot: "Usage:", lines: 2},
		// --instance-id goes into every lease and log line. (Its --db has
		// no directory: a start that took the id would fail, not serve.)
		{args: []string{"serve", "--addr", "127.0.0.1:0", "--db", "sqlite:/nonexistent/dir/x.db", "--instance-id", "a\nb"}, exit: 2, stderrHas: "--instance-id \"a\\nb\": use at most 100 letters, digits and the characters - _ . :", lines: 1},
		{args: []string{"serve", "--addr", "127.0.0.1:0", "--db", "sqlite:/nonexistent/dir/x.db", "--instance-id", "web 1"}, exit: 2, stderrHas: "--instance-id \"web 1\": use at most 100"},
		{args: []string{"serve", "--addr", "127.0.0.1:0", "--db", "sqlite:/nonexistent/dir/x.db", "--instance-id", strings.Repeat("a", 101)}, exit: 2, stderrHas: "use at most 100"},
		{args: []string{"serve", "--addr", "127.0.0.1:0", "--db", "sqlite:/nonexistent/dir/x.db"}, env: []string{"ESAHAYAK_INSTANCE_ID=\u00e9"}, exit: 2, stderrHas: "--instance-id (from ESAHAYAK_INSTANCE_ID)"},
		{args: []string{"accounts", "create", "--bogus"}, exit: 2, stderrOnce: "flag provided but not defined: --bogus"},
		{args: []string{"accounts", "--help"}, exit: 0, stdoutHas: "Usage: esahayak accounts create NAME"},
		{args: []string{"users", "-h"}, exit: 0, stdoutHas: "Usage: esahayak users create"},
		// "esahayak COMMAND -h" lists a command's flags and their
		// variables, as the top-level help says, for the commands that
		// have subcommands too.
		{args: []string{"accounts", "-h"}, exit: 0, stdoutHas: "--db  [ESAHAYAK_DB]"},
		{args: []string{"accounts", "help"}, exit: 0, stdoutHas: "Usage: esahayak accounts list [--db DB]\n\nFlags"},
		{args: []string{"users", "--help"}, exit: 0, stdoutHas: "--email  [ESAHAYAK_EMAIL]"},
		{args: []string{"serve", "-h"}, exit: 0, stdoutHas: "--operator-token"},
		{args: []string{"accounts"}, exit: 2, stderrHas: "usage: esahayak accounts create NAME"},
		// A subcommand that is not one is named, not only answered with
		// the usage; so is a command after help, which printed the
		// commands and exited 0.
		{args: []string{"users", "list"}, exit: 2, stderrHas: `users: unknown subcommand "list" (users has create); usage: esahayak users create`},
		{args: []string{"accounts", "delete", "acct_x"}, exit: 2, stderrHas: `accounts: unknown subcommand "delete" (accounts has create and list); usage: esahayak accounts create NAME`},
		{args: []string{"accounts", "--db", "sqlite:x.db", "list"}, exit: 2, stderrHas: `accounts: the subcommand (create or list) goes before its flags`},
		{args: []string{"users", "--account", "acct_x"}, exit: 2, stderrHas: `users: the subcommand (create) goes before its flags`},
		{args: []string{"help", "user"}, exit: 2, stderrHas: `unknown command "user" (did you mean users?)`},
		{args: []string{"serve", "--max-conns-per-host", "-1"}, exit: 2, stderrHas: `--max-conns-per-host "-1": must be 0 (no limit) or more`},
		{args: []string{"serve", "--addr="}, exit: 2, stderrHas: `--addr "" is empty: give it a value, or leave the flag out for its default, 127.0.0.1:8080`},
		// serve takes a SOCKS5 proxy too; the refusal named only HTTP(S).
		{args: []string{"serve", "--egress-proxy", "ftp://proxy.example:21"}, exit: 2, stderrHas: "or socks5://HOST:PORT"},
		{args: []string{"help", "serve"}, exit: 0, stdoutHas: "HTTP(S) or SOCKS5 proxy"},
		{args: []string{"serve", "--addr", "garbage"}, exit: 2, stderrHas: `--addr "garbage": must be HOST:PORT`},
		// A mistyped IPv4 address was taken, and looked up in DNS as a
		// name once the store had been opened and migrated.
		{args: []string{"serve", "--addr", "127.0.0.01:8080"}, exit: 2, stderrHas: `--addr "127.0.0.01:8080": "127.0.0.01" ends in a number but is not an IP address`},
		{args: []string{"serve", "--pprof-addr", "127.1:6060"}, exit: 2, stderrHas: `--pprof-addr "127.1:6060": "127.1" ends in a number but is not an IP address`},
		// A value from a variable is named with it; the user typed no flag.
		{args: []string{"serve"}, env: []string{"ESAHAYAK_ADDR=garbage"}, exit: 2, stderrHas: `--addr (from ESAHAYAK_ADDR) "garbage": must be HOST:PORT`},
		{args: []string{"listen", "--forward-to", "http://localhost:1/x"}, env: []string{"ESAHAYAK_API_KEY=esk_x", "ESAHAYAK_EVENTS=bogus"}, exit: 2, stderrHas: `--events (from ESAHAYAK_EVENTS): unknown event type "bogus"`},
		// A flag typed after the first word beats its variable, and is
		// not said to come from it; a usage line names no variable.
		{args: []string{"trigger", "stamp.uploaded", "--api-base", "ftp://x", "--api-key", "K", "--operator-token", "T"}, env: []string{"ESAHAYAK_API_BASE=http://127.0.0.1:1"}, exit: 2, stderrHas: `--api-base "ftp://x": use the server's URL`, stderrNot: "(from"},
		{args: []string{"trigger"}, env: []string{"ESAHAYAK_API_BASE=x"}, exit: 2, stderrHas: "usage: esahayak trigger", stderrNot: "(from"},
		{args: []string{"listen", "--api-key", "esk_x", "--forward-to", "ftp://u:FWDPW@x"}, exit: 2, stderrHas: "--forward-to", stderrNot: "FWDPW"},
		{args: []string{"serve", "--egress-proxy", "ftp://u:PROXYPW@x"}, exit: 2, stderrHas: "--egress-proxy", stderrNot: "PROXYPW"},
		{args: []string{"serve", "--egress-proxy", "http://u:PX%zzPW@127.0.0.1:1"}, exit: 2, stderrHas: "--egress-proxy", stderrNot: "PW"},
		{args: []string{"listen", "--api-key", "esk_x", "--forward-to", "http://u:FW%zzPW@localhost:1/x"}, exit: 2, stderrHas: "--forward-to", stderrNot: "PW"},
		{args: []string{"trigger", "order.cancelled", "--api-key", "esk_x", "--api-base", "http://u:AP%zzPW@127.0.0.1:1"}, exit: 2, stderrHas: "--api-base", stderrNot: "PW"},
		// The API's paths are appended to --api-base: no query or fragment.
		{args: []string{"trigger", "order.cancelled", "--api-key", "esk_x", "--api-base", "http://127.0.0.1:1?x=y"}, exit: 2, stderrHas: "--api-base"},
		{args: []string{"listen", "--api-key", "esk_x", "--forward-to", "http://localhost:1/x", "--api-base", "http://127.0.0.1:1#x"}, exit: 2, stderrHas: "--api-base"},
		// An empty one too: every call went to "/" ("POST is not allowed on /").
		{args: []string{"listen", "--api-key", "esk_x", "--forward-to", "http://localhost:1/x", "--api-base", "http://127.0.0.1:1#"}, exit: 2, stderrHas: `--api-base "http://127.0.0.1:1#": use the server's URL`},
		// A port out of range was dialled, and blamed on a server not running there.
		{args: []string{"trigger", "order.cancelled", "--api-key", "esk_x", "--api-base", "http://127.0.0.1:99999"}, exit: 2, lines: 1,
			stderrHas: `--api-base "http://127.0.0.1:99999": port 99999 is out of range (1 to 65535)`},
		// An empty port was taken as port 80, and the refusal then blamed
		// a server not running there.
		{args: []string{"trigger", "order.cancelled", "--api-key", "esk_x", "--api-base", "http://127.0.0.1:"}, exit: 2, lines: 1,
			stderrHas: `--api-base "http://127.0.0.1:" has a ":" but no port; give the server's port, e.g. --api-base http://127.0.0.1:8080`},
		{args: []string{"listen", "--api-key", "esk_x", "--forward-to", "http://localhost:1/x", "--api-base", "http://[::1]:/v1"}, exit: 2, lines: 1,
			stderrHas: `--api-base "http://[::1]:/v1" has a ":" but no port; give the server's port, e.g. --api-base http://[::1]:8080`},
		{args: []string{"listen", "--api-key", "esk_x", "--forward-to", "http://localhost:1/x"}, env: []string{"ESAHAYAK_API_BASE=http://127.0.0.1:"}, exit: 2,
			stderrHas: `--api-base (from ESAHAYAK_API_BASE) "http://127.0.0.1:" has a ":" but no port`},
		{args: []string{"serve", "--db", "host=127.0.0.1 password=DBPW"}, exit: 2, stderrHas: "--db", stderrNot: "DBPW"},
		// An empty variable is unset: the flag's default, not an error.
		{args: []string{"serve", "--attempt-timeout", "2h"}, env: []string{"ESAHAYAK_ADDR=", "ESAHAYAK_RETENTION="}, exit: 2, stderrHas: "at most 1h"},
		{args: []string{"serve", "--addr", "127.0.0.1:99999"}, exit: 2, stderrHas: "a port from 0 to 65535"},
		{args: []string{"serve", "--addr", "127.0.0.1:nosuchservice"}, exit: 2, stderrHas: "or a service name"},
		{args: []string{"serve", "--db", "postgres://u:secret@127.0.0.1:notaport/db"}, exit: 2, stderrHas: "--db: postgres: invalid connection string", stderrNot: "secret"},
		// A DSN without a database is refused before connecting (nothing
		// listens on loopback port 1); PGDATABASE names one.
		{args: []string{"serve", "--db", "postgres://postgres@127.0.0.1:1"}, env: []string{"PGDATABASE="}, exit: 2, stderrHas: "--db: postgres: invalid connection string: it names no database"},
		{args: []string{"accounts", "create", "Acme", "--db", "postgresql://127.0.0.1:1/"}, env: []string{"PGDATABASE="}, exit: 2, stderrHas: "it names no database"},
		{args: []string{"accounts", "list", "--db", "postgres://127.0.0.1:1"}, env: []string{"PGDATABASE="}, exit: 2, stderrHas: "it names no database"},
		{args: []string{"users", "create", "--account", "acct_x", "--email", "a@example.com", "--db", "postgres://127.0.0.1:1"}, env: []string{"PGDATABASE="}, exit: 2, stderrHas: "it names no database"},
		{args: []string{"accounts", "list", "--db", "postgres://127.0.0.1:1"}, env: []string{"PGDATABASE=esahayak"}, exit: 1, stderrHas: "is PostgreSQL running"},
		{args: []string{"serve", "--attempt-timeout", "2h"}, exit: 2, stderrHas: "at most 1h"},
		{args: []string{"serve", "--maintenance-interval", "1ns"}, exit: 2, stderrHas: `--maintenance-interval "1ns" is too short: use 100ms or more`},
		// Each duration names itself (one message named all four).
		{args: []string{"serve", "--maintenance-interval", "0"}, exit: 2, stderrHas: `--maintenance-interval "0" is too short`, stderrNot: "retention"},
		{args: []string{"serve", "--retention", "-1h"}, exit: 2, stderrHas: `--retention "-1h": must be 0`, stderrNot: "auto-disable"},
		{args: []string{"serve"}, env: []string{"ESAHAYAK_RETENTION=-1h"}, exit: 2, stderrHas: `--retention (from ESAHAYAK_RETENTION) "-1h": must be 0`},
		{args: []string{"serve", "--auto-disable-after", "-1h"}, exit: 2, stderrHas: `--auto-disable-after "-1h": must be 0`, stderrNot: "retention"},
		{args: []string{"serve", "--shutdown-grace", "-1s"}, exit: 2, stderrHas: `--shutdown-grace "-1s": must be positive`, stderrNot: "retention"},
		// Too large to hold is not "no unit".
		{args: []string{"serve", "--retention", "99999999h"}, exit: 2, stderrHas: `"99999999h" is out of range: a duration is at most 2562047h`},
		{args: []string{"serve", "--retention", "10x"}, exit: 2, stderrHas: `"10x" is not a duration: give a number with a unit`},
		// A year got the generic hint, which named no unit; now the units and the hours.
		{args: []string{"serve", "--retention", "1y"}, exit: 2, stderrHas: `--retention: "1y" is not a duration: there is no year, month, week or day unit (the units are h, m, s, ms, us and ns); write 8760h`},
		{args: []string{"serve"}, env: []string{"ESAHAYAK_RETENTION=1y"}, exit: 2, stderrHas: `ESAHAYAK_RETENTION`, stderrNot: "give a number with a unit"},
		{args: []string{"serve"}, env: []string{"ESAHAYAK_OPERATOR_TOKEN= "}, exit: 2, stderrHas: "--operator-token (from ESAHAYAK_OPERATOR_TOKEN) is only spaces"},
		{args: []string{"serve", "--operator-token", "\u200b"}, exit: 2, stderrHas: "--operator-token must be printable ASCII"},
		{args: []string{"serve", "--operator-token", "to ken"}, exit: 2, stderrHas: "--operator-token must be printable ASCII"},
		{args: []string{"bench", "--concurrency", "-5"}, exit: 2, stderrHas: "--concurrency must be positive"},
		{args: []string{"bench", "--events", "-7"}, exit: 2, stderrHas: "--events must be positive"},
		{args: []string{"bench", "--duration", "0s"}, exit: 2, stderrHas: `--duration "0s": must be positive`},
		{args: []string{"serve", "--bogus", "-h"}, exit: 2, stdoutHas: "--operator-token", stderrOnce: "flag provided but not defined: --bogus", helpToo: true},
		{args: []string{"serve", "--allow-insecure-urls=yes"}, exit: 2, stderrOnce: `"yes" is not true or false`},
		{args: []string{"serve", "--attempt-timeout"}, exit: 2, stderrOnce: "flag needs an argument: --attempt-timeout"},
		{args: []string{"--version"}, exit: 0, stdoutHas: "0."},
		{args: []string{"-v"}, exit: 0, stdoutHas: "0."},
		{args: []string{"version", "-h"}, exit: 0, stdoutHas: "Usage: esahayak version"},
		{args: []string{"version", "extra"}, exit: 2, stderrHas: "version takes no arguments"},
		{args: []string{"bench", "-h"}, exit: 0, stdoutHas: "[ESAHAYAK_BENCH_EVENTS]"},
		// The bench's refusals name their variable too.
		{args: []string{"bench"}, env: []string{"ESAHAYAK_BENCH_EVENTS=-5"}, exit: 2, stderrHas: "--events (from ESAHAYAK_BENCH_EVENTS) must be positive"},
		{args: []string{"bench"}, env: []string{"ESAHAYAK_BENCH_DB=mysql://x"}, exit: 2, stderrHas: `--db (from ESAHAYAK_BENCH_DB) "mysql://x"`},
		{args: []string{"accounts", "create", "X", "--db", "sqlite::memory:?cache=shared"}, exit: 2, stderrHas: "an in-memory database"},
		// listen's variable is not the bench's: the bench gets as far as its own check.
		{args: []string{"bench", "--scenario", "nosuch"}, env: []string{"ESAHAYAK_EVENTS=stamp.uploaded"}, exit: 2, stderrHas: "nosuch", stderrNot: "ESAHAYAK_EVENTS"},
		{args: []string{"serve", "--db", "sqlite:/nonexistent/dir/x.db"}, env: []string{"ESAHAYAK_ALLOW_INSECURE_URLS=yes"}, exit: 2, stderrHas: `invalid ESAHAYAK_ALLOW_INSECURE_URLS="yes" (--allow-insecure-urls): "yes" is not true or false`},
		{args: []string{"serve", "--db", "sqlite:/nonexistent/dir/x.db"}, env: []string{"ESAHAYAK_LEASE=abc"}, exit: 2, lines: 1, stderrHas: `invalid ESAHAYAK_LEASE="abc" (--lease): "abc" is not a duration`},
	} {
		// In a directory of its own: a command that wrongly makes a file
		// makes it there, not in the repository.
		stdout, stderr, code := runBinary(t, t.TempDir(), c.env, "", c.args...)
		switch {
		case code != c.exit:
			t.Errorf("esahayak %v: exit %d, want %d\nstdout: %s\nstderr: %s", c.args, code, c.exit, stdout, stderr)
		case c.stdoutHas != "" && !strings.Contains(stdout, c.stdoutHas):
			t.Errorf("esahayak %v: stdout lacks %q:\n%s", c.args, c.stdoutHas, stdout)
		case c.exit != 0 && len(stdout) > 0 && !c.helpToo:
			t.Errorf("esahayak %v: a usage error printed to stdout:\n%s", c.args, stdout)
		case c.stderrHas != "" && !strings.Contains(stderr, c.stderrHas):
			t.Errorf("esahayak %v: stderr lacks %q:\n%s", c.args, c.stderrHas, stderr)
		case c.stderrNot != "" && strings.Contains(stderr, c.stderrNot):
			t.Errorf("esahayak %v: stderr shows %q:\n%s", c.args, c.stderrNot, stderr)
		case c.lines > 0 && strings.Count(stderr, "\n") != c.lines:
			t.Errorf("esahayak %v: %d lines on stderr, want %d:\n%s", c.args, strings.Count(stderr, "\n"), c.lines, stderr)
		case c.stderrOnce != "" && strings.Count(stderr, c.stderrOnce) != 1:
			t.Errorf("esahayak %v: %q not exactly once on stderr:\n%s", c.args, c.stderrOnce, stderr)
		}
	}
}

// TestMisspeltFlagNamesTheFlagMeant: a misspelt variable was named with
// the one meant ("did you mean ESAHAYAK_ADDR?"), a misspelt flag only
// refused ("flag provided but not defined: --allow-insecure-url"). The flag
// meant is named now, on the same line, when one is near enough and no
// other is as near; a name near none, or near two, gets no guess.
func TestMisspeltFlagNamesTheFlagMeant(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string // "": no guess
	}{
		{[]string{"serve", "--allow-insecure-url"}, "--allow-insecure-urls"},
		{[]string{"serve", "--operator_token", "x"}, "--operator-token"}, // the variable's spelling
		{[]string{"serve", "--adr", "127.0.0.1:0"}, "--addr"},
		{[]string{"listen", "--forward", "http://localhost:3000/"}, "--forward-to"},
		{[]string{"accounts", "create", "Acme", "--DB", "sqlite:x.db"}, "--db"},
		{[]string{"bench", "--scenarios", "single"}, "--scenario"},
		{[]string{"serve", "--bogus"}, ""},
		{[]string{"serve", "--max", "1"}, ""}, // four flags begin so
		{[]string{"serve", "--x"}, ""},
		// Typed in full-width letters, named as typed (it read "-ｄｂ").
		{[]string{"accounts", "list", "--ｄｂ", "sqlite:x.db"}, "--db"},
	} {
		_, stderr, code := runBinary(t, t.TempDir(), nil, "", c.args...)
		first, _, _ := strings.Cut(stderr, "\n")
		switch {
		case code != 2 || !strings.Contains(first, "flag provided but not defined"):
			t.Errorf("esahayak %q: exit %d, want exit status 2 refusing the flag:\n%s", c.args, code, stderr)
		case c.want == "" && strings.Contains(stderr, "did you mean"):
			t.Errorf("esahayak %q: a guess where none is near enough:\n%s", c.args, stderr)
		case !strings.Contains(first, "not defined: "+c.args[len(c.args)-2]) && !strings.Contains(first, "not defined: "+c.args[len(c.args)-1]):
			t.Errorf("esahayak %q: first line %q names the flag otherwise than typed", c.args, first)
		case c.want != "" && !strings.HasSuffix(first, "(did you mean "+c.want+"?)"):
			t.Errorf("esahayak %q: first line %q, want it to end (did you mean %s?)", c.args, first, c.want)
		}
	}
}

// TestUnknownCommandSaysWhatWasMeant: a flag put before its command
// (`esahayak --operator-token op-secret serve`) was answered `unknown
// command "--operator-token"`, and a misspelt command (`user`, `server`)
// only refused. The first now says where the flag goes, without its
// value (a token); the second names the command meant.
func TestUnknownCommandSaysWhatWasMeant(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--operator-token", "op-secret-value", "serve"}, "--operator-token is a flag of a command: put it after the command, as in esahayak serve --operator-token …"},
		{[]string{"--db=sqlite:x.db", "accounts", "list"}, "as in esahayak accounts list --db …"},
		{[]string{"--bogus"}, "--bogus is a flag, not a command: flags go after their command"},
		{[]string{"user", "create"}, `unknown command "user" (did you mean users?)`},
		{[]string{"server"}, `unknown command "server" (did you mean serve?)`},
		{[]string{"start"}, `unknown command "start"; run 'esahayak help' to see the commands`},
	} {
		_, stderr, code := runBinary(t, t.TempDir(), nil, "", c.args...)
		switch {
		case code != 2 || !strings.Contains(stderr, c.want):
			t.Errorf("esahayak %q: exit %d, want exit status 2 and %q:\n%s", c.args, code, c.want, stderr)
		case strings.Contains(stderr, "op-secret-value"):
			t.Errorf("esahayak %q: the flag's value is repeated:\n%s", c.args, stderr)
		}
	}
}

// TestSQLiteDBWithAnUnexpandedTilde: a shell leaves the ~ of "--db
// sqlite:~/esahayak.db" as it is, and every command answered "the
// directory of ~/esahayak.db does not exist (create it, …)", which had a
// new user make a directory named ~. Each now says that ~ was not
// expanded and what to write instead, as a usage error, creating nothing;
// a directory named ~ that exists is used as before.
func TestSQLiteDBWithAnUnexpandedTilde(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"serve", "--addr", "127.0.0.1:0", "--db", "sqlite:~/esahayak.db"},
		{"accounts", "create", "Acme", "--db", "sqlite:~/esahayak.db"},
		{"accounts", "list", "--db", "sqlite:~/esahayak.db"},
		{"users", "create", "--account", "acct_x", "--email", "a@example.com", "--db", "sqlite:~/esahayak.db"},
	} {
		_, stderr, code := runBinary(t, dir, nil, "a-long-password-for-the-test\n", args...)
		if code != 2 || !strings.Contains(stderr, "~ is not expanded") ||
			!strings.Contains(stderr, "e.g. --db sqlite:$HOME/esahayak.db") {
			t.Errorf("esahayak %q: exit %d; want exit status 2 saying ~ was not expanded\n%s", args, code, stderr)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) > 0 {
		t.Errorf("files left behind: %q", left)
	}
	if err := os.Mkdir(filepath.Join(dir, "~"), 0o700); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binary, "accounts", "create", "Acme", "--db", "sqlite:~/esahayak.db")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("accounts create in an existing directory named ~: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "~", "esahayak.db")); err != nil {
		t.Errorf("the database in the directory named ~: %v", err)
	}
}

// TestSQLiteDBMustBeAFilePath: sqlite::memory: failed with "no such table"
// (each pooled connection had its own empty database) and left files named
// ":memory:" and ":memory:.lock"; a file: URI was read as a file name.
// Every command refuses both as a usage error and creates nothing.
func TestSQLiteDBMustBeAFilePath(t *testing.T) {
	dir := t.TempDir()
	for _, db := range []string{"sqlite::memory:", "sqlite:file:" + filepath.Join(dir, "f.db") + "?mode=ro", "sqlite:file:x.db"} {
		for _, args := range [][]string{
			{"serve", "--addr", "127.0.0.1:0", "--db", db},
			{"accounts", "create", "Acme", "--db", db},
			{"accounts", "list", "--db", db},
			{"users", "create", "--account", "acct_x", "--email", "a@example.com", "--db", db},
		} {
			// Taken as a file name, a file: URI served: the deadline ends it.
			_, stderr, code := runBinary(t, dir, nil, "a-long-password-for-the-test\n", args...)
			if code != 2 || !strings.Contains(stderr, "give the database file's path") {
				t.Errorf("esahayak %q: exit %d; want exit status 2 and a request for a file path\n%s", args, code, stderr)
			}
			if strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
				t.Errorf("esahayak %q: more than one line:\n%s", args, stderr)
			}
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) > 0 {
		t.Errorf("files left behind: %q", left)
	}
}

// TestSQLiteDBWithStrayWhiteSpace: ESAHAYAK_DB=sqlite:/data/esahayak.db
// from an env file with Windows line ends arrives with a \r (a trailing
// space, or "sqlite: x.db", the same), and the path was taken as written:
// serve made a new, empty database beside the real one, printed a
// development account and answered every customer's key 401. Every
// command refuses such a path as a usage error naming the white space and
// creates nothing; a file of that very name that exists is used as before.
func TestSQLiteDBWithStrayWhiteSpace(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "e.db")
	if _, stderr, code := runBinary(t, dir, nil, "", "accounts", "create", "Acme", "--db", "sqlite:"+real); code != 0 {
		t.Fatalf("accounts create: exit %d\n%s", code, stderr)
	}
	for _, c := range []struct {
		env  []string
		args []string
		want string
	}{
		{[]string{"ESAHAYAK_DB=sqlite:" + real + "\r"}, []string{"serve", "--addr", "127.0.0.1:0"}, `--db (from ESAHAYAK_DB) "sqlite:` + real + `\r": the path ends with white space`},
		{nil, []string{"serve", "--addr", "127.0.0.1:0", "--db", "sqlite: e.db"}, `--db "sqlite: e.db": the path begins with white space`},
		{nil, []string{"accounts", "create", "Acme", "--db", "sqlite:e.db "}, `the path ends with white space`},
		{nil, []string{"accounts", "list", "--db", "sqlite:\te.db\n"}, `the path begins and ends with white space`},
		{nil, []string{"users", "create", "--account", "acct_x", "--email", "a@example.com", "--db", "sqlite:e.db "}, `the path ends with white space`},
	} {
		_, stderr, code := runBinary(t, dir, c.env, "a-long-password-for-the-test\n", c.args...)
		if code != 2 || !strings.Contains(stderr, c.want) || !strings.Contains(stderr, "e.g. sqlite:") {
			t.Errorf("esahayak %q with %q: exit %d; want exit status 2 saying %s\n%s", c.args, c.env, code, c.want, stderr)
		}
	}
	left, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range left {
		if name := filepath.Base(f); strings.TrimSpace(name) != name {
			t.Errorf("a file named %q was made", name)
		}
	}
	// A file whose name does end in a space is a database like any other.
	spaced := filepath.Join(dir, "spaced.db ")
	if err := os.Rename(real, spaced); err != nil {
		t.Fatal(err)
	}
	if stdout, stderr, code := runBinary(t, dir, nil, "", "accounts", "list", "--db", "sqlite:"+spaced); code != 0 || strings.Count(stdout, "acct_") != 1 {
		t.Errorf("accounts list on an existing file named %q: exit %d, want its account\n%s%s", spaced, code, stdout, stderr)
	}
}

// TestHelpRefusesExtraWords: `esahayak help serve extra` printed serve's
// help and exited 0, so a typo or a word meant for the command passed as
// if only the help had been asked for. A word after the command is
// refused as the commands refuse theirs: exit status 2, one line naming
// it (a flag by its name alone: its value can be a secret). A subcommand
// there is help for that subcommand.
func TestHelpRefusesExtraWords(t *testing.T) {
	for _, c := range []struct {
		args      []string
		exit      int
		stdoutHas string
		stderrHas string
	}{
		{args: []string{"help", "serve", "extra"}, exit: 2, stderrHas: `esahayak: help takes one command (got "extra" too); usage: esahayak help serve` + "\n"},
		{args: []string{"--help", "listen", "extra", "more"}, exit: 2, stderrHas: `help takes one command (got "extra" too)`},
		{args: []string{"help", "help", "extra"}, exit: 2, stderrHas: `help takes one command (got "extra" too); usage: esahayak help [COMMAND]`},
		{args: []string{"help", "serve", "--operator-token=SECRETVALUE"}, exit: 2, stderrHas: "help serve takes no flags (got --operator-token)"},
		{args: []string{"help", "accounts", "delete"}, exit: 2, stderrHas: `help accounts: "delete" is not a subcommand of accounts (it has create and list); usage: esahayak help accounts [create|list]`},
		{args: []string{"help", "accounts", "list", "extra"}, exit: 2, stderrHas: `help accounts list takes no more words (got "extra" too)`},
		{args: []string{"help", "accounts", "list"}, exit: 0, stdoutHas: "Usage: esahayak accounts list [--db DB]"},
		{args: []string{"help", "users", "create"}, exit: 0, stdoutHas: "--email  [ESAHAYAK_EMAIL]"},
		{args: []string{"help", "serve", "-h"}, exit: 0, stdoutHas: "--operator-token"},
	} {
		stdout, stderr, code := runBinary(t, t.TempDir(), nil, "", c.args...)
		switch {
		case code != c.exit:
			t.Errorf("esahayak %q: exit %d, want %d\nstdout: %s\nstderr: %s", c.args, code, c.exit, stdout, stderr)
		case c.exit != 0 && (stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, c.stderrHas) || strings.Contains(stderr, "SECRETVALUE")):
			t.Errorf("esahayak %q: want nothing on stdout and one line on stderr holding %q (never a flag's value)\nstdout: %s\nstderr: %s", c.args, c.stderrHas, stdout, stderr)
		case c.exit == 0 && (!strings.Contains(stdout, c.stdoutHas) || stderr != ""):
			t.Errorf("esahayak %q: want the help on stdout holding %q, nothing on stderr\nstdout: %s\nstderr: %s", c.args, c.stdoutHas, stdout, stderr)
		}
	}
}

// TestFlagThatIsNotOneSaysWhere: a flag people reach for that the command
// has not, because the value goes elsewhere (`users create --password`,
// `trigger --event`, `accounts create --name`), was refused as any
// unknown flag, "flag provided but not defined", leaving them to guess
// that the password is read from stdin and the event type or name is a
// word. The refusal says so on its line, never showing the value given.
func TestFlagThatIsNotOneSaysWhere(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"users", "create", "--account", "acct_x", "--email", "a@example.com", "--password=SECRETVALUE"}, "flag provided but not defined: --password: the password is read from stdin, never from a flag"},
		{[]string{"users", "create", "--PASSWORD", "SECRETVALUE"}, "flag provided but not defined: --PASSWORD: the password is read from stdin"},
		{[]string{"trigger", "--event", "order.cancelled"}, "flag provided but not defined: --event: the event type is a word, not a flag: esahayak trigger stamp.uploaded|"},
		{[]string{"trigger", "--events=order.cancelled"}, "--events: the event type is a word, not a flag"},
		{[]string{"accounts", "create", "--name", "Acme"}, "flag provided but not defined: --name: the NAME is a word, not a flag: esahayak accounts create NAME [--db DB]"},
	} {
		stdout, stderr, code := runBinary(t, t.TempDir(), []string{"ESAHAYAK_API_KEY=esk_x"}, "", c.args...)
		first, _, _ := strings.Cut(stderr, "\n")
		if code != 2 || stdout != "" || !strings.Contains(first, c.want) || strings.Contains(stderr, "SECRETVALUE") || strings.Count(stderr, "\n") != 2 {
			t.Errorf("esahayak %q: exit %d, want 2 and a first line holding %q (and the flags' hint after it), no value shown\nstdout: %s\nstderr: %s", c.args, code, c.want, stdout, stderr)
		}
	}
}
