//go:build !unix

package sqlite

// lockServer does nothing where flock is not available: there, keeping to
// one server per file is left to the operator.
func lockServer(path string) (release func(), err error) {
	return func() {}, nil
}

// readOnlyFileSystem reports nothing where access(2) is not available.
func readOnlyFileSystem(dir string) bool { return false }
