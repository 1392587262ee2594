package main_test

import (
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/esahayak/esahayak/internal/testenv"
)

const walLostWarning = "did not stop cleanly and the -wal file is missing"

// TestDeletedWALAfterKillIsLogged: a server killed with -9 whose -wal is
// then deleted lost the commits since its last checkpoint, and the next
// start said nothing; it now logs a warning naming the files. A -wal left
// in place, a SIGTERM stop, and an older release's lock file ("PID") give
// none; a command (accounts) run in between does not hide the loss.
func TestDeletedWALAfterKillIsLogged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "w.db")
	db := "sqlite:" + path
	lockPath, walPath := path+".lock", path+"-wal"
	_, key := createAccount(t, db)
	noWarning := func(p *proc, after string) {
		t.Helper()
		if strings.Contains(p.output(), walLostWarning) {
			t.Fatalf("a start after %s warned:\n%s", after, p.output())
		}
	}
	stop := func(p *proc) {
		t.Helper()
		p.cmd.Process.Signal(syscall.SIGTERM)
		if err := <-p.done; err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, p.output())
		}
		p.done <- nil
	}

	p := startServe(t, "--db", db)
	createOrders(t, p.base, key, 20)
	p.kill(t)
	if b, _ := os.ReadFile(lockPath); string(b) != strconv.Itoa(p.cmd.Process.Pid)+" running\n" || !exists(walPath) {
		t.Fatalf("after kill -9: lock file %q, -wal there %v; want the pid and running, and the -wal", b, exists(walPath))
	}
	p = startServe(t, "--db", db)
	noWarning(p, "kill -9 with the -wal in place")
	stop(p)
	if b, _ := os.ReadFile(lockPath); len(b) != 0 || exists(walPath) {
		t.Fatalf("after SIGTERM: lock file %q, -wal there %v; want it empty and no -wal", b, exists(walPath))
	}
	p = startServe(t, "--db", db)
	noWarning(p, "a SIGTERM stop")
	createOrders(t, p.base, key, 20)
	// The server copies the WAL back every 100 ms; a kill in the middle
	// of a copy leaves the database file half old, half new, and without
	// the -wal it cannot be opened at all ("malformed"), which is not
	// what this test is about. Once every frame is copied back, a
	// background checkpoint has nothing to copy, so the kill lands on a
	// whole file.
	backfillWAL(t, path)
	p.kill(t)

	// What the auditor did: delete the killed server's -wal (and -shm).
	for _, f := range []string{walPath, path + "-shm"} {
		if err := os.Remove(f); err != nil {
			t.Fatal(err)
		}
	}
	// A command opening the database meanwhile leaves the lock file be.
	if out, err := exec.Command(binary, "accounts", "list", "--db", db).CombinedOutput(); err != nil {
		t.Fatalf("accounts list: %v\n%s", err, out)
	}
	p = startServe(t, "--db", db)
	out := p.output()
	for _, want := range []string{walLostWarning, "level=WARN", "missing_wal=" + walPath, "lock_file=" + lockPath, "previous_pid=", "restore the database together with its -wal"} {
		if !strings.Contains(out, want) {
			t.Errorf("the warning lacks %q:\n%s", want, out)
		}
	}
	mustCall(t, p.base, "GET", "/healthz", "", "", 200)
	stop(p)
	p = startServe(t, "--db", db)
	noWarning(p, "the warned start's SIGTERM stop")
	stop(p)

	// An older release leaves "PID" in the lock file, stopped cleanly or
	// killed: it cannot be told apart, so nothing is said.
	if err := os.WriteFile(lockPath, []byte("4242\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	p = startServe(t, "--db", db)
	noWarning(p, "an older release's lock file")
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// backfillWAL checkpoints the SQLite database at path from this process
// until every frame of its -wal is in the database file.
func backfillWAL(t *testing.T, path string) {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	testenv.Eventually(t, 30*time.Second, "the -wal copied back into the database file", func() bool {
		var busy, logFrames, copied int
		err := raw.QueryRow(`PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &logFrames, &copied)
		return err == nil && busy == 0 && logFrames == copied
	})
}

// TestCommandAfterKillDoesNotWarn: a server killed with -9 leaves its -wal
// and "PID running"; an accounts or users command run before the next
// start opens the database and, closing it last, writes the -wal into it
// and removes it, losing nothing. The next start warned all the same that
// the commits since the last checkpoint were lost; it now starts quietly,
// with every order there.
func TestCommandAfterKillDoesNotWarn(t *testing.T) {
	for _, command := range [][]string{
		{"accounts", "list"},
		{"accounts", "create", "second"},
	} {
		t.Run(strings.Join(command, " "), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "w.db")
			db := "sqlite:" + path
			walPath := path + "-wal"
			_, key := createAccount(t, db)
			p := startServe(t, "--db", db)
			orders := createOrders(t, p.base, key, 20)
			p.kill(t)
			if !exists(walPath) {
				t.Fatal("no -wal after kill -9")
			}
			if out, err := exec.Command(binary, append(command, "--db", db)...).CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", command, err, out)
			}
			if exists(walPath) {
				t.Fatalf("%s left the -wal: it did not write it into the database", command)
			}
			p = startServe(t, "--db", db)
			if strings.Contains(p.output(), walLostWarning) {
				t.Fatalf("a start after kill -9 and %s warned of lost commits, though nothing was lost:\n%s", command, p.output())
			}
			for _, id := range orders {
				mustCall(t, p.base, "GET", "/v1/orders/"+id, key, "", 200)
			}
		})
	}
}
