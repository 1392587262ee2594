//go:build !unix

package sqlite

// lockServer takes no lock where flock is not available: there, keeping to
// one server per file is left to the operator, and with no lock file an
// unclean stop is not recorded either.
func lockServer(path string) (*serverLock, error) {
	return &serverLock{dbPath: path}, nil
}

// forgetUncleanStop has no lock file to empty where none is made.
func forgetUncleanStop(path string) func() { return func() {} }

// readOnlyFileSystem reports nothing where access(2) is not available.
func readOnlyFileSystem(dir string) bool { return false }
