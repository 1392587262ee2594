package logqueue

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// stuckWriter is a reader that stops reading: Write says on entered that
// it was called, then blocks until it takes a value from release, or
// release is closed.
type stuckWriter struct {
	entered chan struct{}
	release chan struct{}
	mu      sync.Mutex
	lines   []string
}

func newStuckWriter() *stuckWriter {
	return &stuckWriter{entered: make(chan struct{}, 100), release: make(chan struct{})}
}

func (w *stuckWriter) Write(p []byte) (int, error) {
	w.entered <- struct{}{}
	<-w.release
	w.mu.Lock()
	defer w.mu.Unlock()
	w.lines = append(w.lines, string(p))
	return len(p), nil
}

func (w *stuckWriter) written() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return strings.Join(w.lines, "")
}

func notice(n int64) []byte { return fmt.Appendf(nil, "[%d dropped]\n", n) }

// TestLinesPastTheBoundAreDroppedInPlace: while the writer is stuck,
// lines are taken without waiting until the bound, then dropped and
// counted; once it writes again, what was held comes out in order, then
// one notice of the dropped lines, then what came after.
func TestLinesPastTheBoundAreDroppedInPlace(t *testing.T) {
	w := newStuckWriter()
	q := New(8, w, notice)
	log := q.To(w)
	log.Write([]byte("a1\n"))
	<-w.entered // the writer goroutine holds a1, stuck
	log.Write([]byte("b2\n"))
	for i := range 5 { // past the 8 bytes: dropped, and Write did not wait
		log.Write(fmt.Appendf(nil, "x%d\n", i))
	}
	if got := q.Lost(); got != 5 {
		t.Fatalf("Lost() = %d while stuck, want 5", got)
	}
	w.release <- struct{}{} // a1 written: b2 is being written
	<-w.entered
	log.Write([]byte("c3\n")) // fits now: queued after the notice
	close(w.release)
	if !q.Flush(time.Minute) {
		t.Fatal("Flush did not finish with the writer writing again")
	}
	if got, want := w.written(), "a1\nb2\n[5 dropped]\nc3\n"; got != want {
		t.Fatalf("written %q, want %q", got, want)
	}
	if got := q.Lost(); got != 5 {
		t.Fatalf("Lost() = %d, want 5", got)
	}
}

// TestNoticeWithoutALaterLine: the notice comes when everything held is
// written, though nothing is logged after the gap.
func TestNoticeWithoutALaterLine(t *testing.T) {
	w := newStuckWriter()
	q := New(4, w, notice)
	log := q.To(w)
	log.Write([]byte("a1\n"))
	<-w.entered
	log.Write([]byte("x\n"))
	log.Write([]byte("y\n"))
	close(w.release)
	if !q.Flush(time.Minute) {
		t.Fatal("Flush did not finish with the writer writing again")
	}
	if got, want := w.written(), "a1\n[2 dropped]\n"; got != want {
		t.Fatalf("written %q, want %q", got, want)
	}
}

// TestFlushGivesUpOnAStuckWriter: a stop must not wait for a reader that
// never reads.
func TestFlushGivesUpOnAStuckWriter(t *testing.T) {
	w := newStuckWriter()
	defer close(w.release)
	q := New(1<<10, w, notice)
	q.To(w).Write([]byte("a1\n"))
	if q.Flush(10 * time.Millisecond) {
		t.Fatal("Flush said the line was written while the writer is stuck")
	}
}

// TestALongLineAloneIsTaken: a line longer than the bound is written
// when nothing else is held, not dropped for its length.
func TestALongLineAloneIsTaken(t *testing.T) {
	var b strings.Builder
	q := New(4, &b, notice)
	long := strings.Repeat("z", 100) + "\n"
	q.To(&b).Write([]byte(long))
	if !q.Flush(time.Minute) || b.String() != long || q.Lost() != 0 {
		t.Fatalf("written %q, lost %d; want the long line whole", b.String(), q.Lost())
	}
}

type failingWriter struct{}

func (failingWriter) Write(p []byte) (int, error) { return 0, errors.New("broken pipe") }

// TestFailedWritesAreLost: a reader gone (EPIPE) loses the lines; the
// count says so.
func TestFailedWritesAreLost(t *testing.T) {
	q := New(1<<10, failingWriter{}, notice)
	for range 3 {
		q.To(failingWriter{}).Write([]byte("a\n"))
	}
	q.Flush(time.Minute)
	if got := q.Lost(); got != 3 {
		t.Fatalf("Lost() = %d, want 3", got)
	}
}
