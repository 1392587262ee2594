package main_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestListenCtrlCBeforeItsSession: Ctrl-C while the server has not yet
// answered listen's request for a session says that a session may have
// been made and stays open, and how to find and close it. listen ended
// in silence, though the server may have made a session that then stays
// open (sessions do not expire) and counts against the account's limit.
func TestListenCtrlCBeforeItsSession(t *testing.T) {
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
	cmd := exec.Command(binary, "listen", "--forward-to", "http://127.0.0.1:1/hook", "--api-base", srv.URL, "--api-key", "esk_x")
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
		t.Fatalf("listen sent no request within a minute: %s", stderr.String())
	}
	cmd.Process.Signal(syscall.SIGINT)
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("listen after Ctrl-C: %v; want exit status 0, as a Ctrl-C after its session", err)
		}
	case <-time.After(time.Minute):
		cmd.Process.Kill()
		t.Fatalf("listen still running a minute after Ctrl-C: %s", stderr.String())
	}
	want := "esahayak: listen stopped before the server confirmed its session; if the server made one, it stays open: GET " + srv.URL + "/v1/listen_sessions?status=open lists it"
	if !strings.Contains(stderr.String(), want) || stdout.Len() != 0 {
		t.Errorf("listen after Ctrl-C before its session: stdout %q, stderr %q; want on stderr %q", stdout.String(), stderr.String(), want)
	}
}
