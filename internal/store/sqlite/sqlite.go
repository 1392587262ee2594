// Package sqlite is the embedded store driver, the default: one file, no
// server. SQLite allows one writer at a time, so every write goes through a
// single writer goroutine that commits many callers' operations in one
// transaction (group commit): with WAL, a commit costs about the same for one
// row as for a thousand, so batching is what makes durable writes cheap.
// Reads use a separate pool of read-only connections and never wait for the
// writer.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/store/sqlite/walvfs"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Options tune the driver.
type Options struct {
	// Log receives the migrations applied at Open, the error that the
	// database file was deleted or replaced under the store (once), and,
	// with Server, the warnings that the previous server stopped uncleanly
	// and its -wal is missing and that every local user can read the
	// database file (nil: none).
	Log *slog.Logger
	// Synchronous is SQLite's synchronous pragma: "NORMAL" (default: a process
	// crash loses nothing, a power cut may lose the last commits) or "FULL".
	Synchronous string
	// MaxBatch caps the operations committed in one transaction.
	MaxBatch int
	// GatherDelay is how long the writer waits for more operations before
	// committing a small batch under load.
	GatherDelay time.Duration
	// ReadConns is the size of the read pool.
	ReadConns int
	// BusyTimeout is how long a connection waits for another process's
	// lock on the file before the operation fails as unavailable (default
	// 10 s).
	BusyTimeout time.Duration
	// Server makes Open take the file's server lock, so that a second
	// `esahayak serve` on the same file stops at start with ErrInUse. One
	// process sends from a file: a server takes back every lease at start,
	// and keeps deferred fan-outs and lane state in memory. Commands that
	// only read or add rows (accounts, users) leave it false.
	Server bool
}

// ErrInUse is returned by Open with Options.Server when another server
// holds the file.
var ErrInUse = errors.New("sqlite: database file in use")

// ErrNotDatabaseFile is matched (errors.Is) by Open's refusal of a path
// that cannot be a database file: a directory, a named pipe or another
// file that is not a regular one, or a file that does not begin with
// SQLite's header (a configuration or text file given by mistake). The
// path is the mistake, not the machine: callers report it as one.
var ErrNotDatabaseFile = errors.New("sqlite: not a database file")

// notDatabaseFile is one of Open's refusals that match ErrNotDatabaseFile.
type notDatabaseFile struct{ msg string }

func (e notDatabaseFile) Error() string        { return e.msg }
func (e notDatabaseFile) Is(target error) bool { return target == ErrNotDatabaseFile }

// Store is the SQLite implementation of store.Store.
type Store struct {
	// orphanCursor and orphansSwept are sweepOrphans' place in the
	// attempts; pruneLeft, the deliveries Prune removed whose attempts are
	// not all deleted yet. Only the writer goroutine touches them.
	orphanCursor string
	orphansSwept bool
	pruneLeft    []string
	// pruneFrom is where Prune's walk of old events goes on (see
	// store.ReadPruneWindow). Written by the writer goroutine only.
	pruneFrom string

	path   string
	opts   Options
	writer *sql.DB
	reader *sql.DB
	ckpt   *sql.DB // one connection that only runs checkpoints
	file   os.FileInfo
	// walFile is the -wal as SQLite opened it; SQLite keeps it (truncated,
	// never removed) while a connection is open, so another file there,
	// or none, means it was deleted under the store (fileGone).
	walFile os.FileInfo
	// openFD names, where this process holds a descriptor of the database
	// file (the server lock's, on Linux), the path under /proc that still
	// reaches it after the file is deleted: the rescue noticeFileLost
	// gives.
	openFD string
	// fileLost is set while the files are found gone (fileGone), so that
	// each loss is checkpointed and logged once (noticeFileLost).
	fileLost atomic.Bool
	ops      chan *writeOp
	// bulk carries background writes (recording outcomes, claims, sweeps,
	// pruning): the writer takes them only when no request's write waits.
	bulk chan *writeOp
	quit chan struct{}
	done chan struct{}
	once sync.Once
	// unlock releases the server lock (Options.Server), after the
	// connections are closed: the last close removes the -wal, and only
	// then may the lock file say the server stopped cleanly.
	unlock func()
	stmts  map[string]*sql.Stmt
	// txStmts holds the hot statements bound to the transaction stmtTx,
	// the writer's current one (writer only; see stmt).
	txStmts map[string]*sql.Stmt
	stmtTx  *sql.Tx
	// results is commit's buffer of outcomes (writer only).
	results []error
	// restartWAL asks the writer to rewind the WAL between batches (rewindWAL).
	restartWAL atomic.Bool
	// lastBulk is when the writer last ran a bulk operation (writer only).
	lastBulk time.Time
	// endpoints caches each account's enabled endpoints for the writer
	// (liveEndpoints); only the writer goroutine touches it.
	endpoints map[string][]store.Endpoint
	// fanoutRetry asks the checkpoint loop to run finishFanouts: a deferred
	// fan-out's write failed (fanout.go).
	fanoutRetry atomic.Bool
	// fanq holds the deliveries of deferred fan-outs still to be written.
	fanq *fanoutQueue
	// doubts counts what may leave a queued fan-out's bookkeeping stale
	// (fanout.go): a transaction rolled back or not committed, and a commit
	// by another connection to the file. Only the writer adds to it.
	doubts atomic.Uint64
	// dataVersion is the writer connection's last PRAGMA data_version,
	// which changes when another connection commits (writer only; the
	// first transaction reads it, before any fan-out is queued).
	dataVersion int64
	// sweepWake asks the sweeper (sweepLoop) to finish the sweeps left
	// unfinished: one longer than its caller waits for, or whose write
	// failed (finishSweep). sweeperDone is closed once the sweeper has
	// stopped.
	sweepWake   chan struct{}
	sweeperDone chan struct{}
	// sweeperStepForTest, if set, lets the sweeper run a chunk only for
	// each value it receives (HoldSweeperForTest).
	sweeperStepForTest atomic.Pointer[chan struct{}]
}

type writeOp struct {
	ctx  context.Context
	fn   func(tx *sql.Tx) error
	done chan error
	bulk bool // queued on Store.bulk
	// bare runs the operation without a savepoint of its own (see commit):
	// check first, which must not write, then fn. An error from check
	// leaves nothing to undo; an error from fn rolls back the whole
	// transaction, with the other operations that ran in it. So fn must
	// fail only for SQLite's own failures (I/O, a full disk), never for a
	// caller's mistake: check is where those are found.
	bare  bool
	check func(tx *sql.Tx) error
	// state is opQueued until the writer runs the operation (opTaken) or
	// its caller stops waiting first (opAbandoned): then it never runs.
	state atomic.Int32
}

const (
	opQueued int32 = iota
	opTaken
	opAbandoned
)

var errClosed = errors.New("sqlite store is closed")

// Page caches per connection, in KiB (PRAGMA cache_size's negative form).
// The writer's is what keeps the hot B-tree pages of every write near; the
// readers serve API reads, whose pages the OS keeps cached as well. The
// readers had the writer's 32 MB each, and eight of them filled it while
// a backlog of 200,000 deliveries was claimed and drained: the server's
// RSS went from 130 to 262–283 MB (of which Go's heap was 50 MB), over
// the 256 MB a backlog is to be held in; with 4 MB each, 127 MB holding
// the backlog and 181 MB at the drain's peak, at the same drain rate
// (docs/performance.md, fifty-seventh round). A cached page costs about
// twice its size here (modernc.org/memory gives each 4 KiB page and its
// headers an 8 KiB slot), so the writer's 32 MB held about 64: at 16 MB
// the 200,000 backlog was held in 77–80 MB rather than 121–128 and peaked
// at 112–115 MB rather than 178, with single deliveries no slower
// (fifty-ninth and sixtieth rounds).
const (
	writerCacheKiB = 16000
	readerCacheKiB = 4000
)

// Open opens (creating if needed) the database at path and migrates it.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	s, err := open(ctx, path, opts)
	if cannotOpenHere(err) && readOnlyFileSystem(filepath.Dir(path)) {
		return nil, fmt.Errorf("%w (%s is on a read-only file system: esahayak needs to write the database and, beside it, SQLite's -wal and -shm files)", err, filepath.Dir(path))
	}
	if cannotOpenHere(err) {
		return nil, fmt.Errorf("%w (esahayak needs to read and write %s and to write in its directory %s, where SQLite keeps the -wal and -shm files: check their owner and permissions)", err, path, filepath.Dir(path))
	}
	return s, storageHint(err)
}

// cannotOpenHere reports SQLite's "unable to open database file (14)" and
// "attempt to write a readonly database (1544)", its words at Open for a
// file or directory this process may not write: the one-shot commands
// (accounts, users) gave them bare, while serve's lock named the directory.
func cannotOpenHere(err error) bool {
	var se interface{ Code() int }
	if err == nil || !errors.As(err, &se) {
		return false
	}
	const cantOpen, readOnlyDirectory = 14, 8 | 6<<8 // SQLITE_CANTOPEN, SQLITE_READONLY_DIRECTORY
	return se.Code()&0xff == cantOpen || se.Code() == readOnlyDirectory
}

// storageHint adds to an error of SQLite's that says only "disk I/O error
// (778)" what an operator should look at.
func storageHint(err error) error {
	var se interface{ Code() int }
	if err == nil || !errors.As(err, &se) {
		return err
	}
	switch se.Code() & 0xff {
	case 10, 13: // SQLITE_IOERR, SQLITE_FULL
		return fmt.Errorf("%w (SQLite could not write the database: is the disk full, a file size limit reached, or the disk failing?)", err)
	case 8: // SQLITE_READONLY
		return fmt.Errorf("%w (is the database file or its file system read-only?)", err)
	case 11, 26: // SQLITE_CORRUPT, SQLITE_NOTADB
		return fmt.Errorf("%w (the file is damaged, or not an esahayak database: restore it from a backup, or give the --db the server runs with)", err)
	}
	return err
}

// sqliteHeader begins every SQLite database file.
const sqliteHeader = "SQLite format 3\x00"

// hasSQLiteHeader reports whether the file at path begins as an SQLite
// database does; a file that cannot be read is left for SQLite to name.
func hasSQLiteHeader(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return true
	}
	defer f.Close()
	b := make([]byte, len(sqliteHeader))
	n, _ := io.ReadFull(f, b)
	return string(b[:n]) == sqliteHeader
}

// noSuchFileError is the refusal of file (the database, or its lock file
// beside it), which the system would not create for want of a file or
// directory. Mostly path's directory is missing; but a directory that
// exists where the file system makes no files (/proc, /sys) answers the
// same, and was reported as missing.
func noSuchFileError(path, file string, err error) error {
	dir := filepath.Dir(path)
	// The directory is looked at as the system walks to it: filepath.Dir
	// cleans "nosuch/.." away, but the system must pass through nosuch.
	walked := "."
	if i := strings.LastIndexAny(path, "/"+string(filepath.Separator)); i >= 0 {
		walked = path[:i+1]
	}
	if fi, serr := os.Stat(walked); serr == nil && fi.IsDir() {
		return fmt.Errorf("cannot create %s: the directory %s exists, but its file system makes no new files there (choose another path): %w", file, dir, err)
	}
	return fmt.Errorf("the directory of %s does not exist (create it, or choose another path): %w", path, err)
}

// createLinkTarget makes the database file that path, a symbolic link to
// a file that does not exist (a dangling link), points to. SQLite follows
// the link, so a link made ahead of the first start (esahayak.db ->
// /data/esahayak.db) gets its database at the target, owner-only as any
// new one. A target whose directory is missing was refused in words that
// named neither the target nor its directory: serve's "server lock
// esahayak.db: open esahayak.db: no such file or directory", accounts
// create's "unable to open database file (14)" with advice on permissions.
// A path that is no dangling link is left to open.
func createLinkTarget(path string) error {
	if fi, err := os.Lstat(path); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return nil
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	// The last name of the chain of links, as the system follows it: a
	// relative target is read from the link's own directory.
	target := path
	for range 40 {
		dest, err := os.Readlink(target)
		if err != nil {
			break
		}
		if !filepath.IsAbs(dest) {
			dest = filepath.Join(filepath.Dir(target), dest)
		}
		target = dest
	}
	dir := filepath.Dir(target)
	if fi, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s is a symbolic link to %s, which does not exist, and neither does its directory %s (create the directory, or point --db or the link at the database file)", path, target, dir)
	} else if err == nil && !fi.IsDir() {
		return fmt.Errorf("%s is a symbolic link to %s, which cannot be made: %s is not a directory (point --db or the link at the database file)", path, target, dir)
	}
	f, err := os.OpenFile(target, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	switch {
	case err == nil:
		return f.Close()
	case errors.Is(err, fs.ErrExist):
		return nil // made meanwhile, or a link again: left to open
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("cannot create %s, the database file the symbolic link %s points to: esahayak needs to write in its directory %s (the database, its -wal and -shm files go there): %w", target, path, dir, err)
	}
	return fmt.Errorf("cannot create %s, the database file the symbolic link %s points to: %w", target, path, err)
}

// fileKind names a file type that is not a regular file.
func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return m.Type().String()
}

func open(ctx context.Context, path string, opts Options) (*Store, error) {
	if strings.HasPrefix(path, ":memory:") || strings.HasPrefix(path, "file:") {
		// An in-memory database is a new, empty one on each pooled
		// connection (the first start failed with "no such table") and
		// gone at exit; a file: URI was taken as a file name, and files
		// named ":memory:" and "file:…" were left behind.
		return nil, fmt.Errorf("sqlite: %q is not a file path; give the database file's path, e.g. esahayak.db", path)
	}
	// Before the server lock and SQLite: a directory got a lock file made
	// beside it and a message about a lock, or SQLite's "unable to open
	// database file (14)"; a named pipe "disk I/O error".
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, notDatabaseFile{fmt.Sprintf("%s is a directory; give the database file's path, e.g. %s", path, filepath.Join(path, "esahayak.db"))}
	} else if err == nil && !fi.Mode().IsRegular() {
		return nil, notDatabaseFile{fmt.Sprintf("%s is not a regular file (%s); give the database file's path", path, fileKind(fi.Mode()))}
	} else if err == nil && fi.Size() > 0 && !hasSQLiteHeader(path) {
		// Before the server lock, which would be left beside it, and in
		// words: SQLite says "file is not a database (26)".
		return nil, notDatabaseFile{fmt.Sprintf("%s is not an SQLite database (it does not begin with SQLite's header); give the database file's path", path)}
	}
	if opts.Synchronous == "" {
		opts.Synchronous = "NORMAL"
	}
	syncMode := strings.ToUpper(opts.Synchronous)
	if syncMode != "NORMAL" && syncMode != "FULL" && syncMode != "OFF" && syncMode != "EXTRA" {
		return nil, fmt.Errorf("sqlite: synchronous must be NORMAL or FULL, not %q", opts.Synchronous)
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = 2000
	}
	if opts.ReadConns <= 0 {
		opts.ReadConns = 8
	}
	if opts.BusyTimeout <= 0 {
		opts.BusyTimeout = 10 * time.Second
	}
	// SQLite's own message for these is "unable to open database file".
	if dir := filepath.Dir(path); dir != "" {
		if fi, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("the directory of %s does not exist (create it, or choose another path)", path)
		} else if err == nil && !fi.IsDir() {
			return nil, fmt.Errorf("%s is not a directory, so it cannot hold %s; choose another path", dir, path)
		}
	}
	if err := createLinkTarget(path); err != nil {
		return nil, err
	}
	// A new database is readable by its owner only, whoever opens it
	// first (`accounts create` as well as serve): it will hold
	// endpoints' secrets, and SQLite gives its -wal and -shm files
	// the database's permissions. An empty file is an empty database.
	if f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
		f.Close()
	} else if errors.Is(err, fs.ErrPermission) {
		return nil, fmt.Errorf("cannot create %s: esahayak needs to write in the database's directory (the database, its -wal and -shm files go there): %w", path, err)
	} else if readOnlyFileSystem(filepath.Dir(path)) && !errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("cannot create %s: its directory is on a read-only file system: %w", path, err)
	} else if errors.Is(err, fs.ErrNotExist) {
		// The directory check above reads the path as text; the system
		// does not: "nosuch/../x.db" needs nosuch, which SQLite, reading
		// it as text too, would then not need, making a file without the
		// owner-only permissions.
		return nil, noSuchFileError(path, path, err)
	}
	unlock := func() {}
	lock := &serverLock{} // takes no lock and records nothing
	if opts.Server {
		taken, err := lockServer(path)
		if err != nil {
			return nil, err
		}
		lock = taken
		lock.warnIfWALLost(opts.Log)
		// A -wal already here (left by an unclean stop, or kept by a
		// command that has the database open) may hold commits the next
		// start needs.
		lock.markRunning()
		unlock = sync.OnceFunc(lock.release)
	} else {
		// Read before SQLite opens the database, which makes a -wal.
		unlock = sync.OnceFunc(forgetUncleanStop(path))
	}
	opened := false
	defer func() {
		if !opened {
			unlock()
		}
	}()
	// Every connection opens the database through walvfs, which writes a
	// commit's WAL frames in one call per 128 KiB rather than two a frame
	// (on Linux on amd64; elsewhere vfs is "" and SQLite's default VFS is used).
	vfs, err := walvfs.Register()
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	dsn := func(readOnly bool) string {
		q := url.Values{}
		if vfs != "" {
			q.Add("vfs", vfs)
		}
		q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", opts.BusyTimeout.Milliseconds()))
		q.Add("_pragma", "journal_mode(WAL)")
		q.Add("_pragma", "synchronous("+syncMode+")")
		q.Add("_pragma", "foreign_keys(0)")
		if readOnly {
			q.Add("_pragma", fmt.Sprintf("cache_size(-%d)", readerCacheKiB))
		} else {
			q.Add("_pragma", fmt.Sprintf("cache_size(-%d)", writerCacheKiB))
		}
		// Savepoints (one per operation of a group commit) journal into
		// temporary storage; on disk that is a write syscall per page.
		q.Add("_pragma", "temp_store(MEMORY)")
		q.Add("_pragma", "journal_size_limit(67108864)")
		if readOnly {
			q.Add("_pragma", "query_only(1)")
		} else {
			q.Add("_txlock", "immediate")
			// Checkpoints run in the background (checkpointLoop), not inside
			// a commit that callers are waiting for.
			q.Add("_pragma", "wal_autocheckpoint(0)")
		}
		return "file:" + uriPath(path) + "?" + q.Encode()
	}
	w, err := sql.Open("sqlite", dsn(false))
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	if err := whileBusy(ctx, opts.BusyTimeout, w.PingContext); err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	// Another program's file (its own tables, no schema_migrations: every
	// esahayak database has one from its first start) is refused whatever
	// the caller: a server or accounts create started on it added
	// esahayak's tables beside the other program's, and said "this
	// database was empty".
	if err := refuseForeign(ctx, w); err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite %s: %w", path, err)
	}
	if opts.Server {
		// After the refusal: another program's file is not to be told
		// an earlier release of ours made it so.
		warnIfOthersCanRead(path, opts.Log)
	}
	if err := migrate(ctx, w, opts.Log); err != nil {
		w.Close()
		return nil, fmt.Errorf("migrate sqlite %s: %w", path, err)
	}
	// SQLite has made the -wal by now: opening an existing database
	// does, and a new database's migrations wrote to it.
	lock.markRunning()
	if opts.Server {
		// A server on a database it cannot write (a full disk, a file
		// size limit) started all the same, looked healthy, and then
		// answered every write 503 and delivered nothing.
		if err := probeWrite(ctx, w); err != nil {
			w.Close()
			return nil, fmt.Errorf("sqlite %s cannot be written (free space, lift the limit or fix the disk, then start again): %w", path, err)
		}
		// Releases before this one kept a deleted endpoint's secrets, and a
		// closed listen session's. Not a
		// numbered migration: the schema is unchanged, so an older binary
		// still starts on it.
		if _, err := w.ExecContext(ctx, qEraseDeletedEndpointSecrets); err != nil {
			w.Close()
			return nil, fmt.Errorf("sqlite %s: erase deleted endpoints' secrets: %w", path, err)
		}
		if _, err := w.ExecContext(ctx, qEraseClosedListenSecrets); err != nil {
			w.Close()
			return nil, fmt.Errorf("sqlite %s: erase closed listen sessions' secrets: %w", path, err)
		}
	}
	r, err := sql.Open("sqlite", dsn(true))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	r.SetMaxOpenConns(opts.ReadConns)
	r.SetMaxIdleConns(opts.ReadConns)
	ck, err := sql.Open("sqlite", dsn(false))
	if err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	ck.SetMaxOpenConns(1)
	// Every connection is opened now, while the file is surely the one the
	// writer opened, and kept (no idle or lifetime limit): one first
	// opened after the file was deleted would make a new, empty file at
	// its path, read from it and checkpoint into it (fileGone).
	if err := openAll(ctx, ck, 1, opts.BusyTimeout); err != nil {
		w.Close()
		r.Close()
		ck.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	if err := openAll(ctx, r, opts.ReadConns, opts.BusyTimeout); err != nil {
		w.Close()
		r.Close()
		ck.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	s := &Store{
		path: path, opts: opts, writer: w, reader: r, ckpt: ck, unlock: unlock, openFD: lock.procPath(),
		ops: make(chan *writeOp, 4096), bulk: make(chan *writeOp, 1024),
		quit: make(chan struct{}), done: make(chan struct{}),
		sweepWake: make(chan struct{}, 1), sweeperDone: make(chan struct{}),
		stmts: map[string]*sql.Stmt{}, txStmts: map[string]*sql.Stmt{}, endpoints: map[string][]store.Endpoint{},
		fanq: newFanoutQueue(),
	}
	for _, q := range hotStatements {
		st, err := w.PrepareContext(ctx, q)
		if err != nil {
			s.writer.Close()
			s.reader.Close()
			s.ckpt.Close()
			return nil, fmt.Errorf("prepare %q: %w", firstLine(q), err)
		}
		s.stmts[q] = st
	}
	if fi, err := os.Stat(path); err == nil {
		s.file = fi
		if wal, err := os.Stat(path + "-wal"); err == nil {
			s.walFile = wal
		}
	}
	go s.writeLoop()
	go s.checkpointLoop()
	go s.sweepLoop()
	// As much of each as a status change's caller waits for; the sweeper
	// takes over the rest, so a million deliveries left midway do not keep
	// the server from starting.
	if left, err := s.finishSweeps(ctx, sweepWaitChunks); err != nil {
		s.Close()
		return nil, fmt.Errorf("open sqlite %s: finish parking deliveries: %w", path, err)
	} else if left {
		s.wakeSweeper()
	}
	if err := s.finishFanouts(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open sqlite %s: finish writing deliveries: %w", path, err)
	}
	opened = true
	return s, nil
}

// probeWrite commits one page to the database, as the server's first
// write would. A row is changed and changed back in one transaction:
// SQLite skips writing a page whose content a statement leaves as it was,
// but a page changed once in a transaction is written at its commit, so
// the commit appends a frame to the -wal (or the database file grows)
// just as a real write does, and fails where that would.
func probeWrite(ctx context.Context, db *sql.DB) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, qProbeWriteUp); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, qProbeWriteDown); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// checkpointLoop copies the WAL back into the database file every checkpointEvery
// from a reader connection (PASSIVE never blocks the writer), and forces a
// full checkpoint if the WAL has grown large, so it cannot grow without bound.
func (s *Store) checkpointLoop() {
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-s.quit:
			return
		case <-t.C:
		}
		// Noticed here too, not only by a write: the loss is logged, and
		// the open file made whole for the rescue, before anyone writes.
		if err := s.fileGone(); err != nil {
			s.noticeFileLost(err)
		} else if s.fileLost.Swap(false) && s.opts.Log != nil {
			s.opts.Log.Warn("database files are back where they were (moved back?): writes resume", slog.String("path", s.path))
		}
		s.checkpoint("PASSIVE")
		if s.fanoutRetry.Swap(false) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			if err := s.finishFanouts(ctx); err != nil {
				s.fanoutRetry.Store(true)
			}
			cancel()
		}
	}
}

// checkpoint runs a WAL checkpoint of the given mode on its own connection.
// TRUNCATE (used at Close) also empties the WAL file.
func (s *Store) checkpoint(mode string) {
	// PASSIVE never waits for the writer. Once every frame is copied back,
	// the writer starts the WAL over from its beginning by itself, and
	// journal_size_limit trims the file.
	var busy, logFrames, done int
	err := s.ckpt.QueryRowContext(context.Background(), qWalCheckpoint(mode)).Scan(&busy, &logFrames, &done)
	if err == nil && mode == "PASSIVE" && logFrames > walRestartFrames {
		// Under constant reads the WAL never gets a moment with no reader
		// in it, so it would grow for ever: ask the writer to restart it
		// between two batches (cheap: the frames are already copied back).
		s.restartWAL.Store(true)
	}
}

// rewindWAL lets the WAL start over from its beginning. Between two
// batches nothing is being written, so a PASSIVE checkpoint from the writer
// can copy back every frame (the background one has copied most already),
// and then the next write transaction rewinds the WAL by itself, unless a
// reader that began before the copy is still in it. PASSIVE never waits, so
// this costs the writer only the copy; a RESTART checkpoint, which waits
// for readers through the busy handler's sleeps (it stalled uploads for
// 40–93 ms every 2 s at 1,000 events/s), is kept for a WAL that has grown
// to walForceRestartFrames regardless.
func (s *Store) rewindWAL() {
	var busy, logFrames, done int
	if err := s.writer.QueryRow(qWalCheckpointPassive).Scan(&busy, &logFrames, &done); err == nil && logFrames > walForceRestartFrames {
		s.writer.Exec(qWalCheckpointRestart)
	}
}

// checkpointEvery spaces the background checkpoints: often enough that the
// writer's own (rewindWAL) finds little left to copy. Every second, that
// copy was a 40–60 ms stall of every write under a 50-endpoint fan-out;
// every 100 ms the slow-neighbours p99 halved (bench --scenario slow).
const checkpointEvery = 100 * time.Millisecond

// walForceRestartFrames is the WAL size (about 256 MiB) at which the writer
// stops waiting for a rewind and forces one.
const walForceRestartFrames = 4 * walRestartFrames

// walRestartFrames is the WAL size (in 4 KiB pages) past which the writer
// restarts it: about 64 MiB.
const walRestartFrames = 16_000

func firstLine(q string) string {
	q = strings.TrimSpace(q)
	if i := strings.IndexByte(q, '\n'); i > 0 {
		return q[:i]
	}
	return q
}

// warnIfOthersCanRead warns, at a server's start, when every user of the
// machine may read the database: releases before 6e72d0e let SQLite create
// it with its default 0644, and an upgrade kept that mode, so a database
// they made still gave endpoints' signing secrets to every local account
// (SQLite gives the -wal and -shm files the database's mode). The mode is
// the operator's to change, so the start goes on; Windows has no such bits.
func warnIfOthersCanRead(path string, log *slog.Logger) {
	if log == nil || runtime.GOOS == "windows" {
		return
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm()&0o007 == 0 {
		return
	}
	log.Warn("every user of this machine can read the database file, which holds endpoints' signing secrets",
		slog.String("database", path), slog.String("mode", fi.Mode().Perm().String()),
		slog.String("what_to_do", "chmod o-rwx "+path+" "+path+"-wal "+path+"-shm (an earlier release created it so; new databases are owner-only)"))
}

// refuseForeign returns store.ErrNoSchema, naming a few of its tables,
// for a database that holds tables but no schema_migrations.
func refuseForeign(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, qTableNames)
	if err != nil {
		return err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return err
		}
		if name == "schema_migrations" {
			return nil
		}
		names = append(names, name)
	}
	if err := rows.Err(); err != nil || len(names) == 0 {
		return err
	}
	shown := names[:min(len(names), 3)]
	more := ""
	if len(names) > len(shown) {
		more = ", …"
	}
	return fmt.Errorf("%w: it holds other tables (%s%s)", store.ErrNoSchema, strings.Join(shown, ", "), more)
}

// checkMigrationsTable returns store.ErrNoSchema, naming its columns,
// when the database holds a schema_migrations that is not esahayak's
// (version, applied_at): golang-migrate's (version, dirty), Rails' and
// dbmate's (version) and Ecto's (version, inserted_at) share the name.
// Taken for ours, its versions were read as esahayak's: a start said the
// schema was newer than the binary and told the operator to restore a
// backup, or skipped esahayak's first migrations, ran the later ones
// into the other program's tables, and failed on one of them.
func checkMigrationsTable(ctx context.Context, db *sql.DB) error {
	rows, err := db.QueryContext(ctx, qMigrationsColumns)
	if err != nil {
		return fmt.Errorf("read schema_migrations' columns: %w", err)
	}
	columns, err := scanStrings(rows)
	if err != nil {
		return fmt.Errorf("read schema_migrations' columns: %w", err)
	}
	if len(columns) == 0 || slices.Equal(columns, []string{"version", "applied_at"}) {
		return nil
	}
	return fmt.Errorf("%w: %w (columns %s; esahayak's has version, applied_at)", store.ErrNoSchema, store.ErrForeignMigrations, strings.Join(columns, ", "))
}

// scanStrings reads rows of one text column, and closes them.
func scanStrings(rows *sql.Rows) ([]string, error) {
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func migrate(ctx context.Context, db *sql.DB, log *slog.Logger) error {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := checkMigrationsTable(ctx, db); err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, qCreateMigrations); err != nil {
		return err
	}
	files, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(files)
	versions := make([]int, len(files))
	for i, f := range files {
		if _, err := fmt.Sscanf(strings.TrimPrefix(f, "migrations/"), "%04d_", &versions[i]); err != nil {
			return fmt.Errorf("migration file %s: name must start with a 4-digit version", f)
		}
	}
	var newestApplied int
	if err := db.QueryRowContext(ctx, qNewestAppliedMigration).Scan(&newestApplied); err != nil {
		return err
	}
	if newest := versions[len(versions)-1]; newestApplied > newest {
		return store.SchemaNewer(newestApplied, newest)
	}
	if newestApplied == 0 {
		log = slog.New(slog.DiscardHandler) // a new database: nothing to upgrade, nothing to say
	}
	for i, f := range files {
		if err := applyMigration(ctx, db, f, versions[i], log); err != nil {
			return err
		}
	}
	return nil
}

// applyMigration applies migration file f (version) unless it is applied
// already, and records it, in one transaction: an interrupted upgrade
// resumes at the first migration not recorded. Whether it is applied is
// read inside that transaction, which holds the write lock from its start
// (_txlock=immediate): commands started together on one file (a serve, an
// `accounts create`) each migrate it, and one that read "not applied"
// before another committed would run the migration again and fail.
func applyMigration(ctx context.Context, db *sql.DB, f string, version int, log *slog.Logger) error {
	name := strings.TrimPrefix(f, "migrations/")
	// Read first without the lock: a start on an up-to-date database
	// takes no write lock for its migrations.
	if applied, err := migrationApplied(ctx, db, version); err != nil || applied {
		return err
	}
	body, err := migrations.ReadFile(f)
	if err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", f, err)
	}
	defer tx.Rollback()
	if applied, err := migrationApplied(ctx, tx, version); err != nil || applied {
		return err
	}
	log.Info("applying database migration", slog.String("migration", name))
	started := time.Now()
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return fmt.Errorf("%s: %w", f, err)
	}
	if _, err := tx.ExecContext(ctx, qRecordMigration, version, time.Now().UnixMicro()); err != nil {
		return fmt.Errorf("record %s: %w", f, err)
	}
	if err := tx.Commit(); err != nil {
		if ctx.Err() != nil {
			// A cancelled context rolls the transaction back by itself,
			// and Commit then says only "already rolled back": a stop
			// during start-up, which serve treats as one, not a failure.
			err = ctx.Err()
		}
		return fmt.Errorf("%s: %w", f, err)
	}
	log.Info("applied database migration", slog.String("migration", name), slog.String("took", time.Since(started).String()))
	return nil
}

// migrationApplied says whether version is recorded in schema_migrations.
func migrationApplied(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, version int) (bool, error) {
	var n int
	if err := q.QueryRowContext(ctx, qMigrationApplied, version).Scan(&n); err != nil {
		return false, fmt.Errorf("read schema_migrations: %w", err)
	}
	return n > 0, nil
}

func (s *Store) Driver() string { return "sqlite" }

// Ping checks that the database answers and that its file is still the
// one we opened: a deleted or replaced file would take every later write
// with it, while SQLite itself keeps answering from the open descriptor.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.fileGone(); err != nil {
		return err
	}
	var one int
	return s.reader.QueryRowContext(ctx, qPing).Scan(&one)
}

// Close stops the writer after it has committed what was queued.
func (s *Store) Close() error {
	s.once.Do(func() {
		close(s.quit)
		<-s.done
		<-s.sweeperDone
		s.checkpoint("TRUNCATE")
		for _, st := range s.stmts {
			st.Close()
		}
		s.reader.Close()
		s.ckpt.Close()
		s.writer.Close()
		s.unlock()
	})
	return nil
}

// write runs fn inside the writer's next transaction and returns once that
// transaction has committed (or fn failed). fn's effects are undone on error
// without disturbing the other operations of the batch (each runs in its own
// savepoint).
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return s.enqueue(ctx, s.ops, fn)
}

// writeBulk is write for background work that no request waits on. The
// writer runs such operations only while no request's write is queued, and
// puts at most bulkBudget of them into one transaction, so a request's
// commit waits for at most about one of them.
func (s *Store) writeBulk(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return s.enqueue(ctx, s.bulk, fn)
}

// writeBare is write for an operation that runs without a savepoint
// (writeOp.bare): check, which only reads, then apply.
func (s *Store) writeBare(ctx context.Context, check, apply func(tx *sql.Tx) error) error {
	return s.enqueueOp(ctx, s.ops, &writeOp{ctx: ctx, check: check, fn: apply, done: make(chan error, 1), bare: true})
}

// writeBulkBare is writeBulk for an operation that runs without a
// savepoint (writeOp.bare) and has nothing to check.
func (s *Store) writeBulkBare(ctx context.Context, apply func(tx *sql.Tx) error) error {
	return s.enqueueOp(ctx, s.bulk, &writeOp{ctx: ctx, fn: apply, done: make(chan error, 1), bare: true})
}

func (s *Store) enqueue(ctx context.Context, q chan *writeOp, fn func(tx *sql.Tx) error) error {
	return s.enqueueOp(ctx, q, &writeOp{ctx: ctx, fn: fn, done: make(chan error, 1)})
}

func (s *Store) enqueueOp(ctx context.Context, q chan *writeOp, op *writeOp) error {
	if err := s.submit(ctx, q, op); err != nil {
		return err
	}
	select {
	case <-ctx.Done():
		// Still queued (the writer waits for a lock another process
		// holds, say): it will not run, and the caller gets its answer
		// by its deadline. Taken: part of a transaction that may commit,
		// so its outcome is awaited.
		if op.state.CompareAndSwap(opQueued, opAbandoned) {
			return ctx.Err()
		}
	case err := <-op.done:
		return err
	case <-s.done:
	}
	return s.await(op.done)
}

// submit queues op for the writer.
func (s *Store) submit(ctx context.Context, q chan *writeOp, op *writeOp) error {
	op.bulk = q == s.bulk
	select {
	case q <- op:
		return nil
	case <-s.quit:
		return errClosed
	case <-ctx.Done():
		return ctx.Err()
	}
}

// await waits for a queued operation's outcome, even if its ctx ends: the
// write may already be part of a commit, and the caller must not report
// failure for something that happened. If the writer has stopped meanwhile
// (Close raced with us), the operation either ran in its last batch or
// never will.
func (s *Store) await(done chan error) error {
	select {
	case err := <-done:
		return err
	case <-s.done:
		select {
		case err := <-done:
			return err
		default:
			return errClosed
		}
	}
}

// bulkBudget is how long one transaction may spend on bulk operations
// before it commits what it has (requests' writes still join it).
const bulkBudget = 5 * time.Millisecond

// bulkStarved is how long bulk work may wait behind requests' writes.
const bulkStarved = 20 * time.Millisecond

func (s *Store) writeLoop() {
	defer close(s.done)
	batch := make([]*writeOp, 0, s.opts.MaxBatch)
	for {
		batch = batch[:0]
		select {
		case op := <-s.ops:
			batch = append(batch, op)
		default:
			select {
			case op := <-s.ops:
				batch = append(batch, op)
			case op := <-s.bulk:
				batch = append(batch, op)
			case <-s.quit:
				// Drain what was queued before Close.
				for {
					select {
					case op := <-s.ops:
						batch = append(batch, op)
						continue
					case op := <-s.bulk:
						batch = append(batch, op)
						continue
					default:
					}
					break
				}
				if len(batch) > 0 {
					s.commit(batch)
				}
				return
			}
		}
		s.commit(batch)
		if s.restartWAL.Swap(false) {
			s.rewindWAL()
		}
	}
}

// commit runs batch and whatever else arrives while it runs, in one
// transaction, then tells every caller the outcome.
func (s *Store) commit(batch []*writeOp) {
	ctx := context.Background()
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		for _, op := range batch {
			op.done <- fmt.Errorf("begin: %w", err)
		}
		return
	}
	s.noticeOthers(tx)
	// One outcome per operation, in a buffer kept for the next
	// transaction: a new one sized for MaxBatch was 32 KB allocated and
	// cleared per commit, and at a moderate rate, where most transactions
	// hold one operation, three quarters of the writer's allocations.
	results := s.results[:0]
	defer func() {
		clear(results) // no error kept alive until the next commit
		s.results = results[:0]
	}()
	// Each operation runs in a savepoint of its own, so that one that fails
	// is undone without disturbing the others; but a savepoint makes SQLite
	// copy every page the operation touches to its sub-journal first, and
	// that was a fifth of an upload's cost in the writer
	// (BenchmarkTransitionOrder). So two kinds run without one:
	//   - The first operation of a transaction: if it fails, the whole
	//     transaction (holding only its work) is rolled back and a new one
	//     begun. At low rates nearly every transaction holds a single
	//     operation.
	//   - A bare operation (writeOp.bare): if its check fails, it has
	//     written nothing and there is nothing to undo; if it fails after
	//     that (only SQLite itself can make it), the transaction is rolled
	//     back, the operations that ran in it fail with it, and a new one
	//     is begun for the rest.
	first := true
	txStart := 0       // index in results of the current transaction's first operation
	var broken error   // set when a transaction could not be begun again
	requestIn := false // a request's write is in this transaction
	// restart rolls the transaction back and begins a new one; the
	// operations that had succeeded in it fail with cause.
	restart := func(cause error) error {
		s.doubts.Add(1)
		s.forgetEndpoints()
		var err error
		if rerr := tx.Rollback(); rerr != nil {
			err = rerr
		}
		lost := fmt.Errorf("rolled back with a write that failed: %w", cause)
		for j := txStart; j < len(results); j++ {
			if results[j] == nil {
				results[j] = lost
			}
		}
		var berr error
		if tx, berr = s.writer.BeginTx(ctx, nil); berr != nil {
			broken = fmt.Errorf("begin: %w", berr)
		} else {
			s.noticeOthers(tx)
		}
		first = true
		return err
	}
	run := func(op *writeOp) {
		defer func() {
			if first {
				txStart = len(results)
			}
		}()
		if op.bulk {
			s.lastBulk = time.Now()
		} else {
			requestIn = true
		}
		if !op.state.CompareAndSwap(opQueued, opTaken) {
			results = append(results, context.Canceled) // its caller has gone
			return
		}
		if err := op.ctx.Err(); err != nil {
			results = append(results, err)
			return
		}
		if broken != nil {
			results = append(results, broken)
			return
		}
		if op.check != nil {
			if err := op.check(tx); err != nil {
				// It only reads: the transaction is as it was.
				results = append(results, err)
				return
			}
		}
		if first || op.bare {
			first = false
			err := op.fn(tx)
			if err != nil {
				if rerr := restart(err); rerr != nil {
					err = errors.Join(err, rerr)
				}
			}
			results = append(results, err)
			return
		}
		if _, err := tx.Exec(qSavepoint); err != nil {
			results = append(results, err)
			return
		}
		if err := op.fn(tx); err != nil {
			if _, rerr := tx.Exec(qRollbackToSavepoint); rerr != nil {
				err = errors.Join(err, rerr)
			}
			tx.Exec(qReleaseSavepoint)
			results = append(results, err)
			return
		}
		_, err := tx.Exec(qReleaseSavepoint)
		results = append(results, err)
	}
	started := time.Now()
	for _, op := range batch {
		run(op)
	}
	take := func(op *writeOp) {
		batch = append(batch, op)
		run(op)
	}
	// Keep taking operations that arrived meanwhile: under load this is what
	// fills batches without an artificial delay. Requests' writes first;
	// bulk ones only while none waits and within bulkBudget.
	deadline := time.Now().Add(s.opts.GatherDelay)
	// A transaction of requests' writes takes no bulk operation (it would
	// make each of them wait for it), unless bulk work has not run for
	// bulkStarved: then one, so background work never starves under a
	// constant stream of requests.
	tookBulk := false
	for len(batch) < s.opts.MaxBatch && broken == nil {
		if !tookBulk {
			tookBulk = true
			if time.Since(s.lastBulk) > bulkStarved {
				select {
				case op := <-s.bulk:
					take(op)
					continue
				default:
				}
			}
		}
		select {
		case op := <-s.ops:
			take(op)
			continue
		default:
		}
		// Bulk work only until a request's write has joined: from then on
		// each bulk operation taken would hold that request's commit back.
		if time.Since(started) < bulkBudget && !requestIn {
			select {
			case op := <-s.ops:
				take(op)
				continue
			case op := <-s.bulk:
				take(op)
				continue
			default:
			}
		}
		if s.opts.GatherDelay > 0 && time.Now().Before(deadline) {
			select {
			case op := <-s.ops:
				take(op)
				continue
			case <-time.After(time.Until(deadline)):
			}
		}
		break
	}
	if broken != nil {
		s.forgetEndpoints()
		// Every operation that ran in the lost transaction failed and was
		// rolled back with it; the rest were refused with broken.
		for i, op := range batch {
			op.done <- s.readOnlyHint(results[i])
		}
		return
	}
	err = s.fileGone()
	if err != nil {
		tx.Rollback()
		s.noticeFileLost(err)
	} else {
		err = tx.Commit()
	}
	if err != nil {
		s.doubts.Add(1)
		s.forgetEndpoints()
		err = fmt.Errorf("commit: %w", storageHint(err))
		for _, op := range batch {
			op.done <- err
		}
		return
	}
	for i, op := range batch {
		op.done <- s.readOnlyHint(results[i])
	}
}

// openAll opens n connections of db and leaves them in its idle pool.
func openAll(ctx context.Context, db *sql.DB, n int, busyTimeout time.Duration) error {
	conns := make([]*sql.Conn, 0, n)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for range n {
		c, err := db.Conn(ctx)
		if err != nil {
			return err
		}
		conns = append(conns, c)
		if err := whileBusy(ctx, busyTimeout, c.PingContext); err != nil {
			return err
		}
	}
	return nil
}

// whileBusy runs connect (a connection's first use, which applies the DSN's
// pragmas) again while SQLite answers SQLITE_BUSY, for at most timeout.
// Commands started together on a new file (a serve and an `accounts
// create`, a script's `users create`s) each switch it to WAL, and SQLite
// refuses one of them at once, without its busy handler, where waiting
// could deadlock: one in eight such opens failed "database is locked".
func whileBusy(ctx context.Context, timeout time.Duration, connect func(context.Context) error) error {
	deadline := time.Now().Add(timeout)
	for pause := time.Millisecond; ; pause = min(2*pause, 50*time.Millisecond) {
		err := connect(ctx)
		var se interface{ Code() int }
		if err == nil || !errors.As(err, &se) || se.Code()&0xff != 5 || time.Now().Add(pause).After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(pause):
		}
	}
}

// errFileGone marks the error of a commit refused because the database
// file is no longer at its path (Store.Unavailable: a 503).
var errFileGone = errors.New("the database file is gone")

// fileGone reports whether the files at the store's path are still the
// ones it opened. The database file deleted (rm, a clean-up script) or
// replaced by another file (mv, a restore that writes a new file), or its
// -wal deleted: SQLite goes on writing through its open descriptors, and
// every commit from then on would be acknowledged into a file that the
// next start does not see (the -wal's commits survive only until a
// crash). Commits are refused instead (commit checks before each). A file
// overwritten in place (cp onto it) is the same file to this check, and
// corrupts the database under any SQLite program: docs say not to.
func (s *Store) fileGone() error {
	if s.file == nil {
		return nil
	}
	what := ""
	fi, err := os.Stat(s.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		what = s.path + " was deleted"
	case err != nil:
		what = s.path + " cannot be checked (" + err.Error() + ")"
	case !os.SameFile(fi, s.file):
		what = s.path + " was replaced by another file"
	case s.walFile != nil:
		if wal, err := os.Stat(s.path + "-wal"); err != nil || !os.SameFile(wal, s.walFile) {
			what = s.path + "-wal was deleted or replaced"
		}
	}
	if what == "" {
		return nil
	}
	return fmt.Errorf("%w: %s while the server ran: writes are refused (the log's \"database file lost\" says what to do)", errFileGone, what)
}

// noticeFileLost makes the open database file whole and says, once per
// loss, what to do. A FULL checkpoint copies every committed page of the
// -wal into the file SQLite opened, so that file then holds every write
// acknowledged: with writes refused, it stays as it is. Copied before
// that, it was a torn file (an audit's prompt copy lost 251 acknowledged
// writes and failed integrity_check).
func (s *Store) noticeFileLost(lost error) {
	if s.fileLost.Swap(true) {
		return
	}
	var busy, logFrames, done int
	err := s.ckpt.QueryRowContext(context.Background(), qWalCheckpointFull).Scan(&busy, &logFrames, &done)
	if err != nil || busy != 0 || done != logFrames {
		// A reader still in an older snapshot, say: the next check (a
		// write, or the checkpoint loop's tick) tries again, and the
		// rescue is given only once the file is whole.
		s.fileLost.Store(false)
		return
	}
	if s.opts.Log == nil {
		return
	}
	var todo string
	switch {
	case strings.Contains(lost.Error(), "-wal was deleted"):
		todo = fmt.Sprintf("every write acknowledged is now in %s (checkpointed): restart the server to go on", s.path)
	case s.openFD != "":
		todo = fmt.Sprintf("every write acknowledged is now in the file this process opened (checkpointed): copy it out before stopping the server (cp %s %s.rescued), then stop the server, put the copy at %s and start it again", s.openFD, s.path, s.path)
	default:
		todo = "the file this process opened holds every write acknowledged (checkpointed), and goes with the process"
	}
	s.opts.Log.Error("database file lost", slog.String("err", lost.Error()), slog.String("what_to_do", todo))
}

// readOnlyHint names the file when SQLite refused to write it: a database
// it could open only for reading (another user's file, a read-only mount)
// opens without a word, and `accounts create` then said only "attempt to
// write a readonly database (8)".
func (s *Store) readOnlyHint(err error) error {
	var se interface{ Code() int }
	if err == nil || !errors.As(err, &se) || se.Code()&0xff != 8 { // SQLITE_READONLY
		return err
	}
	return fmt.Errorf("%w (esahayak cannot write the database file %s: is it read-only, another user's, or on a read-only file system?)", err, s.path)
}

// stmt returns the prepared form of a hot statement bound to tx. Only the
// writer goroutine calls it, with its current transaction. Binding is done
// once per statement and transaction: tx.Stmt takes locks and allocates,
// and a group commit runs the same few statements hundreds of times.
func (s *Store) stmt(tx *sql.Tx, q string) *sql.Stmt {
	if tx != s.stmtTx {
		clear(s.txStmts)
		s.stmtTx = tx
	}
	if st, ok := s.txStmts[q]; ok {
		return st
	}
	st, ok := s.stmts[q]
	if !ok {
		panic("sqlite: statement not prepared: " + firstLine(q))
	}
	bound := tx.Stmt(st)
	s.txStmts[q] = bound
	return bound
}

func micros(t time.Time) int64 { return t.UnixMicro() }

func nullMicros(t *time.Time) sql.NullInt64 {
	if t == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMicro(), Valid: true}
}

func fromMicros(v int64) time.Time { return time.UnixMicro(v).UTC() }

func fromNullMicros(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMicros(v.Int64)
	return &t
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return store.ErrNotFound
	}
	return err
}

var _ store.Store = (*Store)(nil)

// uriPath escapes what SQLite's file: URIs would otherwise read as
// syntax, so that the file opened is the path as given: "%" (which SQLite
// decodes), "?" (the start of the options) and "#".
func uriPath(path string) string {
	if strings.HasPrefix(path, "//") {
		// "//tmp/x.db" is /tmp/x.db to the system, but "file://tmp/…"
		// names a host, tmp, which SQLite refuses ("invalid uri authority").
		path = "/" + strings.TrimLeft(path, "/")
	}
	return strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
}

// Unavailable reports SQLite's "busy" and "locked" results: another
// process (a shell, a backup, a command) held the file's write lock past
// the busy timeout.
func (s *Store) Unavailable(err error) bool {
	if errors.Is(err, errFileGone) {
		return true
	}
	var se interface{ Code() int }
	if !errors.As(err, &se) {
		return false
	}
	// Primary result codes: another process holds the file; or the file
	// cannot be written (permissions, a read-only file system, a full or
	// failing disk). Either way the database, not the request, is at
	// fault, and a retry after the operator's fix succeeds: a 503.
	const (
		sqlitePerm     = 3
		sqliteBusy     = 5
		sqliteLocked   = 6
		sqliteReadonly = 8
		sqliteIOErr    = 10
		sqliteFull     = 13
		sqliteCantOpen = 14
	)
	switch se.Code() & 0xff {
	case sqliteBusy, sqliteLocked, sqlitePerm, sqliteReadonly, sqliteIOErr, sqliteFull, sqliteCantOpen:
		return true
	}
	return false
}
