package main_test

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestReadmeUsersCreateAsDocumented runs the README's `users create`
// (The dashboard) as printed, the account id of a real account in place of
// acct_…, and holds its output to the line the README shows. The README
// gave the command alone: a new user could not tell from it what a
// success looks like (one line of JSON, no password echoed), nor that the
// password needs 10 characters.
func TestReadmeUsersCreateAsDocumented(t *testing.T) {
	section := testenv.ReadmeSection(t, "../../README.md", "The dashboard")
	cmd := regexp.MustCompile("echo '([^']+)' \\| esahayak users create --account acct_… --email ([^\\s`]+)").FindStringSubmatch(section)
	if cmd == nil {
		t.Fatalf("README.md's dashboard section has no line `echo '…' | esahayak users create --account acct_… --email …`:\n%s", section)
	}
	password, email := cmd[1], cmd[2]
	shown := regexp.MustCompile(`(?m)^\{"user_id":.*$`).FindString(section)
	if shown == "" {
		t.Fatalf("README.md's dashboard section does not show what users create prints (a line {\"user_id\":…}):\n%s", section)
	}
	if !strings.Contains(section, "at least 10 characters") {
		t.Errorf("README.md's dashboard section does not say how long the password must be (at least 10 characters):\n%s", section)
	}
	parts := strings.Split(shown, "…")
	for i := range parts {
		parts[i] = regexp.QuoteMeta(parts[i])
	}
	want := regexp.MustCompile("^" + strings.Join(parts, `[^"]*`) + "\n$")

	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "esahayak.db")
	out, stderr, code := runBinary(t, dir, nil, "", "accounts", "create", "Acme", "--db", db)
	if code != 0 {
		t.Fatalf("accounts create: exit %d, %s", code, stderr)
	}
	acct := regexp.MustCompile(`"account_id":"(acct_[^"]+)"`).FindStringSubmatch(out)
	if acct == nil {
		t.Fatalf("accounts create printed %q, without an account_id", out)
	}
	// echo's line: the password and a newline on standard input.
	out, stderr, code = runBinary(t, dir, []string{"ESAHAYAK_DB=" + db}, password+"\n", "users", "create", "--account", acct[1], "--email", email)
	if code != 0 {
		t.Fatalf("users create as the README writes it: exit %d, %s", code, stderr)
	}
	if !want.MatchString(out) {
		t.Errorf("users create printed %q; README.md shows %s", out, shown)
	}
	if strings.Contains(out, password) || stderr != "" {
		t.Errorf("users create: stdout %q, stderr %q; want the user alone, and nothing on stderr", out, stderr)
	}
}
