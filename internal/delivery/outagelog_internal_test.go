package delivery

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/store/sqlite"
)

// closedRecorder is a real SQLite store, closed, that counts the writes
// of outcomes tried on it.
type closedRecorder struct {
	*sqlite.Store
	tries atomic.Int64
}

func (c *closedRecorder) RecordResults(ctx context.Context, r []store.Result) error {
	c.tries.Add(1)
	return c.Store.RecordResults(ctx, r)
}

type lockedLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// TestRecordFailuresLogBoundedLines: the recorder tries a failing write
// of outcomes again and again (every 0.1 s more, up to 5 s; here every
// 5 ms), and logged an error for each try: with the database down, a
// busy instance's log filled with them. One line per 10 s now stands for
// them all.
func TestRecordFailuresLogBoundedLines(t *testing.T) {
	defer func(w func(int) time.Duration) { recordRetryWait = w }(recordRetryWait)
	recordRetryWait = func(int) time.Duration { return 5 * time.Millisecond }
	sq, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "esahayak.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sq.Close() // the database is gone
	st := &closedRecorder{Store: sq}
	var logs lockedLog
	e := New(Config{Log: slog.New(slog.NewTextHandler(&logs, nil))}, st)
	go func() { defer close(e.recorded); e.recordLoop() }()
	e.results <- resultItem{res: store.Result{DeliveryID: "dlv_x", Outcome: store.OutcomeReleased}}
	deadline := time.Now().Add(10 * time.Second)
	for st.tries.Load() < 50 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	e.abandon()
	close(e.results)
	<-e.recorded
	tries := st.tries.Load()
	if tries < 50 {
		t.Fatalf("only %d tries of the write in 10 s", tries)
	}
	logs.mu.Lock()
	out := logs.b.String()
	logs.mu.Unlock()
	if n := strings.Count(out, `msg="record delivery results"`); n != 1 {
		t.Fatalf("%d failed writes logged %d lines, want 1:\n%s", tries, n, out)
	}
	if !strings.Contains(out, "also_failed_since_last_warning=0") || !strings.Contains(out, "results=1") {
		t.Errorf("the line does not carry its count and batch: %s", out)
	}
}
