package sqlite_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/store/sqlite"
	"github.com/esahayak/esahayak/internal/store/storetest"
)

func open(t *testing.T) store.Store {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestConformance(t *testing.T) { storetest.Run(t, open) }

// migrated makes a database file at name in t's temporary directory,
// migrated by Open and closed again, and opens it raw, closed with the
// test: for writing there what another release would have left.
func migrated(t *testing.T, name string) (path string, db *sql.DB) {
	t.Helper()
	path = filepath.Join(t.TempDir(), name)
	s, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	return path, rawDB(t, path)
}

// rawDB opens the database file at path without the store, closed with
// the test: for reading or writing what the store keeps there.
func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// fileStore opens a new store on a file in t's temporary directory and
// returns it with the file's path, for a test that closes, reopens or
// reads the file raw; the test closes it.
func fileStore(t *testing.T) (*sqlite.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	s, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s, path
}

// accountWithEndpoint makes an account and an enabled endpoint of it
// (every event type, one secret), created at at.
func accountWithEndpoint(t *testing.T, s store.Store, at time.Time) (account string, e store.Endpoint) {
	t.Helper()
	ctx := context.Background()
	account = ids.New(ids.Account)
	if err := s.CreateAccount(ctx, store.Account{ID: account, Name: "test", CreatedAt: at}); err != nil {
		t.Fatal(err)
	}
	e = store.Endpoint{ID: ids.New(ids.Endpoint), AccountID: account, URL: "https://example.test/hook", Events: order.EventTypes,
		Status: store.EndpointEnabled, Secret: "whsec_dGVzdHNlY3JldA", CreatedAt: at, UpdatedAt: at}
	if err := s.CreateEndpoint(ctx, e, 0); err != nil {
		t.Fatal(err)
	}
	return account, e
}

// attemptIDs lists the ids of the attempts in db, in order.
func attemptIDs(t *testing.T, db *sql.DB) []string {
	t.Helper()
	rows, err := db.Query(`SELECT id FROM attempts ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		out = append(out, id)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestReopenKeepsData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "re.db")
	s, err := sqlite.Open(context.Background(), path, sqlite.Options{Synchronous: "FULL"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateAccount(context.Background(), store.Account{ID: "acct_x", Name: "n"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, _ := s.CountAccounts(context.Background()); n != 1 {
		t.Fatalf("accounts after reopen = %d", n)
	}
}

// TestOpenRefusesWhatIsNotAFilePath: ":memory:" opened an empty database
// per pooled connection (the first start failed with "no such table")
// and left files named ":memory:" and ":memory:.lock"; a file: URI was
// taken as a file name. Both are refused, and nothing is created.
func TestOpenRefusesWhatIsNotAFilePath(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, path := range []string{":memory:", "file:x.db?mode=ro", "file:" + filepath.Join(dir, "y.db")} {
		s, err := sqlite.Open(context.Background(), path, sqlite.Options{Server: true})
		if err == nil {
			s.Close()
		}
		if err == nil || !strings.Contains(err.Error(), "not a file path") {
			t.Errorf("Open(%q): %v; want a refusal", path, err)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*")); len(left) > 0 {
		t.Errorf("files left behind: %q", left)
	}
}

// TestOpenSaysWhyTheFileCannotBeMade: a path in a directory that exists
// but takes no new file was refused as "the directory of … does not
// exist": under /proc the system answers a new file with "no such file
// or directory". The refusal says the file cannot be created there; a
// directory that is missing is still named as missing.
func TestOpenSaysWhyTheFileCannotBeMade(t *testing.T) {
	// Root writes in a directory without write permission; /proc/self
	// makes no files for anyone.
	dir := "/proc/self"
	if os.Geteuid() != 0 {
		dir = t.TempDir()
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(dir, 0o700) })
	} else if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		t.Skipf("no %s here: %v", dir, err)
	}
	path := filepath.Join(dir, "esahayak.db")
	for _, server := range []bool{false, true} {
		s, err := sqlite.Open(context.Background(), path, sqlite.Options{Server: server})
		if err == nil {
			s.Close()
			t.Fatalf("Open(%q, server %v) succeeded", path, server)
		}
		if !strings.Contains(err.Error(), "cannot create "+path) || strings.Contains(err.Error(), "does not exist") {
			t.Errorf("Open(%q, server %v): %v; want it to say the file cannot be created there, not that the directory does not exist", path, server, err)
		}
	}
	// Missing, also where the path climbs out of it again ("nosuch/..").
	base := t.TempDir()
	for _, missing := range []string{filepath.Join(base, "nosuch", "esahayak.db"), base + "/nosuch/../esahayak.db"} {
		if _, err := sqlite.Open(context.Background(), missing, sqlite.Options{}); err == nil || !strings.Contains(err.Error(), "the directory of "+missing+" does not exist") {
			t.Errorf("Open(%q): %v; want the missing directory named", missing, err)
		}
	}
}

// TestPathWithLeadingSlashes: "//tmp/x.db" (as in --db sqlite:////tmp/x.db)
// is /tmp/x.db to the system; in SQLite's file: URI it named a host, and
// Open failed with "invalid uri authority", leaving an empty file.
func TestPathWithLeadingSlashes(t *testing.T) {
	dir := t.TempDir()
	s, err := sqlite.Open(context.Background(), "/"+filepath.Join(dir, "x.db"), sqlite.Options{})
	if err != nil {
		t.Fatalf("Open(//…): %v", err)
	}
	s.Close()
	if fi, err := os.Stat(filepath.Join(dir, "x.db")); err != nil || fi.Size() == 0 {
		t.Fatalf("the database at the path: %v", err)
	}
}

func TestRejectsBadSynchronous(t *testing.T) {
	if _, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "x.db"), sqlite.Options{Synchronous: "sometimes"}); err == nil {
		t.Fatal("accepted synchronous=sometimes")
	}
}

// TestNewerSchemaIsRefused: a database a later release has migrated is
// refused at Open, not run by a binary that does not know its rows.
func TestNewerSchemaIsRefused(t *testing.T) {
	path, db := migrated(t, "newer.db")
	if _, err := db.Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (9999, 0)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, server := range []bool{false, true} { // accounts/users, serve
		_, err = sqlite.Open(context.Background(), path, sqlite.Options{Server: server})
		if !errors.Is(err, store.ErrSchemaNewer) || !strings.Contains(err.Error(), "9999") {
			t.Fatalf("opening a database migrated by a later release (server %v): %v; want ErrSchemaNewer naming 9999", server, err)
		}
	}
	// The refusing binary wrote nothing: the file is as the later release
	// left it, and no -wal holds a write of its.
	if after, err := os.ReadFile(path); err != nil || !bytes.Equal(after, before) {
		t.Errorf("the refused database changed (%v)", err)
	}
	if _, err := os.Stat(path + "-wal"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a refused open left %s-wal (%v)", filepath.Base(path), err)
	}
}

// TestPruneSweepsOrphanedAttempts: attempts left without their delivery by
// earlier versions (which pruned attempts apart from their events) are
// removed by Prune, a page per call, once old enough; a young one stays.
func TestPruneSweepsOrphanedAttempts(t *testing.T) {
	path, db := migrated(t, "orphans.db")
	old := time.Now().Add(-48 * time.Hour)
	number := 0
	insert := func(id string) {
		t.Helper()
		number++
		if _, err := db.Exec(`INSERT INTO attempts (id, delivery_id, account_id, endpoint_id, event_id, number, started_at, duration_us,
			request_headers, response_status, response_headers, response_body, error, error_kind, succeeded)
			VALUES (?, 'dlv_gone', 'acct_x', 'we_x', 'evt_x', ?, 0, 0, '{}', 200, '{}', '', '', '', 1)`, id, number); err != nil {
			t.Fatal(err)
		}
	}
	// Ids from two days ago: the id generator never goes back in time
	// (ids.NewAt after a newer id is newer), so they are made from the
	// lowest id of that moment.
	for i := range 7 {
		insert(fmt.Sprintf("%s%02d", ids.Floor(ids.Attempt, old), i))
	}
	young := ids.New(ids.Attempt)
	insert(young)
	s, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for range 4 { // pages of 3
		if _, err := s.Prune(context.Background(), time.Now().Add(-time.Hour), 3); err != nil {
			t.Fatal(err)
		}
	}
	if left := attemptIDs(t, db); len(left) != 1 || left[0] != young {
		t.Fatalf("attempts left after pruning: %v; want only the young orphan %s", left, young)
	}
}

// TestMigrationKeepsOneAttemptPerNumber: a database written before
// attempt numbers were unique may hold two attempts of one number (a late
// success beside the other sender's attempt); the migration keeps the
// succeeded one, else the first, and then the index holds.
func TestMigrationKeepsOneAttemptPerNumber(t *testing.T) {
	path, db := migrated(t, "dups.db")
	insert := `INSERT INTO attempts (id, delivery_id, account_id, endpoint_id, event_id, number, started_at, duration_us,
		request_headers, response_status, response_headers, response_body, error, error_kind, succeeded)
		VALUES (?, ?, 'acct_x', 'we_x', 'evt_x', ?, 0, 0, '{}', 200, '{}', '', '', '', ?)`
	for _, q := range []string{
		`DELETE FROM schema_migrations WHERE version = 9`,
		`DROP INDEX attempts_delivery`,
		`CREATE INDEX attempts_delivery ON attempts(delivery_id, number)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range []struct {
		id, delivery string
		number, ok   int
	}{{"att_1", "dlv_a", 1, 0}, {"att_2", "dlv_a", 1, 1}, {"att_3", "dlv_a", 2, 0}, {"att_4", "dlv_b", 1, 1}, {"att_5", "dlv_b", 1, 1}, {"att_6", "dlv_c", 1, 0}, {"att_7", "dlv_c", 1, 0}} {
		if _, err := db.Exec(insert, a.id, a.delivery, a.number, a.ok); err != nil {
			t.Fatal(err)
		}
	}
	s, err := sqlite.Open(context.Background(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got, want := strings.Join(attemptIDs(t, db), ","), "att_2,att_3,att_4,att_6"; got != want {
		t.Fatalf("attempts after the migration: %s; want %s", got, want)
	}
	if _, err := db.Exec(insert, "att_8", "dlv_a", 2, 1); err == nil {
		t.Fatal("a second attempt #2 of dlv_a was accepted after the migration")
	}
}

// TestConcurrentOpenMigratesOnce: commands started together on one file
// (a serve and an `accounts create`, two `users create` of a script) each
// migrate it; every one comes up, and each migration is applied once.
// Before, each read "not applied" before taking the write lock, and the
// later ones then ran the migration again: "table accounts already exists".
// And one in eight of them failed "database is locked (5)" at its first
// connection, whose journal_mode(WAL) SQLite refuses at once, without the
// busy handler, when waiting could deadlock (CI found it; 20 rounds failed
// 26 runs of 30 before whileBusy).
func TestConcurrentOpenMigratesOnce(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("migrations", "*.sql"))
	if err != nil {
		t.Fatal(err)
	}
	for round := range 20 { // the races are not lost every time
		path := filepath.Join(t.TempDir(), fmt.Sprintf("together%d.db", round))
		const n = 6
		errs := make(chan error, n)
		start := make(chan struct{})
		for range n {
			go func() {
				<-start
				s, err := sqlite.Open(context.Background(), path, sqlite.Options{})
				if err == nil {
					err = s.Close()
				}
				errs <- err
			}()
		}
		close(start)
		for range n {
			if err := <-errs; err != nil {
				t.Errorf("an open started together with others: %v", err)
			}
		}
		var rows, distinct int
		if err := rawDB(t, path).QueryRow(`SELECT count(*), count(DISTINCT version) FROM schema_migrations`).Scan(&rows, &distinct); err != nil {
			t.Fatal(err)
		}
		if rows != len(files) || distinct != len(files) {
			t.Fatalf("schema_migrations has %d rows (%d versions), want one per migration (%d)", rows, distinct, len(files))
		}
		if t.Failed() {
			return
		}
	}
}

// TestStartWarnsWhenOthersCanRead: releases before 6e72d0e created the
// database 0644, and an upgrade keeps the file's mode, so every local user
// could still read endpoints' secrets with nothing said. A server's start
// now warns and says what to run; a mode that keeps others out (0600, an
// operator's 0640) is kept as it is and says nothing.
func TestStartWarnsWhenOthersCanRead(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix permission bits")
	}
	for _, tc := range []struct {
		mode os.FileMode
		warn bool
	}{{0o644, true}, {0o604, true}, {0o640, false}, {0o600, false}} {
		t.Run(tc.mode.String(), func(t *testing.T) {
			path, db := migrated(t, "old.db")
			db.Close()
			if err := os.Chmod(path, tc.mode); err != nil {
				t.Fatal(err)
			}
			var logs bytes.Buffer
			s, err := sqlite.Open(context.Background(), path, sqlite.Options{Server: true, Log: slog.New(slog.NewTextHandler(&logs, nil))})
			if err != nil {
				t.Fatal(err)
			}
			s.Close()
			warned := strings.Contains(logs.String(), "every user of this machine can read the database file") &&
				strings.Contains(logs.String(), "chmod o-rwx "+path+" "+path+"-wal "+path+"-shm")
			if warned != tc.warn {
				t.Errorf("a start on a %v database: warned %v, want %v; logs:\n%s", tc.mode, warned, tc.warn, logs.String())
			}
			if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != tc.mode {
				t.Errorf("after the start the database is %v (%v), want the operator's %v kept", fi.Mode().Perm(), err, tc.mode)
			}
		})
	}
}
