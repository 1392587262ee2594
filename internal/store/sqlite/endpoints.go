package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

func scanEndpoint(row interface{ Scan(...any) error }) (store.Endpoint, error) {
	var e store.Endpoint
	var events string
	var prevExp, failing sql.NullInt64
	var created, updated int64
	var older string
	err := row.Scan(&e.ID, &e.AccountID, &e.URL, &e.Description, &events, &e.Status, &e.DisabledReason, &e.Secret,
		&e.PreviousSecret, &prevExp, &failing, &created, &updated, &older)
	if err == nil {
		e.OlderSecrets, err = store.DecodeOlderSecrets(older)
	}
	if events != "" {
		e.Events = strings.Split(events, ",")
	}
	e.PreviousSecretExpiresAt, e.FailingSince = fromNullMicros(prevExp), fromNullMicros(failing)
	e.CreatedAt, e.UpdatedAt = fromMicros(created), fromMicros(updated)
	return e, err
}

func (s *Store) CreateEndpoint(ctx context.Context, e store.Endpoint, maxPerAccount int) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		s.forgetEndpoints()
		if maxPerAccount > 0 {
			// The writer is the only one: nothing can insert between the
			// count and the insert.
			var n int
			if err := tx.QueryRow(qCountEndpoints, e.AccountID).Scan(&n); err != nil {
				return fmt.Errorf("count endpoints: %w", err)
			}
			if n >= maxPerAccount {
				return store.ErrEndpointLimit
			}
		}
		if chk := store.URLCheckOf(ctx); chk != nil {
			if err := chk.Refuse(e.URL, "", endpointURLs(tx, e.AccountID)); err != nil {
				return err
			}
		}
		_, err := tx.Exec(qInsertEndpoint, e.ID, e.AccountID, e.URL, e.Description, strings.Join(e.Events, ","), e.Status, e.DisabledReason, e.Secret,
			e.PreviousSecret, nullMicros(e.PreviousSecretExpiresAt), nullMicros(e.FailingSince), micros(e.CreatedAt), micros(e.UpdatedAt),
			store.EncodeOlderSecrets(e.OlderSecrets))
		if err != nil {
			return fmt.Errorf("insert endpoint: %w", err)
		}
		return nil
	})
}

func (s *Store) GetEndpoint(ctx context.Context, accountID, id string) (store.Endpoint, error) {
	e, err := scanEndpoint(s.reader.QueryRowContext(ctx, qGetEndpoint, id, accountID))
	return e, notFound(err)
}

func (s *Store) ListEndpoints(ctx context.Context, p store.ListParams) ([]store.Endpoint, bool, error) {
	return list(ctx, s.reader, qListEndpoints, p.AccountID, nil, p, scanEndpoint)
}

func (s *Store) UpdateEndpoint(ctx context.Context, accountID, id string, update func(*store.Endpoint) error) (store.Endpoint, error) {
	var out store.Endpoint
	var swept bool
	err := s.write(ctx, func(tx *sql.Tx) error {
		s.forgetEndpoints()
		cur, err := scanEndpoint(tx.QueryRow(qGetEndpoint, id, accountID))
		if err != nil {
			return notFound(err)
		}
		next := cur
		next.Events = append([]string(nil), cur.Events...)
		if err := update(&next); err != nil {
			return err
		}
		if chk := store.URLCheckOf(ctx); chk != nil && next.URL != cur.URL {
			if err := chk.Refuse(next.URL, id, endpointURLs(tx, accountID)); err != nil {
				return err
			}
		}
		_, err = tx.Exec(qUpdateEndpoint, next.URL, next.Description, strings.Join(next.Events, ","), next.Status, next.DisabledReason, next.Secret,
			next.PreviousSecret, nullMicros(next.PreviousSecretExpiresAt), nullMicros(next.FailingSince), micros(next.UpdatedAt),
			store.EncodeOlderSecrets(next.OlderSecrets), id)
		if err != nil {
			return fmt.Errorf("update endpoint: %w", err)
		}
		swept = cur.Status != next.Status
		if swept {
			if err := startSweep(tx, id); err != nil {
				return err
			}
		}
		out = next
		return nil
	})
	if err == nil && swept {
		s.finishSweep(ctx, id)
	}
	return out, err
}

// finishSweep runs the sweep of a status change that has committed. The
// caller waits for its first sweepWaitChunks chunks, so that an endpoint's
// usual backlog follows the status by the time it returns, but no longer:
// a PATCH of an endpoint holding a million deliveries would otherwise
// answer after minutes (past any client's timeout, for a change that was
// made). The rest is the sweeper's (sweepLoop), and nothing waits for it
// to be right: claims park what a disabled endpoint still has due and fail
// what a deleted one has, and un-parked deliveries are claimed as each
// chunk commits. The caller does not steer the sweep either: once the
// status has changed, stopping halfway because the caller went away would
// leave parked deliveries of an enabled endpoint waiting for the next
// restart.
func (s *Store) finishSweep(ctx context.Context, id string) {
	if done, err := s.sweep(context.WithoutCancel(ctx), id, sweepWaitChunks); err != nil || !done {
		s.wakeSweeper()
	}
}

// startSweep records, in the transaction that changes the endpoint's status,
// that its deliveries must follow: parked while it is disabled or deleted
// (so claims never see them), due now when it is enabled again. The work
// itself is done by sweep, in chunks, after the commit.
func startSweep(tx *sql.Tx, endpointID string) error {
	if _, err := tx.Exec(qStartSweep, endpointID); err != nil {
		return fmt.Errorf("park deliveries of %s: %w", endpointID, err)
	}
	return nil
}

// sweepChunk is how many deliveries one write of a sweep changes: small
// enough that other writes wait only milliseconds between two chunks and
// the transaction's savepoint journal stays small.
const sweepChunk = 5000

// sweepWaitChunks is how many chunks of a sweep the status change's caller
// waits for (finishSweep): 20,000 deliveries, a fraction of a second.
const sweepWaitChunks = 4

// sweep parks or un-parks the endpoint's deliveries, according to its
// current status, one chunk per write, until none is left (done); then it
// clears the endpoint's sweep mark unless a newer status change has taken
// over. It stops after maxChunks writes if maxChunks > 0. If it stops
// early (that limit, a failed write, a crash), the mark stays and
// finishSweeps completes it: from the sweeper, or when the store opens.
func (s *Store) sweep(ctx context.Context, endpointID string, maxChunks int) (done bool, err error) {
	after := ""         // un-parking walks the endpoint's deliveries by id
	walked := int64(-1) // the mark of the status change after belongs to
	for chunks := 0; maxChunks <= 0 || chunks < maxChunks; chunks++ {
		if step := s.sweeperStepForTest.Load(); step != nil && maxChunks <= 0 {
			select {
			case <-*step:
			case <-ctx.Done():
				return false, ctx.Err()
			}
		}
		err := s.writeBulk(ctx, func(tx *sql.Tx) error {
			var enabled, deleted bool
			var mark, changedAt int64
			err := tx.QueryRow(qSweepState, endpointID).Scan(&enabled, &deleted, &mark, &changedAt)
			if errors.Is(err, sql.ErrNoRows) {
				done = true
				return nil
			}
			if err != nil {
				return err
			}
			if mark != walked {
				// A status change since the last chunk (every one takes a
				// new mark): a walk by id starts again from the first, or
				// what a disable parked behind it meanwhile would stay
				// parked once an enable's walk reaches the end.
				after, walked = "", mark
			}
			var n int64
			if deleted {
				// Its waiting deliveries end, failed (qSweepDeleted).
				rows, err := tx.Query(qSweepDeleted, changedAt, endpointID, after, sweepChunk)
				if err != nil {
					return err
				}
				if n, err = countAfter(rows, &after); err != nil {
					return err
				}
			} else if enabled {
				// Due from the moment the endpoint was enabled (qSweepEnabled).
				rows, err := tx.Query(qSweepEnabled, changedAt, endpointID, after, sweepChunk)
				if err != nil {
					return err
				}
				if n, err = countAfter(rows, &after); err != nil {
					return err
				}
			} else {
				// Parked, but not what is on the wire (qSweepDisabled).
				r, err := tx.Exec(qSweepDisabled, endpointID, micros(time.Now()), sweepChunk)
				if err != nil {
					return err
				}
				n, _ = r.RowsAffected()
			}
			if n < sweepChunk {
				done = true
				if mark != 0 {
					_, err = tx.Exec(qEndSweep, endpointID, mark)
				}
			}
			return err
		})
		if err != nil {
			return false, fmt.Errorf("park deliveries of %s: %w", endpointID, err)
		}
		if done {
			return true, nil
		}
	}
	return false, nil
}

// countAfter counts the ids rows returns (and closes it), moving after to
// the greatest: a sweep that walks by id starts its next chunk there.
func countAfter(rows *sql.Rows, after *string) (int64, error) {
	defer rows.Close()
	var n int64
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return n, err
		}
		n++
		*after = max(*after, id)
	}
	return n, rows.Err()
}

// finishSweeps completes the unfinished sweeps: those a stopped process
// left, those a caller stopped waiting for, those SQLite failed. With
// maxChunks > 0 it runs at most that many chunks of each and reports
// whether any is left.
func (s *Store) finishSweeps(ctx context.Context, maxChunks int) (left bool, err error) {
	rows, err := s.reader.QueryContext(ctx, qUnfinishedSweeps)
	if err != nil {
		return false, fmt.Errorf("unfinished sweeps: %w", err)
	}
	pending, err := scanIDs(rows)
	if err != nil {
		return false, fmt.Errorf("unfinished sweeps: %w", err)
	}
	for _, id := range pending {
		done, err := s.sweep(ctx, id, maxChunks)
		if err != nil {
			return false, err
		}
		left = left || !done
	}
	return left, nil
}

// wakeSweeper asks sweepLoop to run finishSweeps.
func (s *Store) wakeSweeper() {
	select {
	case s.sweepWake <- struct{}{}:
	default: // already asked: that run reads every mark left
	}
}

// sweepRetryAfter is how long the sweeper waits before trying again a
// sweep that SQLite failed (a full disk, say).
const sweepRetryAfter = time.Second

// sweepLoop finishes, in the background, the sweeps that finishSweep and
// Open stopped waiting for, and those whose write failed: one at a time,
// each chunk a bulk write (so requests' writes go first). Close stops it
// between two chunks; the marks left are finished when the file is opened
// again.
func (s *Store) sweepLoop() {
	defer close(s.sweeperDone)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-s.quit:
			cancel()
		case <-ctx.Done():
		}
	}()
	for {
		select {
		case <-s.quit:
			return
		case <-s.sweepWake:
		}
		if _, err := s.finishSweeps(ctx, 0); err != nil {
			select {
			case <-s.quit:
				return
			case <-time.After(sweepRetryAfter):
				s.wakeSweeper()
			}
		}
	}
}

func (s *Store) DeleteEndpoint(ctx context.Context, accountID, id string, at time.Time) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		s.forgetEndpoints()
		r, err := tx.Exec(qDeleteEndpoint, micros(at), micros(at), id, accountID)
		if err != nil {
			return fmt.Errorf("delete endpoint: %w", err)
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return store.ErrNotFound
		}
		return startSweep(tx, id)
	})
	if err != nil {
		return err
	}
	s.finishSweep(ctx, id)
	return nil
}

func (s *Store) DisableFailingEndpoints(ctx context.Context, period time.Duration, now time.Time) ([]store.Endpoint, error) {
	var out []store.Endpoint
	err := s.writeBulk(ctx, func(tx *sql.Tx) error {
		s.forgetEndpoints()
		out = nil
		rows, err := tx.Query(qFailingEndpoints, micros(now.Add(-period)), period.Microseconds())
		if err != nil {
			return fmt.Errorf("failing endpoints: %w", err)
		}
		for rows.Next() {
			e, err := scanEndpoint(rows)
			if err != nil {
				rows.Close()
				return fmt.Errorf("failing endpoints: %w", err)
			}
			out = append(out, e)
		}
		// A read that failed partway would otherwise look like the end
		// of the list: the rest would go on failing for another sweep.
		if err := rows.Err(); err != nil {
			rows.Close()
			return fmt.Errorf("failing endpoints: %w", err)
		}
		rows.Close()
		for i := range out {
			e := &out[i]
			e.Status = store.EndpointDisabled
			e.DisabledReason = fmt.Sprintf("disabled automatically: every delivery attempt has failed since %s", e.FailingSince.UTC().Format(time.RFC3339))
			e.UpdatedAt = now
			if _, err := tx.Exec(qDisableEndpoint, e.DisabledReason, micros(now), e.ID); err != nil {
				return fmt.Errorf("disable endpoint %s: %w", e.ID, err)
			}
			if err := startSweep(tx, e.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, e := range out {
		s.finishSweep(ctx, e.ID)
	}
	return out, nil
}

// endpointURLs reads the account's endpoints' ids and URLs within tx, for
// a store.URLCheck (the single writer: nothing changes them meanwhile).
func endpointURLs(tx *sql.Tx, accountID string) func(yield func(id, url string) bool) error {
	return func(yield func(id, url string) bool) error {
		rows, err := tx.Query(qEndpointURLs, accountID)
		if err != nil {
			return err
		}
		defer rows.Close()
		return store.EachURL(rows, yield)
	}
}

func (s *Store) EraseExpiredSecrets(ctx context.Context, now time.Time) (int, error) {
	var n int64
	err := s.writeBulk(ctx, func(tx *sql.Tx) error {
		res, err := tx.Exec(qEraseExpiredSecrets, micros(now))
		if err != nil {
			return fmt.Errorf("erase expired secrets: %w", err)
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		if n > 0 {
			// Only then: a pass runs every --maintenance-interval, and
			// most change nothing the endpoint cache holds.
			s.forgetEndpoints()
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return int(n), nil
}
