package delivery

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/egress"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/store/sqlite"
)

// stoppingWithWork starts an engine that sends one attempt at a time to a
// receiver holding its requests until release is closed, and gives it
// three deliveries of one endpoint: one on the wire, two queued behind it.
// It returns once the first request has reached the receiver.
func stoppingWithWork(t *testing.T, logs *lockedLog, release <-chan struct{}) *Engine {
	t.Helper()
	var got atomic.Int64
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Add(1)
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(ts.Close)
	sq, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "esahayak.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sq.Close() })
	e := New(Config{Log: slog.New(slog.NewTextHandler(logs, nil)), Poll: time.Hour, PerEndpoint: 1, AllowInsecureURLs: true,
		Client: egress.NewClient(egress.Options{AllowPrivate: true, Timeout: 10 * time.Second})}, sq)
	e.Start(context.Background())
	lease := e.Lease()
	var work []store.Work
	for i := range 3 {
		work = append(work, store.Work{DeliveryID: fmt.Sprintf("dlv_%02d", i), EndpointID: "we_a", EventID: fmt.Sprintf("evt_%02d", i),
			EventType: "stamp.uploaded", URL: ts.URL + "/hook", Secrets: []string{"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}, Payload: []byte(`{}`),
			Attempt: 1, RoundAttempt: 1, LeaseOwner: lease.Owner, LeaseUntil: lease.Until})
	}
	e.Submit(work, false)
	for deadline := time.Now().Add(10 * time.Second); got.Load() == 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the first delivery did not reach the receiver")
		}
	}
	return e
}

// TestStopSaysWhatItHandsBack: an operator who stops the server read
// "shutting down" and then nothing of the work this instance held: how
// many deliveries went back unsent (due at once elsewhere), and how many
// attempts the stop waited for. The engine's stop now says both; and when
// its grace ends first, its warning says how many attempts it left on the
// wire, to be sent again when their leases end.
func TestStopSaysWhatItHandsBack(t *testing.T) {
	t.Run("attempt finished", func(t *testing.T) {
		var logs lockedLog
		release := make(chan struct{})
		e := stoppingWithWork(t, &logs, release)
		stopped := make(chan struct{})
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			e.Stop(ctx)
			close(stopped)
		}()
		for deadline := time.Now().Add(10 * time.Second); !Stopping(e); time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("Stop had not begun after 10s")
			}
		}
		close(release)
		<-stopped
		line := logs.line(t, "delivery stopping")
		for _, want := range []string{"level=INFO", "handed_back=2", "in_flight=1"} {
			if !strings.Contains(line, want) {
				t.Errorf("the stop's line lacks %s: %s", want, line)
			}
		}
	})
	t.Run("grace ended first", func(t *testing.T) {
		var logs lockedLog
		release := make(chan struct{})
		defer close(release)
		e := stoppingWithWork(t, &logs, release)
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		e.Stop(ctx)
		line := logs.line(t, "stopped with attempts still in flight")
		if !strings.Contains(line, "in_flight=1") {
			t.Errorf("the warning does not count the attempt left on the wire: %s", line)
		}
	})
}
