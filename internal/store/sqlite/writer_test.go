package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
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
