package delivery

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strconv"
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

// goneSQLite is a real SQLite store, closed, so that every write on it
// fails as on a database gone under a running engine; the recorder tries
// a failed write again every 5 ms until the test ends.
func goneSQLite(t *testing.T) *sqlite.Store {
	t.Helper()
	wait := recordRetryWait
	t.Cleanup(func() { recordRetryWait = wait })
	recordRetryWait = func(int) time.Duration { return 5 * time.Millisecond }
	sq, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "esahayak.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	sq.Close()
	return sq
}

// queueOutcomes puts n outcomes in e's results, for deliveries dlv_00,
// dlv_01, … of endpoints we_b and we_a in turn.
func queueOutcomes(e *Engine, n int) {
	for i := range n {
		ep := "we_b"
		if i%2 == 1 {
			ep = "we_a"
		}
		e.results <- resultItem{res: store.Result{DeliveryID: fmt.Sprintf("dlv_%02d", i), EndpointID: ep, Outcome: store.OutcomeSucceeded}}
	}
}

// line is the first line logged that holds s; the test fails without one.
func (l *lockedLog) line(t *testing.T, s string) string {
	t.Helper()
	l.mu.Lock()
	out := l.b.String()
	l.mu.Unlock()
	for line := range strings.Lines(out) {
		if strings.Contains(line, s) {
			return line
		}
	}
	t.Fatalf("no line with %s in the log: %s", s, out)
	return ""
}

// loggedDeliveryIDs is the delivery_ids attribute, as deliveryAttrs writes
// it, of n deliveries dlv_00, dlv_01, …: the first maxLoggedIDs, then how
// many more.
func loggedDeliveryIDs(n int) string {
	ids := make([]string, min(n, maxLoggedIDs))
	for i := range ids {
		ids[i] = fmt.Sprintf("dlv_%02d", i)
	}
	if n <= maxLoggedIDs {
		return "delivery_ids=" + strings.Join(ids, ",")
	}
	return fmt.Sprintf(`delivery_ids="%s,… %d more"`, strings.Join(ids, ","), n-maxLoggedIDs)
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
	st := &closedRecorder{Store: goneSQLite(t)}
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

// flakyStore is a real SQLite store whose first claims and first writes of
// outcomes fail, as they do while the database is unreachable.
type flakyStore struct {
	*sqlite.Store
	claimFails, recordFails atomic.Int64 // failures still to come
	claims, records         atomic.Int64 // calls that reached the store
}

func (f *flakyStore) ClaimDeliveries(ctx context.Context, p store.ClaimParams) ([]store.Work, error) {
	if f.claimFails.Add(-1) >= 0 {
		return nil, errors.New("database unreachable (test)")
	}
	f.claims.Add(1)
	return f.Store.ClaimDeliveries(ctx, p)
}

func (f *flakyStore) RecordResults(ctx context.Context, r []store.Result) error {
	if f.recordFails.Add(-1) >= 0 {
		return errors.New("database unreachable (test)")
	}
	f.records.Add(1)
	return f.Store.RecordResults(ctx, r)
}

// failuresLogged is how many failures the lines of msg account for: each
// error line is one, and every line adds the count it says was held back.
func failuresLogged(t *testing.T, out, msg string) int {
	t.Helper()
	n := 0
	for line := range strings.Lines(out) {
		if !strings.Contains(line, `msg="`+msg+`"`) {
			continue
		}
		if strings.Contains(line, " err=") {
			n++
		}
		_, after, ok := strings.Cut(line, "also_failed_since_last_warning=")
		if !ok {
			t.Fatalf("a line without its count: %s", line)
		}
		held, err := strconv.Atoi(strings.Fields(after)[0])
		if err != nil {
			t.Fatalf("count in %q: %v", line, err)
		}
		n += held
	}
	return n
}

// TestAShortOutagesFailuresAreAllCounted: the engine's outage lines count
// the failures they held back only on the next line, so the failures of
// an outage that ended within its 10 s were never logged: the log said
// one claim failed where three had, one write where twenty had. Recovery
// (once an interval has passed) or, here, the engine's stop now writes
// the rest.
func TestAShortOutagesFailuresAreAllCounted(t *testing.T) {
	defer func(w func(int) time.Duration) { recordRetryWait = w }(recordRetryWait)
	recordRetryWait = func(int) time.Duration { return 5 * time.Millisecond }
	sq, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "esahayak.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sq.Close()
	st := &flakyStore{Store: sq}
	st.claimFails.Store(3)
	st.recordFails.Store(20)
	var logs lockedLog
	e := New(Config{Log: slog.New(slog.NewTextHandler(&logs, nil)), Poll: 50 * time.Millisecond}, st)
	e.Start(context.Background())
	e.results <- resultItem{res: store.Result{DeliveryID: "dlv_x", Outcome: store.OutcomeReleased}}
	deadline := time.Now().Add(30 * time.Second)
	for (st.claims.Load() == 0 || st.records.Load() == 0) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if st.claims.Load() == 0 || st.records.Load() == 0 {
		t.Fatalf("the store never recovered for the engine: %d claims, %d writes got through", st.claims.Load(), st.records.Load())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	e.Stop(ctx)
	logs.mu.Lock()
	out := logs.b.String()
	logs.mu.Unlock()
	if n := failuresLogged(t, out, "claim deliveries"); n != 3 {
		t.Errorf("3 failed claims, the log accounts for %d:\n%s", n, out)
	}
	if n := failuresLogged(t, out, "record delivery results"); n != 20 {
		t.Errorf("20 failed writes of outcomes, the log accounts for %d:\n%s", n, out)
	}
}
