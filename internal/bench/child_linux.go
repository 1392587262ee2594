package bench

import (
	"os/exec"
	"syscall"
)

// dieWithUs makes the child die with us, whatever kills us, and asks it
// to stop with SIGTERM when the bench's context ends.
func dieWithUs(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
}
