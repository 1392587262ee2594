package main_test

import (
	"encoding/json"
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

// TestAccountsCreateNames: a name is 1–200 characters, not bytes, of
// text: no invalid UTF-8 or control characters (PostgreSQL refused the
// first with a raw database error, SQLite stored it), wherever the flags are.
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
		{[]string{"--db", db, "Acme", "--db", db, "extra"}, 2, `got "extra" too`},
	} {
		if code, out := run(c.args...); code != c.code || !strings.Contains(out, c.want) {
			t.Errorf("accounts create %q: exit %d, want %d with %q:\n%s", c.args, code, c.code, c.want, out)
		}
	}
}
