package delivery

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// TestFailedRecordNamesItsDeliveries: when the recorder cannot write a
// batch of outcomes, its error line says which deliveries wait on it, as
// a failed give-back's warning does: how many, their endpoints and their
// ids (each list cut after maxLoggedIDs), beside the batch's count and the
// cause. It gave the count and the error only.
func TestFailedRecordNamesItsDeliveries(t *testing.T) {
	st := &closedRecorder{Store: goneSQLite(t)}
	var logs lockedLog
	e := New(Config{Log: slog.New(slog.NewTextHandler(&logs, nil))}, st)
	// One batch: all of it is sent before the recorder starts.
	n := maxLoggedIDs + 5
	queueOutcomes(e, n)
	go func() { defer close(e.recorded); e.recordLoop() }()
	deadline := time.Now().Add(10 * time.Second)
	for st.tries.Load() < 3 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	e.abandon()
	close(e.results)
	<-e.recorded
	line := logs.line(t, `msg="record delivery results"`)
	for _, want := range []string{"level=ERROR", "err=", fmt.Sprintf("results=%d", n), fmt.Sprintf("deliveries=%d", n), "endpoint_ids=we_a,we_b",
		loggedDeliveryIDs(n)} {
		if !strings.Contains(line, want) {
			t.Errorf("the error line lacks %s: %s", want, line)
		}
	}
}
