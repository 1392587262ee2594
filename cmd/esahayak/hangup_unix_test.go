//go:build unix

package main_test

import (
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestSIGHUPStopsGracefully: a serve left in a terminal or an ssh session
// gets SIGHUP when that closes. Go's default for it ended the process at
// once, as kill -9 would: no line in the log to say why it was gone, its
// attempts in flight sent again after the restart, and PATH.lock left
// saying "running" (the next start warns of an unclean stop). SIGHUP now
// stops it as SIGTERM does, logged with the signal; under nohup (SIGHUP
// ignored at start) it is still ignored.
func TestSIGHUPStopsGracefully(t *testing.T) {
	hangupNotIgnored()
	path := filepath.Join(t.TempDir(), "h.db")
	p := startServe(t, "--db", "sqlite:"+path, "--log-level", "info")
	if err := p.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-p.done:
		p.done <- err
		if err != nil {
			t.Fatalf("serve ended by SIGHUP: %v, want a graceful stop (exit 0)\n%s", err, p.output())
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("serve still runs a minute after SIGHUP\n%s", p.output())
	}
	out := p.output()
	var line string
	for l := range strings.Lines(out) {
		if strings.Contains(l, "shutting down") {
			line = l
		}
	}
	if !strings.Contains(line, "signal=hangup") || !strings.Contains(out, "msg=stopped") {
		t.Errorf("no graceful stop logged with signal=hangup:\n%s", out)
	}
	if lock, err := os.ReadFile(path + ".lock"); err != nil || len(lock) != 0 {
		t.Errorf("PATH.lock after the stop: %q (%v), want empty, as a clean stop leaves it", lock, err)
	}
}

// TestSIGHUPIgnoredUnderNohup: a serve started with SIGHUP ignored (nohup,
// or a supervisor that ignores it) keeps running when it comes.
func TestSIGHUPIgnoredUnderNohup(t *testing.T) {
	addr := freeAddr(t)
	cmd := exec.Command("sh", "-c", `trap "" HUP; exec "$0" "$@"`, binary, "serve", "--addr", addr,
		"--db", "sqlite:"+filepath.Join(t.TempDir(), "n.db"), "--log-level", "info")
	p := launch(t, cmd, "http://"+addr, nil)
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
		if t.Failed() {
			t.Logf("server output:\n%s", p.output())
		}
	})
	waitHealthy(t, p)
	if err := p.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second) // the signal's delivery; an exit would show below
	select {
	case err := <-p.done:
		p.done <- err
		t.Fatalf("serve started with SIGHUP ignored ended on SIGHUP: %v\n%s", err, p.output())
	default:
	}
	mustCall(t, p.base, "GET", "/healthz", "", "", 200)
}

// TestRepeatedSIGHUPDoesNotCutTheStopShort: a closed terminal can send
// SIGHUP more than once (the kernel to the foreground group, the shell to
// each of its jobs as it exits), and a second SIGHUP more than 200 ms
// after the first was taken for a second Ctrl-C: serve died at once,
// its attempt in flight unrecorded. A hangup never ends the stop early;
// the attempt finishes and serve exits 0.
func TestRepeatedSIGHUPDoesNotCutTheStopShort(t *testing.T) {
	hangupNotIgnored()
	p := serveWithAttemptOnTheWire(t)
	p.cmd.Process.Signal(syscall.SIGHUP)
	time.Sleep(500 * time.Millisecond) // past the same stop delivered twice
	p.cmd.Process.Signal(syscall.SIGHUP)
	select {
	case err := <-p.done:
		p.done <- err
		if err != nil {
			t.Fatalf("serve ended by a second SIGHUP: %v, want the stop finished (exit 0)\n%s", err, p.output())
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("serve still runs a minute after SIGHUP\n%s", p.output())
	}
	if out := p.output(); strings.Contains(out, "second signal") || !strings.Contains(out, "msg=stopped") {
		t.Errorf("want a finished stop and no second-signal line:\n%s", out)
	}
}

// hangupNotIgnored makes the serve processes this test binary starts from
// now on begin with SIGHUP at its default, as from a terminal. A test run
// under nohup (a CI job started so) ignores it, and a child inherits an
// ignored signal: serve then kept it ignored, as it should under nohup,
// and the tests of what SIGHUP does saw nothing (they failed so in CI).
// A signal this process catches is back at its default in a child, so
// SIGHUP is caught here, for the rest of the run, and dropped.
var hangupNotIgnored = sync.OnceFunc(func() {
	signal.Notify(make(chan os.Signal, 1), syscall.SIGHUP)
})
