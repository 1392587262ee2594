//go:build !unix

package main

import "syscall"

// killSelf: a process cannot send itself a signal here (Windows); the
// caller exits with 128 + its number instead.
func killSelf(syscall.Signal) bool { return false }
