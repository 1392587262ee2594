//go:build unix

package main

import "golang.org/x/sys/unix"

// stdoutClosedAtStart reports whether the process was started with its
// standard output closed (`esahayak accounts create Acme >&-`, a
// supervisor that closes it). Go's runtime opens /dev/null, read-write,
// on a standard descriptor found closed at start, so every write to it
// then succeeds: accounts create exited 0 with its API key, shown only
// there, gone. A shell's `>/dev/null` opens it write-only: an output
// thrown away on purpose is not taken for a closed one.
func stdoutClosedAtStart() bool {
	const fd = 1
	var out, null unix.Stat_t
	if err := unix.Fstat(fd, &out); err != nil {
		return true // nothing there at all
	}
	if err := unix.Stat("/dev/null", &null); err != nil {
		return false
	}
	if out.Mode&unix.S_IFMT != unix.S_IFCHR || out.Rdev != null.Rdev {
		return false
	}
	flags, err := unix.FcntlInt(fd, unix.F_GETFL, 0)
	return err == nil && flags&unix.O_ACCMODE == unix.O_RDWR
}
