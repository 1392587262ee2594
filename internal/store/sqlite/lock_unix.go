//go:build unix

package sqlite

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"syscall"
	"time"
)

// lockServer takes the file's server lock. The kernel drops it when the
// process ends, however it ends (kill -9 included), so a crashed server
// never blocks the next one.
//
// Two locks, both flock: the database file's own, which every name of the
// file meets (a hard link too, whose second server would keep a -wal of
// its own and corrupt the database), and path + ".lock", which holds the
// server's pid for the message a second server prints, and whether that
// server stopped cleanly (lockfile.go). The lock file alone
// was not enough: deleted by hand as stale, or by-passed by a hard link,
// it let a second server in. flock never meets SQLite's own fcntl locks on
// Linux (only there is it taken: elsewhere the two kinds meet); the
// database file's descriptor stays open until release, after the
// store has closed, because closing it would drop SQLite's locks.
func lockServer(path string) (*serverLock, error) {
	real, lockPath := lockPaths(path)
	// Created here, the lock file goes again when this start is refused
	// below: a refused start leaves no file behind.
	f, err := os.OpenFile(lockPath, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	created := err == nil
	if errors.Is(err, fs.ErrExist) {
		f, err = os.OpenFile(lockPath, os.O_RDWR, 0o600)
		if errors.Is(err, fs.ErrPermission) {
			return nil, fmt.Errorf("cannot open the lock file %s (another user's? one made by a start as root before this release is root's): give it to this server's user (chown), or remove it while no server runs: %w", lockPath, err)
		}
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, noSuchFileError(path, lockPath, err)
	}
	if errors.Is(err, fs.ErrPermission) {
		return nil, fmt.Errorf("cannot create %s: the server needs to write in the database's directory (its lock, -wal and -shm files go there): %w", lockPath, err)
	}
	if err != nil {
		return nil, fmt.Errorf("server lock %s: %w", lockPath, err)
	}
	inUse := func(who string) error {
		return fmt.Errorf("%w: %s is served by %s (lock file %s); one server per SQLite file, use PostgreSQL to run several",
			ErrInUse, path, who, lockPath)
	}
	if err := flockBriefly(f); err != nil {
		holder, _ := os.ReadFile(lockPath)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			who := "another process"
			if pid, _ := parseLockFile(holder); pid != "" {
				who = "process " + pid
			}
			return nil, inUse(who)
		}
		return nil, fmt.Errorf("server lock %s: %w", lockPath, err)
	}
	// Read under the flock: what the previous server left, not a line
	// another one is writing.
	previous, err := io.ReadAll(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("server lock %s: %w", lockPath, err)
	}
	lock := &serverLock{dbPath: real, lockPath: lockPath, lockFile: f, previous: previous}
	if runtime.GOOS != "linux" {
		// Elsewhere (the BSDs, macOS) flock and fcntl locks of one file
		// see each other: a flock on the database would lock SQLite out.
		giveToDatabaseOwner(f, real)
		writePID(f)
		return lock, nil
	}
	giveUp := func() {
		if created {
			os.Remove(lockPath) // still under its flock: no other start has it
		}
		f.Close()
	}
	// An empty file is an empty database to SQLite, so creating it here
	// changes nothing; 0600 because it will hold endpoints' secrets.
	db, err := os.OpenFile(real, os.O_RDWR|os.O_CREATE, 0o600)
	if errors.Is(err, fs.ErrPermission) {
		giveUp()
		return nil, fmt.Errorf("cannot write the database file %s (read-only, or another user's?): the server needs to read and write it: %w", path, err)
	}
	if err != nil {
		giveUp()
		return nil, fmt.Errorf("server lock %s: %w", real, err)
	}
	if err := syscall.Flock(int(db.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		db.Close()
		giveUp()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, inUse("another process, under another name of the file (a hard link) or whose lock file was deleted")
		}
		return nil, fmt.Errorf("server lock %s: %w", real, err)
	}
	giveToDatabaseOwner(f, real)
	writePID(f)
	lock.dbFile = db
	return lock, nil
}

// lockPaths is the database file at path with symbolic links resolved
// and made absolute, and its lock file: the lock file belongs to the
// file, however it is named (through a symbolic link, or a relative
// path), and SQLite puts the -wal beside the real file.
func lockPaths(path string) (real, lockPath string) {
	real = path
	if r, err := filepath.EvalSymlinks(path); err == nil {
		real = r
	}
	if abs, err := filepath.Abs(real); err == nil {
		real = abs
	}
	return real, real + ".lock"
}

// flockBriefly takes f's exclusive flock, waiting up to about 100 ms for
// a holder that keeps it only a moment: an accounts or users command
// takes it for the time of one write (forgetUncleanStop), and a server
// starting then was refused as if another server held the file.
func flockBriefly(f *os.File) error {
	var err error
	for range 6 {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			return err
		}
		time.Sleep(20 * time.Millisecond)
	}
	return err
}

// forgetUncleanStop is, for a command that opens the database without the
// server lock (accounts, users), what to run once it has closed its last
// connection. When the lock file says its server was running (it was
// killed) and that server's -wal is here as the command opens the
// database, the command's close writes the -wal into the database and
// removes it, as the last connection's close does: nothing is lost, and
// the next start warned that the -wal was missing all the same. The
// returned func then empties the lock file, as a clean stop does, if no
// server holds it, it still says what it said, and the -wal is gone. A
// -wal missing already as the command opens the database (deleted by
// hand) leaves the lock file as it is: those commits are lost, and the
// next start says so.
func forgetUncleanStop(path string) func() {
	real, lockPath := lockPaths(path)
	line, err := os.ReadFile(lockPath)
	if err != nil {
		return func() {}
	}
	if _, running := parseLockFile(line); !running || !fileExists(real+"-wal") {
		return func() {}
	}
	return func() {
		if fileExists(real + "-wal") {
			return // another connection has the database open, or the close did not checkpoint
		}
		f, err := os.OpenFile(lockPath, os.O_RDWR, 0)
		if err != nil {
			return
		}
		defer f.Close()
		// Not waiting: a holder is a server, whose lock file is its own.
		if syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB) != nil {
			return
		}
		now, err := io.ReadAll(f)
		if err != nil || !bytes.Equal(now, line) || fileExists(real+"-wal") {
			return // a server has started (and stopped) since
		}
		f.Truncate(0)
	}
}

// giveToDatabaseOwner makes the lock file the database file's owner's when
// this start runs as root, as SQLite does with the -wal and -shm: a
// root-owned 0600 lock left by one start as root (an upgrade run by hand,
// say) made every later start as the service's user fail. Best effort,
// like SQLite's: the lock is held either way.
func giveToDatabaseOwner(lock *os.File, dbPath string) {
	if os.Geteuid() != 0 {
		return
	}
	fi, err := os.Stat(dbPath)
	if err != nil {
		return
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		lock.Chown(int(st.Uid), int(st.Gid))
	}
}

// writePID writes this process's id in the lock file, for the message a
// second server prints, without "running" yet (serverLock.markRunning);
// the locks are what count, so a failure is ignored.
func writePID(f *os.File) {
	f.Truncate(0)
	f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
}

// readOnlyFileSystem reports whether dir is on a file system mounted
// read-only: access(2) says EROFS there whoever asks, root too, where a
// permission error says nothing of the kind.
func readOnlyFileSystem(dir string) bool {
	return errors.Is(syscall.Access(dir, 2 /* W_OK */), syscall.EROFS)
}
