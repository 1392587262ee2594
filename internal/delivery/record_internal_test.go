package delivery

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

// failingRecorder is a store whose every write of outcomes fails, as a
// closing one's does; it says when each try is made.
type failingRecorder struct {
	store.Store // nil: only RecordResults is called
	tries       chan struct{}
}

func (f *failingRecorder) RecordResults(context.Context, []store.Result) error {
	f.tries <- struct{}{}
	return errors.New("store is closed")
}

// TestRecorderStopsWaitingWhenAbandoned: a Stop that gave up on the
// recorder (its caller goes on to close the store) left it asleep until
// its next try of a failing write, up to 5 s later; it now ends at once,
// after one more try if it was waiting.
func TestRecorderStopsWaitingWhenAbandoned(t *testing.T) {
	defer func(w func(int) time.Duration) { recordRetryWait = w }(recordRetryWait)
	recordRetryWait = func(int) time.Duration { return time.Hour }
	st := &failingRecorder{tries: make(chan struct{}, 10)}
	e := New(Config{Log: slog.New(slog.NewTextHandler(io.Discard, nil))}, st)
	go func() { defer close(e.recorded); e.recordLoop() }()
	e.results <- resultItem{res: store.Result{DeliveryID: "wd_x", Outcome: store.OutcomeReleased}}
	<-st.tries // failed: the recorder waits to try again
	e.abandon()
	close(e.results)
	select {
	case <-e.recorded:
	case <-time.After(5 * time.Second):
		t.Fatal("the recorder still waits to retry a write after Stop gave up on it")
	}
	// One more try if the abandon came while it waited, none if it came
	// before the recorder looked.
	if n := len(st.tries); n > 1 {
		t.Errorf("%d tries after Stop gave up, want at most 1 (then it ends)", n)
	}
}
