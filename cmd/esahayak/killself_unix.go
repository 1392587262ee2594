//go:build unix

package main

import (
	"os"
	"syscall"
)

// killSelf sends sig to this process; true once it is on its way.
func killSelf(sig syscall.Signal) bool {
	return syscall.Kill(os.Getpid(), sig) == nil
}
