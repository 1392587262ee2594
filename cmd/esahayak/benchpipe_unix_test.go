//go:build unix

package main_test

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestBenchStopsWhenItsOutputCloses runs `esahayak bench 2>&1 | head -1`:
// once the reader of its progress is gone, the bench's next line ended it
// by SIGPIPE, its serve children dying with it but its temporary store
// left under TMPDIR for good. It must stop as on Ctrl-C, removing the
// store, and end with exit status 1, promptly.
func TestBenchStopsWhenItsOutputCloses(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the bench and its server; skipped with -short")
	}
	tmp := t.TempDir()
	cmd := exec.Command(binary, "bench", "--scenario", "single", "--events", "5000")
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	var stdout bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, pw
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() { cmd.Process.Kill(); err := <-done; done <- err })
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "bench: ") {
		t.Fatalf("the bench's first line: %q, %v", line, err)
	}
	pr.Close() // `head -1` has its line, and exits

	select {
	case err = <-done:
		done <- err
	case <-time.After(2 * time.Minute):
		t.Fatal("bench still running 2 minutes after its output closed")
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("bench ended with %v; want exit status 1\nstdout:\n%s", err, stdout.String())
	}
	if status, _ := exit.Sys().(syscall.WaitStatus); status.Signaled() || exit.ExitCode() != 1 {
		t.Errorf("bench ended with %v; want exit status 1, not killed by SIGPIPE\nstdout:\n%s", err, stdout.String())
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) > 0 {
		t.Errorf("left behind in TMPDIR: %q", left)
	}
}
