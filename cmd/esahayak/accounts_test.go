package main_test

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestAccountsList: the accounts made with `accounts create` are listed,
// oldest first, one JSON object a line, with the id `users create` needs.
func TestAccountsList(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "a.db")
	var created []string
	for _, name := range []string{"Acme", "Globex Corp"} {
		out, err := exec.Command(binary, "accounts", "create", name, "--db", db).Output()
		if err != nil {
			t.Fatalf("accounts create %s: %v", name, err)
		}
		var acct struct {
			AccountID string `json:"account_id"`
		}
		if err := json.Unmarshal(out, &acct); err != nil || acct.AccountID == "" {
			t.Fatalf("accounts create printed %q", out)
		}
		created = append(created, acct.AccountID)
	}
	out, err := exec.Command(binary, "accounts", "list", "--db", db).Output()
	if err != nil {
		t.Fatalf("accounts list: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 2 {
		t.Fatalf("accounts list printed %d lines, want 2:\n%s", len(lines), out)
	}
	for i, line := range lines {
		var a struct {
			AccountID string `json:"account_id"`
			Name      string `json:"name"`
			CreatedAt string `json:"created_at"`
		}
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		if a.AccountID != created[i] || a.Name != []string{"Acme", "Globex Corp"}[i] || a.CreatedAt == "" {
			t.Errorf("line %d = %q; want %s", i, line, created[i])
		}
		// The README's field order, and the API's time format (milliseconds).
		if !strings.HasPrefix(line, `{"account_id":`) || !strings.Contains(line, `,"name":`) ||
			!regexp.MustCompile(`"created_at":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"`).MatchString(line) {
			t.Errorf("line %d = %s; want account_id, name, created_at with milliseconds", i, line)
		}
	}
	if out, err := exec.Command(binary, "accounts", "list", "extra", "--db", db).CombinedOutput(); err == nil || !strings.Contains(string(out), "takes no arguments") {
		t.Errorf("accounts list extra: %v %s", err, out)
	}
}

// TestCommandsOnAMissingDatabase: a --db that names no file (a typo, or
// the default run from another directory) is an error for the commands
// that read a server's database, and leaves no empty file behind;
// accounts create makes one, as for a setup before the first start, and
// says so.
func TestCommandsOnAMissingDatabase(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"accounts", "list", "--db", "sqlite:" + filepath.Join(dir, "typo.db")},
		{"users", "create", "--account", "acct_x", "--email", "a@example.com", "--db", "sqlite:" + filepath.Join(dir, "typo.db")},
	} {
		cmd := exec.Command(binary, args...)
		cmd.Stdin = strings.NewReader("a-long-password\n")
		out, err := cmd.CombinedOutput()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(string(out), "there is no database at "+filepath.Join(dir, "typo.db")) {
			t.Errorf("%v: %v\n%s", args, err, out)
		}
		if _, err := os.Stat(filepath.Join(dir, "typo.db")); err == nil {
			t.Fatalf("%v created the database file", args)
		}
	}
	// An empty file is no database either, and stays empty.
	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(binary, "accounts", "list", "--db", "sqlite:"+empty).CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 || !strings.Contains(string(out), "is an empty file, not an esahayak database") {
		t.Errorf("accounts list on an empty file: %v\n%s", err, out)
	}
	if fi, err := os.Stat(empty); err != nil || fi.Size() != 0 {
		t.Errorf("accounts list wrote to an empty file: %v", err)
	}
	// An empty file with a server's lock beside it is what a server
	// stopped in its first instant leaves: its database, set up now.
	if err := os.WriteFile(empty+".lock", nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(binary, "accounts", "list", "--db", "sqlite:"+empty).Output(); err != nil || len(out) != 0 {
		t.Errorf("accounts list on the empty database of a server stopped at once: %v\n%s", err, out)
	}
	if fi, err := os.Stat(empty); err != nil || fi.Size() == 0 {
		t.Errorf("accounts list did not set up the server's empty database: %v", err)
	}
	cmd := exec.Command(binary, "accounts", "create", "Acme", "--db", "sqlite:"+filepath.Join(dir, "new.db"))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if out, err := cmd.Output(); err != nil || !strings.Contains(string(out), `"api_key"`) || !strings.Contains(stderr.String(), "created a new database at "+filepath.Join(dir, "new.db")) {
		t.Errorf("accounts create on a new file: %v\n%s%s", err, out, stderr.String())
	}
	cmd = exec.Command(binary, "accounts", "create", "Globex", "--db", "sqlite:"+filepath.Join(dir, "new.db"))
	stderr.Reset()
	cmd.Stderr = &stderr
	if _, err := cmd.Output(); err != nil || strings.Contains(stderr.String(), "created a new database") {
		t.Errorf("accounts create on an existing file: %v, %s", err, stderr.String())
	}
	// Set with ESAHAYAK_DB, the database is named by it: the advice said
	// "this --db" to a user who typed none.
	cmd = exec.Command(binary, "accounts", "create", "Initech")
	cmd.Env = append(os.Environ(), "ESAHAYAK_DB=sqlite:"+filepath.Join(dir, "env.db"))
	stderr.Reset()
	cmd.Stderr = &stderr
	if _, err := cmd.Output(); err != nil || !strings.Contains(stderr.String(), "; run serve with this ESAHAYAK_DB for the key to work") {
		t.Errorf("accounts create on a new file from ESAHAYAK_DB: %v, %s", err, stderr.String())
	}
}

// TestAccountsCreateNames: a name is 1–200 characters, not bytes, of
// text: no invalid UTF-8 or control characters (PostgreSQL refused the
// first with a raw database error, SQLite stored it), no invisible or
// direction-changing ones, wherever the flags are.
func TestAccountsCreateNames(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "a.db")
	run := func(args ...string) (int, string) {
		cmd := exec.Command(binary, append([]string{"accounts", "create"}, args...)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			if ee, ok := err.(*exec.ExitError); ok {
				return ee.ExitCode(), string(out)
			}
			t.Fatal(err)
		}
		return 0, string(out)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{strings.Repeat("é", 200), "--db", db}, 0, "account_id"},
		{[]string{"--db", db, strings.Repeat("अ", 70)}, 0, "account_id"},
		{[]string{strings.Repeat("é", 201), "--db", db}, 2, "1-200 characters"},
		{[]string{"\xff\xfe", "--db", db}, 2, "UTF-8 text without control characters"},
		{[]string{"a\tb", "--db", db}, 2, "UTF-8 text without control characters"},
		// Formatting characters (Cf) hide, or turn the line around on the
		// dashboard; a name needs something visible.
		{[]string{"\u200b", "--db", db}, 2, "invisible or direction-changing characters (U+200B)"},
		{[]string{"\u202eevil", "--db", db}, 2, "invisible or direction-changing characters (U+202E)"},
		{[]string{"Ac\u2066me", "--db", db}, 2, "(U+2066)"},
		{[]string{"\ufeffAcme", "--db", db}, 2, "(U+FEFF)"},
		// So do the characters drawn as nothing that the API refuses in
		// URLs; an emoji's joiner is part of what it draws.
		{[]string{"\u3164\u3164", "--db", db}, 2, "(U+3164)"},
		{[]string{"Ac\u00a0me", "--db", db}, 2, "(U+00A0)"},
		{[]string{"Dev team \U0001F469\u200d\U0001F4BB", "--db", db}, 0, "account_id"},
		// Marks alone are drawn on whatever comes before the name.
		{[]string{"\u0301\u0301", "--db", db}, 2, "no visible character"},
		{[]string{"\u20e3", "--db", db}, 2, "no visible character"},
		// The system reads nosuch/.. as a directory that must exist; SQLite
		// read it as text and made the file without owner-only permissions.
		{[]string{"X", "--db", "sqlite:" + filepath.Dir(strings.TrimPrefix(db, "sqlite:")) + "/nosuch/../n.db"}, 1, "does not exist"},
		{[]string{"Acme 株式会社", "--db", db}, 0, "account_id"},
		{[]string{"--db", db, "Acme", "--db", db, "extra"}, 2, `got "extra" too`},
	} {
		if code, out := run(c.args...); code != c.code || !strings.Contains(out, c.want) {
			t.Errorf("accounts create %q: exit %d, want %d with %q:\n%s", c.args, code, c.code, c.want, out)
		}
	}
}

// TestUsersCreateRefusesInvisibleEmail: an email with an invisible
// formatting character (a bidi control, a zero-width space) was taken,
// and "dev\u200b@localhost" could sign in beside dev@localhost looking
// the same. `users create` refuses it as a mistake in the command line:
// exit 2 and one line that names the character.
func TestUsersCreateRefusesInvisibleEmail(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "u.db")
	out, err := exec.Command(binary, "accounts", "create", "Acme", "--db", db).Output()
	if err != nil {
		t.Fatalf("accounts create: %v", err)
	}
	var acct struct {
		AccountID string `json:"account_id"`
	}
	if err := json.Unmarshal(out, &acct); err != nil || acct.AccountID == "" {
		t.Fatalf("accounts create printed %q", out)
	}
	for email, named := range map[string]string{"x\u202e@ex.com": "U+202E", "z\u200b\u2066w@ex.com": "U+200B", "dev\u200b@localhost": "U+200B"} {
		cmd := exec.Command(binary, "users", "create", "--db", db, "--account", acct.AccountID, "--email", email)
		cmd.Stdin = strings.NewReader("passwordpassword\n")
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 2 {
			t.Errorf("users create --email %q: %v, want exit 2\nstdout: %s\nstderr: %s", email, err, &stdout, &stderr)
			continue
		}
		msg := stderr.String()
		if strings.Count(msg, "\n") != 1 || !strings.HasSuffix(msg, "\n") || !strings.Contains(msg, "--email") || !strings.Contains(msg, named) || strings.ContainsAny(msg, "\u202e\u200b\u2066") {
			t.Errorf("users create --email %q: stderr %q, want one line naming --email and %s, with no invisible character", email, msg, named)
		}
	}
}

// TestAccountsUsageErrorsOneLine: accounts' usage errors took two lines
// (its usage, on two, after the message), where every other command
// says what is wrong on one line that ends with its usage; and a missing
// or blank NAME was answered with the usage alone. Each is one line now,
// naming the problem, exit status 2; a bad flag keeps the hint line that
// every command prints after it.
func TestAccountsUsageErrorsOneLine(t *testing.T) {
	for _, c := range []struct {
		args  []string
		want  string
		lines int
	}{
		{[]string{"accounts"}, "esahayak: accounts needs a subcommand, create or list; usage: esahayak accounts create NAME [--db DB] or esahayak accounts list [--db DB]\n", 1},
		{[]string{"accounts", "delete", "acct_x"}, `accounts: unknown subcommand "delete" (accounts has create and list); usage: esahayak accounts create NAME [--db DB] or esahayak accounts list [--db DB]` + "\n", 1},
		{[]string{"accounts", "lst"}, `(did you mean list? accounts has create and list)`, 1},
		{[]string{"accounts", "--db", "sqlite:x.db", "list"}, `accounts: the subcommand (create or list) goes before its flags; usage: esahayak accounts create NAME [--db DB] or esahayak accounts list [--db DB]` + "\n", 1},
		{[]string{"accounts", "create"}, "esahayak: accounts create needs a NAME; usage: esahayak accounts create NAME [--db DB]\n", 1},
		{[]string{"accounts", "create", "--db", "sqlite:x.db"}, "accounts create needs a NAME", 1},
		{[]string{"accounts", "create", "  "}, "accounts create: NAME is empty or only spaces", 1},
		{[]string{"accounts", "create", ""}, "accounts create: NAME is empty or only spaces", 1},
		{[]string{"accounts", "create", strings.Repeat("a", 201)}, "accounts create: NAME is 201 characters long; use 1-200 characters\n", 1},
		{[]string{"accounts", "list", "x"}, `accounts list takes no arguments (got "x"); usage: esahayak accounts list [--db DB]` + "\n", 1},
		{[]string{"accounts", "create", "Acme", "--bogus"}, "esahayak: flag provided but not defined: --bogus\nrun 'esahayak accounts create -h' for the flags\n", 2},
		{[]string{"accounts", "list", "--bogus"}, "esahayak: flag provided but not defined: --bogus\nrun 'esahayak accounts list -h' for the flags\n", 2},
	} {
		stdout, stderr, code := runBinary(t, t.TempDir(), nil, "", c.args...)
		if code != 2 || stdout != "" || !strings.Contains(stderr, c.want) || strings.Count(stderr, "\n") != c.lines {
			t.Errorf("esahayak %q: exit %d, want 2 and %d line(s) on stderr holding %q\nstdout: %s\nstderr: %s", c.args, code, c.lines, c.want, stdout, stderr)
		}
	}
}
