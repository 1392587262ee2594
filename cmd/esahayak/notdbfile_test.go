package main_test

import (
	"os"
	"path/filepath"
	"testing"
)

// TestNotADatabaseFileIsAUsageError: a --db that names a text file (a
// configuration file given by mistake) or a directory was refused with
// exit status 1, the status of a failure to try again, in words that did
// not name --db. No retry changes the file: it is a mistake in the
// command line, exit status 2, naming --db (or ESAHAYAK_DB) and the file,
// and the file is left as it was.
func TestNotADatabaseFileIsAUsageError(t *testing.T) {
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(notes, []byte("not a database\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	const notSQLite = " is not an SQLite database (it does not begin with SQLite's header); give the database file's path\n"
	for _, c := range []struct {
		args []string
		env  []string
		want string
	}{
		{[]string{"accounts", "list", "--db", "sqlite:" + notes}, nil, "esahayak: --db sqlite:" + notes + ": " + notes + notSQLite},
		{[]string{"accounts", "create", "Acme"}, []string{"ESAHAYAK_DB=sqlite:" + notes}, "esahayak: --db (from ESAHAYAK_DB) sqlite:" + notes + ": " + notes + notSQLite},
		{[]string{"users", "create", "--account", "acct_x", "--email", "a@example.com", "--db", "sqlite:" + notes}, nil, "esahayak: --db sqlite:" + notes + ": " + notes + notSQLite},
		{[]string{"serve", "--addr", "127.0.0.1:0", "--db", "sqlite:" + notes}, nil, "esahayak: --db sqlite:" + notes + ": " + notes + notSQLite},
		{[]string{"accounts", "list", "--db", "sqlite:" + dir}, nil, "esahayak: --db sqlite:" + dir + ": " + dir + " is a directory; give the database file's path, e.g. " + filepath.Join(dir, "esahayak.db") + "\n"},
	} {
		stdin := ""
		if c.args[0] == "users" {
			stdin = "a long passphrase\n"
		}
		stdout, stderr, code := runBinary(t, dir, c.env, stdin, c.args...)
		if code != 2 || stderr != c.want || stdout != "" {
			t.Errorf("esahayak %q with %q: exit status %d, stdout %q, stderr:\n%s\nwant 2 and:\n%s", c.args, c.env, code, stdout, stderr, c.want)
		}
	}
	if b, _ := os.ReadFile(notes); string(b) != "not a database\n" {
		t.Errorf("the text file was changed: %q", b)
	}
	if _, err := os.Stat(notes + ".lock"); err == nil {
		t.Errorf("a lock file was left beside the text file")
	}
}
