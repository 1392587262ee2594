package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// openWriterTest opens a store with a one-column table for the writer's
// tests to fill.
func openWriterTest(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "w.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.write(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(`CREATE TABLE writer_test (x TEXT PRIMARY KEY)`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return s
}

// insert is an operation that writes x into writer_test.
func insert(x string) func(tx *sql.Tx) error {
	return func(tx *sql.Tx) error {
		_, err := tx.Exec(`INSERT INTO writer_test (x) VALUES (?)`, x)
		return err
	}
}

// written lists what writer_test holds, in order.
func written(t *testing.T, s *Store) string {
	t.Helper()
	rows, err := s.reader.Query(`SELECT x FROM writer_test ORDER BY x`)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := scanIDs(rows)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(ids, ",")
}

// queueBehind runs first as the writer's next operation and, while it
// holds the writer, queues each of rest in order (each its own caller), so
// that all of them share first's batch. It returns every caller's result.
func queueBehind(t *testing.T, s *Store, first func(hold func()) error, rest ...func() error) []error {
	t.Helper()
	release, started := make(chan struct{}), make(chan struct{})
	results := make([]chan error, 1+len(rest))
	for i := range results {
		results[i] = make(chan error, 1)
	}
	go func() {
		results[0] <- first(func() {
			close(started)
			<-release
		})
	}()
	<-started
	for i, op := range rest {
		go func() { results[i+1] <- op() }()
		deadline := time.Now().Add(10 * time.Second)
		for len(s.ops) < i+1 {
			if time.Now().After(deadline) {
				close(release) // first's batch ends; what was queued runs
				t.Fatalf("operation %d of %d behind the first was not queued for the writer within 10s (%d queued): it would not share the first's batch", i+1, len(rest), len(s.ops))
			}
			time.Sleep(time.Millisecond)
		}
	}
	close(release)
	out := make([]error, len(results))
	for i, r := range results {
		out[i] = <-r
	}
	return out
}

// A transaction's first operation runs without a savepoint. When it fails,
// its writes are rolled back and the operations queued behind it still
// commit, in a new transaction of the same batch.
func TestFirstOperationFailsAlone(t *testing.T) {
	s := openWriterTest(t)
	ctx := context.Background()
	errBad := errors.New("bad operation")
	errs := queueBehind(t, s, func(hold func()) error {
		return s.write(ctx, func(tx *sql.Tx) error {
			if err := insert("a")(tx); err != nil {
				return err
			}
			hold() // b and c queue up meanwhile
			return errBad
		})
	}, func() error { return s.write(ctx, insert("b")) }, func() error { return s.write(ctx, insert("c")) })
	if !errors.Is(errs[0], errBad) {
		t.Fatalf("first operation: %v; want %v", errs[0], errBad)
	}
	for _, err := range errs[1:] {
		if err != nil {
			t.Fatalf("operation queued behind the failed one: %v", err)
		}
	}
	if got := written(t, s); got != "b,c" {
		t.Fatalf("rows = %s; want b,c (a rolled back with its failed operation)", got)
	}
}

// A bare operation runs without a savepoint. When its check fails, nothing
// was written and the transaction goes on; when it fails after that, the
// transaction is rolled back and the operations that ran in it before the
// failure fail with it, while those queued behind it commit in a new one.
func TestBareOperationFailures(t *testing.T) {
	for _, tc := range []struct {
		name      string
		failApply bool
		want      string // rows left
		wantErrs  []bool // a, b, c, d failed
	}{
		{"check fails", false, "a,b,d", []bool{false, false, true, false}},
		{"apply fails", true, "d", []bool{true, true, true, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openWriterTest(t)
			ctx := context.Background()
			errBad := errors.New("bad operation")
			check := func(tx *sql.Tx) error {
				if !tc.failApply {
					return errBad
				}
				return nil
			}
			errs := queueBehind(t, s, func(hold func()) error {
				return s.write(ctx, func(tx *sql.Tx) error {
					if err := insert("a")(tx); err != nil {
						return err
					}
					hold() // b, c and d queue up meanwhile, in this order
					return nil
				})
			},
				func() error { return s.write(ctx, insert("b")) },
				func() error {
					return s.writeBare(ctx, check, func(tx *sql.Tx) error {
						if err := insert("c")(tx); err != nil {
							return err
						}
						return errBad
					})
				},
				func() error { return s.writeBare(ctx, nil, insert("d")) })
			for i, want := range tc.wantErrs {
				err := errs[i]
				if (err != nil) != want {
					t.Errorf("operation %c: error %v; want an error: %v", 'a'+i, err, want)
				}
				if want && !errors.Is(err, errBad) {
					t.Errorf("operation %c: error %v; want it to wrap %v", 'a'+i, err, errBad)
				}
			}
			if got := written(t, s); got != tc.want {
				t.Fatalf("rows = %s; want %s", got, tc.want)
			}
		})
	}
}

// A bare operation whose check fails as the first of its transaction has
// written nothing: the operations queued behind it commit.
func TestBareCheckFailsFirst(t *testing.T) {
	s := openWriterTest(t)
	ctx := context.Background()
	errBad := errors.New("refused")
	errs := queueBehind(t, s, func(hold func()) error {
		return s.writeBare(ctx, func(tx *sql.Tx) error {
			hold() // b and c queue up meanwhile
			return errBad
		}, insert("a"))
	}, func() error { return s.writeBare(ctx, nil, insert("b")) }, func() error { return s.writeBare(ctx, nil, insert("c")) })
	if !errors.Is(errs[0], errBad) {
		t.Fatalf("first operation: %v; want %v", errs[0], errBad)
	}
	for _, err := range errs[1:] {
		if err != nil {
			t.Fatalf("operation queued behind the refused one: %v", err)
		}
	}
	if got := written(t, s); got != "b,c" {
		t.Fatalf("rows = %s; want b,c", got)
	}
}

// While another process holds the database's write lock, a request's
// write answers by its own deadline (the API's 20 s), not when the lock
// ends: it used to wait out the busy timeout of every transaction queued
// before it, one after another. Its write never happens later.
func TestWriteAnswersByItsDeadlineWhileLocked(t *testing.T) {
	s := openWriterTest(t)
	other, err := sql.Open("sqlite", "file:"+s.path+"?_pragma=busy_timeout(100)")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	locked := true
	defer func() {
		if locked {
			conn.ExecContext(context.Background(), `ROLLBACK`)
		}
	}()
	errs := make(chan error, 3)
	start := time.Now()
	for _, x := range []string{"a", "b", "c"} {
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			errs <- s.write(ctx, insert(x))
		}()
	}
	for range 3 {
		if err := <-errs; !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("a write while another process holds the lock: %v", err)
		}
	}
	if took := time.Since(start); took > 6*time.Second {
		t.Errorf("three writes with a 2 s deadline answered after %v", took)
	}
	conn.ExecContext(context.Background(), `ROLLBACK`)
	locked = false
	if err := s.write(context.Background(), insert("d")); err != nil {
		t.Fatalf("a write after the lock: %v", err)
	}
	if got := written(t, s); got != "d" {
		t.Errorf("writer_test holds %q; the writes that answered late must not run", got)
	}
}

// A database file made by any command (accounts create opens it without
// the server's lock) is its owner's only, and so are its -wal and -shm.
func TestNewDatabaseIsOwnerOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "n.db")
	s, err := Open(context.Background(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.write(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.Exec(`CREATE TABLE perm_test (x TEXT)`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if m := fi.Mode().Perm(); m&0o077 != 0 {
			t.Errorf("%s is %v, want no access for group and others", filepath.Base(p), m)
		}
	}
}

// codeError is an error with SQLite's result code, as the driver's are.
type codeError int

func (e codeError) Error() string { return "sqlite error " + strconv.Itoa(int(e)) }
func (e codeError) Code() int     { return int(e) }

// TestUnavailable: a database the server cannot write (locked by another
// process, read-only, a full or failing disk, permissions) is the
// database's fault, a 503; a constraint is the request's.
func TestUnavailable(t *testing.T) {
	var s *Store
	for code, want := range map[int]bool{
		5: true, 6: true, 261: true, // busy, locked, busy_recovery
		8: true, 1032: true, // readonly, readonly_dbmoved
		10: true, 4874: true, // ioerr, ioerr_shmsize
		13: true, 14: true, 3: true, // full, cantopen, perm
		19: false, 2067: false, // constraint, constraint_unique
		1: false, // a plain error (an SQL mistake: a bug)
	} {
		if got := s.Unavailable(fmt.Errorf("commit: %w", codeError(code))); got != want {
			t.Errorf("Unavailable(code %d) = %v, want %v", code, got, want)
		}
	}
}
