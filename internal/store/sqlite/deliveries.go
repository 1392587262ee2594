package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/store"
)

func scanDelivery(row interface{ Scan(...any) error }) (store.Delivery, error) {
	var d store.Delivery
	var next, last sql.NullInt64
	var created, updated int64
	var test int
	err := row.Scan(&d.ID, &d.AccountID, &d.EventID, &d.EventType, &d.EndpointID, &d.Status, &d.Attempts, &d.RoundAttempts,
		&next, &last, &d.LastStatusCode, &d.LastError, &created, &updated, &test)
	d.NextAttemptAt, d.LastAttemptAt = fromNullMicros(next), fromNullMicros(last)
	d.CreatedAt, d.UpdatedAt, d.Test = fromMicros(created), fromMicros(updated), test == 1
	return d, err
}

func (s *Store) GetDelivery(ctx context.Context, accountID, id string) (store.Delivery, error) {
	s.flushHeld(ctx, accountID, fanoutWait())
	d, err := scanDelivery(s.reader.QueryRowContext(ctx, qGetDelivery, id, accountID))
	return d, notFound(err)
}

func (s *Store) ListDeliveries(ctx context.Context, p store.ListDeliveriesParams) ([]store.Delivery, bool, error) {
	until := fanoutWait() // one deadline for all of this read's waits
	s.flushHeld(ctx, p.AccountID, until)
	// The narrowest filter's index is named (see deliveriesByEvent).
	base, status := qListDeliveries(deliveriesAll), p.Status
	switch {
	case p.EventID != "":
		base = qListDeliveries(deliveriesByEvent)
	case p.EndpointID != "":
		base = qListDeliveries(deliveriesByEndpoint)
	case p.Status == store.DeliveryFailed:
		base, status = qListFailedDeliveries, "" // the query's own condition
	}
	// since is the count of deferred deliveries' commits before the query:
	// an event whose deferred deliveries were committed after it may have
	// been read without them (the check of incomplete events after the
	// query no longer sees them as incomplete).
	var since uint64
	filters := []filter{{"endpoint_id", p.EndpointID}, {"event_id", p.EventID}, {"status", status}, {"event_type", p.EventType}}
	queryAt := func(lp store.ListParams) ([]store.Delivery, bool, error) {
		since = s.fanq.commitCount()
		if store.IsWaiting(p.Status) && p.EventID == "" {
			return s.listWaiting(ctx, base, p, lp, filters)
		}
		return list(ctx, s.reader, base, p.AccountID, filters, lp, scanDelivery)
	}
	query := func() ([]store.Delivery, bool, error) { return queryAt(p.ListParams) }
	ds, more, err := query()
	if err != nil {
		return ds, more, err
	}
	// Events whose step 1 committed after the flush above (uploads go on
	// while we read) show only their first deliveries: an event is never
	// listed with fewer deliveries than it has. Their fan-outs take
	// milliseconds: write what is held, wait for the rest, read again,
	// and leave out an event still not complete (it shows on the next
	// read, as if it had happened a moment later).
	events := func(ds []store.Delivery) []string {
		out := make([]string, len(ds))
		for i, d := range ds {
			out[i] = d.EventID
		}
		return out
	}
	partialOf := func(ds []store.Delivery) map[string]bool {
		evs := events(ds)
		partial, _ := s.fanq.incomplete(evs, true)
		for id := range s.fanq.committedSince(evs, since) {
			if partial == nil {
				partial = map[string]bool{}
			}
			partial[id] = true
		}
		return partial
	}
	if len(partialOf(ds)) == 0 {
		return ds, more, nil
	}
	// Their deliveries to write at once first: their step 2 then has
	// queued the rest, held, and the flush writes those. Held ones that
	// another operation (a claim) took are waited for, as it writes them.
	s.awaitEvents(ctx, events(ds), until)
	s.flushHeld(ctx, p.AccountID, until)
	s.awaitEvents(ctx, events(ds), until)
	if ds, more, err = query(); err != nil {
		return ds, more, err
	}
	partial := partialOf(ds)
	if len(partial) == 0 {
		return ds, more, nil
	}
	// The page ends before the first such event that follows an item it
	// keeps: left out from the middle, its deliveries sorted between the
	// page's items, above the cursor a client takes from the last one
	// (starting_after), and a walk never showed them. Ended there, the
	// next page begins with them. Those at the head of the page are left
	// out as before (an empty page with has_more has no cursor to go on
	// from: a page of nothing else reads on past them), so a walk still
	// passes an event that stays incomplete through two reads' waits.
	if p.EndingBefore != "" {
		// A walk towards the newest takes its next cursor from the page's
		// first (newest) item: the page keeps its items older than the
		// first such event, nearest the cursor, and what is newer than it
		// is read as not yet there (has_more says so when some are kept,
		// and the walk goes on from them; an empty page says "nothing
		// newer yet" rather than has_more without a cursor).
		n := len(ds)
		for n > 0 && !partial[ds[n-1].EventID] {
			n--
		}
		if n == 0 {
			return ds, more, nil
		}
		kept := ds[n:]
		return kept, len(kept) > 0, nil
	}
	for {
		kept := ds[:0]
		for _, d := range ds {
			if partial[d.EventID] {
				if len(kept) > 0 {
					return kept, true, nil
				}
				continue
			}
			kept = append(kept, d)
		}
		if len(kept) > 0 || !more {
			return kept, more, nil
		}
		// Every item of the page was of such events (the newest page, under
		// load: 25 rows are half an event to 50 endpoints): an empty page
		// with has_more gives a client no cursor to go on from, and the
		// dashboard showed "No deliveries yet". The page is read on past
		// them, older, as a walk would go (kept is empty: ds is as read).
		if err := ctx.Err(); err != nil {
			return nil, false, err
		}
		lp := p.ListParams
		lp.StartingAfter = ds[len(ds)-1].ID
		if ds, more, err = queryAt(lp); err != nil {
			return ds, more, err
		}
		for id := range partialOf(ds) {
			partial[id] = true
		}
	}
}

// listWaiting is a page of a list filtered by status=pending or retrying
// (with event_type, endpoint_id, or neither; base is the walk's query),
// read as store.ListWaiting decides.
func (s *Store) listWaiting(ctx context.Context, base string, p store.ListDeliveriesParams, lp store.ListParams, filters []filter) ([]store.Delivery, bool, error) {
	return store.ListWaiting(store.WaitingReads{
		Window: func(n int) ([]store.Delivery, bool, error) {
			q, args := qListDeliveriesWindow(p.AccountID, p.EndpointID, lp, n)
			return listWith(ctx, s.reader, q, args, filters, lp, scanDelivery)
		},
		Count: func() (int, error) { return s.countWaiting(ctx, p.AccountID, p.EndpointID) },
		Walk: func() ([]store.Delivery, bool, error) {
			return list(ctx, s.reader, base, p.AccountID, filters, lp, scanDelivery)
		},
		All: func() ([]store.Delivery, bool, error) {
			return listWith(ctx, s.reader, qListWaitingDeliveries, []any{p.AccountID, p.AccountID, p.AccountID}, filters, lp, scanDelivery)
		},
	})
}

// countWaiting is the count of the account's (or its endpoint
// endpointID's, when given) deliveries in the claim index, read no further
// than store.WaitingListMax.
func (s *Store) countWaiting(ctx context.Context, accountID, endpointID string) (int, error) {
	var n int
	var err error
	if endpointID != "" {
		err = s.reader.QueryRowContext(ctx, qCountWaitingOfEndpoint, endpointID, store.WaitingListMax).Scan(&n)
	} else {
		err = s.reader.QueryRowContext(ctx, qCountWaiting, accountID, store.WaitingListMax).Scan(&n)
	}
	if err != nil {
		return 0, fmt.Errorf("count waiting deliveries: %w", err)
	}
	return n, nil
}

// awaitEvents waits, until the read's deadline or ctx, until the fan-outs
// of events have written every delivery they write at once, and no
// operation is writing their held ones.
func (s *Store) awaitEvents(ctx context.Context, events []string, until time.Time) {
	timeout := time.NewTimer(time.Until(until))
	defer timeout.Stop()
	for {
		partial, changed := s.fanq.incomplete(events, false)
		if len(partial) == 0 {
			return
		}
		select {
		case <-changed:
		case <-timeout.C:
			return
		case <-ctx.Done():
			return
		}
	}
}

func (s *Store) ListAttempts(ctx context.Context, accountID, deliveryID string) ([]store.Attempt, error) {
	rows, err := s.reader.QueryContext(ctx, qListAttempts, deliveryID, accountID)
	if err != nil {
		return nil, fmt.Errorf("list attempts: %w", err)
	}
	defer rows.Close()
	var out []store.Attempt
	for rows.Next() {
		var a store.Attempt
		var started, dur int64
		var reqH, respH string
		var ok int
		if err := rows.Scan(&a.ID, &a.DeliveryID, &a.AccountID, &a.EndpointID, &a.EventID, &a.Number, &started, &dur,
			&reqH, &a.ResponseStatus, &respH, &a.ResponseBody, &a.Error, &a.ErrorKind, &ok); err != nil {
			return nil, fmt.Errorf("list attempts: %w", err)
		}
		a.StartedAt, a.Duration, a.Succeeded = fromMicros(started), time.Duration(dur)*time.Microsecond, ok == 1
		_ = json.Unmarshal([]byte(reqH), &a.RequestHeaders)
		_ = json.Unmarshal([]byte(respH), &a.ResponseHeaders)
		out = append(out, a)
	}
	return out, rows.Err()
}

func (s *Store) ClaimDeliveries(ctx context.Context, p store.ClaimParams) ([]store.Work, error) {
	var out []store.Work
	if p.Limit <= 0 {
		return nil, nil
	}
	p.LeaseUntil = store.LeaseEnd(p.LeaseUntil) // what due_at holds, and results bring back
	var tookHeld, uncleared bool
	var taken []fanoutPair // held deliveries written here (fanoutQueue.wrote)
	// Bare: only SQLite's own failures can make it fail.
	err := s.writeBulkBare(ctx, func(tx *sql.Tx) error {
		out = nil
		endpoints, err := dueEndpoints(tx, s.stmt(tx, qDueEndpoints), p.Now)
		if err != nil {
			return err
		}
		// Endpoints with deliveries held back (fanout.go) have work too:
		// written now, leased to us, as far as their room goes.
		if held := s.fanq.heldEndpoints(); len(held) > 0 {
			due := make(map[string]bool, len(endpoints))
			for _, ep := range endpoints {
				due[ep] = true
			}
			for _, ep := range held {
				if !due[ep] {
					endpoints = append(endpoints, ep)
				}
			}
		}
		var work []store.Work
		claimOne := s.stmt(tx, qClaimEndpoint)
		for _, endpointID := range endpoints {
			n := p.Limit - len(work)
			if n <= 0 {
				break
			}
			if p.Room != nil {
				if n = min(n, p.Room(endpointID)); n <= 0 {
					continue
				}
			}
			before := len(work)
			rows, err := claimOne.Query(micros(p.LeaseUntil), p.Owner, endpointID, micros(p.Now), n)
			if err != nil {
				return fmt.Errorf("claim: %w", err)
			}
			for rows.Next() {
				var w store.Work
				var created int64
				if err := rows.Scan(&w.DeliveryID, &w.AccountID, &w.EventID, &w.EventType, &w.EndpointID, &w.Attempt, &w.RoundAttempt, &created); err != nil {
					rows.Close()
					return fmt.Errorf("claim: %w", err)
				}
				w.Attempt++
				w.RoundAttempt++
				w.CreatedAt, w.LeaseOwner, w.LeaseUntil = fromMicros(created), p.Owner, p.LeaseUntil
				work = append(work, w)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return fmt.Errorf("claim: %w", err)
			}
			if got := len(work) - before; got < n {
				chunk, last := s.fanq.takeHeld(endpointID, n-got)
				if len(chunk) > 0 {
					tookHeld = true
					taken = append(taken, chunk...)
					held, unc, err := s.writePairs(tx, chunk, last, p.Owner, p.LeaseUntil)
					if err != nil {
						return err
					}
					uncleared = uncleared || unc
					for _, w := range held {
						work = append(work, w...)
					}
				}
			}
		}
		if len(work) == 0 {
			return nil
		}
		if err := s.completeWork(tx, work, p.Now); err != nil {
			return err
		}
		for _, w := range work {
			if w.URL == "" { // endpoint disabled or deleted since the delivery was written
				if _, err := s.stmt(tx, qParkUnsendable).Exec(w.DeliveryID, p.Owner); err != nil {
					return fmt.Errorf("park %s: %w", w.DeliveryID, err)
				}
				if _, err := tx.Exec(qFailIfEndpointDeleted, micros(p.Now), w.DeliveryID); err != nil {
					return fmt.Errorf("park %s: %w", w.DeliveryID, err)
				}
				continue
			}
			out = append(out, w)
		}
		return nil
	})
	s.fanq.wrote(taken)
	if (err != nil && tookHeld) || uncleared {
		s.fanoutRetry.Store(true) // what was lost is still listed in fanout_pending
	}
	sort.Slice(out, func(i, j int) bool { return out[i].DeliveryID < out[j].DeliveryID })
	return out, err
}

func dueEndpoints(tx *sql.Tx, q *sql.Stmt, now time.Time) ([]string, error) {
	rows, err := q.Query(micros(now))
	if err != nil {
		return nil, fmt.Errorf("claim: endpoints with due work: %w", err)
	}
	return scanIDs(rows)
}

// scanIDs reads a column of ids and closes rows.
func scanIDs(rows *sql.Rows) ([]string, error) {
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// completeWork fills in payloads, URLs and secrets of claimed deliveries.
func (s *Store) completeWork(tx *sql.Tx, work []store.Work, now time.Time) error {
	eventIDs := map[string]bool{}
	endpointIDs := map[string]bool{}
	for _, w := range work {
		eventIDs[w.EventID] = true
		endpointIDs[w.EndpointID] = true
	}
	type ev struct {
		payload []byte
		created time.Time
	}
	events := map[string]ev{}
	if err := queryIn(tx, qClaimEvents, eventIDs, func(r *sql.Rows) error {
		var id string
		var e ev
		var created int64
		if err := r.Scan(&id, &e.payload, &created); err != nil {
			return err
		}
		e.created = fromMicros(created)
		events[id] = e
		return nil
	}); err != nil {
		return fmt.Errorf("claim events: %w", err)
	}
	endpoints := map[string]store.Endpoint{}
	if err := queryIn(tx, qClaimEndpoints, endpointIDs, func(r *sql.Rows) error {
		e, err := scanEndpoint(r)
		endpoints[e.ID] = e
		return err
	}); err != nil {
		return fmt.Errorf("claim endpoints: %w", err)
	}
	for i := range work {
		w := &work[i]
		e, ok := endpoints[w.EndpointID]
		evt, evOK := events[w.EventID]
		if !ok || !evOK {
			continue
		}
		w.URL, w.Secrets, w.Payload, w.EventCreated = e.URL, e.Secrets(now), evt.payload, evt.created
	}
	return nil
}

func queryIn(tx *sql.Tx, q string, set map[string]bool, each func(*sql.Rows) error) error {
	args := make([]any, 0, len(set))
	for k := range set {
		args = append(args, k)
	}
	// SQLite's default limit on host parameters is 32766; claims are far below it.
	rows, err := tx.Query(fmt.Sprintf(q, placeholders(len(args))), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

func headersJSON(h map[string]string) string {
	if len(h) == 0 {
		return "{}"
	}
	b, _ := json.Marshal(h)
	return string(b)
}

// recordChunk is how many outcomes one write of RecordResults holds: a
// request's commit waits for at most about one such write (see writeBulk).
const recordChunk = 128

// RecordResults writes the outcomes in writes of recordChunk, queued at once
// and run in order. Each write is idempotent (an attempt already written is
// skipped, and the delivery updates are guarded), so after a failure the
// caller may record the whole batch again. The endpoints' health, computed
// over the whole batch, is written with its last chunk.
func (s *Store) RecordResults(ctx context.Context, results []store.Result) error {
	if len(results) == 0 {
		return nil
	}
	endpoints := store.HealthOf(results)
	// The attempts' headers are encoded here, in the caller's goroutine,
	// not in the writer's, which every write of the store waits for.
	type headers struct{ req, resp string }
	encoded := make([]headers, len(results))
	for i, r := range results {
		if a := r.Attempt; a != nil {
			encoded[i] = headers{headersJSON(a.RequestHeaders), headersJSON(a.ResponseHeaders)}
		}
	}
	record := func(tx *sql.Tx, from int, chunk []store.Result) error {
		for i, r := range chunk {
			a, h := r.Attempt, encoded[from+i]
			if r.Outcome == store.OutcomeReleased {
				if _, err := s.stmt(tx, qRecordReleased).Exec(micros(r.NextAttemptAt), r.DeliveryID, r.LeaseOwner, micros(r.LeaseUntil)); err != nil {
					return fmt.Errorf("release %s: %w", r.DeliveryID, err)
				}
				continue
			}
			if r.Outcome == store.OutcomeParked || a == nil {
				if _, err := s.stmt(tx, qRecordParked).Exec(micros(store.ParkedDueAt(r)), r.DeliveryID, r.LeaseOwner, micros(r.LeaseUntil)); err != nil {
					return fmt.Errorf("park %s: %w", r.DeliveryID, err)
				}
				if _, err := tx.Exec(qFailIfEndpointDeleted, micros(time.Now()), r.DeliveryID); err != nil {
					return fmt.Errorf("park %s: %w", r.DeliveryID, err)
				}
				continue
			}
			logged, err := s.stmt(tx, qInsertAttempt).Exec(a.ID, a.DeliveryID, a.AccountID, a.EndpointID, a.EventID, a.Number,
				micros(a.StartedAt), a.Duration.Microseconds(), h.req, a.ResponseStatus,
				h.resp, a.ResponseBody, a.Error, a.ErrorKind, boolInt(a.Succeeded), r.LeaseOwner, micros(r.LeaseUntil))
			if err != nil {
				return fmt.Errorf("insert attempt: %w", err)
			}
			end := a.StartedAt.Add(a.Duration)
			var res sql.Result
			switch r.Outcome {
			case store.OutcomeSucceeded:
				// Only a success the log did not have yet (new, or taking
				// the place of a failure of its number) marks the delivery:
				// one it had was recorded before (this result, written
				// once already and recorded again after an error, or
				// another sender's success of the same attempt number),
				// and the delivery may have been resent since.
				if affected(logged) > 0 {
					_, err = s.stmt(tx, qRecordSuccess).Exec(a.Number, r.RoundAttempt, micros(end), a.ResponseStatus, micros(end), r.DeliveryID)
				}
			case store.OutcomeRetry:
				res, err = s.stmt(tx, qRecordRetry).Exec(a.Number, r.RoundAttempt, micros(r.NextAttemptAt), micros(r.NextAttemptAt),
					micros(end), a.ResponseStatus, a.LastError(), micros(end), r.DeliveryID, r.LeaseOwner, micros(r.LeaseUntil))
			case store.OutcomeFailed:
				res, err = s.stmt(tx, qRecordFailed).Exec(a.Number, r.RoundAttempt, micros(end), a.ResponseStatus, a.LastError(),
					micros(end), r.DeliveryID, r.LeaseOwner, micros(r.LeaseUntil))
			}
			if err == nil && res != nil {
				if n, _ := res.RowsAffected(); n == 0 {
					_, err = tx.Exec(qRecordAfterDelete, a.Number, r.RoundAttempt, micros(end), a.ResponseStatus, a.LastError(), r.DeliveryID)
				}
			}
			if err != nil {
				return fmt.Errorf("record %s: %w", r.DeliveryID, err)
			}
		}
		return nil
	}
	writeHealth := func(tx *sql.Tx) error {
		for id, h := range endpoints {
			var err error
			if h.OK {
				_, err = s.stmt(tx, qEndpointOK).Exec(micros(h.LastOK), id)
			} else {
				_, err = s.stmt(tx, qEndpointFailing).Exec(micros(h.FirstFailed), id, micros(h.LastFailed))
			}
			if err != nil {
				return fmt.Errorf("endpoint health %s: %w", id, err)
			}
		}
		return nil
	}
	// Queue every chunk before waiting for any: they share commits with
	// each other and with requests' writes, in order.
	var errs []chan error
	for from := 0; from < len(results); from += recordChunk {
		chunk := results[from:min(from+recordChunk, len(results))]
		last := from+recordChunk >= len(results)
		done := make(chan error, 1)
		errs = append(errs, done)
		// Bare: only SQLite's own failures can make a chunk fail.
		op := &writeOp{ctx: ctx, done: done, bare: true, fn: func(tx *sql.Tx) error {
			if err := record(tx, from, chunk); err != nil {
				return err
			}
			if last {
				return writeHealth(tx)
			}
			return nil
		}}
		if err := s.submit(ctx, s.bulk, op); err != nil {
			done <- err
		}
	}
	var failed []error
	for _, done := range errs {
		if err := s.await(done); err != nil {
			failed = append(failed, err)
		}
	}
	return errors.Join(failed...)
}

func (s *Store) ReleaseLeases(ctx context.Context, owner string, now time.Time) (int, error) {
	var n int64
	err := s.writeBulk(ctx, func(tx *sql.Tx) error {
		r, err := tx.Exec(qReleaseLeases, micros(now), owner)
		if err != nil {
			return fmt.Errorf("release leases: %w", err)
		}
		n, err = r.RowsAffected()
		if err != nil {
			return fmt.Errorf("release leases: %w", err)
		}
		return nil
	})
	return int(n), err
}

func (s *Store) RetryDelivery(ctx context.Context, accountID, id string, now time.Time) (store.Delivery, error) {
	var d store.Delivery
	err := s.write(ctx, func(tx *sql.Tx) error {
		var err error
		d, err = scanDelivery(tx.QueryRow(qRetryDelivery, micros(now), id, accountID))
		if errors.Is(err, sql.ErrNoRows) {
			var n int
			if err := tx.QueryRow(qDeliveryExists, id, accountID).Scan(&n); err != nil {
				return fmt.Errorf("retry delivery %s: %w", id, err)
			}
			if n > 0 {
				return store.ErrInFlight
			}
		}
		return notFound(err)
	})
	return d, err
}

// RecoverEndpoint works in chunks of sweepChunk, each its own write, for
// the reason sweeps do: a million failed deliveries must not become one
// million-row transaction. A recovery cut short (ctx, a crash) has made
// some of them due; running it again recovers the rest.
func (s *Store) RecoverEndpoint(ctx context.Context, accountID, endpointID string, since, now time.Time) (int, error) {
	total, after := 0, ""
	for {
		var recovered []string
		err := s.writeBulk(ctx, func(tx *sql.Tx) error {
			rows, err := tx.Query(qRecoverEndpoint, micros(now), micros(now), endpointID, after, accountID, micros(since), sweepChunk)
			if err != nil {
				return err
			}
			recovered, err = scanIDs(rows)
			return err
		})
		if err != nil {
			return total, fmt.Errorf("recover deliveries of %s: %w", endpointID, err)
		}
		total += len(recovered)
		for _, id := range recovered {
			after = max(after, id)
		}
		if len(recovered) < sweepChunk {
			return total, nil
		}
	}
}

// CreateMissedDeliveries reads and writes each batch in one operation of
// the single writer, so nothing can give the endpoint a delivery of the
// same event between the check and the insert.
func (s *Store) CreateMissedDeliveries(ctx context.Context, p store.MissedParams) (store.MissedResult, error) {
	res, err := p.Walk(func(step *store.MissedStep) (made int, err error) {
		err = s.writeBulk(ctx, func(tx *sql.Tx) error {
			e, err := scanEndpoint(tx.QueryRow(qGetEndpoint, p.EndpointID, p.AccountID))
			if err != nil {
				return notFound(err)
			}
			if e.Status != store.EndpointEnabled {
				return store.ErrEndpointDisabled
			}
			from := step.Begin(e)
			rows, err := tx.Query(qMissedEvents, p.EndpointID, p.AccountID, ids.Floor(ids.Event, from), step.After, ids.Floor(ids.Event, p.Now.Add(time.Millisecond)), step.Size)
			if err != nil {
				return err
			}
			type missed struct{ id, typ string }
			var todo []missed
			made = 0
			for rows.Next() {
				var m missed
				var test, delivered bool
				var created int64
				if err := rows.Scan(&m.id, &m.typ, &test, &created, &delivered); err != nil {
					rows.Close()
					return err
				}
				want, stop := step.Take(m.id, m.typ, test, fromMicros(created), delivered)
				if stop {
					break
				}
				if want {
					todo = append(todo, m)
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			ins := s.stmt(tx, qInsertDelivery)
			at := micros(p.Now)
			for _, m := range todo {
				if _, err := ins.Exec(ids.NewAt(ids.Delivery, p.Now), p.AccountID, m.id, m.typ, p.EndpointID, at, nil, at, at, 0); err != nil {
					return fmt.Errorf("insert delivery of %s: %w", m.id, err)
				}
			}
			made = len(todo)
			return nil
		})
		return made, err
	})
	if err != nil {
		return res, fmt.Errorf("create missed deliveries of %s: %w", p.EndpointID, err)
	}
	return res, nil
}

func (s *Store) EndpointStats(ctx context.Context, accountID, endpointID string, since time.Time) (store.Stats, error) {
	s.flushHeld(ctx, accountID, fanoutWait())
	var st store.Stats
	// One pass over the attempts, the percentiles sorted here: four scans
	// and three sorts by SQLite per endpoint made the overview of 100
	// endpoints take seconds.
	rows, err := s.reader.QueryContext(ctx, qAttemptStats, endpointID, accountID, micros(since))
	if err != nil {
		return st, fmt.Errorf("attempt stats: %w", err)
	}
	defer rows.Close()
	var durations []int64
	for rows.Next() {
		var ok, retry bool
		var us int64
		if err := rows.Scan(&ok, &retry, &us); err != nil {
			return st, fmt.Errorf("attempt stats: %w", err)
		}
		durations = countAttempt(&st, durations, ok, retry, us)
	}
	if err := rows.Err(); err != nil {
		return st, fmt.Errorf("attempt stats: %w", err)
	}
	setDurations(&st, durations)
	if err := s.reader.QueryRowContext(ctx, qDeliveryStats, endpointID, accountID, micros(since), ids.Floor(ids.Delivery, since)).
		Scan(&st.DeliveriesOK, &st.DeliveriesDone); err != nil {
		return st, fmt.Errorf("delivery stats: %w", err)
	}
	return st, nil
}

// countAttempt adds one attempt row of an endpoint's window to its figures
// and returns durations with the attempt's; setDurations ends them.
func countAttempt(st *store.Stats, durations []int64, ok, retry bool, us int64) []int64 {
	if ok {
		st.Succeeded++
	}
	if retry {
		st.Retries++
	}
	return append(durations, us)
}

// setDurations sets the figures that come of the window's attempt
// durations (microseconds; sorted here): their number, the failures
// (Succeeded already counted) and the percentiles.
func setDurations(st *store.Stats, durations []int64) {
	st.Attempts = len(durations)
	if n := len(durations); n > 0 {
		slices.Sort(durations)
		for _, pc := range []struct {
			q   float64
			dst *time.Duration
		}{{0.50, &st.P50}, {0.95, &st.P95}, {0.99, &st.P99}} {
			*pc.dst = time.Duration(durations[int(pc.q*float64(n-1)+0.5)]) * time.Microsecond
		}
	}
	st.Failed = st.Attempts - st.Succeeded
}

// AccountEndpointStats reads the attempts of the window once for all the
// account's endpoints, and their deliveries' counts in one grouped query:
// two queries, whatever the number of endpoints. The attempts come
// endpoint after endpoint (qAccountAttemptStats), so each endpoint's
// figures are made as its rows end, in one slice of durations used again
// for the next: the memory held is the largest endpoint's window, not
// the account's.
func (s *Store) AccountEndpointStats(ctx context.Context, accountID string, since time.Time) (map[string]store.Stats, error) {
	s.flushHeld(ctx, accountID, fanoutWait())
	out := map[string]store.Stats{}
	rows, err := s.reader.QueryContext(ctx, qAccountAttemptStats, accountID, micros(since))
	if err != nil {
		return nil, fmt.Errorf("account attempt stats: %w", err)
	}
	defer rows.Close()
	var (
		cur       []byte // the endpoint whose rows these are
		st        store.Stats
		durations []int64
		id        sql.RawBytes
	)
	done := func() {
		if cur != nil {
			setDurations(&st, durations)
			out[string(cur)] = st
		}
	}
	for rows.Next() {
		var ok, retry bool
		var us int64
		if err := rows.Scan(&id, &ok, &retry, &us); err != nil {
			return nil, fmt.Errorf("account attempt stats: %w", err)
		}
		if cur == nil || !bytes.Equal(id, cur) {
			done()
			cur, st, durations = append(cur[:0:0], id...), store.Stats{}, durations[:0]
		}
		durations = countAttempt(&st, durations, ok, retry, us)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("account attempt stats: %w", err)
	}
	done()
	rows, err = s.reader.QueryContext(ctx, qAccountDeliveryStats, accountID, micros(since), ids.Floor(ids.Delivery, since))
	if err != nil {
		return nil, fmt.Errorf("account delivery stats: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var ok, done int
		if err := rows.Scan(&id, &ok, &done); err != nil {
			return nil, fmt.Errorf("account delivery stats: %w", err)
		}
		if done == 0 {
			continue // pending or retrying only: nothing to show
		}
		st := out[id]
		st.DeliveriesOK, st.DeliveriesDone = ok, done
		out[id] = st
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("account delivery stats: %w", err)
	}
	return out, nil
}

func (s *Store) StatsSeries(ctx context.Context, accountID, endpointID string, since time.Time, step time.Duration) ([]store.StatsBucket, error) {
	s.flushHeld(ctx, accountID, fanoutWait())
	stepUS := step.Microseconds()
	rows, err := s.reader.QueryContext(ctx, qStatsSeries,
		micros(since), stepUS, endpointID, accountID, micros(since))
	if err != nil {
		return nil, fmt.Errorf("stats series: %w", err)
	}
	defer rows.Close()
	return store.CollectRows(rows, store.StatsBucketScanner(since, step))
}

// PruneWalk is where Prune's next call walks old events from ("": the
// start); see store.ReadPruneWindow. Read through the writer, which owns it.
func (s *Store) PruneWalk() string {
	var from string
	_ = s.writeBulk(context.Background(), func(*sql.Tx) error {
		from = s.pruneFrom
		return nil
	})
	return from
}

// Prune removes old finished events with their deliveries, old
// idempotency keys, the attempts of deliveries that are gone, the rows of
// endpoints deleted long ago that nothing kept names, and API keys revoked
// long ago, in one write
// bounded by about limit rows of each table (store.PruneBatch).
func (s *Store) Prune(ctx context.Context, before time.Time, limit int) (store.Pruned, error) {
	if limit <= 0 {
		limit = store.DefaultPruneLimit
	}
	var n store.Pruned
	err := s.writeBulk(ctx, func(tx *sql.Tx) error {
		n = store.Pruned{}
		if len(s.pruneLeft) > 0 {
			// Attempts of the deliveries the last write removed, beyond its
			// limit. Only those whose delivery is gone: if that write was
			// rolled back, its deliveries are still there, whole.
			at, err := deleteAttemptsOf(tx, s.pruneLeft, limit)
			n.Attempts, n.More = at, s.pruneFrom != ""
			if err == nil && at < limit {
				s.pruneLeft = nil
			}
			return err
		}
		// Old finished events (qPruneEvents says which).
		rows, err := tx.Query(qPruneEvents, ids.Floor(ids.Event, before), s.pruneFrom, micros(before), limit)
		if err != nil {
			return fmt.Errorf("prune events: %w", err)
		}
		batch, next, err := store.ReadPruneWindow(rows, limit)
		rows.Close()
		if err != nil {
			return fmt.Errorf("prune events: %w", err)
		}
		// Set even if this write rolls back: the walk then passes these
		// events until its next sweep, which is all it costs.
		s.pruneFrom, n.More = next, next != ""
		if len(batch.Events) > 0 {
			args := make([]any, len(batch.Events))
			for i, id := range batch.Events {
				args[i] = id
			}
			rows, err := tx.Query(qPruneDeliveries(len(batch.Events)), args...)
			if err != nil {
				return fmt.Errorf("prune deliveries: %w", err)
			}
			gone, err := scanIDs(rows)
			if err != nil {
				return fmt.Errorf("prune deliveries: %w", err)
			}
			r, err := tx.Exec(qPruneEventRows(len(batch.Events)), args...)
			if err != nil {
				return fmt.Errorf("prune events: %w", err)
			}
			e, _ := r.RowsAffected()
			n.Events, n.Deliveries = int(e), len(gone)
			at, err := deleteAttemptsOf(tx, gone, limit)
			if err != nil {
				return err
			}
			n.Attempts = at
			if at == limit {
				s.pruneLeft = gone // the rest in the next writes
			}
		}
		r, err := tx.Exec(qPruneIdempotencyKeys, micros(before), limit)
		if err != nil {
			return fmt.Errorf("prune idempotency keys: %w", err)
		}
		n.IdempotencyKeys = affected(r)
		if r, err = tx.Exec(qPruneListenSessions, micros(before), limit); err != nil {
			return fmt.Errorf("prune listen sessions: %w", err)
		}
		n.ListenSessions = affected(r)
		if next == "" {
			if n.Endpoints, n.APIKeys, err = pruneGone(tx, before, limit); err != nil {
				return err
			}
		}
		swept, err := s.sweepOrphans(tx, before, limit)
		n.Attempts += swept
		return err
	})
	if err != nil {
		// The write was rolled back (this operation's, or its whole
		// transaction's): nothing it counted is gone.
		return store.Pruned{}, err
	}
	return n, nil
}

// pruneGone removes, limit of each, the rows of endpoints deleted before
// the cutoff that nothing kept names any more, and API keys revoked before
// it (qPruneDeletedEndpoints, qPruneRevokedAPIKeys).
// Prune runs it in the write whose walk of old events reached the cutoff
// (once per sweep: at the end of a catch-up, and in each round's call once
// caught up), not in every batch of a backlog: the check probes the
// deliveries of each deleted endpoint whose history the retention still
// keeps, 7–38 ms a call with 3,000 of them (against 0.35 ms for a call
// with nothing to prune), and a backlog's batches follow one another.
func pruneGone(tx *sql.Tx, before time.Time, limit int) (endpoints, keys int, err error) {
	r, err := tx.Exec(qPruneDeletedEndpoints, micros(before), limit)
	if err != nil {
		return 0, 0, fmt.Errorf("prune deleted endpoints: %w", err)
	}
	endpoints = affected(r)
	if r, err = tx.Exec(qPruneRevokedAPIKeys, micros(before), limit); err != nil {
		return endpoints, 0, fmt.Errorf("prune revoked API keys: %w", err)
	}
	return endpoints, affected(r), nil
}

// affected is the rows a statement changed (0 if the driver cannot say).
func affected(r sql.Result) int {
	n, _ := r.RowsAffected()
	return int(n)
}

// deleteAttemptsOf deletes at most limit attempts of the given deliveries,
// only of those that no longer exist.
func deleteAttemptsOf(tx *sql.Tx, deliveryIDs []string, limit int) (int, error) {
	if len(deliveryIDs) == 0 {
		return 0, nil
	}
	args := make([]any, len(deliveryIDs), len(deliveryIDs)+1)
	for i, id := range deliveryIDs {
		args[i] = id
	}
	r, err := tx.Exec(qDeleteAttemptsOf(len(deliveryIDs)), append(args, limit)...)
	if err != nil {
		return 0, fmt.Errorf("prune attempts: %w", err)
	}
	n, _ := r.RowsAffected()
	return int(n), nil
}

// sweepOrphans deletes old attempts whose delivery is gone, left by
// versions that pruned attempts apart from their events; pruning no longer
// makes them. It walks the attempts once per process, limit ids per call
// from where the last call stopped, so that a kept log is read once, not
// at every round. Only the writer goroutine runs it.
func (s *Store) sweepOrphans(tx *sql.Tx, before time.Time, limit int) (int, error) {
	if s.orphansSwept {
		return 0, nil
	}
	rows, err := tx.Query(qOrphanAttempts, s.orphanCursor, ids.Floor(ids.Attempt, before), limit)
	if err != nil {
		return 0, fmt.Errorf("sweep orphan attempts: %w", err)
	}
	var orphans []any
	scanned := 0
	for rows.Next() {
		var id string
		var orphan bool
		if err := rows.Scan(&id, &orphan); err != nil {
			rows.Close()
			return 0, fmt.Errorf("sweep orphan attempts: %w", err)
		}
		scanned++
		s.orphanCursor = id
		if orphan {
			orphans = append(orphans, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("sweep orphan attempts: %w", err)
	}
	if scanned < limit {
		s.orphansSwept = true
	}
	if len(orphans) == 0 {
		return 0, nil
	}
	r, err := tx.Exec(qDeleteAttempts(len(orphans)), orphans...)
	if err != nil {
		return 0, fmt.Errorf("sweep orphan attempts: %w", err)
	}
	d, _ := r.RowsAffected()
	return int(d), nil
}

func (s *Store) Counts(ctx context.Context, now time.Time) (store.Counts, error) {
	// Held deliveries (fanout.go) are counted, not written: they are all
	// pending and due. Counted before the rows, so that one written
	// between the two readings is counted twice rather than not at all.
	held, heldOldest := s.fanq.heldStats()
	var c store.Counts
	var oldest sql.NullInt64
	if err := s.reader.QueryRowContext(ctx, qCountDue, micros(now)).Scan(&c.DueDeliveries, &oldest); err != nil {
		return c, fmt.Errorf("count due deliveries: %w", err)
	}
	c.OldestDue = fromNullMicros(oldest)
	if held > 0 && (c.OldestDue == nil || heldOldest.Before(*c.OldestDue)) {
		c.OldestDue = &heldOldest
	}
	c.DueDeliveries += held
	var next sql.NullInt64
	if err := s.reader.QueryRowContext(ctx, qCountPending).Scan(&c.PendingDeliveries, &next); err != nil {
		return c, fmt.Errorf("count pending deliveries: %w", err)
	}
	c.NextDue = fromNullMicros(next)
	if held > 0 && (c.NextDue == nil || heldOldest.Before(*c.NextDue)) {
		c.NextDue = &heldOldest
	}
	c.PendingDeliveries += held
	if err := s.reader.QueryRowContext(ctx, qCountDisabledEndpoints).Scan(&c.DisabledEndpoints); err != nil {
		return c, fmt.Errorf("count disabled endpoints: %w", err)
	}
	return c, nil
}
