//go:build !(linux && amd64)

package walvfs

// Name is the name the VFS would be registered under; on this platform it
// is not, and [Register] says so by returning "".
const Name = "esahayak-walbatch"

// Register does nothing here and returns "": the VFS is tested on Linux on
// amd64 only, so other platforms keep SQLite's default VFS.
func Register() (string, error) { return "", nil }
