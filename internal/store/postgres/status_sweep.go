package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// An endpoint's status change (disable, enable, delete) commits with a
// sweep mark on the endpoint (qStartSweeps, qDeleteEndpoint), and its
// waiting deliveries follow in chunks after the commit: parked while it is
// disabled, due again once it is enabled, failed once it is deleted. In
// one statement, inside the change's transaction, that took 9-19 s for an
// endpoint holding 300,000 deliveries, and a million outlived the API's
// 20 s deadline: the PATCH or DELETE answered 503 and the change was
// rolled back, so an endpoint with a large backlog could be neither
// disabled nor deleted.
//
// The caller waits for the first sweepWaitChunks chunks, so that an
// endpoint's usual backlog follows the status by the time it returns. The
// rest is the status sweeper's (statusSweepLoop), and nothing waits for it
// to be right: claims park what a disabled endpoint still has due and fail
// what a deleted one has (qClaim), a record batch parks or makes due each
// result by the status it reads (qRecordOutcomes), lists show the parked
// deliveries of an endpoint whose sweep is unfinished as waiting
// (qListWaitingDeliveries), and un-parked deliveries are claimed as each
// chunk commits. One sweeper at a time, of all the instances, works on an
// endpoint (a session-level advisory lock, qTrySweepLock); a sweep that an
// instance's crash stopped keeps its mark, and every instance's status
// sweeper looks for such marks every sweepPoll.

// sweepChunk is how many deliveries one chunk of a sweep changes: a
// transaction of some tens of milliseconds, which holds off a status
// change of the endpoint (qSweepState) and nothing else.
const sweepChunk = 5000

// sweepWaitChunks is how many chunks of a sweep the status change's caller
// waits for: 20,000 deliveries, a fraction of a second.
const sweepWaitChunks = 4

// sweepPoll is how often each instance's status sweeper looks for sweeps
// that no sweeper holds (an instance died mid-sweep); sweepRetryAfter, how
// soon it tries again after a failure (the database restarting, say).
const (
	sweepPoll       = 30 * time.Second
	sweepRetryAfter = time.Second
)

// finishStatusSweeps runs the sweeps of status changes that have committed,
// up to sweepWaitChunks chunks of each, and hands what is left to the
// status sweeper. The caller does not steer the sweeps: once the status
// has changed, stopping halfway because the caller went away would leave
// parked deliveries of an enabled endpoint for the sweeper's next poll.
func (s *Store) finishStatusSweeps(ctx context.Context, ids ...string) {
	ctx = context.WithoutCancel(ctx)
	left := false
	for _, id := range ids {
		done, err := s.sweepEndpoint(ctx, id, sweepWaitChunks)
		if err != nil {
			s.logSweep(id, err)
		}
		left = left || !done
	}
	if left {
		s.wakeStatusSweeper()
	}
}

// sweepEndpoint makes the endpoint's deliveries follow its status, one
// chunk per transaction, on a connection that holds the endpoint's sweep
// lock, until the sweep's mark is cleared (done). It stops after maxChunks
// chunks if maxChunks > 0, and at once if another sweeper holds the lock
// (not done: that one goes on, and reads any newer mark at its next
// chunk). A sweep left unfinished keeps its mark for the status sweeper.
func (s *Store) sweepEndpoint(ctx context.Context, id string, maxChunks int) (done bool, err error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return false, fmt.Errorf("sweep endpoint %s: acquire connection: %w", id, err)
	}
	defer conn.Release()
	var locked bool
	if err := conn.QueryRow(ctx, qTrySweepLock, id).Scan(&locked); err != nil {
		return false, fmt.Errorf("sweep endpoint %s: lock: %w", id, err)
	}
	if !locked {
		return false, nil
	}
	defer func() {
		if _, err := conn.Exec(context.WithoutCancel(ctx), qSweepUnlock, id); err != nil {
			// The lock goes with the session, not back to the pool.
			_ = conn.Conn().Close(context.WithoutCancel(ctx))
		}
	}()
	after := ""         // enables' and deletes' walks go by id
	walked := int64(-1) // the mark of the status change after belongs to
	for chunks := 0; maxChunks <= 0 || chunks < maxChunks; chunks++ {
		if step := s.statusSweepStepForTest.Load(); step != nil && maxChunks <= 0 {
			select {
			case <-*step:
			case <-ctx.Done():
				return false, ctx.Err()
			}
		}
		err := inTxOn(ctx, conn, func(t *txn) error {
			var enabled, deleted, found bool
			var mark int64
			var changedAt time.Time
			b := &pgx.Batch{}
			b.Queue(qSweepState, id).QueryRow(func(row pgx.Row) error {
				err := row.Scan(&enabled, &deleted, &mark, &changedAt)
				if errors.Is(err, pgx.ErrNoRows) {
					return nil // pruned: nothing left to sweep
				}
				found = err == nil
				return err
			})
			if err := t.send(ctx, b); err != nil {
				return err
			}
			if !found || mark == 0 {
				done = true
				return nil
			}
			if mark != walked {
				// A status change since the last chunk (each takes a new
				// mark): a walk by id starts again from the first, or what
				// a disable parked behind it meanwhile would stay parked
				// once an enable's walk reaches the end.
				after, walked = "", mark
			}
			var n, changed, woke int64
			var last string
			b = &pgx.Batch{}
			switch {
			case deleted:
				b.Queue(qSweepDeleted, changedAt, id, after, sweepChunk, mark).QueryRow(func(row pgx.Row) error {
					return row.Scan(&n, &last, &changed, &done, &woke)
				})
			case enabled:
				b.Queue(qSweepEnabled, changedAt, id, after, sweepChunk, mark).QueryRow(func(row pgx.Row) error {
					return row.Scan(&n, &last, &changed, &done, &woke)
				})
			default:
				b.Queue(qSweepDisabled, id, sweepChunk, mark).QueryRow(func(row pgx.Row) error {
					return row.Scan(&n, &changed, &done)
				})
			}
			if err := t.commit(ctx, b); err != nil {
				return err
			}
			after = max(after, last)
			return nil
		})
		if err != nil {
			return false, fmt.Errorf("sweep endpoint %s: %w", id, err)
		}
		if done {
			return true, nil
		}
	}
	return false, nil
}

// sweepUnfinished runs every sweep whose mark is set and whose lock no
// other sweeper holds, to its end. It reports whether any was left (held
// elsewhere, or failed).
func (s *Store) sweepUnfinished(ctx context.Context) (left bool, err error) {
	rows, err := s.pool.Query(ctx, qUnfinishedSweeps)
	if err != nil {
		return false, fmt.Errorf("unfinished sweeps: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return false, fmt.Errorf("unfinished sweeps: %w", err)
	}
	for _, id := range ids {
		done, err := s.sweepEndpoint(ctx, id, 0)
		if err != nil {
			return true, err
		}
		left = left || !done
	}
	return left, nil
}

// startStatusSweeper starts statusSweepLoop, once, unless Close has run:
// with the store's first claim (an instance that delivers adopts the sweeps
// a dead one left) or its first sweep left unfinished.
func (s *Store) startStatusSweeper() {
	s.statusSweepOnce.Do(func() {
		s.statusSweepStop, s.statusSweepDone = make(chan struct{}), make(chan struct{})
		go s.statusSweepLoop()
	})
}

// wakeStatusSweeper asks the status sweeper to look for unfinished sweeps
// now, starting it if need be.
func (s *Store) wakeStatusSweeper() {
	s.startStatusSweeper()
	select {
	case s.statusSweepWake <- struct{}{}:
	default: // already asked: that run reads every mark left
	}
}

// stopStatusSweeper ends statusSweepLoop between two chunks (Close, which
// may run more than once); the marks left are finished by the next
// instance's sweeper.
func (s *Store) stopStatusSweeper() {
	s.statusSweepOnce.Do(func() {}) // none starts after this
	s.statusSweepStopOnce.Do(func() {
		if s.statusSweepStop != nil {
			close(s.statusSweepStop)
			<-s.statusSweepDone
		}
	})
}

// statusSweepLoop finishes, in the background, the sweeps that their
// callers stopped waiting for, that failed, or that a dead instance left:
// at its start, when woken, and every sweepPoll.
func (s *Store) statusSweepLoop() {
	defer close(s.statusSweepDone)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-s.statusSweepStop:
			cancel()
		case <-ctx.Done():
		}
	}()
	poll := sweepPoll
	if s.statusSweepPollForTest > 0 {
		poll = s.statusSweepPollForTest
	}
	for {
		wait := poll
		if _, err := s.sweepUnfinished(ctx); err != nil {
			if ctx.Err() != nil {
				return
			}
			s.logSweep("", err)
			wait = sweepRetryAfter
		}
		select {
		case <-s.statusSweepStop:
			return
		case <-s.statusSweepWake:
		case <-time.After(wait):
		}
	}
}

// logSweep reports a sweep that failed; the status sweeper tries again.
func (s *Store) logSweep(id string, err error) {
	if s.log == nil {
		return
	}
	s.log.Warn("make an endpoint's deliveries follow its status; trying again", slog.String("endpoint", id), slog.Any("err", err))
}
