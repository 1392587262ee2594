// Package logqueue keeps a process's log lines from waiting on its
// reader. A log written straight to a pipe blocks its writer once the
// pipe's buffer (64 KiB on Linux) is full, and a reader that stays but
// stops reading (`serve | less` left paused, a stuck log shipper, a
// journald that is itself blocked) then stalls every goroutine that logs:
// the delivery engine's attempts and the HTTP handlers wait for a log
// line, and delivery stops because of a pipe.
//
// A Queue holds the lines in memory, up to a bound, and one goroutine
// writes them in the order they came. A line that does not fit is
// dropped and counted; once there is room again (or nothing is left to
// write), one notice in the log's own format says how many were dropped,
// at the place where they were, so what is written stays in order and a
// reader sees the gap.
package logqueue

import (
	"bytes"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Queue holds lines for their writers and writes them from one goroutine.
type Queue struct {
	limit    int
	noticeTo io.Writer
	notice   func(dropped int64) []byte

	mu     sync.Mutex
	wake   *sync.Cond // the writer goroutine's: something to write
	items  []item
	queued int   // bytes of the lines in items and of the one being written
	gap    int64 // lines dropped since the last notice was queued

	lost atomic.Int64 // lines never written: dropped, or their write failed
}

// item is one thing for the writer goroutine to do: write a line to w,
// write a notice of gap dropped lines, or close done (a Flush's mark).
type item struct {
	w    io.Writer
	line []byte
	gap  int64
	done chan struct{}
}

// New returns a Queue that holds up to limit bytes of lines not yet
// written; a single line longer than that is taken when nothing else is
// held. The notice of dropped lines is notice(n), written to noticeTo.
// The writer goroutine lives as long as the process: it may be blocked
// in a write that never returns, which nothing can interrupt.
func New(limit int, noticeTo io.Writer, notice func(dropped int64) []byte) *Queue {
	q := &Queue{limit: limit, noticeTo: noticeTo, notice: notice}
	q.wake = sync.NewCond(&q.mu)
	go q.run()
	return q
}

// To returns a writer whose every Write is one line for w, queued: it
// never waits for w and never fails. Give each log record to it in one
// Write, as slog's handlers do, so that a line is dropped whole or not at
// all.
func (q *Queue) To(w io.Writer) io.Writer { return writer{q, w} }

type writer struct {
	q *Queue
	w io.Writer
}

func (w writer) Write(p []byte) (int, error) {
	w.q.put(w.w, p)
	return len(p), nil
}

func (q *Queue) put(w io.Writer, p []byte) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.queued > 0 && q.queued+len(p) > q.limit {
		q.gap++
		q.lost.Add(1)
		return
	}
	q.queueGap()
	q.items = append(q.items, item{w: w, line: bytes.Clone(p)})
	q.queued += len(p)
	q.wake.Signal()
}

// queueGap queues the notice of the lines dropped since the last one, if
// any, before whatever is queued next. q.mu is held.
func (q *Queue) queueGap() {
	if q.gap > 0 {
		q.items = append(q.items, item{gap: q.gap})
		q.gap = 0
	}
}

func (q *Queue) run() {
	q.mu.Lock()
	for {
		for len(q.items) == 0 && q.gap == 0 {
			q.wake.Wait()
		}
		if len(q.items) == 0 {
			// Everything held is written, and lines were dropped since:
			// the reader is back (or the lines went faster than it read).
			q.queueGap()
		}
		it := q.items[0]
		q.items[0] = item{}
		q.items = q.items[1:]
		q.mu.Unlock()
		switch {
		case it.done != nil:
			close(it.done)
		case it.gap > 0:
			q.noticeTo.Write(q.notice(it.gap))
		default:
			if _, err := it.w.Write(it.line); err != nil {
				// A reader that went away (EPIPE): nobody is there to
				// read a notice, but the count shows the loss.
				q.lost.Add(1)
			}
		}
		q.mu.Lock()
		q.queued -= len(it.line)
	}
}

// Flush waits, at most timeout, until every line queued before it (and
// the notice of any dropped since) is written, and says whether they
// were. A stop calls it last: a reader that does not read must not hold
// the process for ever.
func (q *Queue) Flush(timeout time.Duration) bool {
	done := make(chan struct{})
	q.mu.Lock()
	q.queueGap()
	q.items = append(q.items, item{done: done})
	q.wake.Signal()
	q.mu.Unlock()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-done:
		return true
	case <-t.C:
		return false
	}
}

// Lost is how many lines were never written: dropped because too much
// was held, or written and failed.
func (q *Queue) Lost() int64 { return q.lost.Load() }

// Metric is esahayak_log_lines_dropped_total, q's Lost.
func (q *Queue) Metric() prometheus.Collector {
	return prometheus.NewCounterFunc(prometheus.CounterOpts{
		Name: "esahayak_log_lines_dropped_total",
		Help: "Log lines this instance did not write: dropped while the reader of its output did not keep up (a notice in the log says how many), or whose write failed (the reader gone). Sum across instances.",
	}, func() float64 { return float64(q.Lost()) })
}
