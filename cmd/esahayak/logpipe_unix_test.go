//go:build unix

package main_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestServeOutlivesItsLogReader runs `esahayak serve 2>&1 | tee log` and
// kills the tee: the reader of serve's output goes away. serve's next log
// line met a closed pipe, and Go's default for SIGPIPE on standard output
// or error ended the process there, so deliveries stopped because a log
// pipe closed. serve must keep serving and delivering, its lines lost,
// and still stop cleanly on SIGTERM.
func TestServeOutlivesItsLogReader(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server binary; skipped with -short")
	}
	// debug: a line for every attempt, so each delivery below writes to
	// the closed pipe. The reader reads up to the listening line, as
	// `head` would, and goes.
	p, pr, key := startWithUnreadOutput(t)
	pr.Close()

	rcv := newReceiver(t, 0)
	mustCall(t, p.base, "POST", "/v1/webhook_endpoints", key, `{"url": "`+rcv.srv.URL+`/hook"}`, 201)
	// One delivery after another: the second is claimed and sent after
	// the first one's log line has met the closed pipe.
	for i := 1; i <= 3; i++ {
		var o struct{ ID string }
		json.Unmarshal(mustCall(t, p.base, "POST", "/v1/orders", key, fmt.Sprintf(orderBody, false), 201), &o)
		mustCall(t, p.base, "POST", "/v1/orders/"+o.ID+"/upload", "op", "", 200)
		testenv.Eventually(t, 30*time.Second, fmt.Sprintf("delivery %d to arrive", i), func() bool { return rcv.total.Load() == int64(i) })
		waitSucceeded(t, p.base, key, i)
	}
	select {
	case err := <-p.done:
		p.done <- err
		t.Fatalf("serve ended with %v once its output's reader was gone, want it still serving", err)
	default:
	}
	resp, err := http.Get(p.base + "/healthz")
	if err != nil {
		t.Fatalf("/healthz: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("/healthz answered %d, want 200", resp.StatusCode)
	}

	p.stop(t, 30*time.Second)
}
