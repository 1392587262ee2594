package postgres

import (
	"context"
	"time"
)

// Wake-ups of the other instances after a transition's commit.
//
// A transition whose event has deliveries due and not leased (to
// endpoints whose lanes are full here, or to none reserved) must wake the
// instances that could take them. A NOTIFY inside its transaction did
// that, at a price paid by every event: PostgreSQL serializes the commits
// of notifying transactions on one database-wide lock, held through the
// commit's WAL flush, so under slow neighbours (each event fanning out to
// endpoints with full lanes) every event's commit queued behind the others'
// fsyncs, and the healthy endpoint's deliveries, leased in those same
// transactions, waited with them.
//
// So the transition paths ask the waker instead, after their commit. It
// sends one NOTIFY at a time on a pooled connection, in a statement of its
// own that does not wait for its WAL flush (a wake-up needs no durability:
// the work it points to is already committed), and coalesces the requests
// that come meanwhile into the next one. Every request is followed by a
// notification sent after it, so no commit's work goes unannounced; one
// lost (a failed connection, a crash between the commit and the send, a
// store closing) leaves the work to the other instances' fallback poll
// (delivery.Config.Poll, a second), as a lost notification always has.
type waker struct {
	kick   chan struct{}
	cancel context.CancelFunc
	done   chan struct{}
}

// wakerTimeout bounds one notification's round trip.
const wakerTimeout = 5 * time.Second

func (s *Store) startWaker() {
	ctx, cancel := context.WithCancel(context.Background())
	w := &waker{kick: make(chan struct{}, 1), cancel: cancel, done: make(chan struct{})}
	s.waker = w
	go func() {
		defer close(w.done)
		for {
			select {
			case <-ctx.Done():
				return
			case <-w.kick:
			}
			nctx, ncancel := context.WithTimeout(ctx, wakerTimeout)
			// An error leaves the work to the fallback poll (see above).
			_, _ = s.pool.Exec(nctx, qNotifyAsync)
			ncancel()
			s.wakesSent.Add(1)
		}
	}()
}

// wakeOthers asks for a notification of due deliveries, sent after this
// call (and so after any commit that preceded it). It never blocks.
func (s *Store) wakeOthers() {
	select {
	case s.waker.kick <- struct{}{}:
	default: // one is already queued; it will be sent after this call
	}
}

// stopWaker ends the waker; a request still queued is dropped.
func (s *Store) stopWaker() {
	s.waker.cancel()
	<-s.waker.done
}
