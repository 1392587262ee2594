package postgres

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
)

// gcEndpoint creates an enabled endpoint of account subscribed to events.
func gcEndpoint(tb testing.TB, s store.Store, account string, events ...string) store.Endpoint {
	tb.Helper()
	e := store.Endpoint{
		ID: ids.New(ids.Endpoint), AccountID: account, URL: "https://example.test/" + account, Events: events,
		Status: store.EndpointEnabled, Secret: "whsec_dGVzdHNlY3JldA", CreatedAt: base, UpdatedAt: base,
	}
	must(tb, s.CreateEndpoint(context.Background(), e, 0))
	return e
}

func gcOrder(tb testing.TB, s store.Store, account string, deliveryRequested bool) store.Order {
	tb.Helper()
	o := store.Order{
		ID: ids.New(ids.Order), AccountID: account, Status: store.StatusProcessing, CreatedAt: base, UpdatedAt: base,
		StampRequest:      store.StampRequest{ID: ids.New(ids.Stamp), State: "Goa", Amount: 50, ArticleCode: "GA-1", Provider: "SHCIL"},
		DeliveryRequested: deliveryRequested, Version: 1,
	}
	_, err := s.CreateOrder(context.Background(), store.CreateOrderParams{Order: o, Now: base})
	must(tb, err)
	return o
}

// holdSlots occupies every transaction slot of s's group committer with
// transitions (of orders of their own) whose Decide waits; the returned
// function lets them finish and waits for them. Meanwhile every other
// transition queues.
func holdSlots(t *testing.T, s *Store, account string) (release func()) {
	t.Helper()
	ch := make(chan struct{})
	entered := make(chan struct{}, s.group.writers)
	var wg sync.WaitGroup
	for range s.group.writers {
		o := gcOrder(t, s, account, false)
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.TransitionOrder(context.Background(), store.TransitionParams{OrderID: o.ID, Now: base,
				Decide: func(cur store.Order) (store.Transition, error) {
					entered <- struct{}{}
					<-ch
					return order.Apply(cur, order.Request{Move: order.MoveUpload, Actor: order.Operator, Now: base})
				}})
			if err != nil {
				t.Errorf("slot holder: %v", err)
			}
		}()
		<-entered
	}
	return func() { close(ch); wg.Wait() }
}

func queued(s *Store) int {
	s.group.mu.Lock()
	defer s.group.mu.Unlock()
	return len(s.group.queue)
}

// waitQueued waits until n transitions are queued.
func waitQueued(t *testing.T, s *Store, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for queued(s) != n {
		if time.Now().After(deadline) {
			t.Fatalf("queued = %d, want %d", queued(s), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// gcCall is one TransitionOrder call of a test, and what came of it.
type gcCall struct {
	orderID, accountID string
	req                order.Request
	decide             func(store.Order) (store.Transition, error) // instead of order.Apply(req)
	reserve            bool                                        // lease the deliveries to the epAll endpoint
	cancel             bool                                        // cancel its ctx while queued
	decided            atomic.Bool

	res      store.TransitionResult
	err      error
	panicked any
}

// enqueue starts the calls one after the other, each once the previous
// one is queued, so that they queue in this order; wait waits for them.
func enqueue(t *testing.T, s *Store, calls []*gcCall, lease store.LeaseParams) (wait func()) {
	t.Helper()
	var wg sync.WaitGroup
	cancels := map[*gcCall]context.CancelFunc{}
	n := queued(s)
	for _, c := range calls {
		ctx, cancel := context.WithCancel(context.Background())
		cancels[c] = cancel
		p := store.TransitionParams{OrderID: c.orderID, AccountID: c.accountID, Now: base,
			Decide: func(cur store.Order) (store.Transition, error) {
				c.decided.Store(true)
				if c.decide != nil {
					return c.decide(cur)
				}
				return order.Apply(cur, c.req)
			}}
		if c.reserve {
			p.Lease = lease
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { c.panicked = recover() }()
			c.res, c.err = s.TransitionOrder(ctx, p)
		}()
		n++
		waitQueued(t, s, n)
	}
	for _, c := range calls {
		if c.cancel {
			cancels[c]()
		}
	}
	return func() {
		wg.Wait()
		for _, cancel := range cancels {
			cancel()
		}
	}
}

type dbDelivery struct {
	endpoint string
	owner    *string
	due      *time.Time
	status   string
}

// dbEvents returns the events of orders, by order, and the deliveries of
// each event.
func dbEvents(t *testing.T, s *Store, orders []string) (map[string][]store.Event, map[string][]dbDelivery) {
	t.Helper()
	ctx := context.Background()
	evs := map[string][]store.Event{}
	rows, err := s.pool.Query(ctx, `SELECT `+eventCols+` FROM events WHERE order_id = ANY($1) ORDER BY id`, orders)
	must(t, err)
	var evIDs []string
	for rows.Next() {
		e, err := scanEvent(rows)
		must(t, err)
		evs[e.OrderID] = append(evs[e.OrderID], e)
		evIDs = append(evIDs, e.ID)
	}
	must(t, rows.Err())
	ds := map[string][]dbDelivery{}
	rows, err = s.pool.Query(ctx, `SELECT event_id, endpoint_id, lease_owner, due_at, status FROM deliveries WHERE event_id = ANY($1) ORDER BY endpoint_id`, evIDs)
	must(t, err)
	for rows.Next() {
		var ev string
		var d dbDelivery
		must(t, rows.Scan(&ev, &d.endpoint, &d.owner, &d.due, &d.status))
		ds[ev] = append(ds[ev], d)
	}
	must(t, rows.Err())
	return evs, ds
}

// Many transitions queued behind busy slots are committed in one group:
// of different orders and of the same order (each sees the one before),
// refused by Decide, of missing or foreign orders, cancelled while queued,
// leased at creation or not. Every caller gets what running the calls
// one by one in their order gives, and the database holds exactly that.
func TestGroupCommit(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "")
	a, b := newAccount(t, s), newAccount(t, s)
	epAll := gcEndpoint(t, s, a, order.EventTypes...)
	epFailed := gcEndpoint(t, s, a, order.EventStampFailed)
	off := gcEndpoint(t, s, a, order.EventTypes...)
	_, err := s.UpdateEndpoint(ctx, a, off.ID, func(e *store.Endpoint) error { e.Status = store.EndpointDisabled; return nil })
	must(t, err)
	epB := gcEndpoint(t, s, b, order.EventTypes...)
	enabled := map[string][]store.Endpoint{a: {epAll, epFailed}, b: {epB}}

	wakes := make(chan struct{}, 16)
	lctx, stopListen := context.WithCancel(ctx)
	listenDone := make(chan error, 1)
	go func() {
		listenDone <- s.Listen(lctx, func() {
			select {
			case wakes <- struct{}{}:
			default:
			}
		})
	}()
	defer func() { stopListen(); <-listenDone }()
	waitWake(t, wakes, "starting to listen")

	lease := store.LeaseParams{Owner: "me", Until: base.Add(time.Minute), Reserve: func(id string) bool { return id == epAll.ID }}
	up := order.Request{Move: order.MoveUpload, Actor: order.Operator, Now: base}
	fail := order.Request{Move: order.MoveFail, Actor: order.Operator, Now: base, Error: order.ErrorDetail{Code: "E1", Message: "boom"}}
	retry := order.Request{Move: order.MoveRetry, Actor: order.Operator, Now: base.Add(time.Second)}
	deliver := order.Request{Move: order.MoveDeliver, Actor: order.Operator, Now: base.Add(2 * time.Second),
		Delivery: order.DeliveryDetail{Partner: "P", TrackingID: "T1"}}
	cancelC := order.Request{Move: order.MoveCancel, Actor: order.Customer, Now: base.Add(3 * time.Second), Reason: "changed my mind"}
	cancelO := order.Request{Move: order.MoveCancel, Actor: order.Operator, Now: base.Add(3 * time.Second), Reason: "void"}

	var all []store.Order
	model := map[string]store.Order{}
	newO := func(account string, deliveryRequested bool) store.Order {
		o := gcOrder(t, s, account, deliveryRequested)
		all = append(all, o)
		model[o.ID] = o
		return o
	}
	x, y, z := newO(a, false), newO(a, true), newO(b, false)
	wantErr := errors.New("decided against")
	var calls []*gcCall
	add := func(c *gcCall) { calls = append(calls, c) }
	// Distinct orders of both accounts, some leased.
	for i := range 30 {
		acct := a
		if i%3 == 2 {
			acct = b
		}
		o := newO(acct, false)
		req := up
		if i%4 == 1 {
			req = fail
		}
		add(&gcCall{orderID: o.ID, req: req, reserve: i%2 == 0})
	}
	// One order, many moves: each sees the one before.
	add(&gcCall{orderID: x.ID, req: fail})
	add(&gcCall{orderID: x.ID, req: up})                    // refused: FAILED
	add(&gcCall{orderID: x.ID, req: retry, cancel: true})   // cancelled while queued
	add(&gcCall{orderID: x.ID, req: cancelC, accountID: b}) // foreign: not found
	add(&gcCall{orderID: x.ID, req: retry})
	add(&gcCall{orderID: x.ID, req: up, reserve: true})
	add(&gcCall{orderID: x.ID, req: cancelC}) // refused: customers cannot cancel a completed order
	add(&gcCall{orderID: x.ID, req: cancelO, accountID: a})
	// Another: upload, deliver; a custom refusal; a panic.
	add(&gcCall{orderID: y.ID, req: up, accountID: a})
	add(&gcCall{orderID: y.ID, decide: func(store.Order) (store.Transition, error) { return store.Transition{}, wantErr }})
	add(&gcCall{orderID: y.ID, decide: func(store.Order) (store.Transition, error) { panic("decide panicked") }})
	add(&gcCall{orderID: y.ID, req: deliver, reserve: true})
	// Missing order; cancelled ones; a foreign one.
	add(&gcCall{orderID: ids.New(ids.Order), req: up})
	add(&gcCall{orderID: z.ID, req: up, cancel: true})
	add(&gcCall{orderID: z.ID, req: up, accountID: a})
	add(&gcCall{orderID: z.ID, req: fail, accountID: b})

	release := holdSlots(t, s, newAccount(t, s)) // an account without endpoints: no notification
	drain(wakes)
	wait := enqueue(t, s, calls, lease)
	release()
	wait()
	if n := s.group.groups.Load(); n != 1 {
		t.Errorf("groups committed = %d, want 1", n)
	}
	if n := s.group.fallbacks.Load(); n != 0 {
		t.Errorf("fallbacks = %d", n)
	}
	waitWake(t, wakes, "a group writing unleased deliveries")

	// What running them one by one gives.
	succeeded := map[string][]*gcCall{}
	for i, c := range calls {
		cur, ok := model[c.orderID]
		switch {
		case c.cancel:
			if !errors.Is(c.err, context.Canceled) || c.decided.Load() {
				t.Errorf("call %d (cancelled while queued): err %v, decided %v", i, c.err, c.decided.Load())
			}
			continue
		case c.decide != nil && c.panicked == nil:
			if !errors.Is(c.err, wantErr) {
				t.Errorf("call %d: err %v, want %v", i, c.err, wantErr)
			}
			continue
		case c.decide != nil:
			if c.panicked != "decide panicked" {
				t.Errorf("call %d: panicked with %v", i, c.panicked)
			}
			continue
		case c.panicked != nil:
			t.Errorf("call %d panicked: %v", i, c.panicked)
			continue
		case !ok || (c.accountID != "" && cur.AccountID != c.accountID):
			if !errors.Is(c.err, store.ErrNotFound) {
				t.Errorf("call %d: err %v, want not found", i, c.err)
			}
			continue
		}
		want, werr := order.Apply(cur, c.req)
		if werr != nil {
			var te, gte *order.TransitionError
			if !errors.As(werr, &te) || !errors.As(c.err, &gte) || *te != *gte {
				t.Errorf("call %d: err %v, want %v", i, c.err, werr)
			}
			continue
		}
		if c.err != nil {
			t.Errorf("call %d (%s %s): %v", i, c.req.Move, cur.Status, c.err)
			continue
		}
		model[c.orderID] = want.Order
		succeeded[c.orderID] = append(succeeded[c.orderID], c)
		r := c.res
		if r.Order.Status != want.Order.Status || r.Order.Version != want.Order.Version || r.Order.ErrorCode != want.Order.ErrorCode ||
			r.Order.TrackingID != want.Order.TrackingID || r.Order.CancelReason != want.Order.CancelReason {
			t.Errorf("call %d: order %+v, want %+v", i, r.Order, want.Order)
		}
		if (r.Event == nil) != (want.Event == nil) {
			t.Errorf("call %d: event %v, want %v", i, r.Event, want.Event)
			continue
		}
		if r.Event == nil {
			if r.Deliveries != 0 || len(r.Work) != 0 {
				t.Errorf("call %d: deliveries without an event: %+v", i, r)
			}
			continue
		}
		if r.Event.Type != want.Event.Type || r.Event.OrderID != c.orderID || r.Event.AccountID != cur.AccountID {
			t.Errorf("call %d: event %+v, want %+v", i, r.Event, want.Event)
		}
		var subscribed []string
		for _, e := range enabled[cur.AccountID] {
			if e.Subscribed(r.Event.Type) {
				subscribed = append(subscribed, e.ID)
			}
		}
		if r.Deliveries != len(subscribed) {
			t.Errorf("call %d: %d deliveries, want %d", i, r.Deliveries, len(subscribed))
		}
		wantWork := 0
		if c.reserve && slices.Contains(subscribed, epAll.ID) {
			wantWork = 1
		}
		if len(r.Work) != wantWork {
			t.Errorf("call %d: work %+v, want %d", i, r.Work, wantWork)
		}
		for _, w := range r.Work {
			if w.EndpointID != epAll.ID || w.EventID != r.Event.ID || w.LeaseOwner != "me" || string(w.Payload) != string(r.Event.Payload) || w.URL != epAll.URL {
				t.Errorf("call %d: work %+v", i, w)
			}
		}
	}

	// The database: every order as the model says; one event per
	// successful transition that emits one, each with its deliveries.
	var orderIDs []string
	for _, o := range all {
		orderIDs = append(orderIDs, o.ID)
		got, err := s.GetOrder(ctx, "", o.ID)
		must(t, err)
		want := model[o.ID]
		if got.Status != want.Status || got.Version != want.Version || got.ErrorCode != want.ErrorCode || got.TrackingID != want.TrackingID ||
			got.CancelReason != want.CancelReason || got.RefundAmount != want.RefundAmount || !got.UpdatedAt.Equal(want.UpdatedAt) {
			t.Errorf("order %s in the database: %+v\nwant %+v", o.ID, got, want)
		}
		// Successful transitions of one order got consecutive versions.
		for j, c := range succeeded[o.ID] {
			if c.res.Order.Version != o.Version+int64(j)+1 {
				t.Errorf("order %s: transition %d got version %d", o.ID, j, c.res.Order.Version)
			}
		}
	}
	evs, ds := dbEvents(t, s, orderIDs)
	for _, o := range all {
		var want []string
		for _, c := range succeeded[o.ID] {
			if c.res.Event != nil {
				want = append(want, c.res.Event.ID)
				ev := c.res.Event
				got := ds[ev.ID]
				if len(got) != c.res.Deliveries {
					t.Errorf("event %s: %d deliveries in the database, want %d", ev.ID, len(got), c.res.Deliveries)
				}
				for _, d := range got {
					leased := slices.ContainsFunc(c.res.Work, func(w store.Work) bool { return w.EndpointID == d.endpoint })
					switch {
					case d.status != store.DeliveryPending || d.due == nil:
						t.Errorf("event %s: delivery %+v", ev.ID, d)
					case leased && (d.owner == nil || *d.owner != "me" || !d.due.Equal(lease.Until)):
						t.Errorf("event %s: leased delivery %+v", ev.ID, d)
					case !leased && (d.owner != nil || !d.due.Equal(base)):
						t.Errorf("event %s: unleased delivery %+v", ev.ID, d)
					}
				}
			}
		}
		var got []string
		for _, e := range evs[o.ID] {
			got = append(got, e.ID)
			for _, c := range succeeded[o.ID] {
				if c.res.Event != nil && c.res.Event.ID == e.ID && string(c.res.Event.Payload) != string(e.Payload) {
					t.Errorf("event %s: payload differs", e.ID)
				}
			}
		}
		sort.Strings(want)
		if !slices.Equal(got, want) {
			t.Errorf("order %s: events %v, want %v", o.ID, got, want)
		}
	}
}

// A group whose transaction fails is run again one transition at a time:
// the bad transition fails alone.
func TestGroupCommitFallback(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "")
	a, b := newAccount(t, s), newAccount(t, s)
	ep := gcEndpoint(t, s, a, order.EventTypes...)
	epB := gcEndpoint(t, s, b, order.EventTypes...)
	up := order.Request{Move: order.MoveUpload, Actor: order.Operator, Now: base}
	first := upload(t, s, a, store.LeaseParams{}) // an event id to collide with

	o1, o2, o3, o4 := gcOrder(t, s, a, false), gcOrder(t, s, a, false), gcOrder(t, s, a, false), gcOrder(t, s, a, false)
	calls := []*gcCall{
		{orderID: o1.ID, req: up},
		{orderID: o2.ID, decide: func(cur store.Order) (store.Transition, error) {
			tr, err := order.Apply(cur, up)
			if tr.Event != nil {
				tr.Event.ID = first.Event.ID // a unique violation
			}
			return tr, err
		}},
		{orderID: o3.ID, req: up},
	}
	release := holdSlots(t, s, a)
	wait := enqueue(t, s, calls, store.LeaseParams{})
	release()
	wait()
	if s.group.fallbacks.Load() != 1 {
		t.Errorf("fallbacks = %d, want 1", s.group.fallbacks.Load())
	}
	if calls[0].err != nil || calls[2].err != nil {
		t.Fatalf("good transitions failed: %v, %v", calls[0].err, calls[2].err)
	}
	if !errors.Is(calls[1].err, store.ErrConflict) {
		t.Fatalf("colliding event: %v, want a conflict", calls[1].err)
	}
	for _, c := range []*gcCall{calls[0], calls[2]} {
		if c.res.Order.Version != 2 || c.res.Event == nil || c.res.Deliveries != 1 {
			t.Errorf("result %+v", c.res)
		}
	}
	got, err := s.GetOrder(ctx, a, o2.ID)
	must(t, err)
	if got.Version != 1 || got.Status != store.StatusProcessing {
		t.Errorf("order of the failed transition: %+v", got)
	}
	evs, ds := dbEvents(t, s, []string{o1.ID, o2.ID, o3.ID})
	if len(evs[o1.ID]) != 1 || len(evs[o2.ID]) != 0 || len(evs[o3.ID]) != 1 {
		t.Errorf("events %v", evs)
	}
	for _, c := range []*gcCall{calls[0], calls[2]} {
		if d := ds[c.res.Event.ID]; len(d) != 1 || d[0].endpoint != ep.ID {
			t.Errorf("deliveries of %s: %+v", c.res.Event.ID, d)
		}
	}

	// An event of another account than its order's: the group statement
	// does not handle it, so the group runs one by one, and the event
	// fans out to the other account's endpoints, as without groups.
	calls = []*gcCall{
		{orderID: o4.ID, decide: func(cur store.Order) (store.Transition, error) {
			tr, err := order.Apply(cur, up)
			tr.Event.AccountID = b
			return tr, err
		}},
		{orderID: o1.ID, req: up}, // refused: COMPLETED
	}
	release = holdSlots(t, s, a)
	wait = enqueue(t, s, calls, store.LeaseParams{})
	release()
	wait()
	if s.group.fallbacks.Load() != 2 {
		t.Errorf("fallbacks = %d, want 2", s.group.fallbacks.Load())
	}
	var te *order.TransitionError
	if calls[0].err != nil || !errors.As(calls[1].err, &te) {
		t.Fatalf("results: %v, %v", calls[0].err, calls[1].err)
	}
	_, ds = dbEvents(t, s, []string{o4.ID})
	if d := ds[calls[0].res.Event.ID]; len(d) != 1 || d[0].endpoint != epB.ID {
		t.Errorf("deliveries of the foreign event: %+v", d)
	}
}

// Close answers queued transitions and stops the writers.
func TestGroupCommitClose(t *testing.T) {
	requirePostgres(t)
	s, err := Open(context.Background(), testDSN(), Options{Schema: newSchemaName(t)})
	must(t, err)
	a := newAccount(t, s)
	o := gcOrder(t, s, a, false)
	release := holdSlots(t, s, a)
	calls := []*gcCall{{orderID: o.ID, req: order.Request{Move: order.MoveUpload, Actor: order.Operator, Now: base}}}
	wait := enqueue(t, s, calls, store.LeaseParams{})
	closed := make(chan struct{})
	go func() { s.Close(); close(closed) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s.group.mu.Lock()
		c := s.group.closed
		s.group.mu.Unlock()
		if c {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("not closing")
		}
		time.Sleep(time.Millisecond)
	}
	release() // the pool closes once the slot holders are done
	wait()
	<-closed
	if !errors.Is(calls[0].err, errStoreClosed) || calls[0].decided.Load() {
		t.Fatalf("queued transition at close: %v (decided %v)", calls[0].err, calls[0].decided.Load())
	}
	// The writers are gone.
	done := make(chan struct{})
	go func() { s.group.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("writers still running after Close")
	}
}

// Several stores (instances) on one database move the same orders at once
// from many goroutines: every transition either happens exactly once or
// fails for a reason, and the database agrees with the callers.
func TestGroupCommitConcurrentInstances(t *testing.T) {
	ctx := context.Background()
	schema := newSchemaName(t)
	stores := []*Store{openTest(t, schema), openTest(t, schema)}
	s := stores[0]
	a := newAccount(t, s)
	gcEndpoint(t, s, a, order.EventTypes...)
	gcEndpoint(t, s, a, order.EventStampFailed, order.EventOrderCancelled)
	var orders []store.Order
	for range 12 {
		orders = append(orders, gcOrder(t, s, a, true))
	}
	moves := []order.Request{
		{Move: order.MoveUpload, Actor: order.Operator},
		{Move: order.MoveFail, Actor: order.Operator, Error: order.ErrorDetail{Code: "E", Message: "m"}},
		{Move: order.MoveRetry, Actor: order.Operator},
		{Move: order.MoveDeliver, Actor: order.Operator, Delivery: order.DeliveryDetail{Partner: "P", TrackingID: "T"}},
		{Move: order.MoveCancel, Actor: order.Customer, Reason: "r"},
	}
	type success struct {
		version int64
		event   *store.Event
		n       int
	}
	var mu sync.Mutex
	wins := map[string][]success{}
	var unexpected atomic.Int64
	var wg sync.WaitGroup
	for w := range 24 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			st := stores[w%len(stores)]
			for range 60 {
				o := orders[rng.IntN(len(orders))]
				// Mostly fail and retry, which go round; now and then a
				// move towards the end.
				req := moves[1+rng.IntN(2)]
				if rng.IntN(40) == 0 {
					req = moves[[]int{0, 3, 4}[rng.IntN(3)]]
				}
				req.Now = base.Add(time.Duration(rng.IntN(1000)) * time.Millisecond)
				res, err := st.TransitionOrder(ctx, store.TransitionParams{OrderID: o.ID, Now: base,
					Decide: func(cur store.Order) (store.Transition, error) { return order.Apply(cur, req) }})
				var te *order.TransitionError
				switch {
				case err == nil:
					mu.Lock()
					wins[o.ID] = append(wins[o.ID], success{res.Order.Version, res.Event, res.Deliveries})
					mu.Unlock()
				case errors.As(err, &te):
				default:
					unexpected.Add(1)
					t.Errorf("transition: %v", err)
				}
			}
		}()
	}
	wg.Wait()
	var groups int64
	for _, st := range stores {
		groups += st.group.groups.Load()
	}
	t.Logf("groups committed: %d; fallbacks: %d, %d", groups, stores[0].group.fallbacks.Load(), stores[1].group.fallbacks.Load())
	var ids []string
	for _, o := range orders {
		ids = append(ids, o.ID)
	}
	evs, ds := dbEvents(t, s, ids)
	for _, o := range orders {
		ws := wins[o.ID]
		sort.Slice(ws, func(i, j int) bool { return ws[i].version < ws[j].version })
		got, err := s.GetOrder(ctx, a, o.ID)
		must(t, err)
		if got.Version != o.Version+int64(len(ws)) {
			t.Errorf("order %s: version %d after %d transitions", o.ID, got.Version, len(ws))
		}
		var want []string
		for i, w := range ws {
			if w.version != o.Version+int64(i)+1 {
				t.Errorf("order %s: versions %v", o.ID, ws)
				break
			}
			if w.event != nil {
				want = append(want, w.event.ID)
				if len(ds[w.event.ID]) != w.n {
					t.Errorf("event %s: %d deliveries, want %d", w.event.ID, len(ds[w.event.ID]), w.n)
				}
			}
		}
		var gotEv []string
		for _, e := range evs[o.ID] {
			gotEv = append(gotEv, e.ID)
		}
		sort.Strings(want)
		if !slices.Equal(gotEv, want) {
			t.Errorf("order %s: events %v, want %v", o.ID, gotEv, want)
		}
	}
	if testing.Verbose() {
		n := 0
		for _, ws := range wins {
			n += len(ws)
		}
		fmt.Println("successful transitions:", n)
	}
}

// BenchmarkTransitionConcurrent uploads fresh orders from 64 goroutines,
// with group commit by 1, 2 or 4 writers and without it.
func BenchmarkTransitionConcurrent(b *testing.B) {
	for _, writers := range []int{-1, 1, 2, 4} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			requirePostgres(b)
			s, err := Open(context.Background(), testDSN(), Options{Schema: newSchemaName(b), TransitionWriters: writers})
			must(b, err)
			defer s.Close()
			a := newAccount(b, s)
			gcEndpoint(b, s, a, order.EventTypes...)
			orders := make([]store.Order, b.N)
			for i := range orders {
				orders[i] = gcOrder(b, s, a, false)
			}
			var next atomic.Int64
			b.ResetTimer()
			var wg sync.WaitGroup
			for range 64 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for {
						i := int(next.Add(1)) - 1
						if i >= len(orders) {
							return
						}
						_, err := s.TransitionOrder(context.Background(), store.TransitionParams{OrderID: orders[i].ID, Now: base,
							Decide: func(cur store.Order) (store.Transition, error) {
								return order.Apply(cur, order.Request{Move: order.MoveUpload, Actor: order.Operator, Now: base})
							}})
						if err != nil {
							b.Error(err)
							return
						}
					}
				}()
			}
			wg.Wait()
			b.StopTimer()
			if s.group != nil {
				b.ReportMetric(float64(b.N)/float64(max(1, s.group.groups.Load())), "ops/group")
			}
		})
	}
}

// The order the next transition of a group sees is the order as reading
// it back after the write gives it.
func TestAsStored(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "")
	a := newAccount(t, s)
	prev := gcOrder(t, s, a, true)
	prev, err := s.GetOrder(ctx, a, prev.ID)
	must(t, err)
	ist := time.FixedZone("IST", 5*3600+1800)
	now := time.Date(2026, 2, 3, 4, 5, 6, 123456789, ist)
	var written store.Order
	_, err = s.transitionOne(ctx, store.TransitionParams{OrderID: prev.ID, Now: now,
		Decide: func(cur store.Order) (store.Transition, error) {
			o := cur
			o.Status, o.UpdatedAt, o.DeliveryPartner, o.TrackingID, o.DeliveredAt = store.StatusDelivered, now, "P", "T", &now
			o.AccountID, o.CreatedAt, o.StampRequest.Amount = "acct_other", now, 99 // not written by an update
			o.Version++
			written = o
			return store.Transition{Order: o}, nil
		}})
	must(t, err)
	got, err := s.GetOrder(ctx, a, prev.ID)
	must(t, err)
	if want := asStored(prev, written); fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", want) {
		t.Fatalf("read back %#v\nasStored  %#v", got, want)
	}
}

// While a table the transitions write is locked (another session's
// LOCK TABLE), each transition answers by its own deadline (the API's
// 20 s), not when its group's 30 s are up: a group ends by the earliest
// deadline among its requests.
func TestGroupAnswersByItsDeadlinesWhileLocked(t *testing.T) {
	ctx := context.Background()
	s := openTest(t, "")
	a := newAccount(t, s)
	gcEndpoint(t, s, a, order.EventTypes...)
	orders := make([]store.Order, 8)
	for i := range orders {
		orders[i] = gcOrder(t, s, a, false)
	}
	locker, err := s.pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer locker.Release()
	tx, err := locker.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `LOCK TABLE deliveries IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	errs := make(chan error, len(orders))
	for _, o := range orders {
		go func() {
			rctx, cancel := context.WithTimeout(ctx, 2*time.Second)
			defer cancel()
			_, err := s.TransitionOrder(rctx, store.TransitionParams{OrderID: o.ID, Now: base,
				Decide: func(cur store.Order) (store.Transition, error) {
					return order.Apply(cur, order.Request{Move: order.MoveUpload, Actor: order.Operator, Now: base})
				}})
			errs <- err
		}()
	}
	for range orders {
		if err := <-errs; err == nil {
			t.Error("a transition committed while its table was locked")
		}
	}
	if took := time.Since(start); took > 8*time.Second {
		t.Errorf("transitions with a 2 s deadline answered after %v", took)
	}
	must(t, tx.Rollback(ctx))
	for _, o := range orders {
		got, err := s.GetOrder(ctx, a, o.ID)
		must(t, err)
		if got.Status != store.StatusProcessing {
			t.Errorf("order %s is %s after its transition answered an error", o.ID, got.Status)
		}
	}
}
