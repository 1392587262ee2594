//go:build unix

package sqlite

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// lockServer takes the file's server lock: path + ".lock", locked with
// flock. The kernel drops the lock when the process ends, however it ends
// (kill -9 included), so a crashed server never blocks the next one.
func lockServer(path string) (release func(), err error) {
	// The lock belongs to the file, however it is named: through a
	// symbolic link, or a relative path.
	real := path
	if r, err := filepath.EvalSymlinks(path); err == nil {
		real = r
	}
	if abs, err := filepath.Abs(real); err == nil {
		real = abs
	}
	lockPath := real + ".lock"
	f, err := os.OpenFile(lockPath, os.O_RDWR|os.O_CREATE, 0o600)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("the directory of %s does not exist (create it, or choose another path)", path)
	}
	if err != nil {
		return nil, fmt.Errorf("server lock %s: %w", lockPath, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder, _ := os.ReadFile(lockPath)
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			who := "another process"
			if pid := string(bytes.TrimSpace(holder)); pid != "" {
				who = "process " + pid
			}
			return nil, fmt.Errorf("%w: %s is served by %s (lock file %s); one server per SQLite file, use PostgreSQL to run several",
				ErrInUse, path, who, lockPath)
		}
		return nil, fmt.Errorf("server lock %s: %w", lockPath, err)
	}
	// The pid is only for the message above; the lock is what counts.
	f.Truncate(0)
	f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return func() { f.Close() }, nil
}
