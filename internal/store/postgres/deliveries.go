package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/store"
)

func scanDelivery(row scanner) (store.Delivery, error) {
	var d store.Delivery
	err := row.Scan(&d.ID, &d.AccountID, &d.EventID, &d.EventType, &d.EndpointID, &d.Status, &d.Attempts, &d.RoundAttempts,
		&d.NextAttemptAt, &d.LastAttemptAt, &d.LastStatusCode, &d.LastError, &d.CreatedAt, &d.UpdatedAt, &d.Test)
	d.NextAttemptAt, d.LastAttemptAt = utcPtr(d.NextAttemptAt), utcPtr(d.LastAttemptAt)
	d.CreatedAt, d.UpdatedAt = utc(d.CreatedAt), utc(d.UpdatedAt)
	return d, err
}

func (s *Store) GetDelivery(ctx context.Context, accountID, id string) (store.Delivery, error) {
	d, err := scanDelivery(s.pool.QueryRow(ctx, qGetDelivery, id, accountID))
	return d, interpretError(err)
}

// ListDeliveries reads through readWithHeld (held.go): every event it
// shows has all its deliveries.
func (s *Store) ListDeliveries(ctx context.Context, p store.ListDeliveriesParams) (out []store.Delivery, more bool, err error) {
	err = s.readWithHeld(ctx, p.AccountID, func(q querier) error {
		var err error
		out, more, err = s.listDeliveriesOn(ctx, q, p)
		return err
	})
	return out, more, err
}

func (s *Store) listDeliveriesOn(ctx context.Context, q querier, p store.ListDeliveriesParams) ([]store.Delivery, bool, error) {
	base, status := qListDeliveries, p.Status
	if status == store.DeliveryFailed && p.EventID == "" && p.EndpointID == "" {
		// An event's or an endpoint's deliveries are fewer than the
		// account's failed ones: their own index reads less.
		base, status = qListFailedDeliveries, ""
	}
	filters := []filter{{colEndpointID, p.EndpointID}, {colEventID, p.EventID}, {colStatus, status}, {colEventType, p.EventType}}
	if store.IsWaiting(status) && p.EventID == "" {
		return listWaiting(ctx, q, p, filters)
	}
	return listDeliveries(ctx, q, base, []any{p.AccountID}, p.ListParams, filters)
}

// listWaiting is a page of a list filtered by status=pending or retrying
// (with event_type, endpoint_id, or neither), read as store.ListWaiting
// decides.
func listWaiting(ctx context.Context, q querier, p store.ListDeliveriesParams, filters []filter) ([]store.Delivery, bool, error) {
	all, allArgs := qListWaitingDeliveries(false), []any{p.AccountID}
	if p.EndpointID != "" {
		all, allArgs = qListWaitingDeliveries(true), []any{p.AccountID, p.EndpointID}
	}
	return store.ListWaiting(store.WaitingReads{
		Window: func(n int) ([]store.Delivery, bool, error) {
			sql, args := listWindowSQL(p.EndpointID, p.ListParams, n)
			return listDeliveries(ctx, q, sql, args, p.ListParams, filters)
		},
		Count: func() (int, error) { return countWaiting(ctx, q, p.AccountID, p.EndpointID) },
		Walk: func() ([]store.Delivery, bool, error) {
			return listDeliveries(ctx, q, qListDeliveries, []any{p.AccountID}, p.ListParams, filters)
		},
		All: func() ([]store.Delivery, bool, error) {
			return listDeliveries(ctx, q, all, allArgs, p.ListParams, filters)
		},
	})
}

// listDeliveries runs a list of deliveries from base, whose parameters are
// baseArgs.
func listDeliveries(ctx context.Context, q querier, base string, baseArgs []any, lp store.ListParams, filters []filter) ([]store.Delivery, bool, error) {
	sql, args := listSQLWith(base, baseArgs, lp, filters)
	rows, err := q.Query(ctx, sql, args...)
	if err != nil {
		return nil, false, interpretError(err)
	}
	defer rows.Close()
	out, err := store.CollectRows(rows, scanDelivery)
	return store.Page(out, lp, err)
}

// countWaiting is the count of the account's (or its endpoint
// endpointID's, when given) deliveries in the claim index, read no further
// than store.WaitingListMax.
func countWaiting(ctx context.Context, q querier, accountID, endpointID string) (int, error) {
	var n int
	var err error
	if endpointID != "" {
		err = q.QueryRow(ctx, qCountWaitingOfEndpoint, endpointID, store.WaitingListMax).Scan(&n)
	} else {
		err = q.QueryRow(ctx, qCountWaiting, accountID, store.WaitingListMax).Scan(&n)
	}
	if err != nil {
		return 0, fmt.Errorf("count waiting deliveries: %w", interpretError(err))
	}
	return n, nil
}

func (s *Store) ListAttempts(ctx context.Context, accountID, deliveryID string) ([]store.Attempt, error) {
	rows, err := s.pool.Query(ctx, qListAttempts, deliveryID, accountID)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	var out []store.Attempt
	for rows.Next() {
		var a store.Attempt
		var dur int64
		var reqH, respH string
		var body []byte
		if err := rows.Scan(&a.ID, &a.DeliveryID, &a.AccountID, &a.EndpointID, &a.EventID, &a.Number, &a.StartedAt, &dur,
			&reqH, &a.ResponseStatus, &respH, &body, &a.Error, &a.ErrorKind, &a.Succeeded); err != nil {
			return nil, fmt.Errorf("read attempts of %s: %w", deliveryID, err)
		}
		a.StartedAt, a.Duration, a.ResponseBody = utc(a.StartedAt), time.Duration(dur)*time.Microsecond, string(body)
		_ = json.Unmarshal([]byte(reqH), &a.RequestHeaders)
		_ = json.Unmarshal([]byte(respH), &a.ResponseHeaders)
		out = append(out, a)
	}
	return out, interpretError(rows.Err())
}

// restartGrace is how long after the database server starts a lease that
// ran out before the start stays with its owner (qClaim): long enough for
// an instance's recorder, which retries every 5 s at most, to write the
// outcomes it held through the outage once the server answers again.
const restartGrace = 15 * time.Second

// ClaimDeliveries is one statement (see qClaim), so it needs no explicit
// transaction: it leases, loads and parks in one atomic step.
func (s *Store) ClaimDeliveries(ctx context.Context, p store.ClaimParams) ([]store.Work, error) {
	if p.Limit <= 0 {
		return nil, nil
	}
	p.LeaseUntil = store.LeaseEnd(p.LeaseUntil) // what due_at holds, and results bring back
	// Each endpoint's room is asked once per claim: the engine counts what
	// it grants.
	asked := map[string]int{}
	room := func(id string) int {
		if n, ok := asked[id]; ok {
			return n
		}
		n := p.Limit
		if p.Room != nil {
			n = min(n, p.Room(id))
		}
		asked[id] = n
		return n
	}
	// Held deliveries (held.go) of endpoints with room are written first,
	// due, and claimed below with the rest. A failure here leaves them to
	// the sweep, and does not stop the claim.
	s.startSweeps(p.Owner)
	if err := s.claimHeld(ctx, p, room); err != nil && ctx.Err() == nil {
		s.logHeld(err)
	}
	// Two round trips: which endpoints have due work, then the claim of
	// what p.Room allows of each (it is asked outside any transaction).
	rows, err := s.pool.Query(ctx, qDueEndpoints, p.Now)
	if err != nil {
		return nil, fmt.Errorf("claim: endpoints with due work: %w", interpretError(err))
	}
	due, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("claim: endpoints with due work: %w", interpretError(err))
	}
	var endpoints []string
	var rooms []int32
	for _, id := range due {
		if n := room(id); n > 0 {
			endpoints, rooms = append(endpoints, id), append(rooms, int32(n))
		}
	}
	if len(endpoints) == 0 {
		return nil, nil
	}
	rows, err = s.pool.Query(ctx, qClaim, p.Now, endpoints, rooms, p.LeaseUntil, p.Owner, p.Limit, s.serverNowForTest)
	if err != nil {
		return nil, fmt.Errorf("claim: %w", interpretError(err))
	}
	defer rows.Close()
	var out []store.Work
	for rows.Next() {
		var w store.Work
		var sendable bool
		var url, secret, prevSecret, older, expiredOwner *string
		var prevExp, evCreated *time.Time
		var payload []byte
		if err := rows.Scan(&w.DeliveryID, &w.AccountID, &w.EventID, &w.EventType, &w.EndpointID, &w.Attempt, &w.RoundAttempt,
			&w.CreatedAt, &sendable, &url, &secret, &prevSecret, &prevExp, &older, &payload, &evCreated, &expiredOwner); err != nil {
			return nil, fmt.Errorf("claim: %w", err)
		}
		if expiredOwner != nil {
			w.LeaseExpired, w.TakenOverFrom = true, *expiredOwner
		}
		if !sendable {
			continue // parked: its endpoint is disabled or deleted since it was written
		}
		e := store.Endpoint{Secret: *secret, PreviousSecret: *prevSecret, PreviousSecretExpiresAt: utcPtr(prevExp)}
		var err error
		if e.OlderSecrets, err = store.DecodeOlderSecrets(*older); err != nil {
			return nil, fmt.Errorf("claim: %w", err)
		}
		w.Attempt++
		w.RoundAttempt++
		w.CreatedAt, w.LeaseOwner, w.LeaseUntil = utc(w.CreatedAt), p.Owner, p.LeaseUntil
		w.URL, w.Secrets, w.Payload, w.EventCreated = *url, e.Secrets(p.Now), payload, evCreated.UTC()
		out = append(out, w)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("claim: %w", interpretError(err))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].DeliveryID < out[j].DeliveryID })
	return out, nil
}

// Outcome kinds of qRecordOutcomes.
const (
	kindNone      = 0 // an unknown outcome: the attempt is recorded, the delivery left alone
	kindSucceeded = 1
	kindRetry     = 2
	kindFailed    = 3
	kindParked    = 4
	kindReleased  = 5
)

// kindOf classifies r as the SQLite driver does, in the same order.
func kindOf(r store.Result) int32 {
	switch {
	case r.Outcome == store.OutcomeReleased:
		return kindReleased
	case r.Outcome == store.OutcomeParked || r.Attempt == nil:
		return kindParked
	case r.Outcome == store.OutcomeSucceeded:
		return kindSucceeded
	case r.Outcome == store.OutcomeRetry:
		return kindRetry
	case r.Outcome == store.OutcomeFailed:
		return kindFailed
	}
	return kindNone
}

// outcomes are the arguments of one qRecordOutcomes.
type outcomes struct {
	ids, owners           []string
	kinds, numbers, round []int32
	next, ended, until    []time.Time // until: the results' lease ends
	status                []int32
	errs                  []string
}

func (o *outcomes) add(id, owner string, until time.Time, kind int32, number, round int, next, ended time.Time, status int, err string) {
	o.ids, o.owners, o.until, o.kinds = append(o.ids, id), append(o.owners, owner), append(o.until, until), append(o.kinds, kind)
	o.numbers, o.round = append(o.numbers, int32(number)), append(o.round, int32(round))
	o.next, o.ended = append(o.next, next), append(o.ended, ended)
	o.status, o.errs = append(o.status, int32(status)), append(o.errs, err)
}

// attemptRows are the arguments of one qInsertAttempts.
type attemptRows struct {
	ids, deliveries, accounts, endpoints, events []string
	numbers                                      []int32
	started                                      []time.Time
	durations                                    []int64
	reqHeaders                                   []string
	status                                       []int32
	respHeaders                                  []string
	bodies                                       [][]byte
	errs, kinds                                  []string
	ok                                           []bool
	owners                                       []string    // the results' lease owners
	until                                        []time.Time // and their lease ends
}

func (r *attemptRows) add(a *store.Attempt, owner string, until time.Time) {
	r.owners, r.until = append(r.owners, owner), append(r.until, until)
	r.ids, r.deliveries, r.accounts = append(r.ids, a.ID), append(r.deliveries, a.DeliveryID), append(r.accounts, a.AccountID)
	r.endpoints, r.events = append(r.endpoints, a.EndpointID), append(r.events, a.EventID)
	r.numbers, r.started, r.durations = append(r.numbers, int32(a.Number)), append(r.started, a.StartedAt), append(r.durations, a.Duration.Microseconds())
	r.reqHeaders, r.status = append(r.reqHeaders, headersJSON(a.RequestHeaders)), append(r.status, int32(a.ResponseStatus))
	r.respHeaders, r.bodies = append(r.respHeaders, headersJSON(a.ResponseHeaders)), append(r.bodies, []byte(a.ResponseBody))
	r.errs, r.kinds, r.ok = append(r.errs, cleanText(a.Error)), append(r.kinds, cleanText(a.ErrorKind)), append(r.ok, a.Succeeded)
}

func headersJSON(h map[string]string) string {
	if len(h) == 0 {
		return "{}"
	}
	b, _ := json.Marshal(h)
	return string(b)
}

// RecordResults writes a whole batch in one round trip and a fixed number
// of statements: the endpoints' health, all attempts, the deliveries'
// outcomes, and a wake-up of the claimers if leases were given back. A delivery that appears more than once in the batch has its
// later results applied by later statements, in order, as the SQLite
// driver applies results one by one.
func (s *Store) RecordResults(ctx context.Context, results []store.Result) error {
	if len(results) == 0 {
		return nil
	}
	b := recordBatch(results)
	if err := s.inTx(ctx, func(t *txn) error { return t.commit(ctx, b) }); err != nil {
		return fmt.Errorf("record results: %w", interpretError(err))
	}
	return nil
}

// recordBatch makes the statements of RecordResults.
func recordBatch(results []store.Result) *pgx.Batch {
	endpoints := store.HealthOf(results)
	// Rounds: a result's k-th appearance in the batch goes in round k, so
	// that no statement touches a delivery (or one of its attempt numbers)
	// twice.
	var atts []*attemptRows
	var rounds []*outcomes
	var released []string
	seen := make(map[string]int, len(results))
	var dueOrParked map[string]bool // endpoints whose state decides a result's due_at
	for _, r := range results {
		k := seen[r.DeliveryID]
		seen[r.DeliveryID] = k + 1
		if k == len(rounds) {
			rounds = append(rounds, &outcomes{})
			atts = append(atts, &attemptRows{})
		}
		kind := kindOf(r)
		if kind == kindRetry || kind == kindReleased || kind == kindParked {
			if dueOrParked == nil {
				dueOrParked = map[string]bool{}
			}
			dueOrParked[r.EndpointID] = true
		}
		switch kind {
		case kindReleased:
			released = append(released, r.DeliveryID)
			rounds[k].add(r.DeliveryID, r.LeaseOwner, r.LeaseUntil, kind, 0, 0, r.NextAttemptAt, time.Time{}, 0, "")
			continue
		case kindParked:
			// Due again at once if the endpoint is enabled (qRecordOutcomes).
			released = append(released, r.DeliveryID)
			rounds[k].add(r.DeliveryID, r.LeaseOwner, r.LeaseUntil, kind, 0, 0, store.ParkedDueAt(r), time.Time{}, 0, "")
			continue
		}
		a := r.Attempt
		atts[k].add(a, r.LeaseOwner, r.LeaseUntil)
		end := a.StartedAt.Add(a.Duration)
		rounds[k].add(r.DeliveryID, r.LeaseOwner, r.LeaseUntil, kind, a.Number, r.RoundAttempt, r.NextAttemptAt, end, a.ResponseStatus, cleanText(a.LastError()))
	}
	b := &pgx.Batch{}
	b.Queue(qGenericPlans)
	// Endpoints first: every writer locks endpoints before deliveries.
	if len(dueOrParked) > 0 {
		// A retry or a given-back lease is parked when its endpoint is
		// disabled, and made due when not. Read without a lock, an enable
		// committed while this batch ran was not seen: the delivery was
		// parked after the enable had resumed the endpoint's parked ones
		// (it was leased then), and stayed parked for good. The lock makes
		// an endpoint change wait for this batch, or this batch wait for
		// it and read what it committed (each statement reads afresh).
		// The endpoints whose health the batch updates are locked in the
		// same statement, all in id order: locked in two sorted steps,
		// they deadlocked with the auto-disable's one.
		ids := make([]string, 0, len(dueOrParked)+len(endpoints))
		for id := range dueOrParked {
			ids = append(ids, id)
		}
		for id := range endpoints {
			if !dueOrParked[id] {
				ids = append(ids, id)
			}
		}
		b.Queue(qLockEndpointsShared, ids)
	}
	if len(endpoints) > 0 {
		ids := make([]string, 0, len(endpoints))
		since := make([]*time.Time, 0, len(endpoints))
		okAt := make([]*time.Time, 0, len(endpoints))
		lastFailed := make([]*time.Time, 0, len(endpoints))
		for id, h := range endpoints {
			ids = append(ids, id)
			if h.OK {
				since, okAt, lastFailed = append(since, nil), append(okAt, &h.LastOK), append(lastFailed, nil)
			} else {
				since, okAt, lastFailed = append(since, &h.FirstFailed), append(okAt, nil), append(lastFailed, &h.LastFailed)
			}
		}
		b.Queue(qEndpointHealth, ids, since, okAt, lastFailed)
	}
	// A round's attempts before its outcomes: the outcomes end the leases
	// that qInsertAttempts checks. The next round's attempts come after
	// them, so that a delivery's second result has its attempt checked
	// against what its first result wrote, as in SQLite: queued before
	// every outcome, a failure of attempt 2 reported after the success of
	// attempt 1 in the same batch was logged, the lease still held.
	for k, o := range rounds {
		if atts := atts[k]; len(atts.ids) > 0 {
			b.Queue(qInsertAttempts, atts.ids, atts.deliveries, atts.accounts, atts.endpoints, atts.events, atts.numbers,
				atts.started, atts.durations, atts.reqHeaders, atts.status, atts.respHeaders, atts.bodies, atts.errs, atts.kinds, atts.ok, atts.owners, atts.until)
		}
		b.Queue(qRecordOutcomes, o.ids, o.owners, o.kinds, o.numbers, o.round, o.next, o.ended, o.status, o.errs, o.until)
	}
	if len(released) > 0 {
		b.Queue(qNotifyIfReleased, released)
	}
	return b
}

func (s *Store) ReleaseLeases(ctx context.Context, owner string, now time.Time) (int, error) {
	tag, err := s.pool.Exec(ctx, qReleaseLeases, now, owner)
	if err != nil {
		return 0, interpretError(err)
	}
	return int(tag.RowsAffected()), nil
}

func (s *Store) RetryDelivery(ctx context.Context, accountID, id string, now time.Time) (store.Delivery, error) {
	var d store.Delivery
	var found error
	b := &pgx.Batch{}
	b.Queue(qRetryDelivery, now, id, accountID).QueryRow(func(row pgx.Row) error {
		d, found = scanDelivery(row)
		if errors.Is(found, pgx.ErrNoRows) {
			return nil // nothing changed: the commit commits nothing
		}
		return found
	})
	b.Queue(qNotifyIfDelivery, id, accountID)
	if err := s.inTx(ctx, func(t *txn) error { return t.commit(ctx, b) }); err != nil {
		return store.Delivery{}, interpretError(err)
	}
	if errors.Is(found, pgx.ErrNoRows) {
		var exists bool
		if err := s.pool.QueryRow(ctx, qDeliveryExists, id, accountID).Scan(&exists); err != nil {
			return store.Delivery{}, interpretError(err)
		}
		if exists {
			return store.Delivery{}, store.ErrInFlight
		}
	}
	if found != nil {
		return store.Delivery{}, interpretError(found)
	}
	return d, nil
}

func (s *Store) RecoverEndpoint(ctx context.Context, accountID, endpointID string, since, now time.Time) (int, error) {
	tag, err := s.pool.Exec(ctx, qRecoverEndpoint, endpointID, accountID, since, now)
	if err != nil {
		return 0, interpretError(err)
	}
	return int(tag.RowsAffected()), nil
}

// CreateMissedDeliveries holds the endpoint's row lock through each
// batch's read and insert: two recoveries of the endpoint take turns, and
// the second sees what the first made.
func (s *Store) CreateMissedDeliveries(ctx context.Context, p store.MissedParams) (store.MissedResult, error) {
	// A held delivery is not missed: written first, it is seen.
	if err := s.flushHeldOf(ctx, p.AccountID, p.EndpointID); err != nil {
		return store.MissedResult{}, err
	}
	if s.missedAfterFlushForTest != nil {
		s.missedAfterFlushForTest()
	}
	upto := ids.Floor(ids.Event, p.Now.Add(time.Millisecond))
	res, err := p.Walk(func(step *store.MissedStep) (made int, err error) {
		err = s.inTx(ctx, func(t *txn) error {
			var e store.Endpoint
			b := &pgx.Batch{}
			b.Queue(qLockEndpointForMissed, p.EndpointID, p.AccountID).QueryRow(func(row pgx.Row) error {
				var err error
				e, err = scanEndpoint(row)
				return err
			})
			if err := t.send(ctx, b); err != nil {
				return fmt.Errorf("lock endpoint: %w", err)
			}
			if e.Status != store.EndpointEnabled {
				return store.ErrEndpointDisabled
			}
			from := step.Begin(e)
			var eventIDs, types, deliveryIDs []string
			made = 0
			b = &pgx.Batch{}
			b.Queue(qMissedEvents, p.EndpointID, p.AccountID, ids.Floor(ids.Event, from), step.After, upto, step.Size).Query(func(rows pgx.Rows) error {
				for rows.Next() {
					var id, typ string
					var test, delivered bool
					var created time.Time
					if err := rows.Scan(&id, &typ, &test, &created, &delivered); err != nil {
						return err
					}
					missed, stop := step.Take(id, typ, test, created, delivered)
					if stop {
						return nil
					}
					if missed {
						eventIDs, types = append(eventIDs, id), append(types, typ)
						deliveryIDs = append(deliveryIDs, ids.NewAt(ids.Delivery, p.Now))
					}
				}
				return rows.Err()
			})
			if err := t.send(ctx, b); err != nil {
				return fmt.Errorf("read missed events: %w", err)
			}
			b = &pgx.Batch{}
			if len(eventIDs) > 0 {
				b.Queue(qInsertMissedDeliveries, p.AccountID, p.EndpointID, p.Now, deliveryIDs, eventIDs, types).Exec(func(ct pgconn.CommandTag) error {
					made = int(ct.RowsAffected())
					return nil
				})
				b.Queue(qNotify)
			}
			return t.commit(ctx, b)
		})
		return made, err
	})
	if err != nil {
		return res, fmt.Errorf("create missed deliveries of %s: %w", p.EndpointID, interpretError(err))
	}
	return res, nil
}

func (s *Store) EndpointStats(ctx context.Context, accountID, endpointID string, since time.Time) (store.Stats, error) {
	if err := s.flushHeldOf(ctx, accountID, endpointID); err != nil {
		return store.Stats{}, err
	}
	var st store.Stats
	var p50, p95, p99 int64
	err := s.pool.QueryRow(ctx, qEndpointStats, endpointID, accountID, since, ids.Floor(ids.Delivery, since)).
		Scan(&st.Attempts, &st.Succeeded, &st.Retries, &p50, &p95, &p99, &st.DeliveriesOK, &st.DeliveriesDone)
	if err != nil {
		return store.Stats{}, interpretError(err)
	}
	st.Failed = st.Attempts - st.Succeeded
	st.P50, st.P95, st.P99 = time.Duration(p50)*time.Microsecond, time.Duration(p95)*time.Microsecond, time.Duration(p99)*time.Microsecond
	return st, nil
}

// AccountEndpointStats is one query, whatever the number of endpoints.
func (s *Store) AccountEndpointStats(ctx context.Context, accountID string, since time.Time) (map[string]store.Stats, error) {
	if err := s.flushHeldOf(ctx, accountID, ""); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, qAccountEndpointStats, accountID, since, ids.Floor(ids.Delivery, since))
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	out := map[string]store.Stats{}
	for rows.Next() {
		var id string
		var st store.Stats
		var p50, p95, p99 int64
		if err := rows.Scan(&id, &st.Attempts, &st.Succeeded, &st.Retries, &p50, &p95, &p99, &st.DeliveriesOK, &st.DeliveriesDone); err != nil {
			return nil, interpretError(err)
		}
		st.Failed = st.Attempts - st.Succeeded
		st.P50, st.P95, st.P99 = time.Duration(p50)*time.Microsecond, time.Duration(p95)*time.Microsecond, time.Duration(p99)*time.Microsecond
		out[id] = st
	}
	if err := rows.Err(); err != nil {
		return nil, interpretError(err)
	}
	return out, nil
}

func (s *Store) StatsSeries(ctx context.Context, accountID, endpointID string, since time.Time, step time.Duration) ([]store.StatsBucket, error) {
	if err := s.flushHeldOf(ctx, accountID, endpointID); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, qStatsSeries, since, step.Microseconds(), endpointID, accountID)
	if err != nil {
		return nil, interpretError(err)
	}
	defer rows.Close()
	out, err := store.CollectRows(rows, store.StatsBucketScanner(since, step))
	return out, interpretError(err)
}

// Prune removes old finished events with their deliveries, old
// idempotency keys, the attempts of deliveries that are gone, the rows of
// endpoints deleted long ago that nothing kept names, and API keys revoked
// long ago, in one transaction bounded by about limit rows of each table (store.PruneBatch).
// Only the maintenance leader calls it, one call at a time.
func (s *Store) Prune(ctx context.Context, before time.Time, limit int) (store.Pruned, error) {
	if limit <= 0 {
		limit = store.DefaultPruneLimit
	}
	s.orphans.Lock()
	defer s.orphans.Unlock()
	cursor, swept, left, from := s.orphans.cursor, s.orphans.swept, s.orphans.pruneLeft, s.orphans.pruneFrom
	var n store.Pruned
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		n = store.Pruned{}
		if len(left) > 0 {
			// Attempts of the deliveries the last call removed, beyond its limit.
			ct, err := tx.Exec(ctx, qPruneAttemptsOf, left, limit)
			if err != nil {
				return fmt.Errorf("prune attempts left: %w", err)
			}
			n.Attempts = int(ct.RowsAffected())
			if n.Attempts < limit {
				left = nil
			}
			return nil
		}
		rows, err := tx.Query(ctx, qPruneEventWindow, ids.Floor(ids.Event, before), limit, before, from)
		if err != nil {
			return fmt.Errorf("read events to prune: %w", err)
		}
		batch, next, err := store.ReadPruneWindow(rows, limit)
		rows.Close()
		if err != nil {
			return fmt.Errorf("read events to prune: %w", err)
		}
		from = next
		if len(batch.Events) > 0 {
			events, err := keepWaiting(ctx, tx, batch.Events, before)
			if err != nil {
				return err
			}
			batch.Events = events
		}
		if len(batch.Events) > 0 {
			var gone []string
			var events int64
			if err := tx.QueryRow(ctx, qPruneEvents, batch.Events).Scan(&gone, &events); err != nil {
				return fmt.Errorf("prune events: %w", err)
			}
			ct, err := tx.Exec(ctx, qPruneAttemptsOf, gone, limit)
			if err != nil {
				return fmt.Errorf("prune attempts: %w", err)
			}
			n.Events, n.Deliveries, n.Attempts = int(events), len(gone), int(ct.RowsAffected())
			if int(ct.RowsAffected()) == limit {
				left = gone // the rest in the next calls
			}
		}
		ct, err := tx.Exec(ctx, qPruneIdempotencyKeys, before, limit)
		if err != nil {
			return fmt.Errorf("prune idempotency keys: %w", err)
		}
		n.IdempotencyKeys = int(ct.RowsAffected())
		if ct, err = tx.Exec(ctx, qPruneListenSessions, before, limit); err != nil {
			return fmt.Errorf("prune listen sessions: %w", err)
		}
		n.ListenSessions = int(ct.RowsAffected())
		if from == "" {
			// Once per sweep of the old events (see the SQLite driver's
			// pruneGone): deleted endpoints' rows and revoked keys.
			ct, err := tx.Exec(ctx, qPruneDeletedEndpoints, before, limit)
			if err != nil {
				return fmt.Errorf("prune deleted endpoints: %w", err)
			}
			n.Endpoints = int(ct.RowsAffected())
			if ct, err = tx.Exec(ctx, qPruneRevokedAPIKeys, before, limit); err != nil {
				return fmt.Errorf("prune revoked API keys: %w", err)
			}
			n.APIKeys = int(ct.RowsAffected())
		}
		if swept {
			return nil
		}
		// sweepOrphans: attempts whose delivery is gone, left by versions
		// that pruned attempts apart from their events (pruning no longer
		// makes them), read once per process, limit at a time from where
		// the last call stopped, so that a kept log is not read every round.
		rows, err = tx.Query(ctx, qOrphanAttempts, cursor, ids.Floor(ids.Attempt, before), limit)
		if err != nil {
			return fmt.Errorf("read orphan attempts: %w", err)
		}
		var orphans []string
		scanned := 0
		for rows.Next() {
			var id string
			var orphan bool
			if err := rows.Scan(&id, &orphan); err != nil {
				rows.Close()
				return fmt.Errorf("read orphan attempts: %w", err)
			}
			scanned++
			cursor = id
			if orphan {
				orphans = append(orphans, id)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("read orphan attempts: %w", err)
		}
		swept = scanned < limit
		if len(orphans) > 0 {
			ct, err := tx.Exec(ctx, qDeleteAttempts, orphans)
			if err != nil {
				return fmt.Errorf("delete orphan attempts: %w", err)
			}
			n.Attempts += int(ct.RowsAffected())
		}
		return nil
	})
	if err != nil {
		return store.Pruned{}, interpretError(err)
	}
	s.orphans.cursor, s.orphans.swept, s.orphans.pruneLeft, s.orphans.pruneFrom = cursor, swept, left, from
	n.More = from != ""
	return n, nil
}

// PruneWalk is where Prune's next call walks old events from ("": the
// start); see store.ReadPruneWindow.
func (s *Store) PruneWalk() string {
	s.orphans.Lock()
	defer s.orphans.Unlock()
	return s.orphans.pruneFrom
}

func (s *Store) Counts(ctx context.Context, now time.Time) (store.Counts, error) {
	var c store.Counts
	var oldest, next *time.Time
	if err := s.pool.QueryRow(ctx, qCounts, now).Scan(&c.DueDeliveries, &oldest, &c.PendingDeliveries, &next, &c.DisabledEndpoints); err != nil {
		return store.Counts{}, interpretError(err)
	}
	c.OldestDue, c.NextDue = utcPtr(oldest), utcPtr(next)
	return c, nil
}

// keepWaiting locks the events a prune is about to delete and their
// deliveries, and returns those events minus any with a delivery that
// waits now (a retry or a recover committed after the candidates were
// read, or a recovery's new delivery of the event).
func keepWaiting(ctx context.Context, tx pgx.Tx, events []string, before time.Time) ([]string, error) {
	if _, err := tx.Exec(ctx, qLockPruneEvents, events); err != nil {
		return nil, fmt.Errorf("lock events to prune: %w", err)
	}
	rows, err := tx.Query(ctx, qLockPruneDeliveries, events, before)
	if err != nil {
		return nil, fmt.Errorf("lock deliveries to prune: %w", err)
	}
	waiting := map[string]bool{}
	for rows.Next() {
		var event string
		var wait bool
		if err := rows.Scan(&event, &wait); err != nil {
			rows.Close()
			return nil, fmt.Errorf("lock deliveries to prune: %w", err)
		}
		if wait {
			waiting[event] = true
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("lock deliveries to prune: %w", err)
	}
	if len(waiting) == 0 {
		return events, nil
	}
	kept := make([]string, 0, len(events))
	for _, e := range events {
		if !waiting[e] {
			kept = append(kept, e)
		}
	}
	return kept, nil
}
