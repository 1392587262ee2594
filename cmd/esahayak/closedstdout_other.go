//go:build !unix

package main

// stdoutClosedAtStart: on Windows a closed standard output is no /dev/null
// put in its place, and a write to it fails, which the commands answer.
func stdoutClosedAtStart() bool { return false }
