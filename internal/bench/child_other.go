//go:build !linux && !windows

package bench

import (
	"os/exec"
	"syscall"
)

// dieWithUs asks the child to stop with SIGTERM when the bench's context
// ends. Only Linux has a parent-death signal: elsewhere a child outlives
// a bench that is itself killed.
func dieWithUs(cmd *exec.Cmd) {
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
}
