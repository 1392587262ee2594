//go:build !windows

package main

import (
	"errors"
	"syscall"
)

// addrInUse reports whether err is a listen refused because another
// program holds the port (EADDRINUSE, on Linux and macOS alike).
func addrInUse(err error) bool {
	return errors.Is(err, syscall.EADDRINUSE)
}
