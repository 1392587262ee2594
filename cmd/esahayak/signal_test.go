package main_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/relay"
)

// TestSecondCtrlCStopsAtOnce: Ctrl-C stops listen gracefully, closing its
// session, which waits for a server that does not answer (up to about
// 6 s); a second Ctrl-C meanwhile ends it at once. It was ignored.
func TestSecondCtrlCStopsAtOnce(t *testing.T) {
	sessionID := ids.New(relay.SessionPrefix)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
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
			<-r.Context().Done()
		}
	}))
	defer api.Close()
	cmd := exec.Command(binary, "listen", "--forward-to", "http://127.0.0.1:1/hook", "--api-base", api.URL, "--api-key", "esk_x")
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "Ready") && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGINT)
	time.Sleep(500 * time.Millisecond)
	select {
	case err := <-done:
		t.Fatalf("listen ended before the second Ctrl-C although closing its session hangs: %v\n%s", err, out.String())
	default:
	}
	second := time.Now()
	cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-done:
		if d := time.Since(second); d > time.Second {
			t.Errorf("listen ended %v after the second Ctrl-C", d)
		}
	case <-time.After(3 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("listen still runs 3 s after a second Ctrl-C:\n%s", out.String())
	}
}

// lockedBuffer is output a process writes while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
