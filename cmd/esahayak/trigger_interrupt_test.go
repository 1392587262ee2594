package main_test

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestTriggerCtrlC: Ctrl-C while trigger waits for the server ends trigger
// as SIGINT does, saying it was stopped, as bench does. It exited 1 with
// "POST …/v1/orders: … stopped by interrupt (is `esahayak serve` running
// there? set --api-base)", blaming an address that was answering, and a
// shell script running trigger took the status for a failure to go on
// from rather than stopping too.
func TestTriggerCtrlC(t *testing.T) {
	arrived, release := make(chan struct{}, 1), make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case arrived <- struct{}{}:
		default:
		}
		select { // a server slow to answer
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer srv.Close()
	defer close(release)
	cmd := exec.Command(binary, "trigger", "order.cancelled", "--api-base", srv.URL, "--api-key", "esk_x")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-arrived:
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		t.Fatalf("trigger sent no request within a minute: %s", stderr.String())
	}
	cmd.Process.Signal(syscall.SIGINT)
	var err error
	select {
	case err = <-done:
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		t.Fatalf("trigger still running a minute after Ctrl-C: %s", stderr.String())
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("trigger after Ctrl-C: %v; want killed by SIGINT", err)
	}
	if status, _ := exit.Sys().(syscall.WaitStatus); !status.Signaled() || status.Signal() != syscall.SIGINT {
		t.Errorf("trigger after Ctrl-C: %v; want killed by SIGINT", err)
	}
	msg := stderr.String()
	if want := "esahayak: trigger order.cancelled: stopped by interrupt before it finished"; !strings.Contains(msg, want) || strings.Contains(msg, "running there") {
		t.Errorf("trigger's stderr after Ctrl-C: %q; want %q, without blaming --api-base", msg, want)
	}
	if strings.Count(strings.TrimSpace(msg), "\n") != 0 {
		t.Errorf("trigger's stderr after Ctrl-C is not one line: %q", msg)
	}
}
