package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/store/sqlite"
	"github.com/esahayak/esahayak/internal/testenv"
)

const walLostWarning = "did not stop cleanly and the -wal file is missing"

// openServer opens path as serve does, logging to a buffer it returns.
func openServer(t *testing.T, path string) (*sqlite.Store, *testenv.Output, error) {
	t.Helper()
	logs := &testenv.Output{}
	s, err := sqlite.Open(context.Background(), path, sqlite.Options{Server: true, Log: slog.New(slog.NewTextHandler(logs, nil))})
	return s, logs, err
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// TestUncleanStopWithoutWALIsLogged: the lock file says "PID running"
// while a server has the database open, and nothing after it closed it
// (SQLite removed the -wal then); a start finding "running" (the previous
// server was killed) and no -wal logs a warning naming the files, once;
// a clean stop, an older release's "PID" and a -wal that is there do not.
// A killed server's -wal deleted by hand lost its commits without a word.
func TestUncleanStopWithoutWALIsLogged(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "u.db")
	lockPath, walPath := path+".lock", path+"-wal"
	s, logs, err := openServer(t, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateAccount(ctx, store.Account{ID: "acct_u", Name: "u"}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(lockPath); string(b) != strconv.Itoa(os.Getpid())+" running\n" || !exists(walPath) {
		t.Fatalf("while open: lock file %q, -wal there %v; want this process's pid and running, and a -wal", b, exists(walPath))
	}
	// A second server reads the holder's pid out of "PID running".
	if _, _, err := openServer(t, path); !errors.Is(err, sqlite.ErrInUse) || !strings.Contains(err.Error(), "is served by process "+strconv.Itoa(os.Getpid())+" ") {
		t.Fatalf("a second server: %v; want the file in use by process %d", err, os.Getpid())
	}
	s.Close()
	if b, _ := os.ReadFile(lockPath); len(b) != 0 || exists(walPath) {
		t.Fatalf("after Close: lock file %q, -wal there %v; want it empty and no -wal", b, exists(walPath))
	}
	if strings.Contains(logs.String(), walLostWarning) {
		t.Fatalf("a new database's start warned:\n%s", logs)
	}

	start := func(lockLine string) string {
		t.Helper()
		if lockLine != "" {
			if err := os.WriteFile(lockPath, []byte(lockLine), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		s, logs, err := openServer(t, path)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if _, err := s.GetAccount(ctx, "acct_u"); err != nil {
			t.Fatalf("the account is gone: %v", err)
		}
		return logs.String()
	}
	if out := start(""); strings.Contains(out, walLostWarning) {
		t.Fatalf("a start after a clean stop warned:\n%s", out)
	}
	// What a killed server leaves, with its -wal deleted.
	out := start("4242 running\n")
	for _, want := range []string{walLostWarning, "level=WARN", "database=" + path, "missing_wal=" + walPath, "lock_file=" + lockPath, "previous_pid=4242", "restore the database together with its -wal"} {
		if !strings.Contains(out, want) {
			t.Errorf("the warning lacks %q:\n%s", want, out)
		}
	}
	if out := start(""); strings.Contains(out, walLostWarning) {
		t.Fatalf("the warning came again after a clean stop:\n%s", out)
	}
	// An older release left "PID", stopped cleanly or not: nothing to tell.
	if out := start("4242\n"); strings.Contains(out, walLostWarning) {
		t.Fatalf("an older release's lock file was taken for an unclean stop:\n%s", out)
	}
	// A killed server's -wal still there: nothing lost. (A connection of
	// another program keeps it, as the killed server's would.)
	other, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.Exec(`SELECT COUNT(*) FROM accounts`); err != nil || !exists(walPath) {
		t.Fatalf("another connection: %v, -wal there %v", err, exists(walPath))
	}
	if out := start("4242 running\n"); strings.Contains(out, walLostWarning) {
		t.Fatalf("a start with the -wal there warned:\n%s", out)
	}
}

// TestStartsAtOnceAfterUncleanStop: two servers started together on a file
// a killed server left without its -wal: one runs and warns, the other
// stops as the file is in use.
func TestStartsAtOnceAfterUncleanStop(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.db")
	s, _, err := openServer(t, path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	for round := range 5 {
		if err := os.WriteFile(path+".lock", []byte("4242 running\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		stores := make([]*sqlite.Store, 2)
		logs := make([]*testenv.Output, 2)
		errs := make([]error, 2)
		for i := range 2 {
			wg.Go(func() { stores[i], logs[i], errs[i] = openServer(t, path) })
		}
		wg.Wait()
		warned, running := 0, 0
		for i := range 2 {
			if strings.Contains(logs[i].String(), walLostWarning) {
				warned++
			}
			switch {
			case errs[i] == nil:
				running++
			case !errors.Is(errs[i], sqlite.ErrInUse):
				// Which pid it names depends on how far the first got.
				t.Errorf("round %d: the second start: %v; want the file in use", round, errs[i])
			}
		}
		for _, s := range stores {
			if s != nil {
				s.Close()
			}
		}
		if running != 1 || warned != 1 {
			t.Fatalf("round %d: %d started and %d warned; want 1 and 1 (errors %v)", round, running, warned, errs)
		}
	}
}

// TestDeletedFileRefusesWrites: a database file deleted (or replaced)
// under a running server made no sound: SQLite went on committing into
// the unlinked file, every write was acknowledged, and the next start
// began an empty database. Writes are now refused as unavailable, and the
// loss is logged once the open file holds every acknowledged write: a
// copy through the /proc path the log names, made at once, is whole. A
// -wal deleted alone is refused the same way, with everything in the
// database file.
func TestDeletedFileRefusesWrites(t *testing.T) {
	for _, tc := range []struct {
		name   string
		remove func(t *testing.T, path string)
		want   string // in the refusal
	}{
		{"deleted", func(t *testing.T, path string) {
			for _, f := range []string{path, path + "-wal", path + "-shm"} {
				if err := os.Remove(f); err != nil {
					t.Fatal(err)
				}
			}
		}, " was deleted while the server ran"},
		{"replaced", func(t *testing.T, path string) {
			other := path + ".other"
			if err := os.WriteFile(other, nil, 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(other, path); err != nil {
				t.Fatal(err)
			}
		}, " was replaced by another file while the server ran"},
		{"wal deleted", func(t *testing.T, path string) {
			if err := os.Remove(path + "-wal"); err != nil {
				t.Fatal(err)
			}
		}, "-wal was deleted or replaced while the server ran"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			path := filepath.Join(dir, "gone.db")
			s, logs, err := openServer(t, path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			// Many commits just before the loss, so that the -wal holds
			// frames no background checkpoint has copied yet.
			const n = 200
			var wg sync.WaitGroup
			for i := range n {
				wg.Go(func() {
					if err := s.CreateAccount(ctx, store.Account{ID: fmt.Sprintf("acct_kept%d", i), Name: "kept"}); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			tc.remove(t, path)
			err = s.CreateAccount(ctx, store.Account{ID: "acct_lost", Name: "lost"})
			if err == nil || !s.Unavailable(err) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("a write after the loss: %v; want it refused as unavailable, saying %q", err, tc.want)
			}
			if err := s.Ping(ctx); err == nil {
				t.Fatal("Ping passed after the loss")
			}
			testenv.Eventually(t, 10*time.Second, "the loss logged", func() bool { return strings.Contains(logs.String(), "database file lost") })
			// The copy the log says to make, made at once.
			from := path
			if tc.name != "wal deleted" {
				m := regexp.MustCompile(`cp (/proc/\d+/fd/\d+) `).FindStringSubmatch(logs.String())
				if m == nil {
					t.Fatalf("no /proc path in the log:\n%s", logs)
				}
				from = m[1]
			} else if !strings.Contains(logs.String(), "restart the server") {
				t.Fatalf("the log does not say to restart:\n%s", logs)
			}
			b, err := os.ReadFile(from)
			if err != nil {
				t.Fatal(err)
			}
			rescued := filepath.Join(dir, "rescued.db")
			if err := os.WriteFile(rescued, b, 0o600); err != nil {
				t.Fatal(err)
			}
			raw, err := sql.Open("sqlite", rescued)
			if err != nil {
				t.Fatal(err)
			}
			var check string
			err = raw.QueryRow(`PRAGMA integrity_check`).Scan(&check)
			raw.Close()
			if err != nil || check != "ok" {
				t.Fatalf("the copy fails integrity_check: %v %s", err, check)
			}
			r, err := sqlite.Open(ctx, rescued, sqlite.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			for i := range n {
				if _, err := r.GetAccount(ctx, fmt.Sprintf("acct_kept%d", i)); err != nil {
					t.Fatalf("acct_kept%d, acknowledged before the loss, is not in the copy: %v", i, err)
				}
			}
			if _, err := r.GetAccount(ctx, "acct_lost"); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("the refused write is in the copy: %v", err)
			}
			if n := strings.Count(logs.String(), `msg="database file lost"`); n != 1 {
				t.Fatalf("the loss was logged %d times, want once:\n%s", n, logs)
			}
		})
	}
}
