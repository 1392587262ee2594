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
	_, msg, _, err := interruptWhileServerHolds(t, func(apiBase string) []string {
		return []string{"trigger", "order.cancelled", "--api-base", apiBase, "--api-key", "esk_x"}
	})
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("trigger after Ctrl-C: %v; want killed by SIGINT", err)
	}
	if status, _ := exit.Sys().(syscall.WaitStatus); !status.Signaled() || status.Signal() != syscall.SIGINT {
		t.Errorf("trigger after Ctrl-C: %v; want killed by SIGINT", err)
	}
	if want := "esahayak: trigger order.cancelled: stopped by interrupt before it finished"; !strings.Contains(msg, want) || strings.Contains(msg, "running there") {
		t.Errorf("trigger's stderr after Ctrl-C: %q; want %q, without blaming --api-base", msg, want)
	}
	if strings.Count(strings.TrimSpace(msg), "\n") != 0 {
		t.Errorf("trigger's stderr after Ctrl-C is not one line: %q", msg)
	}
}

// interruptWhileServerHolds runs the binary with the arguments args gives
// for a loopback API base whose server never answers, sends it SIGINT once
// its first request has arrived, as a person's Ctrl-C while it waits, and
// returns what it wrote, the API base it was given and how it ended.
func interruptWhileServerHolds(t *testing.T, args func(apiBase string) []string) (stdout, stderr, apiBase string, err error) {
	t.Helper()
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
	cmd := exec.Command(binary, args(srv.URL)...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-arrived:
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		t.Fatalf("%s sent no request within a minute: %s", args("")[0], errOut.String())
	}
	cmd.Process.Signal(syscall.SIGINT)
	select {
	case err = <-done:
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		t.Fatalf("%s still running a minute after Ctrl-C: %s", args("")[0], errOut.String())
	}
	return out.String(), errOut.String(), srv.URL, err
}
