//go:build unix

package main_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/esahayak/esahayak/internal/store/sqlite"
)

// runIntoClosedPipe runs the binary with args, stdin as given and its
// stdout a pipe whose reader is closed before the start (`… | true`), and
// returns its exit status and standard error. Killed by a signal fails
// the test: that is how the command ended before, its line lost unsaid.
func runIntoClosedPipe(t *testing.T, stdin string, args ...string) (int, string) {
	t.Helper()
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	pr.Close() // nothing will ever read it
	cmd := exec.Command(binary, args...)
	var stderr bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = strings.NewReader(stdin), pw, &stderr
	err = cmd.Run()
	pw.Close()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		if status, _ := exit.Sys().(syscall.WaitStatus); status.Signaled() {
			t.Fatalf("%s was killed by %v, saying nothing; want it to say what it created\nstderr:\n%s", args[:2], status.Signal(), stderr.String())
		}
		return exit.ExitCode(), stderr.String()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, stderr.String()
}

// TestAccountsCreateIntoAClosedOutput runs `esahayak accounts create Acme
// | true`. It was ended by SIGPIPE at its one line, after the account and
// its key were saved: a working key nobody ever saw. It must fail (exit
// status 1), leave no key of the account working, and say on standard
// error which account was made and how to get a key to it.
func TestAccountsCreateIntoAClosedOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary; skipped with -short")
	}
	path := filepath.Join(t.TempDir(), "e.db")
	createAccount(t, "sqlite:"+path) // the database exists: no "created a new database" line

	code, stderr := runIntoClosedPipe(t, "", "accounts", "create", "Acme", "--db", "sqlite:"+path)

	ctx := context.Background()
	st, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	accts, err := st.ListAccounts(ctx)
	if err != nil || len(accts) != 2 {
		t.Fatalf("accounts: %d, %v; want the one before and Acme", len(accts), err)
	}
	acme := accts[1]
	keys, err := st.ListAPIKeys(ctx, acme.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if k.RevokedAt == nil {
			t.Errorf("Acme's key %s… works, and nobody saw it; want it revoked", k.Prefix)
		}
	}
	if code != 1 {
		t.Errorf("exit status %d; want 1", code)
	}
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	want := []string{"could not be written", acme.ID, `"Acme"`, "revoked", "users create --account " + acme.ID, "Settings → API Access"}
	for _, w := range want {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr does not say %q:\n%s", w, stderr)
		}
	}
	if len(lines) != 1 {
		t.Errorf("stderr has %d lines; want one:\n%s", len(lines), stderr)
	}
}

// TestUsersCreateIntoAClosedOutput runs `esahayak users create … | true`.
// It was ended by SIGPIPE at its one line, after the user was saved: exit
// status 141, not a word, and a second try refused as a user that exists.
// It must fail (exit status 1) saying which user it created and that the
// password given signs it in.
func TestUsersCreateIntoAClosedOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary; skipped with -short")
	}
	path := filepath.Join(t.TempDir(), "e.db")
	acct, _ := createAccount(t, "sqlite:"+path)

	code, stderr := runIntoClosedPipe(t, "a long passphrase\n", "users", "create", "--account", acct, "--email", "ops@acme.example", "--db", "sqlite:"+path)

	ctx := context.Background()
	st, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u, err := st.UserByEmail(ctx, "ops@acme.example")
	if err != nil {
		t.Fatalf("the user: %v", err)
	}
	if code != 1 {
		t.Errorf("exit status %d; want 1", code)
	}
	for _, w := range []string{"could not be written", u.ID, "ops@acme.example", acct, "password given"} {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr does not say %q:\n%s", w, stderr)
		}
	}
}
