//go:build linux && amd64

package walvfs

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// open opens path through vfs ("" for SQLite's default) in WAL mode.
func open(t testing.TB, path, vfs string, pragmas ...string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", dsn(path, vfs, pragmas...))
	if err != nil {
		t.Fatalf("open %s through %q: %v", path, vfs, err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Ping(); err != nil {
		t.Fatalf("open %s through %q: %v", path, vfs, err)
	}
	return db
}

func dsn(path, vfs string, pragmas ...string) string {
	q := url.Values{}
	if vfs != "" {
		q.Set("vfs", vfs)
	}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	return "file:" + path + "?" + q.Encode()
}

func mustRegister(t testing.TB) (batch, count string) {
	t.Helper()
	batch, err := Register()
	if err != nil {
		t.Fatal(err)
	}
	count, err = registerCount()
	if err != nil {
		t.Fatal(err)
	}
	return batch, count
}

func exec1(t testing.TB, db interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}, q string, args ...any) {
	t.Helper()
	if _, err := db.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func integrityOK(t testing.TB, db *sql.DB) {
	t.Helper()
	var s string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&s); err != nil {
		t.Fatalf("integrity_check: %v", err)
	}
	if s != "ok" {
		t.Fatalf("integrity_check: %s", s)
	}
}

// blob is n deterministic bytes for seed: rows that differ page by page.
func blob(seed, n int) []byte {
	r := rand.New(rand.NewSource(int64(seed)))
	b := make([]byte, n)
	r.Read(b)
	return b
}

// A transaction of 40 inserts of a page each goes to the WAL in at most
// ceil(bytes/131071) writes through our VFS, and in two writes a frame
// through the default one (counted by the pass-through twin of our VFS).
func TestWritesPerCommit(t *testing.T) {
	batch, count := mustRegister(t)
	for _, vfs := range []string{batch, count} {
		t.Run(vfs, func(t *testing.T) {
			db := open(t, filepath.Join(t.TempDir(), "w.db"), vfs, "synchronous(NORMAL)")
			db.SetMaxOpenConns(1)
			exec1(t, db, "CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)")
			before := ReadStats()
			tx, err := db.Begin()
			if err != nil {
				t.Fatal(err)
			}
			for i := range 40 {
				exec1(t, tx, "INSERT INTO t (v) VALUES (?)", blob(i, 3500))
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			after := ReadStats()
			writes, bytes, commits := after.Writes-before.Writes, after.Bytes-before.Bytes, after.Commits-before.Commits
			frames := bytes / (4096 + 24)
			t.Logf("%s: %d frames (%d bytes) in %d writes, %d commit", vfs, frames, bytes, writes, commits)
			if frames < 40 || commits != 1 {
				t.Fatalf("the transaction wrote %d frames and %d commits, want at least 40 and 1", frames, commits)
			}
			if vfs == batch {
				if most := (bytes + chunk - 1) / chunk; writes > most {
					t.Fatalf("%d writes for %d bytes, want at most %d", writes, bytes, most)
				}
			} else if writes < 2*frames {
				t.Fatalf("the default VFS wrote %d frames in %d writes, want 2 a frame", frames, writes)
			}
			var n int
			if err := db.QueryRow("SELECT count(*) FROM t").Scan(&n); err != nil || n != 40 {
				t.Fatalf("count: %d, %v", n, err)
			}
		})
	}
}

// workload makes the same changes to any database: inserts, updates,
// deletes, a transaction over 128 KiB, one that spills its cache, a
// checkpoint and writes after the WAL restarts.
func workload(t *testing.T, db *sql.DB) {
	ctx := context.Background()
	c, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	exec1(t, c, "CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT, v BLOB)")
	exec1(t, c, "CREATE INDEX t_k ON t (k)")
	tx := func(f func(*sql.Tx)) {
		t.Helper()
		x, err := c.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		f(x)
		if err := x.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 300 {
		exec1(t, c, "INSERT INTO t (k, v) VALUES (?, ?)", fmt.Sprint("k", i%17), blob(i, 100+i*7%900))
	}
	tx(func(x *sql.Tx) { // over 128 KiB
		for i := range 80 {
			exec1(t, x, "INSERT INTO t (k, v) VALUES (?, ?)", "big", blob(1000+i, 3000))
		}
	})
	exec1(t, c, "UPDATE t SET v = ? WHERE id % 3 = 0", blob(7, 500))
	exec1(t, c, "DELETE FROM t WHERE id % 5 = 1")
	exec1(t, c, "PRAGMA cache_size = 5")
	tx(func(x *sql.Tx) { // spills, then commits
		for i := range 120 {
			exec1(t, x, "INSERT INTO t (k, v) VALUES (?, ?)", "spill", blob(2000+i, 2000))
		}
		exec1(t, x, "UPDATE t SET k = 'spilled' WHERE k = 'spill' AND id % 2 = 0")
	})
	x, err := c.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 120 { // spills, then rolls back
		exec1(t, x, "INSERT INTO t (k, v) VALUES (?, ?)", "gone", blob(3000+i, 2000))
	}
	if err := x.Rollback(); err != nil {
		t.Fatal(err)
	}
	exec1(t, c, "PRAGMA cache_size = -2000")
	exec1(t, c, "PRAGMA wal_checkpoint(TRUNCATE)")
	for i := range 50 { // after the WAL restarted
		exec1(t, c, "INSERT INTO t (k, v) VALUES (?, ?)", "after", blob(4000+i, 1500))
	}
	exec1(t, c, "PRAGMA wal_checkpoint(PASSIVE)")
	exec1(t, c, "DELETE FROM t WHERE k = 'k3'")
	tx(func(x *sql.Tx) {
		exec1(t, x, "UPDATE t SET v = zeroblob(4000) WHERE k = 'big' AND id % 2 = 0")
	})
}

func dump(t *testing.T, db *sql.DB) string {
	t.Helper()
	rows, err := db.Query("SELECT id, k, hex(v) FROM t ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var id int
		var k, v string
		if err := rows.Scan(&id, &k, &v); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%d %s %s\n", id, k, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestSameResultAsTheDefaultVFS(t *testing.T) {
	batch, _ := mustRegister(t)
	dir := t.TempDir()
	var dumps []string
	for _, vfs := range []string{"", batch} {
		path := filepath.Join(dir, "d"+vfs+".db")
		db := open(t, path, vfs, "synchronous(NORMAL)")
		workload(t, db)
		integrityOK(t, db)
		db.Close()
		// Read back through the default VFS, from the files alone.
		db = open(t, path, "")
		integrityOK(t, db)
		dumps = append(dumps, dump(t, db))
	}
	if dumps[0] != dumps[1] {
		t.Fatalf("the tables differ: %d bytes through the default VFS, %d through ours", len(dumps[0]), len(dumps[1]))
	}
	if n := strings.Count(dumps[0], "\n"); n < 400 {
		t.Fatalf("the workload left %d rows", n)
	}
}

// The crash child: commits numbered transactions through the VFS until
// killed, printing each number once COMMIT has returned.
const childEnv = "WALVFS_CRASH_CHILD"

func TestMain(m *testing.M) {
	if path := os.Getenv(childEnv); path != "" {
		crashChild(path, os.Getenv("WALVFS_SYNC"))
		return
	}
	if path := os.Getenv(fullChildEnv); path != "" {
		fullChild(path, os.Getenv("WALVFS_FULL_CASE"))
		return
	}
	os.Exit(m.Run())
}

// kind says what transaction n is, the same in child and parent.
type kind int

const (
	small         kind = iota
	big                // over 128 KiB
	spillCommit        // spills its tiny cache, then commits
	spillRollback      // spills, then rolls back
)

func kindOf(n int) (kind, int) {
	r := rand.New(rand.NewSource(int64(n)))
	switch v := r.Intn(10); {
	case v < 4:
		return small, 1 + r.Intn(5)
	case v < 6:
		return big, 40 + r.Intn(40)
	case v < 8:
		return spillCommit, 60 + r.Intn(60)
	default:
		return spillRollback, 60 + r.Intn(60)
	}
}

func crashChild(path, syncMode string) {
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(3)
	}
	if _, err := Register(); err != nil {
		fail(err)
	}
	db, err := sql.Open("sqlite", dsn(path, Name, "synchronous("+syncMode+")"))
	if err != nil {
		fail(err)
	}
	ctx := context.Background()
	c, err := db.Conn(ctx)
	if err != nil {
		fail(err)
	}
	if _, err := c.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS txs (n INTEGER PRIMARY KEY, rows INTEGER);
		CREATE TABLE IF NOT EXISTS r (n INTEGER, seq INTEGER, v BLOB, PRIMARY KEY (n, seq))`); err != nil {
		fail(err)
	}
	var next int
	if err := c.QueryRowContext(ctx, "SELECT coalesce(max(n), 0) + 1 FROM r").Scan(&next); err != nil {
		fail(err)
	}
	out := bufio.NewWriter(os.Stdout)
	fmt.Fprintln(out, "ready", next)
	out.Flush()
	for n := next; ; n++ {
		k, rows := kindOf(n)
		cache := "-2000"
		if k == spillCommit || k == spillRollback {
			cache = "5"
		}
		if _, err := c.ExecContext(ctx, "PRAGMA cache_size = "+cache); err != nil {
			fail(err)
		}
		tx, err := c.BeginTx(ctx, nil)
		if err != nil {
			fail(err)
		}
		size := 200
		if k != small {
			size = 3000
		}
		for i := range rows {
			if _, err := tx.Exec("INSERT INTO r (n, seq, v) VALUES (?, ?, ?)", n, i, blob(n*1000+i, size)); err != nil {
				fail(err)
			}
		}
		if _, err := tx.Exec("INSERT INTO txs (n, rows) VALUES (?, ?)", n, rows); err != nil {
			fail(err)
		}
		if k == spillRollback {
			if err := tx.Rollback(); err != nil {
				fail(err)
			}
			continue
		}
		if err := tx.Commit(); err != nil {
			fail(err)
		}
		fmt.Fprintln(out, n)
		out.Flush()
	}
}

// Killed with SIGKILL at random moments, a process writing through the
// VFS leaves a database that the default VFS opens intact, with every
// acknowledged transaction whole and no part of any other.
func TestCrashRecoveryKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("kills 20 child processes")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	acked := map[int]bool{}
	for round := range 20 {
		syncMode := "NORMAL"
		if round%4 == 3 {
			syncMode = "FULL"
		}
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"="+path, "WALVFS_SYNC="+syncMode)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string)
		go func() {
			defer close(lines)
			s := bufio.NewScanner(stdout)
			for s.Scan() {
				lines <- s.Text()
			}
		}()
		ready := false
		deadline := time.After(time.Minute)
		for !ready {
			select {
			case l, ok := <-lines:
				if !ok {
					cmd.Wait()
					t.Fatalf("round %d: the child ended before it was ready: %s", round, stderr.String())
				}
				ready = strings.HasPrefix(l, "ready")
			case <-deadline:
				cmd.Process.Kill()
				t.Fatalf("round %d: the child was not ready within a minute", round)
			}
		}
		// The kill comes a random 0-200 ms after the child has acknowledged
		// a random 0-7 commits of this round: counted in commits rather
		// than time alone, so a loaded machine (or -race) still makes some.
		target := rng.Intn(8)
		var kill <-chan time.Time
		arm := func() { kill = time.After(time.Duration(rng.Intn(200)) * time.Millisecond) }
		if target == 0 {
			arm()
		}
		giveUp := time.After(2 * time.Minute)
		got := 0
	read:
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					break read
				}
				n, err := strconv.Atoi(l)
				if err != nil {
					t.Fatalf("round %d: child said %q", round, l)
				}
				acked[n] = true
				got++
				if got == target {
					arm()
				}
			case <-giveUp:
				cmd.Process.Kill()
				t.Fatalf("round %d: %d of %d commits in 2 minutes", round, got, target)
			case <-kill:
				if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
					t.Fatal(err)
				}
				kill = nil
			}
		}
		err = cmd.Wait()
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
			t.Fatalf("round %d: the child ended other than by our SIGKILL (%v): %s", round, err, stderr.String())
		}
		checkCrashDB(t, path, acked, round)
		t.Logf("round %d (%s): %d commits acknowledged, %d in all", round, syncMode, got, len(acked))
	}
	if len(acked) < 20 {
		t.Fatalf("only %d transactions were acknowledged in 20 rounds: the kills proved little", len(acked))
	}
}

func checkCrashDB(t *testing.T, path string, acked map[int]bool, round int) {
	t.Helper()
	db, err := sql.Open("sqlite", dsn(path, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	integrityOK(t, db)
	present := map[int]int{}
	rows, err := db.Query("SELECT txs.n, txs.rows, (SELECT count(*) FROM r WHERE r.n = txs.n) FROM txs")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n, want, have int
		if err := rows.Scan(&n, &want, &have); err != nil {
			t.Fatal(err)
		}
		if k, _ := kindOf(n); k == spillRollback {
			t.Fatalf("round %d: rolled-back transaction %d is present", round, n)
		}
		if have != want {
			t.Fatalf("round %d: transaction %d has %d of its %d rows", round, n, have, want)
		}
		present[n] = want
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	for n := range acked {
		if _, ok := present[n]; !ok {
			t.Fatalf("round %d: acknowledged transaction %d is missing", round, n)
		}
	}
	var orphans int
	if err := db.QueryRow("SELECT count(*) FROM r WHERE n NOT IN (SELECT n FROM txs)").Scan(&orphans); err != nil {
		t.Fatal(err)
	}
	if orphans != 0 {
		t.Fatalf("round %d: %d rows of transactions not committed", round, orphans)
	}
	// Every row is what its transaction wrote.
	vr, err := db.Query("SELECT n, seq, v FROM r")
	if err != nil {
		t.Fatal(err)
	}
	defer vr.Close()
	for vr.Next() {
		var n, seq int
		var v []byte
		if err := vr.Scan(&n, &seq, &v); err != nil {
			t.Fatal(err)
		}
		size := 200
		if k, _ := kindOf(n); k != small {
			size = 3000
		}
		if string(v) != string(blob(n*1000+seq, size)) {
			t.Fatalf("round %d: row %d/%d holds other bytes", round, n, seq)
		}
	}
	if err := vr.Err(); err != nil {
		t.Fatal(err)
	}
}

// Connection A spills a transaction (its cache is 5 pages) and rolls it
// back; its frames are still in A's buffer but for the shm hook. B then commits at those
// same WAL offsets. A's stale bytes must not overwrite B's frames when A
// next touches its WAL.
func TestSpillRollbackThenAnotherWriter(t *testing.T) {
	batch, _ := mustRegister(t)
	path := filepath.Join(t.TempDir(), "s.db")
	setup := open(t, path, batch)
	exec1(t, setup, "CREATE TABLE t (id INTEGER PRIMARY KEY, who TEXT, v BLOB)")
	for i := range 20 {
		exec1(t, setup, "INSERT INTO t (who, v) VALUES ('setup', ?)", blob(i, 1000))
	}
	// An empty WAL: A's rollback then reloads its pages from the database
	// file, and A makes no call on its WAL between its rollback and B's
	// commit (with committed frames in the WAL it reads one of them back,
	// which writes its buffer before B starts).
	exec1(t, setup, "PRAGMA wal_checkpoint(TRUNCATE)")
	setup.Close()

	a := open(t, path, batch, "cache_size(5)")
	a.SetMaxOpenConns(1)
	b := open(t, path, batch)
	b.SetMaxOpenConns(1)
	exec1(t, b, "SELECT count(*) FROM t") // B is open, its WAL too

	before := ReadStats()
	tx, err := a.Begin()
	if err != nil {
		t.Fatal(err)
	}
	// Under 128 KiB of frames, so none of them was written for want of
	// room: all sit in A's buffer, from the WAL's first frame on, where B
	// writes next.
	for i := range 25 {
		exec1(t, tx, "INSERT INTO t (who, v) VALUES ('a', ?)", blob(100+i, 3000))
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if s := ReadStats(); s.Bytes-before.Bytes < 25*3000 || s.Commits != before.Commits {
		t.Fatalf("A's transaction did not spill: %d bytes to the WAL, %d commits", s.Bytes-before.Bytes, s.Commits-before.Commits)
	}
	for i := range 30 {
		exec1(t, b, "INSERT INTO t (who, v) VALUES ('b', ?)", blob(200+i, 3000))
	}
	var n int
	if err := a.QueryRow("SELECT count(*) FROM t").Scan(&n); err != nil {
		t.Fatal(err)
	}
	exec1(t, a, "INSERT INTO t (who, v) VALUES ('a2', ?)", blob(300, 3000))
	a.Close()
	b.Close()

	db := open(t, path, "")
	integrityOK(t, db)
	rows, err := db.Query("SELECT who, v FROM t WHERE who = 'b' ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	i := 0
	for rows.Next() {
		var who string
		var v []byte
		if err := rows.Scan(&who, &v); err != nil {
			t.Fatal(err)
		}
		if string(v) != string(blob(200+i, 3000)) {
			t.Fatalf("B's row %d holds other bytes", i)
		}
		i++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if i != 30 {
		t.Fatalf("%d of B's 30 rows are left", i)
	}
}

// Readers on their own connections see only whole transactions while one
// writer commits through the VFS and a checkpointer runs (run with -race).
func TestConcurrentReadersAndCheckpointer(t *testing.T) {
	batch, _ := mustRegister(t)
	path := filepath.Join(t.TempDir(), "c.db")
	w := open(t, path, batch, "synchronous(NORMAL)", "wal_autocheckpoint(0)")
	w.SetMaxOpenConns(1)
	exec1(t, w, "CREATE TABLE txs (n INTEGER PRIMARY KEY, rows INTEGER)")
	exec1(t, w, "CREATE TABLE r (n INTEGER, seq INTEGER, v BLOB)")
	r := open(t, path, batch, "query_only(1)")
	r.SetMaxOpenConns(4)
	ck := open(t, path, batch, "wal_autocheckpoint(0)")
	ck.SetMaxOpenConns(1)

	var done atomic.Bool
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	var reads atomic.Int64
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !done.Load() {
				var want, have int
				err := r.QueryRow("SELECT coalesce(sum(rows), 0), (SELECT count(*) FROM r) FROM txs").Scan(&want, &have)
				if err != nil {
					errs <- err
					return
				}
				if want != have {
					errs <- fmt.Errorf("a reader saw %d rows where the committed transactions have %d", have, want)
					return
				}
				reads.Add(1)
			}
		}()
	}
	var checkpoints atomic.Int64
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !done.Load() {
			if _, err := ck.Exec("PRAGMA wal_checkpoint(PASSIVE)"); err != nil {
				errs <- err
				return
			}
			checkpoints.Add(1)
			time.Sleep(5 * time.Millisecond)
		}
	}()
	for n := 1; n <= 150; n++ {
		rows := 1 + n%7
		size := 300
		if n%10 == 0 {
			rows, size = 50, 3000 // over 128 KiB
		}
		tx, err := w.Begin()
		if err != nil {
			t.Fatal(err)
		}
		for i := range rows {
			exec1(t, tx, "INSERT INTO r (n, seq, v) VALUES (?, ?, ?)", n, i, blob(n*100+i, size))
		}
		exec1(t, tx, "INSERT INTO txs (n, rows) VALUES (?, ?)", n, rows)
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
		if n%50 == 0 {
			exec1(t, w, "PRAGMA wal_checkpoint(TRUNCATE)") // the WAL restarts
		}
	}
	done.Store(true)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	t.Logf("%d reads, %d checkpoints", reads.Load(), checkpoints.Load())
	integrityOK(t, w)
}

// BenchmarkCommit commits transactions of 40 page-sized inserts through
// SQLite's default VFS and through ours. Run it beside
// `strace -f -c -e trace=pwrite64` to count the system calls.
func BenchmarkCommit(b *testing.B) {
	batch, _ := mustRegister(b)
	for _, vfs := range []string{"", batch} {
		name := vfs
		if name == "" {
			name = "default"
		}
		b.Run(name, func(b *testing.B) {
			db := open(b, filepath.Join(b.TempDir(), "b.db"), vfs, "synchronous(NORMAL)")
			db.SetMaxOpenConns(1)
			exec1(b, db, "CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)")
			v := blob(1, 3500)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				tx, err := db.Begin()
				if err != nil {
					b.Fatal(err)
				}
				for range 40 {
					exec1(b, tx, "INSERT INTO t (v) VALUES (?)", v)
				}
				if err := tx.Commit(); err != nil {
					b.Fatal(err)
				}
				if i%100 == 99 {
					exec1(b, db, "PRAGMA wal_checkpoint(TRUNCATE)")
				}
			}
		})
	}
}

// The full-disk child: a child process, because RLIMIT_FSIZE is the whole
// process's. It runs one case of fullCases on the database at its path
// (made by the parent, with an empty WAL), printing what it saw, then
// "done", and exits without closing its connections: the parent reads
// the WAL they left, as the next process after a crash would.
const fullChildEnv = "WALVFS_FULL_CHILD"

// fullCases are the cases the full-disk child runs.
var fullCases = map[string]func(path string, say func(string, ...any)) error{
	"inline":   fullInline,
	"deferred": fullDeferred,
}

func fullChild(path, name string) {
	say := func(format string, args ...any) { fmt.Printf(format+"\n", args...) }
	f := fullCases[name]
	if f == nil {
		fmt.Fprintf(os.Stderr, "child: no case %q\n", name)
		os.Exit(3)
	}
	if _, err := Register(); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(3)
	}
	if err := f(path, say); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		os.Exit(3)
	}
	if n, m := sticky.Load(), buffered.Load(); n != 0 || m != 0 {
		fmt.Fprintf(os.Stderr, "child: %d sticky errors and %d buffers left at the end\n", n, m)
		os.Exit(3)
	}
	say("done")
	os.Exit(0)
}

// setFileLimit sets the soft RLIMIT_FSIZE: no write of the process may
// reach past limit bytes of a file (Go ignores SIGXFSZ, so such a write
// fails with EFBIG, or writes short up to the limit).
func setFileLimit(limit uint64) error {
	var r syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &r); err != nil {
		return fmt.Errorf("getrlimit: %w", err)
	}
	r.Cur = limit
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &r); err != nil {
		return fmt.Errorf("setrlimit RLIMIT_FSIZE %d: %w", limit, err)
	}
	return nil
}

// noFileLimit lifts the soft RLIMIT_FSIZE back to the hard limit.
func noFileLimit() error {
	var r syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &r); err != nil {
		return fmt.Errorf("getrlimit: %w", err)
	}
	return setFileLimit(r.Max)
}

func walSize(path string) (int64, error) {
	fi, err := os.Stat(path + "-wal")
	if err != nil {
		return 0, fmt.Errorf("stat the WAL: %w", err)
	}
	return fi.Size(), nil
}

// childConn opens one connection to path through the VFS.
func childConn(path string, pragmas ...string) (*sql.Conn, error) {
	db, err := sql.Open("sqlite", dsn(path, Name, append([]string{"synchronous(NORMAL)"}, pragmas...)...))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	c, err := db.Conn(context.Background())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return c, nil
}

// insertRows inserts rows of size bytes by who, numbered from 0, each
// the blob of its seed base+i.
func insertRows(c *sql.Conn, who string, base, rows, size int) error {
	for i := range rows {
		if _, err := c.ExecContext(context.Background(), "INSERT INTO t (who, seq, v) VALUES (?, ?, ?)", who, i, blob(base+i, size)); err != nil {
			return fmt.Errorf("insert %s row %d: %w", who, i, err)
		}
	}
	return nil
}

// countWho counts the rows of who that c sees.
func countWho(c *sql.Conn, who string) (int, error) {
	var n int
	if err := c.QueryRowContext(context.Background(), "SELECT count(*) FROM t WHERE who = ?", who).Scan(&n); err != nil {
		return 0, fmt.Errorf("count %s's rows: %w", who, err)
	}
	return n, nil
}

// commitFails runs COMMIT on c, which must fail, then ROLLBACK: SQLite
// rolls a transaction back by itself after a write error (SQLITE_FULL,
// SQLITE_IOERR), and then ROLLBACK finds none to roll back.
func commitFails(c *sql.Conn, say func(string, ...any)) error {
	ctx := context.Background()
	_, err := c.ExecContext(ctx, "COMMIT")
	if err == nil {
		return errors.New("COMMIT succeeded")
	}
	say("COMMIT failed: %v", err)
	if _, err := c.ExecContext(ctx, "ROLLBACK"); err != nil {
		if !strings.Contains(err.Error(), "no transaction is active") {
			return fmt.Errorf("ROLLBACK after the failed COMMIT: %w", err)
		}
		say("ROLLBACK: SQLite had rolled back already (%v)", err)
	}
	return nil
}

// commitSmall commits 5 small rows of who on c and checks c sees them.
func commitSmall(c *sql.Conn, who string, base int) error {
	ctx := context.Background()
	if _, err := c.ExecContext(ctx, "BEGIN"); err != nil {
		return fmt.Errorf("BEGIN of %s: %w", who, err)
	}
	if err := insertRows(c, who, base, 5, 200); err != nil {
		return err
	}
	if _, err := c.ExecContext(ctx, "COMMIT"); err != nil {
		return fmt.Errorf("COMMIT of %s: %w", who, err)
	}
	if n, err := countWho(c, who); err != nil || n != 5 {
		return fmt.Errorf("after its COMMIT, %d of %s's 5 rows are seen (%v)", n, who, err)
	}
	return nil
}

// fullInline: the WAL may not grow past 200,000 bytes, and a transaction
// of about 330 KB commits. Its second chunk write fails inside COMMIT.
// The same connection then commits a small transaction, under the limit
// still: a failed write ends the transaction, not the writer.
func fullInline(path string, say func(string, ...any)) error {
	ctx := context.Background()
	a, err := childConn(path)
	if err != nil {
		return err
	}
	const limit = 200000
	if err := setFileLimit(limit); err != nil {
		return err
	}
	if _, err := a.ExecContext(ctx, "BEGIN"); err != nil {
		return fmt.Errorf("BEGIN: %w", err)
	}
	if err := insertRows(a, "big", 1000, 110, 3000); err != nil {
		return err
	}
	if err := commitFails(a, say); err != nil {
		return err
	}
	if size, err := walSize(path); err != nil || size != limit {
		return fmt.Errorf("the WAL is %d bytes after the failed COMMIT, want the limit, %d (%v)", size, limit, err)
	}
	if n, err := countWho(a, "big"); err != nil || n != 0 {
		return fmt.Errorf("%d rows of the failed transaction are seen (%v)", n, err)
	}
	if err := commitSmall(a, "small", 2000); err != nil {
		return err
	}
	say("the small transaction committed")
	return nil
}

// fullDeferred: connection A, whose cache is 5 pages, spills a
// transaction's frames into its buffer; the WAL on disk may then grow to
// 16 KiB only, and B's read, through the shm hook, writes A's buffer,
// which fails. The limit is lifted before A commits, as a full disk that
// has room again: with the failure forgotten, A's COMMIT would write its
// last frames after a hole where the spilled ones should be, and succeed.
// It must fail. A then commits a small transaction.
func fullDeferred(path string, say func(string, ...any)) error {
	ctx := context.Background()
	a, err := childConn(path, "cache_size(5)")
	if err != nil {
		return err
	}
	b, err := childConn(path)
	if err != nil {
		return err
	}
	if n, err := countWho(b, "setup"); err != nil || n != 20 {
		return fmt.Errorf("B sees %d setup rows (%v)", n, err)
	}
	before := ReadStats()
	if _, err := a.ExecContext(ctx, "BEGIN"); err != nil {
		return fmt.Errorf("BEGIN: %w", err)
	}
	// Under 128 KiB of frames, so no chunk write: every spilled frame
	// is in A's buffer.
	if err := insertRows(a, "spilled", 3000, 25, 3000); err != nil {
		return err
	}
	spilled := ReadStats().Bytes - before.Bytes
	size, err := walSize(path)
	if err != nil {
		return err
	}
	say("A's transaction wrote %d bytes to the WAL, %d on disk", spilled, size)
	const limit = 16384
	if spilled < 25*3000 || size >= limit {
		return fmt.Errorf("A's spilled frames are not in its buffer: %d bytes written to the WAL, %d on disk", spilled, size)
	}
	if err := setFileLimit(limit); err != nil {
		return err
	}
	if n, err := countWho(b, "setup"); err != nil || n != 20 {
		return fmt.Errorf("B's read: %d setup rows (%v)", n, err)
	}
	size, err = walSize(path)
	if err != nil {
		return err
	}
	if err := noFileLimit(); err != nil {
		return err
	}
	if size != limit {
		return fmt.Errorf("B's read left the WAL at %d bytes: A's buffer was not written up to the limit, %d", size, limit)
	}
	say("B's read wrote A's buffer up to the limit, %d bytes", size)
	if err := commitFails(a, say); err != nil {
		return err
	}
	if n, err := countWho(b, "spilled"); err != nil || n != 0 {
		return fmt.Errorf("B sees %d rows of A's failed transaction (%v)", n, err)
	}
	if err := commitSmall(a, "small", 2000); err != nil {
		return err
	}
	if n, err := countWho(b, "small"); err != nil || n != 5 {
		return fmt.Errorf("B sees %d of A's 5 small rows (%v)", n, err)
	}
	say("A committed the small transaction")
	return nil
}

// A write of the WAL that fails for want of room (RLIMIT_FSIZE in a child
// process) fails the transaction whose frames it held, at COMMIT at the
// latest, and only it: the connection then commits a transaction that
// fits, and the files hold exactly the committed rows. "inline": the
// write fails inside COMMIT; "deferred": the write of A's spilled frames
// is another connection's, from the shm hook, and fails there, kept as
// A's WAL's sticky error until A's transaction is over.
func TestWriteFailsForWantOfRoom(t *testing.T) {
	mustRegister(t)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"inline", "deferred"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "f.db")
			setup := open(t, path, "")
			exec1(t, setup, "CREATE TABLE t (id INTEGER PRIMARY KEY, who TEXT, seq INTEGER, v BLOB)")
			for i := range 20 {
				exec1(t, setup, "INSERT INTO t (who, seq, v) VALUES ('setup', ?, ?)", i, blob(i, 200))
			}
			exec1(t, setup, "PRAGMA wal_checkpoint(TRUNCATE)")
			setup.Close()

			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, exe, "-test.run=^$")
			cmd.Env = append(os.Environ(), fullChildEnv+"="+path, "WALVFS_FULL_CASE="+name)
			var stdout, stderr strings.Builder
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			for _, l := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
				t.Logf("child: %s", l)
			}
			if err != nil || !strings.HasSuffix(stdout.String(), "done\n") {
				t.Fatalf("the child failed (%v): %s", err, stderr.String())
			}

			db := open(t, path, "")
			integrityOK(t, db)
			rows, err := db.Query("SELECT who, seq, v FROM t ORDER BY id")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var got []string
			for rows.Next() {
				var who string
				var seq int
				var v []byte
				if err := rows.Scan(&who, &seq, &v); err != nil {
					t.Fatal(err)
				}
				got = append(got, fmt.Sprint(who, seq))
				base := map[string]int{"setup": 0, "small": 2000}[who]
				if string(v) != string(blob(base+seq, 200)) {
					t.Fatalf("row %s %d holds other bytes", who, seq)
				}
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			var want []string
			for i := range 20 {
				want = append(want, fmt.Sprint("setup", i))
			}
			for i := range 5 {
				want = append(want, fmt.Sprint("small", i))
			}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Fatalf("the database holds %v, want the 20 setup rows and the 5 small ones", got)
			}
		})
	}
}
