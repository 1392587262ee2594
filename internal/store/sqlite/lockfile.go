package sqlite

import (
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
)

// The server lock file (path + ".lock", see lockServer) holds, besides the
// lock, one line about its server: "PID" while the server opens the
// database, "PID running" from when SQLite's -wal file exists until the
// server has closed the database, and nothing after a clean stop. A file
// still saying "running" at the next start is an unclean stop (kill -9, a
// crash, a power cut): the commits since the last checkpoint are then only
// in the -wal, and a start that finds none lost them. Older releases wrote
// only "PID" and left it there, stopped cleanly or not: their files are
// still read for the holder's pid, and never taken for an unclean stop.
// An accounts or users command that finds "running" and the -wal, and
// writes the -wal into the database as it closes it, empties the file as
// a clean stop would (forgetUncleanStop).
const runningWord = "running"

// parseLockFile reads a lock file's line: the pid of its server (or "") and
// whether it says that server was running.
func parseLockFile(b []byte) (pid string, running bool) {
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "", false
	}
	return f[0], len(f) == 2 && f[1] == runningWord
}

// serverLock is a server lock taken by lockServer.
type serverLock struct {
	// dbPath is the database file with symbolic links resolved: SQLite
	// puts its -wal beside that file, not beside the link.
	dbPath   string
	lockPath string
	// lockFile and dbFile hold the flocks; nil where none is taken
	// (lock_other.go, and dbFile outside Linux).
	lockFile *os.File
	dbFile   *os.File
	// previous is what the lock file said when this process took it.
	previous []byte
	// running is whether this process has written "running" yet.
	running bool
}

// markRunning writes "PID running" in the lock file once SQLite's -wal
// exists: from then on a stop without release leaves it, and the -wal,
// behind. Before the -wal exists an unclean stop loses nothing, and saying
// "running" would make the next start warn of a -wal that never was.
// "PID" is a prefix of the line, so it is written over in place: no moment
// in which the file says nothing.
func (l *serverLock) markRunning() {
	if l.lockFile == nil || l.running || !fileExists(l.dbPath+"-wal") {
		return
	}
	l.running = true
	l.lockFile.WriteAt([]byte(strconv.Itoa(os.Getpid())+" "+runningWord+"\n"), 0)
}

// release empties the lock file (a clean stop) and drops the locks. The
// store calls it after its last connection closed, when SQLite has written
// the -wal into the database and removed it; the file is emptied before
// the flock goes, so that the next server never reads this one's
// "running".
func (l *serverLock) release() {
	if l.lockFile == nil {
		return
	}
	l.lockFile.Truncate(0)
	if l.dbFile != nil {
		l.dbFile.Close()
	}
	l.lockFile.Close()
}

// warnIfWALLost logs, as a warning, a start after an unclean stop (the lock
// file still says "running") that finds no -wal beside a database that has
// data: the -wal was deleted, or the database restored or copied without
// it, and what the last server committed after its last checkpoint is gone.
// The start goes on (an operator without a backup has no better choice),
// but not silently.
func (l *serverLock) warnIfWALLost(log *slog.Logger) {
	pid, running := parseLockFile(l.previous)
	if !running || log == nil || fileExists(l.dbPath+"-wal") {
		return
	}
	if fi, err := os.Stat(l.dbPath); err != nil || fi.Size() == 0 {
		return
	}
	log.Warn("the previous server on this database did not stop cleanly and the -wal file is missing: what it committed after its last checkpoint is lost",
		slog.String("database", l.dbPath), slog.String("missing_wal", l.dbPath+"-wal"),
		slog.String("lock_file", l.lockPath), slog.String("previous_pid", pid),
		slog.String("lost", "events acknowledged to clients (and perhaps delivered), order changes, endpoint changes and delivery results committed after the last checkpoint, if the -wal was deleted or the database restored or copied without it"),
		slog.String("what_to_do", "to keep them, stop this server and restore the database together with its -wal and -shm files from a backup (the -wal is part of the database: never delete it); "+
			"otherwise the database goes on as it was at that checkpoint, and this is not logged again. "+
			"If sqlite3 or another program (not esahayak) opened the database after the stop, it wrote the -wal into the database and removed it: then nothing is lost"))
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// procPath is the path under /proc that reaches the locked database file
// through this process's descriptor, or "" where none is held.
func (l *serverLock) procPath() string {
	if l.dbFile == nil {
		return ""
	}
	return fmt.Sprintf("/proc/%d/fd/%d", os.Getpid(), l.dbFile.Fd())
}
