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
	"time"

	"github.com/esahayak/esahayak/internal/store/sqlite"
)

// withStdoutClosed is the command of the binary with args whose standard
// output is closed, as a shell's `esahayak … >&-` runs it.
func withStdoutClosed(args ...string) *exec.Cmd {
	return exec.Command("/bin/sh", append([]string{"-c", `exec "$0" "$@" >&-`, binary}, args...)...)
}

// runStdoutClosed runs the binary with args and its standard output
// closed, and returns its exit status and standard error.
func runStdoutClosed(t *testing.T, stdin string, args ...string) (int, string) {
	t.Helper()
	cmd := withStdoutClosed(args...)
	var stderr bytes.Buffer
	cmd.Stdin, cmd.Stderr = strings.NewReader(stdin), &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), stderr.String()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, stderr.String()
}

// accountNames lists the accounts of the SQLite file at path.
func accountNames(t *testing.T, path string) []string {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	accts, err := st.ListAccounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, a := range accts {
		names = append(names, a.Name)
	}
	return names
}

// TestAccountsCreateWithStdoutClosed runs `esahayak accounts create Acme
// >&-`. Go puts /dev/null where a standard output closed at start was,
// so the one line with the new key was written there: exit status 0, an
// account made and its key, shown only in that line, seen by nobody. It
// must fail (exit status 1) before it makes anything, saying why on
// standard error. `>/dev/null`, an output thrown away on purpose, is
// left as it was.
func TestAccountsCreateWithStdoutClosed(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary; skipped with -short")
	}
	path := filepath.Join(t.TempDir(), "e.db")
	createAccount(t, "sqlite:"+path)

	code, stderr := runStdoutClosed(t, "", "accounts", "create", "Acme", "--db", "sqlite:"+path)
	if code != 1 {
		t.Errorf("exit status %d; want 1", code)
	}
	for _, w := range []string{"standard output is closed", "no account created"} {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr does not say %q:\n%s", w, stderr)
		}
	}
	if names := accountNames(t, path); len(names) != 1 {
		t.Errorf("accounts %q; want only the one made before (no Acme, keyless or with a key nobody saw)", names)
	}

	// An output discarded on purpose: made, as before.
	if err := exec.Command("/bin/sh", "-c", `exec "$0" "$@" >/dev/null`, binary, "accounts", "create", "Acme", "--db", "sqlite:"+path).Run(); err != nil {
		t.Errorf("accounts create >/dev/null: %v; want it to make the account as asked", err)
	}
	if names := accountNames(t, path); len(names) != 2 {
		t.Errorf("after >/dev/null: accounts %q; want Acme made", names)
	}
}

// TestUsersCreateWithStdoutClosed runs `esahayak users create … >&-`:
// exit status 0, its line (the user made) written to nowhere. It must
// fail (exit status 1), making no user, so that the run again with its
// output open is not refused as a user that exists.
func TestUsersCreateWithStdoutClosed(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary; skipped with -short")
	}
	path := filepath.Join(t.TempDir(), "e.db")
	acct, _ := createAccount(t, "sqlite:"+path)
	args := []string{"users", "create", "--account", acct, "--email", "ops@acme.example", "--db", "sqlite:" + path}

	code, stderr := runStdoutClosed(t, "a long passphrase\n", args...)
	if code != 1 {
		t.Errorf("exit status %d; want 1", code)
	}
	for _, w := range []string{"standard output is closed", "no user created"} {
		if !strings.Contains(stderr, w) {
			t.Errorf("stderr does not say %q:\n%s", w, stderr)
		}
	}
	cmd := exec.Command(binary, args...)
	cmd.Stdin = strings.NewReader("a long passphrase\n")
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), `"email":"ops@acme.example"`) {
		t.Errorf("users create with its output open: %v\n%s\nwant the user made now", err, out)
	}
}

// TestServeFirstStartWithStdoutClosed starts serve on an empty database
// with `>&-`. The first start's printout, the development account's key
// and dashboard password shown only then, went to the /dev/null Go puts
// there, and the account was marked done: no later start printed it, and
// nobody ever had the key or the password. serve must say so on standard
// error and make nothing, so that the next start, with its output open,
// makes and prints the account.
func TestServeFirstStartWithStdoutClosed(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary; skipped with -short")
	}
	path := filepath.Join(t.TempDir(), "e.db")
	addr := freeAddr(t)
	p := launch(t, withStdoutClosed("serve", "--addr", addr, "--log-level", "warn", "--db", "sqlite:"+path), "http://"+addr, nil)
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		select {
		case <-p.done:
		case <-time.After(10 * time.Second):
		}
	})
	waitHealthy(t, p)
	p.cmd.Process.Signal(syscall.SIGTERM)
	if err := <-p.done; err != nil {
		t.Errorf("serve stopped by SIGTERM: %v", err)
	}
	p.done <- nil // for the cleanup's receive
	if out := p.output(); !strings.Contains(out, "standard output is closed") || !strings.Contains(out, "development account") {
		t.Errorf("serve did not say that the development account was not shown:\n%s", out)
	}
	if names := accountNames(t, path); len(names) != 0 {
		t.Errorf("accounts %q; want none made, its key and password shown to nobody", names)
	}

	q := startServe(t, "--db", "sqlite:"+path)
	if out := q.output(); !strings.Contains(out, "api_key:    esk_") || !strings.Contains(out, "password:") {
		t.Errorf("the next start, its output open, printed no development account:\n%s", out)
	}
}

// TestListenWithStdoutClosed runs `esahayak listen … >&-`. It opened a
// session, its signing secret printed into the /dev/null Go puts on a
// closed descriptor, and forwarded events signed with a secret nobody
// had. It must fail (exit status 1, as a closed output of listen does)
// before it opens a session.
func TestListenWithStdoutClosed(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server and listen binaries; skipped with -short")
	}
	db := "sqlite:" + filepath.Join(t.TempDir(), "e.db")
	_, key := createAccount(t, db)
	srv := serveAt(t, freeAddr(t), db)
	local := newLocalHandler(t)

	cmd := withStdoutClosed("listen", "--api-base", srv.base, "--forward-to", local.srv.URL)
	cmd.Env = append(os.Environ(), "ESAHAYAK_API_KEY="+key)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(15 * time.Second):
		cmd.Process.Signal(syscall.SIGTERM)
		err = <-done
		t.Errorf("listen ran on with its output closed, until SIGTERM")
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Errorf("listen ended with %v; want exit status 1", err)
	}
	if !strings.Contains(stderr.String(), "standard output is closed") {
		t.Errorf("stderr does not say its output is closed:\n%s", stderr.String())
	}
	if b := mustCall(t, srv.base, "GET", "/v1/listen_sessions", key, "", 200); strings.Contains(string(b), `"ls_`) {
		t.Errorf("listen opened a session whose secret nobody saw: %s", b)
	}
}

// TestBenchWithStdoutClosed runs `esahayak bench … >&-`: the bench ran
// its scenarios and printed their results into the /dev/null Go puts on
// a closed descriptor, exiting 0. It must fail (exit status 1, as a
// closed output of bench does) before it runs anything.
func TestBenchWithStdoutClosed(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary; skipped with -short")
	}
	dir := t.TempDir()
	start := time.Now()
	code, stderr := runStdoutClosed(t, "", "bench", "--db", "sqlite:"+filepath.Join(dir, "b.db"), "--scenario", "single", "--events", "1", "--concurrency", "1")
	if code != 1 {
		t.Errorf("exit status %d; want 1", code)
	}
	if !strings.Contains(stderr, "standard output is closed") {
		t.Errorf("stderr does not say its output is closed:\n%s", stderr)
	}
	if strings.Contains(stderr, "single") && strings.Contains(stderr, "run 1") {
		t.Errorf("the bench ran a scenario (%s) with nobody to read its results:\n%s", time.Since(start).Round(time.Millisecond), stderr)
	}
}
