//go:build linux && amd64

package walvfs

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// Name is the name the VFS is registered under, for a DSN's vfs parameter.
const Name = "esahayak-walbatch"

// countName is a test-only VFS wrapped the same way but writing every WAL
// write through at once: it counts what the default VFS does.
const countName = "esahayak-walcount"

// chunk is the most bytes one write of the buffer may carry. The unix
// VFS's seekAndWriteFd masks a write's length to 17 bits (nBuf & 0x1ffff),
// so a write of exactly 128 KiB becomes a write of 0 bytes, which unixWrite
// reports as SQLITE_FULL ("database or disk is full"), and any length that
// reaches a multiple of 131072 fails the same way. Writes stay under it.
const chunk = 131072 - 1

// frameHeader is the size of a WAL frame header. No other write to a WAL
// is this size: the WAL header is 32 bytes and a page at least 512.
const frameHeader = 24

var (
	once   sync.Once
	regErr error

	countOnce sync.Once
	countErr  error

	// origVFS is the default VFS: every method of ours but xOpen is its,
	// and xOpen calls its xOpen with it (the unix VFS reads its own
	// pAppData, its locking-style finder, from the sqlite3_vfs it is given).
	origVFS  uintptr
	origOpen uintptr
	// handleOff is where, in a file of our szOsFile, our handle is kept:
	// after the default VFS's own file struct, 8-aligned.
	handleOff uintptr

	batchVFS uintptr // the sqlite3_vfs registered as Name
	countVFS uintptr // the one registered as countName, if tests asked

	// tables maps a default io_methods table to our wrappers of it, one
	// for WAL files and one for database files. The unix VFS has several
	// (posix, nolock, dotlock...), chosen per file.
	tablesMu sync.Mutex
	tables   = map[tableKey]uintptr{}

	// files holds every open WAL file by its handle: the registry the shm
	// hook flushes from, and how a method finds the state of its file.
	filesMu    sync.RWMutex
	files      = map[uintptr]*walFile{}
	nextHandle uintptr

	// buffered counts WAL files holding unwritten bytes, so the shm hook,
	// called for every read transaction's locks, costs one atomic load when
	// nothing is buffered (always, outside a write transaction).
	buffered atomic.Int64
	// sticky counts WAL files holding an error from a failed deferred write.
	sticky atomic.Int64

	// Counters of what reached the default VFS, for tests: writes to WAL
	// files, bytes SQLite asked to write to them, and commit frames.
	walWrites  atomic.Uint64
	walBytes   atomic.Uint64
	walCommits atomic.Uint64
)

type tableKey struct {
	orig uintptr
	wal  bool
}

// Register registers the VFS (once per process) and returns its name.
func Register() (string, error) {
	once.Do(func() { batchVFS, regErr = register(Name) })
	if regErr != nil {
		return "", regErr
	}
	return Name, nil
}

// registerCount registers the test-only counting VFS.
func registerCount() (string, error) {
	if _, err := Register(); err != nil {
		return "", err
	}
	countOnce.Do(func() { countVFS, countErr = register(countName) })
	if countErr != nil {
		return "", countErr
	}
	return countName, nil
}

// Stats are the counters of what this package's VFSs passed to the default
// VFS's xWrite on WAL files.
type Stats struct {
	Writes  uint64 // calls of the default xWrite on WAL files
	Bytes   uint64 // bytes SQLite wrote to WAL files
	Commits uint64 // commit frames written
}

// ReadStats returns the counters since the process started.
func ReadStats() Stats {
	return Stats{Writes: walWrites.Load(), Bytes: walBytes.Load(), Commits: walCommits.Load()}
}

// ptr turns an address in C memory into a pointer (the form go vet accepts).
func ptr(u uintptr) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(&u)) }

func register(name string) (uintptr, error) {
	tls := libc.NewTLS()
	defer tls.Close()
	if origVFS == 0 {
		d := sqlite3.Xsqlite3_vfs_find(tls, 0)
		if d == 0 {
			return 0, errors.New("walvfs: SQLite has no default VFS")
		}
		dv := (*sqlite3.Tsqlite3_vfs)(ptr(d))
		origVFS, origOpen = d, dv.FxOpen
		handleOff = (uintptr(dv.FszOsFile) + 7) &^ 7
	}
	zName, err := libc.CString(name)
	if err != nil {
		return 0, fmt.Errorf("walvfs: register %s: %w", name, err)
	}
	p := libc.Xmalloc(tls, libc.Tsize_t(unsafe.Sizeof(sqlite3.Tsqlite3_vfs{})))
	if p == 0 {
		return 0, fmt.Errorf("walvfs: register %s: out of memory", name)
	}
	v := (*sqlite3.Tsqlite3_vfs)(ptr(p))
	*v = *(*sqlite3.Tsqlite3_vfs)(ptr(origVFS))
	v.FpNext = 0
	v.FzName = zName
	v.FszOsFile = int32(handleOff + unsafe.Sizeof(uintptr(0)))
	*(*func(*libc.TLS, uintptr, uintptr, uintptr, int32, uintptr) int32)(unsafe.Pointer(&v.FxOpen)) = xOpen
	if rc := sqlite3.Xsqlite3_vfs_register(tls, p, 0); rc != sqlite3.SQLITE_OK {
		return 0, fmt.Errorf("walvfs: register %s: sqlite error %d", name, rc)
	}
	return p, nil
}

// handleAt is where a file opened through us keeps its handle.
func handleAt(pFile uintptr) *uintptr { return (*uintptr)(ptr(pFile + handleOff)) }

func xOpen(tls *libc.TLS, pVfs, zName, pFile uintptr, flags int32, pOutFlags uintptr) int32 {
	*handleAt(pFile) = 0
	rc := (*(*func(*libc.TLS, uintptr, uintptr, uintptr, int32, uintptr) int32)(unsafe.Pointer(&struct{ uintptr }{origOpen})))(tls, origVFS, zName, pFile, flags, pOutFlags)
	if rc != sqlite3.SQLITE_OK {
		return rc
	}
	f := (*sqlite3.Tsqlite3_file)(ptr(pFile))
	if f.FpMethods == 0 {
		return rc
	}
	switch {
	case flags&sqlite3.SQLITE_OPEN_WAL != 0:
		w := &walFile{file: pFile, orig: f.FpMethods, owner: tls, batch: pVfs == batchVFS, commitPageAt: -1}
		filesMu.Lock()
		for {
			nextHandle++
			if _, busy := files[nextHandle]; nextHandle != 0 && !busy {
				break
			}
		}
		h := nextHandle
		files[h] = w
		filesMu.Unlock()
		*handleAt(pFile) = h
		f.FpMethods = tableFor(tls, f.FpMethods, true)
	case flags&sqlite3.SQLITE_OPEN_MAIN_DB != 0:
		f.FpMethods = tableFor(tls, f.FpMethods, false)
	}
	return rc
}

// tableFor returns our io_methods table wrapping orig for WAL files (wal)
// or database files, made on first use and kept for the process. It is a
// copy of orig (its iVersion and every slot we do not wrap) followed by
// orig's address, which the database wrappers read back.
func tableFor(tls *libc.TLS, orig uintptr, wal bool) uintptr {
	tablesMu.Lock()
	defer tablesMu.Unlock()
	k := tableKey{orig, wal}
	if t, ok := tables[k]; ok {
		return t
	}
	size := unsafe.Sizeof(sqlite3.Tsqlite3_io_methods{})
	t := libc.Xmalloc(tls, libc.Tsize_t(size+unsafe.Sizeof(uintptr(0))))
	if t == 0 {
		return orig // out of memory: the file works unwrapped
	}
	m := (*sqlite3.Tsqlite3_io_methods)(ptr(t))
	*m = *(*sqlite3.Tsqlite3_io_methods)(ptr(orig))
	*(*uintptr)(ptr(t + size)) = orig
	if wal {
		*(*func(*libc.TLS, uintptr) int32)(unsafe.Pointer(&m.FxClose)) = walClose
		*(*func(*libc.TLS, uintptr, uintptr, int32, int64) int32)(unsafe.Pointer(&m.FxRead)) = walRead
		*(*func(*libc.TLS, uintptr, uintptr, int32, int64) int32)(unsafe.Pointer(&m.FxWrite)) = walWrite
		*(*func(*libc.TLS, uintptr, int64) int32)(unsafe.Pointer(&m.FxTruncate)) = walTruncate
		*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&m.FxSync)) = walSync
		*(*func(*libc.TLS, uintptr, uintptr) int32)(unsafe.Pointer(&m.FxFileSize)) = walFileSize
		*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&m.FxLock)) = walLock
		*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&m.FxUnlock)) = walUnlock
		*(*func(*libc.TLS, uintptr, uintptr) int32)(unsafe.Pointer(&m.FxCheckReservedLock)) = walCheckReservedLock
		*(*func(*libc.TLS, uintptr, int32, uintptr) int32)(unsafe.Pointer(&m.FxFileControl)) = walFileControl
		*(*func(*libc.TLS, uintptr) int32)(unsafe.Pointer(&m.FxSectorSize)) = walSectorSize
		*(*func(*libc.TLS, uintptr) int32)(unsafe.Pointer(&m.FxDeviceCharacteristics)) = walDeviceCharacteristics
		if m.FiVersion >= 3 && m.FxFetch != 0 {
			*(*func(*libc.TLS, uintptr, int64, int32, uintptr) int32)(unsafe.Pointer(&m.FxFetch)) = walFetch
		}
		if m.FiVersion >= 3 && m.FxUnfetch != 0 {
			*(*func(*libc.TLS, uintptr, int64, uintptr) int32)(unsafe.Pointer(&m.FxUnfetch)) = walUnfetch
		}
	} else if m.FiVersion >= 2 {
		if m.FxShmLock != 0 {
			*(*func(*libc.TLS, uintptr, int32, int32, int32) int32)(unsafe.Pointer(&m.FxShmLock)) = dbShmLock
		}
		if m.FxShmBarrier != 0 {
			*(*func(*libc.TLS, uintptr))(unsafe.Pointer(&m.FxShmBarrier)) = dbShmBarrier
		}
		if m.FxShmUnmap != 0 {
			*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&m.FxShmUnmap)) = dbShmUnmap
		}
	}
	tables[k] = t
	return t
}

// origOf returns the default io_methods of a database file opened through
// us: the address stored after our table.
func origOf(pFile uintptr) *sqlite3.Tsqlite3_io_methods {
	t := (*sqlite3.Tsqlite3_file)(ptr(pFile)).FpMethods
	return (*sqlite3.Tsqlite3_io_methods)(ptr(*(*uintptr)(ptr(t + unsafe.Sizeof(sqlite3.Tsqlite3_io_methods{})))))
}

// The shm hook. A transaction that spills frames to the WAL without a
// commit frame (its cache is full) and then rolls back leaves its frames
// in our buffer, at offsets past the last commit, and releases the WAL
// write lock through xShmLock on the database file. Another connection
// (or process) then takes the lock and writes its own frames at those same
// offsets; our stale bytes, written after, would overwrite its committed
// frames. So every shm lock change, barrier or unmap of a database opened
// through us first writes every WAL buffer of the process: bytes are only
// ever buffered by a connection holding the WAL write lock, and written
// before any lock changes hands.
func dbShmLock(tls *libc.TLS, pFile uintptr, ofst, n, flags int32) int32 {
	flushAll(tls)
	if ofst == 0 && n >= 1 && flags == sqlite3.SQLITE_SHM_UNLOCK|sqlite3.SQLITE_SHM_EXCLUSIVE && sticky.Load() > 0 {
		// The connection releases the WAL write lock (lock 0): its
		// transaction is over, rolled back (a failed write made commit
		// impossible), and its pager's cache reset; its next transaction
		// starts from the last commit, so a WAL file's sticky error from
		// a lost deferred write is no longer needed.
		clearSticky(tls)
	}
	m := origOf(pFile)
	return (*(*func(*libc.TLS, uintptr, int32, int32, int32) int32)(unsafe.Pointer(&struct{ uintptr }{m.FxShmLock})))(tls, pFile, ofst, n, flags)
}

func dbShmBarrier(tls *libc.TLS, pFile uintptr) {
	flushAll(tls)
	m := origOf(pFile)
	(*(*func(*libc.TLS, uintptr))(unsafe.Pointer(&struct{ uintptr }{m.FxShmBarrier})))(tls, pFile)
}

func dbShmUnmap(tls *libc.TLS, pFile uintptr, deleteFlag int32) int32 {
	flushAll(tls)
	m := origOf(pFile)
	return (*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&struct{ uintptr }{m.FxShmUnmap})))(tls, pFile, deleteFlag)
}

// flushAll writes every WAL buffer of the process that holds bytes. A
// failed write becomes its file's sticky error.
func flushAll(tls *libc.TLS) {
	if buffered.Load() == 0 {
		return
	}
	filesMu.RLock()
	ws := make([]*walFile, 0, len(files))
	for _, w := range files {
		ws = append(ws, w)
	}
	filesMu.RUnlock()
	for _, w := range ws {
		w.mu.Lock()
		if !w.closed && w.n > 0 {
			w.flush(tls)
		}
		w.mu.Unlock()
	}
}

// clearSticky clears the sticky errors of the WAL files owner opened. Like
// flushAll it takes no file's mutex while holding filesMu: xClose takes
// filesMu while holding its file's.
func clearSticky(owner *libc.TLS) {
	filesMu.RLock()
	var ws []*walFile
	for _, w := range files {
		if w.owner == owner {
			ws = append(ws, w)
		}
	}
	filesMu.RUnlock()
	for _, w := range ws {
		w.mu.Lock()
		if w.err != 0 {
			w.err = 0
			sticky.Add(-1)
		}
		w.mu.Unlock()
	}
}

// walFile is the state of a WAL file opened through us. Its mutex guards
// it against the shm hook of another connection's goroutine, which may
// flush it.
type walFile struct {
	mu     sync.Mutex
	file   uintptr   // the sqlite3_file, which SQLite does not move while open
	orig   uintptr   // the default VFS's io_methods of the file
	owner  *libc.TLS // the connection that opened it (one TLS per connection)
	batch  bool      // false: the counting VFS, writes go through at once
	closed bool      // xClose has run: the shm hook must not touch it
	buf    uintptr   // chunk bytes of C memory, allocated on the first write
	n      int       // bytes buffered
	off    int64     // the file offset of the buffer's first byte
	err    int32     // sticky: a deferred write failed (0: none)
	// commitPageAt is the offset of the page that follows a buffered
	// commit frame's header (-1: none). Bytes 4..7 of a frame header hold
	// the database's size in pages after a commit, 0 in other frames.
	commitPageAt int64
}

func (w *walFile) methods() *sqlite3.Tsqlite3_io_methods {
	return (*sqlite3.Tsqlite3_io_methods)(ptr(w.orig))
}

// walOf returns the state of a WAL file opened through us.
func walOf(pFile uintptr) *walFile {
	h := *handleAt(pFile)
	filesMu.RLock()
	w := files[h]
	filesMu.RUnlock()
	if w == nil {
		panic(fmt.Sprintf("walvfs: unknown WAL file handle %#x", h))
	}
	return w
}

// write calls the default xWrite.
func (w *walFile) write(tls *libc.TLS, pFile, p uintptr, n int32, off int64) int32 {
	walWrites.Add(1)
	return (*(*func(*libc.TLS, uintptr, uintptr, int32, int64) int32)(unsafe.Pointer(&struct{ uintptr }{w.methods().FxWrite})))(tls, pFile, p, n, off)
}

// flush writes the buffer. The caller holds w.mu. A failure is kept as the
// file's sticky error: the bytes were accepted by earlier xWrite calls that
// returned OK, so SQLite believes them written, and every later call on the
// file fails until the connection's transaction is over.
func (w *walFile) flush(tls *libc.TLS) int32 {
	if w.n == 0 {
		return sqlite3.SQLITE_OK
	}
	rc := w.write(tls, w.file, w.buf, int32(w.n), w.off)
	w.off += int64(w.n)
	w.n = 0
	buffered.Add(-1)
	if rc != sqlite3.SQLITE_OK {
		w.commitPageAt = -1
		w.fail(rc)
	}
	return rc
}

func (w *walFile) fail(rc int32) {
	if w.err == 0 {
		sticky.Add(1)
	}
	w.err = rc
}

// enter locks w, returns its sticky error if any, and otherwise writes its
// buffer: every method of a WAL file but xWrite first makes the file what
// SQLite believes it is.
func (w *walFile) enter(tls *libc.TLS) int32 {
	w.mu.Lock()
	if w.err != 0 {
		return w.err
	}
	return w.flush(tls)
}

func walWrite(tls *libc.TLS, pFile, zBuf uintptr, iAmt int32, iOfst int64) int32 {
	w := walOf(pFile)
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != 0 {
		return w.err
	}
	walBytes.Add(uint64(iAmt))
	commitPage := w.commitPageAt >= 0 && iOfst == w.commitPageAt
	w.commitPageAt = -1
	if iAmt == frameHeader && binary.BigEndian.Uint32(unsafe.Slice((*byte)(ptr(zBuf)), frameHeader)[4:8]) != 0 {
		w.commitPageAt = iOfst + frameHeader
	}
	if commitPage {
		walCommits.Add(1)
	}
	if !w.batch || iAmt <= 0 || iAmt >= chunk {
		if rc := w.flush(tls); rc != sqlite3.SQLITE_OK {
			return rc
		}
		rc := w.write(tls, pFile, zBuf, iAmt, iOfst)
		if rc != sqlite3.SQLITE_OK {
			w.commitPageAt = -1
		}
		return rc
	}
	if w.n > 0 && iOfst != w.off+int64(w.n) {
		if rc := w.flush(tls); rc != sqlite3.SQLITE_OK {
			return rc
		}
	}
	if w.buf == 0 {
		w.buf = libc.Xmalloc(tls, chunk)
		if w.buf == 0 {
			return sqlite3.SQLITE_NOMEM
		}
	}
	if w.n == 0 {
		w.off = iOfst
	}
	src := unsafe.Slice((*byte)(ptr(zBuf)), iAmt)
	dst := unsafe.Slice((*byte)(ptr(w.buf)), chunk)
	for len(src) > 0 {
		if w.n == 0 {
			buffered.Add(1)
		}
		k := copy(dst[w.n:], src)
		w.n += k
		src = src[k:]
		if w.n == chunk {
			if rc := w.flush(tls); rc != sqlite3.SQLITE_OK {
				return rc
			}
		}
	}
	if commitPage {
		// Written before this xWrite returns: SQLite publishes the commit
		// in the wal-index after its frame loop, and a reader (another
		// connection, with its own file handle) may read the frame then.
		return w.flush(tls)
	}
	return sqlite3.SQLITE_OK
}

func walClose(tls *libc.TLS, pFile uintptr) int32 {
	w := walOf(pFile)
	w.mu.Lock()
	rc := w.err
	if rc == 0 {
		rc = w.flush(tls)
	}
	if w.err != 0 {
		sticky.Add(-1)
		w.err = 0
	}
	w.closed = true
	if w.buf != 0 {
		libc.Xfree(tls, w.buf)
		w.buf = 0
	}
	filesMu.Lock()
	delete(files, *handleAt(pFile))
	filesMu.Unlock()
	*handleAt(pFile) = 0
	w.mu.Unlock()
	if rc2 := (*(*func(*libc.TLS, uintptr) int32)(unsafe.Pointer(&struct{ uintptr }{w.methods().FxClose})))(tls, pFile); rc == 0 {
		rc = rc2
	}
	return rc
}

// The other methods of a WAL file: write the buffer, then delegate.

func walRead(tls *libc.TLS, pFile, zBuf uintptr, iAmt int32, iOfst int64) int32 {
	w := walOf(pFile)
	defer w.mu.Unlock()
	if rc := w.enter(tls); rc != sqlite3.SQLITE_OK {
		return rc
	}
	return (*(*func(*libc.TLS, uintptr, uintptr, int32, int64) int32)(unsafe.Pointer(&struct{ uintptr }{w.methods().FxRead})))(tls, pFile, zBuf, iAmt, iOfst)
}

func walTruncate(tls *libc.TLS, pFile uintptr, size int64) int32 {
	w := walOf(pFile)
	defer w.mu.Unlock()
	if rc := w.enter(tls); rc != sqlite3.SQLITE_OK {
		return rc
	}
	return (*(*func(*libc.TLS, uintptr, int64) int32)(unsafe.Pointer(&struct{ uintptr }{w.methods().FxTruncate})))(tls, pFile, size)
}

func walSync(tls *libc.TLS, pFile uintptr, flags int32) int32 {
	w := walOf(pFile)
	defer w.mu.Unlock()
	if rc := w.enter(tls); rc != sqlite3.SQLITE_OK {
		return rc
	}
	return (*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&struct{ uintptr }{w.methods().FxSync})))(tls, pFile, flags)
}

func walFileSize(tls *libc.TLS, pFile, pSize uintptr) int32 {
	w := walOf(pFile)
	defer w.mu.Unlock()
	if rc := w.enter(tls); rc != sqlite3.SQLITE_OK {
		return rc
	}
	return (*(*func(*libc.TLS, uintptr, uintptr) int32)(unsafe.Pointer(&struct{ uintptr }{w.methods().FxFileSize})))(tls, pFile, pSize)
}

func walLock(tls *libc.TLS, pFile uintptr, lock int32) int32 {
	w := walOf(pFile)
	defer w.mu.Unlock()
	if rc := w.enter(tls); rc != sqlite3.SQLITE_OK {
		return rc
	}
	return (*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&struct{ uintptr }{w.methods().FxLock})))(tls, pFile, lock)
}

func walUnlock(tls *libc.TLS, pFile uintptr, lock int32) int32 {
	w := walOf(pFile)
	defer w.mu.Unlock()
	if rc := w.enter(tls); rc != sqlite3.SQLITE_OK {
		return rc
	}
	return (*(*func(*libc.TLS, uintptr, int32) int32)(unsafe.Pointer(&struct{ uintptr }{w.methods().FxUnlock})))(tls, pFile, lock)
}

func walCheckReservedLock(tls *libc.TLS, pFile, pResOut uintptr) int32 {
	w := walOf(pFile)
	defer w.mu.Unlock()
	if rc := w.enter(tls); rc != sqlite3.SQLITE_OK {
		return rc
	}
	return (*(*func(*libc.TLS, uintptr, uintptr) int32)(unsafe.Pointer(&struct{ uintptr }{w.methods().FxCheckReservedLock})))(tls, pFile, pResOut)
}

func walFileControl(tls *libc.TLS, pFile uintptr, op int32, pArg uintptr) int32 {
	w := walOf(pFile)
	defer w.mu.Unlock()
	if rc := w.enter(tls); rc != sqlite3.SQLITE_OK {
		return rc
	}
	return (*(*func(*libc.TLS, uintptr, int32, uintptr) int32)(unsafe.Pointer(&struct{ uintptr }{w.methods().FxFileControl})))(tls, pFile, op, pArg)
}

// xSectorSize and xDeviceCharacteristics return no error: a failed write
// of the buffer stays sticky for the next method that can say so.

func walSectorSize(tls *libc.TLS, pFile uintptr) int32 {
	w := walOf(pFile)
	defer w.mu.Unlock()
	w.enter(tls)
	return (*(*func(*libc.TLS, uintptr) int32)(unsafe.Pointer(&struct{ uintptr }{w.methods().FxSectorSize})))(tls, pFile)
}

func walDeviceCharacteristics(tls *libc.TLS, pFile uintptr) int32 {
	w := walOf(pFile)
	defer w.mu.Unlock()
	w.enter(tls)
	return (*(*func(*libc.TLS, uintptr) int32)(unsafe.Pointer(&struct{ uintptr }{w.methods().FxDeviceCharacteristics})))(tls, pFile)
}

func walFetch(tls *libc.TLS, pFile uintptr, iOfst int64, iAmt int32, pp uintptr) int32 {
	w := walOf(pFile)
	defer w.mu.Unlock()
	if rc := w.enter(tls); rc != sqlite3.SQLITE_OK {
		return rc
	}
	return (*(*func(*libc.TLS, uintptr, int64, int32, uintptr) int32)(unsafe.Pointer(&struct{ uintptr }{w.methods().FxFetch})))(tls, pFile, iOfst, iAmt, pp)
}

func walUnfetch(tls *libc.TLS, pFile uintptr, iOfst int64, p uintptr) int32 {
	w := walOf(pFile)
	defer w.mu.Unlock()
	if rc := w.enter(tls); rc != sqlite3.SQLITE_OK {
		return rc
	}
	return (*(*func(*libc.TLS, uintptr, int64, uintptr) int32)(unsafe.Pointer(&struct{ uintptr }{w.methods().FxUnfetch})))(tls, pFile, iOfst, p)
}
