package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// A transaction's first operation runs without a savepoint. When it fails,
// its writes are rolled back and the operations queued behind it still
// commit, in a new transaction of the same batch.
func TestFirstOperationFailsAlone(t *testing.T) {
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "w.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`CREATE TABLE writer_test (x TEXT PRIMARY KEY)`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	insert := func(x string) func(tx *sql.Tx) error {
		return func(tx *sql.Tx) error {
			_, err := tx.Exec(`INSERT INTO writer_test (x) VALUES (?)`, x)
			return err
		}
	}
	errBad := errors.New("bad operation")
	release := make(chan struct{})
	started := make(chan struct{})
	failed := make(chan error, 1)
	go func() {
		failed <- s.write(ctx, func(tx *sql.Tx) error {
			if err := insert("a")(tx); err != nil {
				return err
			}
			close(started)
			<-release // b and c queue up meanwhile
			return errBad
		})
	}()
	<-started
	results := make(chan error, 2)
	for _, x := range []string{"b", "c"} {
		go func() { results <- s.write(ctx, insert(x)) }()
	}
	for len(s.ops) < 2 {
		time.Sleep(time.Millisecond)
	}
	close(release)
	if err := <-failed; !errors.Is(err, errBad) {
		t.Fatalf("first operation: %v; want %v", err, errBad)
	}
	for range 2 {
		if err := <-results; err != nil {
			t.Fatalf("operation queued behind the failed one: %v", err)
		}
	}
	var got []string
	rows, err := s.reader.Query(`SELECT x FROM writer_test ORDER BY x`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var x string
		rows.Scan(&x)
		got = append(got, x)
	}
	rows.Close()
	if len(got) != 2 || got[0] != "b" || got[1] != "c" {
		t.Fatalf("rows = %v; want [b c] (a rolled back with its failed operation)", got)
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
		want      []string // rows left
		wantErrs  []bool   // a, b, c, d failed
	}{
		{"check fails", false, []string{"a", "b", "d"}, []bool{false, false, true, false}},
		{"apply fails", true, []string{"d"}, []bool{true, true, true, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Open(context.Background(), filepath.Join(t.TempDir(), "w.db"), Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			ctx := context.Background()
			if err := s.write(ctx, func(tx *sql.Tx) error {
				_, err := tx.Exec(`CREATE TABLE writer_test (x TEXT PRIMARY KEY)`)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			insert := func(x string) func(tx *sql.Tx) error {
				return func(tx *sql.Tx) error {
					_, err := tx.Exec(`INSERT INTO writer_test (x) VALUES (?)`, x)
					return err
				}
			}
			errBad := errors.New("bad operation")
			release, started := make(chan struct{}), make(chan struct{})
			results := make([]chan error, 4)
			for i := range results {
				results[i] = make(chan error, 1)
			}
			go func() {
				results[0] <- s.write(ctx, func(tx *sql.Tx) error {
					if err := insert("a")(tx); err != nil {
						return err
					}
					close(started)
					<-release // b, c and d queue up meanwhile, in this order
					return nil
				})
			}()
			<-started
			queue := func(i int, op func() error) {
				go func() { results[i] <- op() }()
				for len(s.ops) < i {
					time.Sleep(time.Millisecond)
				}
			}
			queue(1, func() error { return s.write(ctx, insert("b")) })
			queue(2, func() error {
				check := func(tx *sql.Tx) error {
					if !tc.failApply {
						return errBad
					}
					return nil
				}
				return s.writeBare(ctx, check, func(tx *sql.Tx) error {
					if err := insert("c")(tx); err != nil {
						return err
					}
					return errBad
				})
			})
			queue(3, func() error { return s.writeBare(ctx, nil, insert("d")) })
			close(release)
			for i, want := range tc.wantErrs {
				err := <-results[i]
				if (err != nil) != want {
					t.Errorf("operation %c: error %v; want an error: %v", 'a'+i, err, want)
				}
				if want && !errors.Is(err, errBad) {
					t.Errorf("operation %c: error %v; want it to wrap %v", 'a'+i, err, errBad)
				}
			}
			var got []string
			rows, err := s.reader.Query(`SELECT x FROM writer_test ORDER BY x`)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var x string
				rows.Scan(&x)
				got = append(got, x)
			}
			rows.Close()
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Fatalf("rows = %v; want %v", got, tc.want)
			}
		})
	}
}

// A bare operation whose check fails as the first of its transaction has
// written nothing: the operations queued behind it commit.
func TestBareCheckFailsFirst(t *testing.T) {
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "w.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.Exec(`CREATE TABLE writer_test (x TEXT PRIMARY KEY)`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	insert := func(x string) func(tx *sql.Tx) error {
		return func(tx *sql.Tx) error {
			_, err := tx.Exec(`INSERT INTO writer_test (x) VALUES (?)`, x)
			return err
		}
	}
	errBad := errors.New("refused")
	release, started := make(chan struct{}), make(chan struct{})
	failed := make(chan error, 1)
	go func() {
		failed <- s.writeBare(ctx, func(tx *sql.Tx) error {
			close(started)
			<-release // b and c queue up meanwhile
			return errBad
		}, insert("a"))
	}()
	<-started
	results := make(chan error, 2)
	for _, x := range []string{"b", "c"} {
		go func() { results <- s.writeBare(ctx, nil, insert(x)) }()
	}
	for len(s.ops) < 2 {
		time.Sleep(time.Millisecond)
	}
	close(release)
	if err := <-failed; !errors.Is(err, errBad) {
		t.Fatalf("first operation: %v; want %v", err, errBad)
	}
	for range 2 {
		if err := <-results; err != nil {
			t.Fatalf("operation queued behind the refused one: %v", err)
		}
	}
	var n int
	if err := s.reader.QueryRow(`SELECT COUNT(*) FROM writer_test WHERE x IN ('b', 'c')`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Fatalf("%d of b and c written; want both", n)
	}
}
