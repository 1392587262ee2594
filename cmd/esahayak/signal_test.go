package main_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/relay"
	"github.com/esahayak/esahayak/internal/testenv"
)

// TestSecondCtrlCStopsAtOnce: Ctrl-C stops listen gracefully, closing its
// session, which waits for a server that does not answer (up to about
// 6 s); a second Ctrl-C meanwhile ends it at once. It was ignored, and
// later still was in a process started with SIGINT ignored, as a
// script's background job is: stopping the notification gave the
// ignoring back.
func TestSecondCtrlCStopsAtOnce(t *testing.T) {
	t.Run("terminal", func(t *testing.T) { testSecondCtrlC(t, false) })
	t.Run("started with SIGINT ignored", func(t *testing.T) { testSecondCtrlC(t, true) })
}

func testSecondCtrlC(t *testing.T, ignored bool) {
	api, closing := hangingCloseAPI(t)
	args := []string{"listen", "--forward-to", "http://127.0.0.1:1/hook", "--api-base", api.URL, "--api-key", "esk_x"}
	cmd := exec.Command(binary, args...)
	if ignored {
		// exec keeps an ignored signal ignored.
		cmd = exec.Command("sh", append([]string{"-c", `trap "" INT; exec "$0" "$@"`, binary}, args...)...)
	}
	out, done := startUntilReady(t, cmd)
	cmd.Process.Signal(syscall.SIGINT)
	// The first Ctrl-C is taken once listen asks the server to close its
	// session (which hangs). A fixed 500 ms alone let a loaded machine send
	// the second before listen had taken the first: two signals that close
	// together are one stop delivered twice, and the test failed.
	select {
	case <-closing:
	case err := <-done:
		t.Fatalf("listen ended before the second Ctrl-C although closing its session hangs: %v\n%s", err, out.String())
	case <-time.After(10 * time.Second):
		t.Fatalf("listen did not try to close its session within 10 s of a Ctrl-C:\n%s", out.String())
	}
	// Time passes on purpose: a signal within sameStop (200 ms) of the
	// first is that one delivered twice, not a second Ctrl-C.
	time.Sleep(500 * time.Millisecond)
	select {
	case err := <-done:
		t.Fatalf("listen ended before the second Ctrl-C although closing its session hangs: %v\n%s", err, out.String())
	default:
	}
	second := time.Now()
	cmd.Process.Signal(syscall.SIGINT)
	select {
	case err := <-done:
		if d := time.Since(second); d > time.Second {
			t.Errorf("listen ended %v after the second Ctrl-C", d)
		}
		// Killed by SIGINT, so that a script running listen stops too
		// (bash carries on after a child that exits 130 itself); started
		// with SIGINT ignored, where that would be ignored, exit 130.
		var exit *exec.ExitError
		if !errors.As(err, &exit) {
			t.Fatalf("listen's end after a second Ctrl-C: %v", err)
		}
		status, _ := exit.Sys().(syscall.WaitStatus)
		switch {
		case !ignored && !(status.Signaled() && status.Signal() == syscall.SIGINT):
			t.Errorf("listen's end after a second Ctrl-C: %v; want killed by SIGINT", err)
		case ignored && exit.ExitCode() != 130:
			t.Errorf("listen's end after a second Ctrl-C, started with SIGINT ignored: %v; want exit status 130", err)
		}
	case <-time.After(3 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("listen still runs 3 s after a second Ctrl-C:\n%s", out.String())
	}
}

// startUntilReady starts cmd (a listen) and waits up to 10 s for it to say
// it is Ready, failing the test if it does not: the tests went on and
// signalled a listen still starting, which says nothing of how a running
// one stops.
func startUntilReady(t *testing.T, cmd *exec.Cmd) (*testenv.Output, chan error) {
	t.Helper()
	return startUntil(t, cmd, "Ready", 10*time.Second)
}

// startUntil starts cmd and waits up to within for it to print marker,
// failing the test if it ends or stays silent first. It returns what cmd
// writes, on stdout and stderr alike, and where its Wait's result
// arrives; a cmd still running at the end of the test is killed.
func startUntil(t *testing.T, cmd *exec.Cmd, marker string, within time.Duration) (*testenv.Output, chan error) {
	t.Helper()
	out := &testenv.Output{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() { cmd.Process.Kill() })
	name := strings.Join(cmd.Args[1:min(len(cmd.Args), 2)], " ")
	deadline := time.Now().Add(within)
	for !strings.Contains(out.String(), marker) {
		select {
		case err := <-done:
			t.Fatalf("%s ended before it printed %q: %v\n%s", name, marker, err, out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not print %q within %v:\n%s", name, marker, within, out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	return out, done
}

// TestSignalDeliveredTwiceStopsGracefully: `timeout`, and supervisors
// that end a process group, send the same SIGTERM to the process and to
// its group, so it arrives twice within a moment. That was taken for a
// second Ctrl-C: listen was killed at once, without trying to close its
// session (left open on the server for good) or saying so. Here closing
// the session hangs, so that listen is still stopping when the copy comes.
func TestSignalDeliveredTwiceStopsGracefully(t *testing.T) {
	api, closing := hangingCloseAPI(t)
	cmd := exec.Command(binary, "listen", "--forward-to", "http://127.0.0.1:1/hook", "--api-base", api.URL, "--api-key", "esk_x")
	out, done := startUntilReady(t, cmd)
	cmd.Process.Signal(syscall.SIGTERM)
	time.Sleep(20 * time.Millisecond) // the group's copy, a moment later
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-done:
		if err != nil || !strings.Contains(out.String(), "Stopped (the server did not confirm closing the session in time") ||
			!strings.Contains(out.String(), "curl -X DELETE") {
			t.Errorf("listen after one SIGTERM delivered twice: %v; want exit 0 after trying to close the session\n%s", err, out.String())
		}
	case <-time.After(15 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("listen still runs 15 s after SIGTERM:\n%s", out.String())
	}
	select {
	case <-closing:
	default:
		t.Errorf("listen did not try to close its session")
	}
}

// hangingCloseAPI is a listen API whose session streams its ready event
// and whose close never answers, so that listen is still stopping when the
// test sends its next signal. Each close request is told on the channel
// returned (buffered; a close not read is not waited for).
func hangingCloseAPI(t *testing.T) (api *httptest.Server, closing <-chan struct{}) {
	sessionID := ids.New(relay.SessionPrefix)
	closed := make(chan struct{}, 1)
	api = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == "POST" && r.URL.Path == "/v1/listen_sessions":
			w.WriteHeader(201)
			json.NewEncoder(w).Encode(map[string]any{"id": sessionID, "events": []string{"stamp.uploaded"},
				"secret": "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0"})
		case r.Method == "GET":
			w.Header().Set("Content-Type", "text/event-stream")
			fmt.Fprint(w, "event: ready\ndata: {}\n\n")
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		default: // the session's close hangs
			if r.Method == "DELETE" {
				select {
				case closed <- struct{}{}:
				default:
				}
			}
			<-r.Context().Done()
		}
	}))
	t.Cleanup(api.Close)
	return api, closed
}
