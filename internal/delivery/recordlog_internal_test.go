package delivery

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/store/sqlite"
)

// TestFailedRecordNamesItsDeliveries: when the recorder cannot write a
// batch of outcomes, its error line says which deliveries wait on it, as
// a failed give-back's warning does: how many, their endpoints and their
// ids (each list cut after maxLoggedIDs), beside the batch's count and the
// cause. It gave the count and the error only.
func TestFailedRecordNamesItsDeliveries(t *testing.T) {
	defer func(w func(int) time.Duration) { recordRetryWait = w }(recordRetryWait)
	recordRetryWait = func(int) time.Duration { return 5 * time.Millisecond }
	sq, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "esahayak.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sq.Close() // every write fails now
	st := &closedRecorder{Store: sq}
	var logs lockedLog
	e := New(Config{Log: slog.New(slog.NewTextHandler(&logs, nil))}, st)
	// One batch: all of it is sent before the recorder starts.
	n := maxLoggedIDs + 5
	for i := range n {
		ep := "we_b"
		if i%2 == 1 {
			ep = "we_a"
		}
		e.results <- resultItem{res: store.Result{DeliveryID: fmt.Sprintf("dlv_%02d", i), EndpointID: ep, Outcome: store.OutcomeSucceeded}}
	}
	go func() { defer close(e.recorded); e.recordLoop() }()
	deadline := time.Now().Add(10 * time.Second)
	for st.tries.Load() < 3 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	e.abandon()
	close(e.results)
	<-e.recorded
	logs.mu.Lock()
	out := logs.b.String()
	logs.mu.Unlock()
	var line string
	for l := range strings.Lines(out) {
		if strings.Contains(l, `msg="record delivery results"`) {
			line = l
			break
		}
	}
	if line == "" {
		t.Fatalf("no error line for the failed write: %s", out)
	}
	ids := make([]string, maxLoggedIDs)
	for i := range ids {
		ids[i] = fmt.Sprintf("dlv_%02d", i)
	}
	for _, want := range []string{"level=ERROR", "err=", fmt.Sprintf("results=%d", n), fmt.Sprintf("deliveries=%d", n), "endpoint_ids=we_a,we_b",
		fmt.Sprintf(`delivery_ids="%s,… 5 more"`, strings.Join(ids, ","))} {
		if !strings.Contains(line, want) {
			t.Errorf("the error line lacks %s: %s", want, line)
		}
	}
}
