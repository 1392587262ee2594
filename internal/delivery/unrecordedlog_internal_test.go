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

// TestStopNamesTheUnrecordedDeliveries: a stop whose grace ends while the
// recorder cannot write (the database is gone) says that the unrecorded
// deliveries will be sent again. It said so with no ids, so an operator
// could not tell which; it must name them as the recorder's error line
// does: how many, their endpoints and their ids (cut after maxLoggedIDs).
func TestStopNamesTheUnrecordedDeliveries(t *testing.T) {
	defer func(w func(int) time.Duration) { recordRetryWait = w }(recordRetryWait)
	recordRetryWait = func(int) time.Duration { return 5 * time.Millisecond }
	sq, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "esahayak.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sq.Close() // every write fails now
	var logs lockedLog
	e := New(Config{Log: slog.New(slog.NewTextHandler(&logs, nil)), Poll: time.Hour}, sq)
	n := maxLoggedIDs + 3
	for i := range n {
		ep := "we_b"
		if i%2 == 1 {
			ep = "we_a"
		}
		e.results <- resultItem{res: store.Result{DeliveryID: fmt.Sprintf("dlv_%02d", i), EndpointID: ep, Outcome: store.OutcomeSucceeded}}
	}
	e.Start(context.Background())
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	e.Stop(ctx)

	logs.mu.Lock()
	out := logs.b.String()
	logs.mu.Unlock()
	var line string
	for l := range strings.Lines(out) {
		if strings.Contains(l, "stopped before every outcome was recorded") {
			line = l
			break
		}
	}
	if line == "" {
		t.Fatalf("no line at the stop for the outcomes not recorded: %s", out)
	}
	ids := make([]string, maxLoggedIDs)
	for i := range ids {
		ids[i] = fmt.Sprintf("dlv_%02d", i)
	}
	for _, want := range []string{"level=WARN", fmt.Sprintf("deliveries=%d", n), "endpoint_ids=we_a,we_b",
		fmt.Sprintf(`delivery_ids="%s,… 3 more"`, strings.Join(ids, ","))} {
		if !strings.Contains(line, want) {
			t.Errorf("the stop's line lacks %s: %s", want, line)
		}
	}
}
