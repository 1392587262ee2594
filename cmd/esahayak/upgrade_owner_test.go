package main_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestStartAsRootLeavesTheServiceUsersDatabase: an operator upgrading by
// hand runs the new release's serve once as root on the database of a
// service that runs as another user; the service's own start must still
// work. SQLite hands its -wal and -shm to the database's owner; the lock
// file stayed root's 0600, and the service's every start then failed,
// naming the database's directory, which it could write.
func TestStartAsRootLeavesTheServiceUsersDatabase(t *testing.T) {
	if runtime.GOOS == "windows" || os.Geteuid() != 0 {
		t.Skip("needs root, to start as root and then as nobody")
	}
	dir, err := os.MkdirTemp("", "esahayak-owner")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	data := filepath.Join(dir, "data")
	for _, d := range []struct {
		path string
		mode os.FileMode
	}{{dir, 0o755}, {data, 0o777}} {
		if err := os.MkdirAll(d.path, d.mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(d.path, d.mode); err != nil { // past the umask
			t.Fatal(err)
		}
	}
	// The service's database, an older release's, owned by its user.
	b, err := os.ReadFile(filepath.Join("testdata", "upgrade", oldestFixture+".sqlite.db"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(data, "e.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(path, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	db := "sqlite:" + path
	// The start as root: it migrates and serves, and is stopped.
	startServe(t, "--db", db).kill(t)

	// The service's start, as nobody (a copy of the binary it can run).
	bin := filepath.Join(dir, "esahayak")
	if b, err = os.ReadFile(binary); err == nil {
		err = os.WriteFile(bin, b, 0o755)
	}
	if err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	cmd := exec.Command(bin, "serve", "--addr", addr, "--db", db, "--operator-token", "op", "--allow-insecure-urls")
	cmd.Dir, cmd.SysProcAttr = data, asNobody()
	p := launch(t, cmd, "http://"+addr, nil)
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
		if t.Failed() {
			t.Logf("the service's start said:\n%s", p.output())
		}
	})
	waitHealthy(t, p)
	p.kill(t)

	// A root-owned lock an earlier release left: the start names the
	// lock file and what to do, not the directory it can write.
	if err := os.Chown(path+".lock", 0, 0); err != nil {
		t.Fatal(err)
	}
	cmd = exec.Command(bin, "serve", "--addr", freeAddr(t), "--db", db, "--operator-token", "op")
	cmd.Dir, cmd.SysProcAttr = data, asNobody()
	out, err := cmd.CombinedOutput()
	want := "cannot open the lock file " + path + ".lock (another user's?"
	if ee := (*exec.ExitError)(nil); !errors.As(err, &ee) || ee.ExitCode() != 1 || !strings.Contains(string(out), want) || !strings.Contains(string(out), "(chown)") {
		t.Errorf("a start as nobody beside root's lock file: %v; want exit 1 and %q\n%s", err, want, out)
	}
}
