package bench

import "os/exec"

// dieWithUs: Windows has no parent-death signal and no SIGTERM; the
// child is killed when the bench's context ends (exec's default), and
// outlives a bench that is itself killed.
func dieWithUs(cmd *exec.Cmd) {}
