package main_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSQLiteDBDanglingLink: a --db that is a symbolic link to a file that
// does not exist. Into a missing directory, serve said "server lock
// LINK: open LINK: no such file or directory" and accounts create "unable
// to open database file (14)" with advice on permissions, neither naming
// the target or its directory; now both name the link, its target and the
// missing directory, exit 1, and leave no lock file. Into a directory that
// exists, the database is made at the target, owner-only, as SQLite
// follows the link; accounts list names the link's target.
func TestSQLiteDBDanglingLink(t *testing.T) {
	dir := t.TempDir()
	link := filepath.Join(dir, "esahayak.db")
	target := filepath.Join(dir, "no-such-dir", "x.db")
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	want := link + " is a symbolic link to " + target + ", which does not exist, and neither does its directory " + filepath.Dir(target)
	for _, args := range [][]string{{"serve", "--addr", freeAddr(t)}, {"accounts", "create", "Acme"}} {
		cmd := exec.CommandContext(ctx, binary, append(args, "--db", "sqlite:"+link)...)
		out, err := cmd.CombinedOutput()
		if ctx.Err() != nil {
			t.Fatalf("%v on a dangling link did not end:\n%s", args, out)
		}
		if cmd.ProcessState.ExitCode() != 1 || !strings.Contains(string(out), want) || strings.Contains(string(out), "server lock") {
			t.Errorf("%v on a link into a missing directory: %v\n%s\nwant exit status 1 and %q", args, err, out, want)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the refused starts left files beside the link: %v", entries)
	}
	out, err := exec.CommandContext(ctx, binary, "accounts", "list", "--db", "sqlite:"+link).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "(a symbolic link to "+target+", which does not exist)") {
		t.Errorf("accounts list on a dangling link: %v\n%s", err, out)
	}

	// A link made ahead of the first start, into a directory that exists.
	target = filepath.Join(dir, "data.db")
	ahead := filepath.Join(dir, "ahead.db")
	if err := os.Symlink("data.db", ahead); err != nil {
		t.Fatal(err)
	}
	out, err = exec.CommandContext(ctx, binary, "accounts", "create", "Acme", "--db", "sqlite:"+ahead).CombinedOutput()
	if err != nil || !strings.Contains(string(out), `"api_key":"esk_`) {
		t.Fatalf("accounts create through a link to a new file: %v\n%s", err, out)
	}
	fi, err := os.Stat(target)
	if err != nil {
		t.Fatalf("the database was not made at the link's target: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("the database made through the link is %v, want -rw------- (it holds secrets)", fi.Mode().Perm())
	}
	out, err = exec.CommandContext(ctx, binary, "accounts", "list", "--db", "sqlite:"+ahead).CombinedOutput()
	if err != nil || !strings.Contains(string(out), `"name":"Acme"`) {
		t.Errorf("accounts list through the link: %v\n%s", err, out)
	}
}
