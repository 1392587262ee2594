//go:build unix

package main_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestSecondSIGTERMIsLogged: a second SIGTERM while serve drains its
// attempts in flight ends it at once, as a crash would. Its log said
// "shutting down" and then nothing, so an operator could not tell a stop
// cut short (whose attempts are sent again) from one that finished. It
// now says so in a WARN line, naming the signal, before it ends.
func TestSecondSIGTERMIsLogged(t *testing.T) {
	p := serveWithAttemptOnTheWire(t)
	p.cmd.Process.Signal(syscall.SIGTERM)
	// The first stop seen (a loaded machine may take a while), and then
	// past main's sameStop (200 ms), within which a signal is the same stop
	// delivered twice.
	testenv.Eventually(t, 30*time.Second, "serve's shutting down line", func() bool {
		return strings.Contains(p.output(), "shutting down")
	})
	time.Sleep(400 * time.Millisecond)
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.done:
		p.done <- err
		if err == nil {
			t.Fatalf("serve exited 0 after a second SIGTERM; want killed by it\n%s", p.output())
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("serve still runs 5 s after a second SIGTERM\n%s", p.output())
	}
	var line string
	for l := range strings.Lines(p.output()) {
		if strings.Contains(l, "second signal") {
			line = l
		}
	}
	if line == "" {
		t.Fatalf("no line for the second SIGTERM:\n%s", p.output())
	}
	for _, want := range []string{"level=WARN", "signal=terminated"} {
		if !strings.Contains(line, want) {
			t.Errorf("the second signal's line lacks %s: %s", want, line)
		}
	}
}

// serveWithAttemptOnTheWire is a serve on a new SQLite file with one
// attempt on the wire to a receiver that answers after 3 s, so that a stop
// has an attempt to wait for.
func serveWithAttemptOnTheWire(t *testing.T) *proc {
	t.Helper()
	db := "sqlite:" + filepath.Join(t.TempDir(), "s.db")
	_, key := createAccount(t, db)
	rcv := newReceiver(t, 3*time.Second)
	p := startServe(t, "--db", db, "--attempt-timeout", "10s", "--log-level", "info")
	mustCall(t, p.base, "POST", "/v1/webhook_endpoints", key, `{"url": "`+rcv.srv.URL+`/slow"}`, 201)
	var o struct{ ID string }
	json.Unmarshal(mustCall(t, p.base, "POST", "/v1/orders", key, fmt.Sprintf(orderBody, false), 201), &o)
	mustCall(t, p.base, "POST", "/v1/orders/"+o.ID+"/upload", "op", "", 200)
	testenv.Eventually(t, 30*time.Second, "the attempt on the wire", func() bool { return rcv.entered.Load() >= 1 })
	return p
}
