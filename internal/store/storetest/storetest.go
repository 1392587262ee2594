// Package storetest is the conformance suite every store driver must pass.
// Each driver's tests call Run with a function that opens a fresh, empty,
// migrated store; the suite then checks behaviour only through the
// store.Store interface, so SQLite and PostgreSQL are held to the same
// contract.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
)

// Opener returns a fresh empty store; it registers its own cleanup on t.
type Opener func(t *testing.T) store.Store

// extraTests are registered by the other files of this package (one per
// capability), so each can grow without touching this one.
var extraTests = map[string]func(t *testing.T, s store.Store){}

// Run runs the whole suite.
func Run(t *testing.T, open Opener) {
	tests := map[string]func(t *testing.T, s store.Store){
		"Accounts":               testAccounts,
		"OrdersAndIdempotency":   testOrders,
		"TransitionOutbox":       testTransition,
		"ConcurrentTransitions":  testConcurrentTransitions,
		"Endpoints":              testEndpoints,
		"ClaimAndLease":          testClaim,
		"StaleGiveBack":          testStaleGiveBack,
		"ClaimRoomPerEndpoint":   testClaimRoom,
		"RecordResults":          testRecord,
		"RecordResultsTwice":     testRecordTwice,
		"LateSuccess":            testLateSuccess,
		"ParkAndResume":          testPark,
		"DeleteEndsWaiting":      testDeleteEndsWaiting,
		"RotateTwice":            testRotateTwice,
		"Counts":                 testCounts,
		"RetryAndRecover":        testRetryRecover,
		"RetryGoesFirst":         testRetryGoesFirst,
		"ReleasedLeaseGoesFirst": testReleasedLeaseGoesFirst,
		"RetryAfterDisable":      testRetryAfterDisable,
		"ParkedAfterEnable":      testParkedAfterEnable,
		"AutoDisable":            testAutoDisable,
		"HealthOutOfOrder":       testHealthOutOfOrder,
		"EndpointLimit":          testEndpointLimit,
		"DeletedWhileSending":    testDeletedWhileSending,
		"StatsAndPrune":          testStatsPrune,
		"PruneKeepsWholeLogs":    testPruneKeepsWholeLogs,
		"PruneKeepsRecentWork":   testPruneKeepsRecentWork,
		"PruneWalksOnce":         testPruneWalksOnce,
		"PruneInSmallWrites":     testPruneInSmallWrites,
		"TestEvents":             testTestEvents,
		"ListLimits":             testListLimits,
		"DeliveriesAfterEvent":   testDeliveriesAfterEvent,
	}
	for name, fn := range extraTests {
		tests[name] = fn
	}
	for name, fn := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fn(t, open(t))
		})
	}
}

var ctx = context.Background()

// testDeliveriesAfterEvent: an event whose time the order machine moved
// past its order's last change (here the order's creation, in the same
// millisecond as the move's request) has deliveries stamped no earlier than
// it. They kept the request's time, so a delivery read as older than its
// own event (on PostgreSQL by up to 45 ms under load).
func testDeliveriesAfterEvent(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	newEndpoint(t, s, a)
	newEndpoint(t, s, a)
	res, err := move(t, s, newOrder(t, s, a, false), order.MoveUpload, store.LeaseParams{})
	must(t, err)
	if res.Event == nil || !res.Event.CreatedAt.After(base) {
		t.Fatalf("event %+v: want one stamped after the order's creation at %v", res.Event, base)
	}
	ds, _, err := s.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: a, Limit: 10}, EventID: res.Event.ID})
	must(t, err)
	if len(ds) != 2 {
		t.Fatalf("%d deliveries, want 2", len(ds))
	}
	for _, d := range ds {
		if d.CreatedAt.Before(res.Event.CreatedAt) {
			t.Errorf("delivery %s created at %v, before its event at %v", d.ID, d.CreatedAt, res.Event.CreatedAt)
		}
	}
}

// testListLimits: a Limit of zero or less gives the default page and a huge
// one the whole list, on every list, the same on both drivers (SQLite once
// panicked on a negative Limit and PostgreSQL refused it).
func testListLimits(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	for i := 0; i < store.DefaultPageSize+2; i++ {
		newOrder(t, s, a, false)
	}
	for _, limit := range []int{0, -2, math.MinInt, math.MaxInt} {
		lp := store.ListParams{AccountID: a, Limit: limit}
		want, wantMore := store.DefaultPageSize, true
		if limit > 0 {
			want, wantMore = store.DefaultPageSize+2, false
		}
		os, more, err := s.ListOrders(ctx, store.ListOrdersParams{ListParams: lp})
		if err != nil || len(os) != want || more != wantMore {
			t.Fatalf("ListOrders(limit %d) = %d orders, more %v, %v; want %d, %v", limit, len(os), more, err, want, wantMore)
		}
		if _, _, err := s.ListEndpoints(ctx, lp); err != nil {
			t.Fatalf("ListEndpoints(limit %d): %v", limit, err)
		}
		if _, _, err := s.ListEvents(ctx, store.ListEventsParams{ListParams: lp}); err != nil {
			t.Fatalf("ListEvents(limit %d): %v", limit, err)
		}
		if _, _, err := s.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: lp}); err != nil {
			t.Fatalf("ListDeliveries(limit %d): %v", limit, err)
		}
		if _, _, err := s.ListListenSessions(ctx, store.ListListenSessionsParams{ListParams: lp}); err != nil {
			t.Fatalf("ListListenSessions(limit %d): %v", limit, err)
		}
		if _, err := s.ListEventsAfter(ctx, store.EventsAfterParams{AccountID: a, Limit: limit}); err != nil {
			t.Fatalf("ListEventsAfter(limit %d): %v", limit, err)
		}
	}
}

// base is a fixed clock reading so the suite never depends on wall time.
var base = time.Date(2026, 1, 15, 10, 0, 0, 0, time.UTC)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func newAccount(t *testing.T, s store.Store) string {
	t.Helper()
	id := ids.New(ids.Account)
	must(t, s.CreateAccount(ctx, store.Account{ID: id, Name: "test", CreatedAt: base}))
	return id
}

func newOrder(t *testing.T, s store.Store, account string, delivery bool) store.Order {
	t.Helper()
	o := store.Order{
		ID: ids.New(ids.Order), AccountID: account, Status: store.StatusProcessing, CreatedAt: base, UpdatedAt: base,
		StampRequest:      store.StampRequest{ID: ids.New(ids.Stamp), State: "Assam", Amount: 1000, ArticleCode: "AS-RG-4", Provider: "SHCIL"},
		DeliveryRequested: delivery, Version: 1,
	}
	res, err := s.CreateOrder(ctx, store.CreateOrderParams{Order: o, Now: base})
	must(t, err)
	return res.Order
}

func newEndpoint(t *testing.T, s store.Store, account string, events ...string) store.Endpoint {
	t.Helper()
	if len(events) == 0 {
		events = order.EventTypes
	}
	e := store.Endpoint{
		ID: ids.New(ids.Endpoint), AccountID: account, URL: "https://example.test/hook", Events: events,
		Status: store.EndpointEnabled, Secret: "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0", CreatedAt: base, UpdatedAt: base,
	}
	must(t, s.CreateEndpoint(ctx, e, 0))
	return e
}

// setEndpointStatus sets endpoint id's status (enabled or disabled) at at,
// as an account's update of the endpoint does.
func setEndpointStatus(t *testing.T, s store.Store, account, id, status string, at time.Time) {
	t.Helper()
	_, err := s.UpdateEndpoint(ctx, account, id, func(x *store.Endpoint) error { x.Status = status; x.UpdatedAt = at; return nil })
	must(t, err)
}

func move(t *testing.T, s store.Store, o store.Order, m order.Move, lease store.LeaseParams) (store.TransitionResult, error) {
	t.Helper()
	return s.TransitionOrder(ctx, store.TransitionParams{
		OrderID: o.ID, Now: base,
		Decide: func(cur store.Order) (store.Transition, error) {
			return order.Apply(cur, order.Request{Move: m, Actor: order.Operator, Now: base, Reason: "r", Error: order.ErrorDetail{Code: "X", Message: "y"}})
		},
		Lease: lease,
	})
}

func testAccounts(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	got, err := s.GetAccount(ctx, a)
	must(t, err)
	if got.Name != "test" || !got.CreatedAt.Equal(base) {
		t.Fatalf("account = %+v", got)
	}
	if _, err := s.GetAccount(ctx, ids.New(ids.Account)); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("missing account: %v", err)
	}
	n, err := s.CountAccounts(ctx)
	must(t, err)
	if n != 1 {
		t.Fatalf("CountAccounts = %d", n)
	}
	b := newAccount(t, s)
	all, err := s.ListAccounts(ctx)
	must(t, err)
	if len(all) != 2 || all[0].ID != a || all[1].ID != b || all[0].Name != "test" || !all[0].CreatedAt.Equal(base) {
		t.Fatalf("ListAccounts = %+v; want %s then %s", all, a, b)
	}
	k := store.APIKey{ID: ids.New(ids.APIKey), AccountID: a, Name: "ci", Prefix: "esk_abc", Hash: []byte("0123456789abcdef0123456789abcdef"), CreatedAt: base}
	must(t, s.CreateAPIKey(ctx, k, 0))
	got2, err := s.APIKeyByHash(ctx, k.Hash)
	must(t, err)
	if got2.ID != k.ID || got2.AccountID != a || got2.Prefix != "esk_abc" {
		t.Fatalf("key = %+v", got2)
	}
	must(t, s.TouchAPIKey(ctx, k.ID, base.Add(time.Minute)))
	keys, err := s.ListAPIKeys(ctx, a)
	must(t, err)
	if len(keys) != 1 || keys[0].LastUsedAt == nil || !keys[0].LastUsedAt.Equal(base.Add(time.Minute)) {
		t.Fatalf("keys = %+v", keys)
	}
	if err := s.RevokeAPIKey(ctx, newAccount(t, s), k.ID, base); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("revoke by another account: %v", err)
	}
	must(t, s.RevokeAPIKey(ctx, a, k.ID, base))
	if _, err := s.APIKeyByHash(ctx, k.Hash); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("revoked key still found: %v", err)
	}
	u := store.User{ID: ids.New(ids.User), AccountID: a, Email: "Dev@Example.com", PasswordHash: "h", CreatedAt: base}
	must(t, s.CreateUser(ctx, u))
	if err := s.CreateUser(ctx, store.User{ID: ids.New(ids.User), AccountID: a, Email: "dev@example.com", PasswordHash: "h", CreatedAt: base}); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("duplicate email: %v", err)
	}
	gu, err := s.UserByEmail(ctx, "DEV@example.com")
	must(t, err)
	if gu.ID != u.ID {
		t.Fatalf("user = %+v", gu)
	}
	if _, err := s.GetUser(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
}

func testOrders(t *testing.T, s store.Store) {
	a, b := newAccount(t, s), newAccount(t, s)
	var made []store.Order
	for i := 0; i < 5; i++ {
		made = append(made, newOrder(t, s, a, i%2 == 0))
	}
	got, err := s.GetOrder(ctx, a, made[0].ID)
	must(t, err)
	if got.StampRequest != made[0].StampRequest || got.Status != store.StatusProcessing || !got.DeliveryRequested || !got.CreatedAt.Equal(base) {
		t.Fatalf("order = %+v", got)
	}
	if _, err := s.GetOrder(ctx, b, made[0].ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("foreign order: %v", err)
	}
	if _, err := s.GetOrder(ctx, "", made[0].ID); err != nil {
		t.Fatalf("operator lookup: %v", err)
	}
	page1, more, err := s.ListOrders(ctx, store.ListOrdersParams{ListParams: store.ListParams{AccountID: a, Limit: 3}})
	must(t, err)
	if len(page1) != 3 || !more || page1[0].ID != made[4].ID {
		t.Fatalf("page1 = %d more=%v", len(page1), more)
	}
	page2, more, err := s.ListOrders(ctx, store.ListOrdersParams{ListParams: store.ListParams{AccountID: a, Limit: 3, StartingAfter: page1[2].ID}})
	must(t, err)
	if len(page2) != 2 || more || page2[1].ID != made[0].ID {
		t.Fatalf("page2 = %d more=%v", len(page2), more)
	}
	_, err = move(t, s, made[1], order.MoveUpload, store.LeaseParams{})
	must(t, err)
	done, _, err := s.ListOrders(ctx, store.ListOrdersParams{ListParams: store.ListParams{AccountID: a, Limit: 10}, Status: store.StatusCompleted})
	must(t, err)
	if len(done) != 1 || done[0].ID != made[1].ID {
		t.Fatalf("status filter: %d", len(done))
	}
	other, _, err := s.ListOrders(ctx, store.ListOrdersParams{ListParams: store.ListParams{AccountID: b, Limit: 10}})
	must(t, err)
	if len(other) != 0 {
		t.Fatal("another account's orders listed")
	}

	// Idempotency: same key and hash replays; a different hash is refused.
	o := newOrderValue(a)
	p := store.CreateOrderParams{Order: o, IdempotencyKey: "k1", RequestHash: []byte("h1"), Response: []byte(`{"id":"x"}`), Now: base}
	r1, err := s.CreateOrder(ctx, p)
	must(t, err)
	if r1.Replayed {
		t.Fatal("first create replayed")
	}
	p2 := p
	p2.Order = newOrderValue(a)
	r2, err := s.CreateOrder(ctx, p2)
	must(t, err)
	if !r2.Replayed || r2.Order.ID != o.ID || string(r2.Response) != `{"id":"x"}` {
		t.Fatalf("replay = %+v", r2)
	}
	if _, err := s.GetOrder(ctx, a, p2.Order.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatal("replay created a second order")
	}
	p3 := p2
	p3.RequestHash = []byte("h2")
	if _, err := s.CreateOrder(ctx, p3); !errors.Is(err, store.ErrIdempotencyMismatch) {
		t.Fatalf("mismatch: %v", err)
	} else if me := (*store.IdempotencyMismatchError)(nil); !errors.As(err, &me) || me.OrderID != o.ID {
		// The API's refusal names the order that holds the key.
		t.Fatalf("mismatch: %v; want the order holding the key, %s", err, o.ID)
	}
	// A key stored by an earlier release (its hash of the request) replays
	// for a request whose legacy hash is that one; another legacy hash
	// does not make a different request the same.
	p3.LegacyRequestHash = []byte("h1")
	if r, err := s.CreateOrder(ctx, p3); err != nil || !r.Replayed || r.Order.ID != o.ID {
		t.Fatalf("a key stored with the legacy hash: %+v, %v", r, err)
	}
	p3.LegacyRequestHash = []byte("h3")
	if _, err := s.CreateOrder(ctx, p3); !errors.Is(err, store.ErrIdempotencyMismatch) {
		t.Fatalf("mismatch with another legacy hash: %v", err)
	}
	// The same key in another account is independent.
	p4 := p
	p4.Order = newOrderValue(b)
	r4, err := s.CreateOrder(ctx, p4)
	must(t, err)
	if r4.Replayed {
		t.Fatal("key shared across accounts")
	}
}

func newOrderValue(account string) store.Order {
	return store.Order{
		ID: ids.New(ids.Order), AccountID: account, Status: store.StatusProcessing, CreatedAt: base, UpdatedAt: base,
		StampRequest: store.StampRequest{ID: ids.New(ids.Stamp), State: "Goa", Amount: 50, ArticleCode: "GA-1", Provider: "SHCIL"}, Version: 1,
	}
}

func testTransition(t *testing.T, s store.Store) {
	a, b := newAccount(t, s), newAccount(t, s)
	all := newEndpoint(t, s, a)
	onlyFailed := newEndpoint(t, s, a, order.EventStampFailed)
	off := newEndpoint(t, s, a)
	_, err := s.UpdateEndpoint(ctx, a, off.ID, func(e *store.Endpoint) error { e.Status = store.EndpointDisabled; return nil })
	must(t, err)
	newEndpoint(t, s, b) // another account's endpoint never receives a's events

	o := newOrder(t, s, a, false)
	res, err := move(t, s, o, order.MoveUpload, store.LeaseParams{})
	must(t, err)
	if res.Order.Status != store.StatusCompleted || res.Event == nil || res.Event.Type != order.EventStampUploaded || res.Deliveries != 1 {
		t.Fatalf("upload = %+v", res)
	}
	got, err := s.GetOrder(ctx, a, o.ID)
	must(t, err)
	if got.Status != store.StatusCompleted || got.Version != o.Version+1 {
		t.Fatalf("order after upload = %+v", got)
	}
	ev, err := s.GetEvent(ctx, a, res.Event.ID)
	must(t, err)
	if string(ev.Payload) != string(res.Event.Payload) || ev.OrderID != o.ID {
		t.Fatalf("stored event differs: %s", ev.Payload)
	}
	if _, err := s.GetEvent(ctx, b, res.Event.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("foreign event: %v", err)
	}
	ds, _, err := s.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: a, Limit: 10}, EventID: ev.ID})
	must(t, err)
	if len(ds) != 1 || ds[0].EndpointID != all.ID || ds[0].Status != store.DeliveryPending || ds[0].EventType != order.EventStampUploaded {
		t.Fatalf("deliveries = %+v", ds)
	}

	// A refused move changes nothing and writes no event.
	_, err = move(t, s, o, order.MoveUpload, store.LeaseParams{})
	var te *order.TransitionError
	if !errors.As(err, &te) || te.From != store.StatusCompleted {
		t.Fatalf("second upload: %v", err)
	}
	evs, _, err := s.ListEvents(ctx, store.ListEventsParams{ListParams: store.ListParams{AccountID: a, Limit: 10}, OrderID: o.ID})
	must(t, err)
	if len(evs) != 1 {
		t.Fatalf("events after refused move = %d", len(evs))
	}

	// A transition as another account is a not-found.
	o2 := newOrder(t, s, a, false)
	_, err = s.TransitionOrder(ctx, store.TransitionParams{OrderID: o2.ID, AccountID: b, Now: base,
		Decide: func(cur store.Order) (store.Transition, error) {
			return order.Apply(cur, order.Request{Move: order.MoveCancel, Actor: order.Customer, Now: base})
		}})
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("foreign transition: %v", err)
	}

	// Leased at creation: the work comes back ready to send, and it is not claimable.
	reserved := map[string]bool{}
	res, err = move(t, s, o2, order.MoveFail, store.LeaseParams{Owner: "me", Until: base.Add(time.Minute),
		Reserve: func(id string) bool { reserved[id] = true; return true }})
	must(t, err)
	if res.Deliveries != 2 || len(res.Work) != 2 || !reserved[all.ID] || !reserved[onlyFailed.ID] {
		t.Fatalf("fail fan-out = %+v", res)
	}
	for _, w := range res.Work {
		if w.URL == "" || len(w.Secrets) != 1 || string(w.Payload) != string(res.Event.Payload) || w.Attempt != 1 || w.EventType != order.EventStampFailed {
			t.Fatalf("work = %+v", w)
		}
	}
	claimed, err := s.ClaimDeliveries(ctx, store.ClaimParams{Owner: "other", Now: base.Add(time.Second), LeaseUntil: base.Add(time.Minute), Limit: 100})
	must(t, err)
	for _, w := range claimed {
		if w.EventID == res.Event.ID {
			t.Fatal("leased delivery claimed by another owner")
		}
	}
	// Type filter on events.
	fails, _, err := s.ListEvents(ctx, store.ListEventsParams{ListParams: store.ListParams{AccountID: a, Limit: 10}, Type: order.EventStampFailed})
	must(t, err)
	if len(fails) != 1 || fails[0].ID != res.Event.ID {
		t.Fatalf("type filter = %d", len(fails))
	}
}

func testConcurrentTransitions(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	newEndpoint(t, s, a)
	o := newOrder(t, s, a, false)
	var orders []store.Order
	for i := 0; i < 40; i++ {
		orders = append(orders, newOrder(t, s, a, false))
	}
	// 8 goroutines race to upload the same order: exactly one wins.
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := move(t, s, o, order.MoveUpload, store.LeaseParams{}); err == nil {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		}()
	}
	// Meanwhile, distinct orders move concurrently.
	for _, x := range orders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := move(t, s, x, order.MoveUpload, store.LeaseParams{}); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if wins != 1 {
		t.Fatalf("%d concurrent uploads of one order succeeded", wins)
	}
	evs, _, err := s.ListEvents(ctx, store.ListEventsParams{ListParams: store.ListParams{AccountID: a, Limit: 100}})
	must(t, err)
	if len(evs) != 41 {
		t.Fatalf("events = %d, want 41", len(evs))
	}
}

func testEndpoints(t *testing.T, s store.Store) {
	a, b := newAccount(t, s), newAccount(t, s)
	e := newEndpoint(t, s, a, order.EventStampUploaded, order.EventOrderCancelled)
	got, err := s.GetEndpoint(ctx, a, e.ID)
	must(t, err)
	if got.URL != e.URL || len(got.Events) != 2 || got.Secret != e.Secret || got.Status != store.EndpointEnabled {
		t.Fatalf("endpoint = %+v", got)
	}
	if _, err := s.GetEndpoint(ctx, b, e.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatal("foreign endpoint visible")
	}
	exp := base.Add(24 * time.Hour)
	up, err := s.UpdateEndpoint(ctx, a, e.ID, func(x *store.Endpoint) error {
		x.Description, x.PreviousSecret, x.PreviousSecretExpiresAt, x.Secret = "d", x.Secret, &exp, "whsec_bmV3"
		x.UpdatedAt = base.Add(time.Second)
		return nil
	})
	must(t, err)
	got, err = s.GetEndpoint(ctx, a, e.ID)
	must(t, err)
	if got.Description != "d" || got.PreviousSecret != e.Secret || got.PreviousSecretExpiresAt == nil || !got.PreviousSecretExpiresAt.Equal(exp) || up.Secret != "whsec_bmV3" {
		t.Fatalf("after update = %+v", got)
	}
	if n := len(got.Secrets(base)); n != 2 {
		t.Fatalf("secrets during overlap = %d", n)
	}
	if n := len(got.Secrets(exp)); n != 1 {
		t.Fatalf("secrets after overlap = %d", n)
	}
	wantErr := errors.New("nope")
	if _, err := s.UpdateEndpoint(ctx, a, e.ID, func(*store.Endpoint) error { return wantErr }); !errors.Is(err, wantErr) {
		t.Fatalf("update error: %v", err)
	}
	if _, err := s.UpdateEndpoint(ctx, b, e.ID, func(*store.Endpoint) error { return nil }); !errors.Is(err, store.ErrNotFound) {
		t.Fatal("foreign update")
	}
	for i := 0; i < 3; i++ {
		newEndpoint(t, s, a)
	}
	list, more, err := s.ListEndpoints(ctx, store.ListParams{AccountID: a, Limit: 3})
	must(t, err)
	if len(list) != 3 || !more {
		t.Fatalf("list = %d more=%v", len(list), more)
	}
	if err := s.DeleteEndpoint(ctx, b, e.ID, base); !errors.Is(err, store.ErrNotFound) {
		t.Fatal("foreign delete")
	}
	must(t, s.DeleteEndpoint(ctx, a, e.ID, base))
	if _, err := s.GetEndpoint(ctx, a, e.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatal("deleted endpoint still visible")
	}
	if err := s.DeleteEndpoint(ctx, a, e.ID, base); !errors.Is(err, store.ErrNotFound) {
		t.Fatal("second delete")
	}
}

// seedDeliveries uploads n orders of account a, each yielding one delivery per endpoint.
func seedDeliveries(t *testing.T, s store.Store, a string, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		_, err := move(t, s, newOrder(t, s, a, false), order.MoveUpload, store.LeaseParams{})
		must(t, err)
	}
}

// seedDeliveriesAt is seedDeliveries with the events made 2 s apart from
// start, so that their ids sort as they were made. seedDeliveries makes
// every event at base, and an event time more than a second behind the
// process's latest event id (any test's made at the real clock) keeps its
// millisecond with fresh random bits (ids.NewTimed): events made together
// at base sort in random order. Give each test that needs the order a start
// of its own, so that no test running beside it moves its events' ids.
func seedDeliveriesAt(t *testing.T, s store.Store, a string, n int, start time.Time) {
	t.Helper()
	for i := range n {
		_, err := moveAt(t, s, newOrder(t, s, a, false), order.MoveUpload, start.Add(time.Duration(i)*2*time.Second))
		must(t, err)
	}
}

func claim(t *testing.T, s store.Store, owner string, now time.Time, limit int, skip ...string) []store.Work {
	t.Helper()
	p := store.ClaimParams{Owner: owner, Now: now, LeaseUntil: now.Add(time.Minute), Limit: limit}
	if len(skip) > 0 {
		p.Room = func(endpointID string) int {
			if slices.Contains(skip, endpointID) {
				return 0
			}
			return limit
		}
	}
	w, err := s.ClaimDeliveries(ctx, p)
	must(t, err)
	return w
}

// claimN claims as claim does (no endpoint skipped) and stops the test unless
// owner claimed exactly want deliveries. why, when not empty, says what the
// claim checks ("after re-enable", "the waiting delivery") and leads the
// failure message; the deliveries claimed are listed after the counts.
func claimN(t *testing.T, s store.Store, owner string, now time.Time, limit, want int, why string) []store.Work {
	t.Helper()
	ws := claim(t, s, owner, now, limit)
	if len(ws) != want {
		if why != "" {
			why += ": "
		}
		t.Fatalf("%s%s claimed %d, want %d%s", why, owner, len(ws), want, listWork(ws))
	}
	return ws
}

// listWork names up to five claimed deliveries for a failure message.
func listWork(ws []store.Work) string {
	var b strings.Builder
	for i, w := range ws {
		if i == 5 {
			fmt.Fprintf(&b, ", and %d more", len(ws)-i)
			break
		}
		sep := ", "
		if i == 0 {
			sep = "; claimed "
		}
		fmt.Fprintf(&b, "%s%s (endpoint %s, attempt %d)", sep, w.DeliveryID, w.EndpointID, w.Attempt)
	}
	return b.String()
}

func testClaim(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	e1 := newEndpoint(t, s, a)
	e2 := newEndpoint(t, s, a)
	seedDeliveries(t, s, a, 5) // 10 deliveries
	now := base.Add(time.Second)
	got := claimN(t, s, "A", now, 4, 4, "")
	for _, w := range got {
		if w.URL == "" || len(w.Payload) == 0 || w.Attempt != 1 || w.LeaseOwner != "A" {
			t.Fatalf("work = %+v", w)
		}
	}
	skipped := claim(t, s, "B", now, 100, e1.ID)
	for _, w := range skipped {
		if w.EndpointID == e1.ID {
			t.Fatal("claimed a skipped endpoint's delivery")
		}
	}
	rest := claim(t, s, "B", now, 100)
	if len(got)+len(skipped)+len(rest) != 10 {
		t.Fatalf("claimed %d+%d+%d, want 10 in all", len(got), len(skipped), len(rest))
	}
	claimN(t, s, "C", now.Add(30*time.Second), 100, 0, "leased deliveries are not claimed again before their leases expire")
	// Leases run out: everything is due again, for anyone.
	claimN(t, s, "C", now.Add(2*time.Minute), 100, 10, "after lease expiry")
	_ = e2

	// Released leases are due again at once, for anyone; releasing by owner
	// leaves other owners' leases alone.
	t2 := now.Add(2 * time.Minute)
	if n, err := s.ReleaseLeases(ctx, "nobody", t2); err != nil || n != 0 {
		t.Fatalf("ReleaseLeases(nobody) = %d, %v", n, err)
	}
	n, err := s.ReleaseLeases(ctx, "C", t2)
	must(t, err)
	if n != 10 {
		t.Fatalf("released %d, want 10", n)
	}
	back := claimN(t, s, "D", t2, 3, 3, "after release")
	must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: back[0].DeliveryID, EndpointID: back[0].EndpointID, LeaseOwner: "D", LeaseUntil: back[0].LeaseUntil, Outcome: store.OutcomeReleased, NextAttemptAt: t2}}))
	n, err = s.ReleaseLeases(ctx, "", t2)
	must(t, err)
	if n != 2 {
		t.Fatalf("ReleaseLeases(all) = %d, want the 2 still leased", n)
	}
	claimN(t, s, "E", t2, 100, 10, "after releasing all")
}

// testStaleGiveBack: an instance paused past its lease, whose delivery
// another instance has claimed since, gives its lease back (released: not
// begun; parked: its endpoint disabled). The later lease must stand: had
// the stale owner's outcome cleared it, a third claim would take the
// delivery while the second owner sends it, and the receiver would get it
// twice. (The release's guard on the lease owner was dropped by hand and
// no test failed.)
func testStaleGiveBack(t *testing.T, s store.Store) {
	for _, outcome := range []store.Outcome{store.OutcomeReleased, store.OutcomeParked} {
		a := newAccount(t, s)
		e := newEndpoint(t, s, a)
		seedDeliveries(t, s, a, 1)
		now := base.Add(time.Second)
		first := claimN(t, s, "A", now, 1, 1, "")
		later := now.Add(2 * time.Minute) // A's lease (1 min) has ended
		second := claim(t, s, "B", later, 1)
		if len(second) != 1 || second[0].DeliveryID != first[0].DeliveryID {
			t.Fatalf("after A's lease ended B claimed %+v, want %s", second, first[0].DeliveryID)
		}
		must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: first[0].DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: first[0].LeaseUntil, Outcome: outcome, NextAttemptAt: later}}))
		claimN(t, s, "C", later, 10, 0, fmt.Sprintf("outcome %d from A, whose lease had ended, must not give B's lease away while B sends", outcome))
	}
}

// testClaimRoom checks the claim's visit of endpoints: the endpoint with the
// oldest due delivery first, each one's oldest deliveries, no more than Room
// allows, Room asked only about endpoints with due work, and a full lane
// (room 0) in front never hiding the others' work.
func testClaimRoom(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	early := newEndpoint(t, s, a, order.EventStampUploaded) // gets the oldest deliveries
	late := newEndpoint(t, s, a, order.EventStampUploaded)
	idle := newEndpoint(t, s, a, order.EventStampUploaded)
	uploadAt := func(at time.Time, only store.Endpoint) {
		t.Helper()
		o := newOrder(t, s, a, false)
		_, err := s.TransitionOrder(ctx, store.TransitionParams{OrderID: o.ID, Now: at,
			Decide: func(cur store.Order) (store.Transition, error) {
				return order.Apply(cur, order.Request{Move: order.MoveUpload, Actor: order.Operator, Now: at})
			},
			// Lease the deliveries of the other endpoints, so each upload
			// leaves one due delivery, to only.
			Lease: store.LeaseParams{Owner: "elsewhere", Until: base.Add(time.Hour), Reserve: func(id string) bool { return id != only.ID }}})
		must(t, err)
	}
	for i := range 6 {
		uploadAt(base.Add(time.Duration(i)*time.Second), early)
	}
	for i := range 6 {
		uploadAt(base.Add(time.Minute+time.Duration(i)*time.Second), late)
	}
	now := base.Add(2 * time.Minute)
	var asked []string
	room := map[string]int{early.ID: 2, late.ID: 3}
	ws, err := s.ClaimDeliveries(ctx, store.ClaimParams{Owner: "A", Now: now, LeaseUntil: now.Add(time.Minute), Limit: 100,
		Room: func(id string) int { asked = append(asked, id); return room[id] }})
	must(t, err)
	if want := []string{early.ID, late.ID}; !slices.Equal(asked, want) {
		t.Fatalf("Room asked about %v, want %v (endpoints with due work, oldest first; %s has only leased work)", asked, want, idle.ID)
	}
	count := map[string]int{}
	for _, w := range ws {
		count[w.EndpointID]++
	}
	if count[early.ID] != 2 || count[late.ID] != 3 || len(ws) != 5 {
		t.Fatalf("claimed %v, want 2 of %s and 3 of %s", count, early.ID, late.ID)
	}
	// Each endpoint's oldest went first: a second claim takes what is left,
	// and every delivery of the first claim is older than its endpoint's rest.
	rest, err := s.ClaimDeliveries(ctx, store.ClaimParams{Owner: "A", Now: now, LeaseUntil: now.Add(time.Minute), Limit: 100})
	must(t, err)
	if len(rest) != 7 {
		t.Fatalf("second claim took %d, want the 7 left", len(rest))
	}
	for _, w := range ws {
		for _, r := range rest {
			if r.EndpointID == w.EndpointID && r.CreatedAt.Before(w.CreatedAt) {
				t.Fatalf("claimed %s (created %s) before the older %s (created %s)", w.DeliveryID, w.CreatedAt, r.DeliveryID, r.CreatedAt)
			}
		}
	}
	// Leases run out. A tight limit goes to the endpoint with the oldest
	// due work; with that endpoint's lane full, the limit goes to the next.
	later := now.Add(2 * time.Minute)
	first, err := s.ClaimDeliveries(ctx, store.ClaimParams{Owner: "B", Now: later, LeaseUntil: later.Add(time.Minute), Limit: 4})
	must(t, err)
	for _, w := range first {
		if w.EndpointID != early.ID {
			t.Fatalf("a claim of 4 took %s's delivery before %s's older ones", w.EndpointID, early.ID)
		}
	}
	if len(first) != 4 {
		t.Fatalf("claimed %d, want 4", len(first))
	}
	next, err := s.ClaimDeliveries(ctx, store.ClaimParams{Owner: "B", Now: later, LeaseUntil: later.Add(time.Minute), Limit: 4,
		Room: func(id string) int {
			if id == early.ID {
				return 0
			}
			return 100
		}})
	must(t, err)
	if len(next) != 4 {
		t.Fatalf("with %s's lane full, claimed %d, want 4 of %s", early.ID, len(next), late.ID)
	}
	for _, w := range next {
		if w.EndpointID != late.ID {
			t.Fatalf("claimed %s's delivery although its room is 0", w.EndpointID)
		}
	}
}

// attemptFor is w's attempt made at at. Its id is of at's millisecond
// (ids.At) and leaves the process's id generator alone: ids.NewAt with a
// time ahead of the clock (PruneAtTheCutoff's, a day ahead) moved every
// id this process made after it (ids.New's too) to that time, so an
// event or delivery made by a test running later, or beside it, was
// younger by its id than a cutoff of now plus an hour and was not pruned.
func attemptFor(w store.Work, ok bool, status int, at time.Time) *store.Attempt {
	return &store.Attempt{
		ID: ids.At(ids.Attempt, at), DeliveryID: w.DeliveryID, AccountID: w.AccountID, EndpointID: w.EndpointID, EventID: w.EventID,
		Number: w.Attempt, StartedAt: at, Duration: 3 * time.Millisecond, RequestHeaders: map[string]string{"X-eSahayak-Attempt": fmt.Sprint(w.Attempt)},
		ResponseStatus: status, ResponseHeaders: map[string]string{"Content-Type": "text/plain"}, ResponseBody: "ok", Succeeded: ok,
	}
}

// testRecordTwice records a batch larger than any driver's chunk again, as
// the engine does after an error: nothing fails, nothing is written twice.
func testRecordTwice(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	e := newEndpoint(t, s, a)
	seedDeliveries(t, s, a, 300)
	now := base.Add(time.Second)
	ws := claimN(t, s, "A", now, 1000, 300, "")
	var rs []store.Result
	for i, w := range ws {
		r := store.Result{DeliveryID: w.DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: w.LeaseUntil, Outcome: store.OutcomeSucceeded, RoundAttempt: 1,
			Attempt: attemptFor(w, true, 200, now)}
		if i%3 == 1 {
			r.Outcome, r.NextAttemptAt, r.Attempt = store.OutcomeRetry, now.Add(time.Minute), attemptFor(w, false, 500, now)
		}
		rs = append(rs, r)
	}
	must(t, s.RecordResults(ctx, rs))
	must(t, s.RecordResults(ctx, rs))
	for i, w := range ws {
		atts, err := s.ListAttempts(ctx, a, w.DeliveryID)
		must(t, err)
		d, err := s.GetDelivery(ctx, a, w.DeliveryID)
		must(t, err)
		want := store.DeliverySucceeded
		if i%3 == 1 {
			want = store.DeliveryRetrying
		}
		if len(atts) != 1 || d.Status != want || d.Attempts != 1 {
			t.Fatalf("delivery %d after recording twice: %d attempts, status %s, attempts %d", i, len(atts), d.Status, d.Attempts)
		}
	}
}

func testRecord(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	e := newEndpoint(t, s, a)
	seedDeliveries(t, s, a, 3)
	now := base.Add(time.Second)
	ws := claimN(t, s, "A", now, 10, 3, "")
	next := now.Add(5 * time.Second)
	must(t, s.RecordResults(ctx, []store.Result{
		{DeliveryID: ws[0].DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: ws[0].LeaseUntil, Outcome: store.OutcomeSucceeded, RoundAttempt: 1, Attempt: attemptFor(ws[0], true, 200, now)},
		{DeliveryID: ws[1].DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: ws[1].LeaseUntil, Outcome: store.OutcomeRetry, RoundAttempt: 1, NextAttemptAt: next, Attempt: attemptFor(ws[1], false, 500, now)},
		{DeliveryID: ws[2].DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: ws[2].LeaseUntil, Outcome: store.OutcomeFailed, RoundAttempt: 1, Attempt: attemptFor(ws[2], false, 410, now)},
	}))
	d0, err := s.GetDelivery(ctx, a, ws[0].DeliveryID)
	must(t, err)
	if d0.Status != store.DeliverySucceeded || d0.Attempts != 1 || d0.LastStatusCode != 200 || d0.NextAttemptAt != nil {
		t.Fatalf("succeeded delivery = %+v", d0)
	}
	d1, err := s.GetDelivery(ctx, a, ws[1].DeliveryID)
	must(t, err)
	if d1.Status != store.DeliveryRetrying || d1.NextAttemptAt == nil || !d1.NextAttemptAt.Equal(next) || d1.LastStatusCode != 500 || d1.LastError == "" {
		t.Fatalf("retrying delivery = %+v", d1)
	}
	d2, err := s.GetDelivery(ctx, a, ws[2].DeliveryID)
	must(t, err)
	if d2.Status != store.DeliveryFailed || d2.LastStatusCode != 410 {
		t.Fatalf("failed delivery = %+v", d2)
	}
	atts, err := s.ListAttempts(ctx, a, ws[1].DeliveryID)
	must(t, err)
	if len(atts) != 1 || atts[0].ResponseStatus != 500 || atts[0].RequestHeaders["X-eSahayak-Attempt"] != "1" || atts[0].ResponseHeaders["Content-Type"] != "text/plain" || atts[0].Duration != 3*time.Millisecond {
		t.Fatalf("attempts = %+v", atts)
	}
	if got, _ := s.ListAttempts(ctx, newAccount(t, s), ws[1].DeliveryID); len(got) != 0 {
		t.Fatal("foreign attempts visible")
	}
	// Not due before its retry time; due after; a success is never claimed again.
	claimN(t, s, "A", next.Add(-time.Millisecond), 10, 0, "before retry time")
	w := claim(t, s, "A", next, 10)
	if len(w) != 1 || w[0].DeliveryID != ws[1].DeliveryID || w[0].Attempt != 2 || w[0].RoundAttempt != 2 {
		t.Fatalf("retry claim = %+v", w)
	}
	// A result from an owner that no longer holds the lease does not move a
	// failure, nor is its attempt recorded (a paused instance's "timeout"
	// for a delivery another sender has taken).
	before, err := s.ListAttempts(ctx, a, w[0].DeliveryID)
	must(t, err)
	must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: w[0].DeliveryID, EndpointID: e.ID, LeaseOwner: "stale", LeaseUntil: w[0].LeaseUntil, Outcome: store.OutcomeFailed, RoundAttempt: 2, Attempt: attemptFor(w[0], false, 500, next)}}))
	if d, _ := s.GetDelivery(ctx, a, w[0].DeliveryID); d.Status != store.DeliveryRetrying {
		t.Fatalf("stale failure applied: %+v", d)
	}
	if after, _ := s.ListAttempts(ctx, a, w[0].DeliveryID); len(after) != len(before) {
		t.Fatalf("stale failure's attempt recorded: %d attempts, had %d", len(after), len(before))
	}
	// …but a success always counts.
	must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: w[0].DeliveryID, EndpointID: e.ID, LeaseOwner: "stale", LeaseUntil: w[0].LeaseUntil, Outcome: store.OutcomeSucceeded, RoundAttempt: 2, Attempt: attemptFor(w[0], true, 204, next)}}))
	if d, _ := s.GetDelivery(ctx, a, w[0].DeliveryID); d.Status != store.DeliverySucceeded || d.Attempts != 2 {
		t.Fatalf("success not applied: %+v", d)
	}
	// A success reported late for an attempt number already recorded (an
	// instance paused past its lease, whose attempt another sender made
	// again under the same number) adds no second attempt of that number:
	// the log keeps as many attempts as the delivery counts.
	must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: w[0].DeliveryID, EndpointID: e.ID, LeaseOwner: "paused", LeaseUntil: w[0].LeaseUntil, Outcome: store.OutcomeSucceeded,
		RoundAttempt: 2, Attempt: attemptFor(w[0], true, 200, next.Add(time.Second))}}))
	d, err := s.GetDelivery(ctx, a, w[0].DeliveryID)
	must(t, err)
	atts, err = s.ListAttempts(ctx, a, w[0].DeliveryID)
	must(t, err)
	if d.Attempts != 2 || len(atts) != 2 || atts[0].Number == atts[1].Number {
		t.Fatalf("after a late success of attempt 2: attempt_count %d, %d attempts listed (numbers %d, %d…); want 2 attempts numbered 1 and 2",
			d.Attempts, len(atts), atts[0].Number, atts[len(atts)-1].Number)
	}
	claimN(t, s, "A", next.Add(time.Hour), 10, 0, "finished deliveries are not claimed")
	// Listing filters.
	list, _, err := s.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: a, Limit: 10}, Status: store.DeliveryFailed})
	must(t, err)
	if len(list) != 1 || list[0].ID != ws[2].DeliveryID {
		t.Fatalf("status filter = %+v", list)
	}
	// The failed ones are read through their own index (deliveries_failed):
	// with an event type, on either side of a cursor, and without one
	// resent since (it left the index).
	failed := list[0]
	other := order.EventTypes[0]
	if other == failed.EventType {
		other = order.EventTypes[1]
	}
	for _, c := range []struct {
		lp        store.ListParams
		eventType string
		want      int
	}{
		{store.ListParams{AccountID: a, Limit: 10}, failed.EventType, 1},
		{store.ListParams{AccountID: a, Limit: 10}, other, 0},
		{store.ListParams{AccountID: a, Limit: 10, StartingAfter: failed.ID}, "", 0},
		{store.ListParams{AccountID: a, Limit: 10, EndingBefore: failed.ID}, "", 0},
		{store.ListParams{AccountID: a, Limit: 10, StartingAfter: ids.Delivery + "7zzzzzzzzzzzzzzzzzzzzzzzzz"}, "", 1},
	} {
		list, _, err := s.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: c.lp, Status: store.DeliveryFailed, EventType: c.eventType})
		must(t, err)
		if len(list) != c.want {
			t.Fatalf("failed deliveries of type %q, after %q, before %q: %d listed, want %d", c.eventType, c.lp.StartingAfter, c.lp.EndingBefore, len(list), c.want)
		}
	}
	if _, err := s.RetryDelivery(ctx, a, failed.ID, now); err != nil {
		t.Fatal(err)
	}
	if list, _, err := s.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: a, Limit: 10}, Status: store.DeliveryFailed}); err != nil || len(list) != 0 {
		t.Fatalf("failed deliveries after a resend of the only one: %d listed (%v), want none", len(list), err)
	}
	list, _, err = s.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: a, Limit: 10}, EndpointID: e.ID})
	must(t, err)
	if len(list) != 3 {
		t.Fatalf("endpoint filter = %d", len(list))
	}
}

// testLateSuccess: an instance paused past its lease reports a success
// for an attempt that another sender has since made again under the same
// number. The log keeps one attempt per number, as many as the delivery
// counts, and that attempt is the success if either succeeded: the
// receiver did take the event.
func testLateSuccess(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	e := newEndpoint(t, s, a)
	check := func(id string, wantStatus int) {
		t.Helper()
		d, err := s.GetDelivery(ctx, a, id)
		must(t, err)
		atts, err := s.ListAttempts(ctx, a, id)
		must(t, err)
		if d.Status != store.DeliverySucceeded || d.Attempts != 1 || len(atts) != 1 || !atts[0].Succeeded || atts[0].Number != 1 ||
			atts[0].ResponseStatus != wantStatus {
			t.Fatalf("delivery %s %s, attempt_count %d, attempts %+v; want succeeded with one succeeded attempt #1 (status %d)",
				id, d.Status, d.Attempts, atts, wantStatus)
		}
	}
	now := base.Add(time.Second)
	result := func(w store.Work, owner string, ok bool, status int, at time.Time) store.Result {
		r := store.Result{DeliveryID: w.DeliveryID, EndpointID: e.ID, LeaseOwner: owner, LeaseUntil: w.LeaseUntil, Outcome: store.OutcomeSucceeded, RoundAttempt: 1,
			Attempt: attemptFor(w, ok, status, at)}
		if !ok {
			r.Outcome, r.NextAttemptAt = store.OutcomeRetry, at.Add(time.Hour)
		}
		return r
	}
	// The other sender's attempt failed: the late success replaces it.
	seedDeliveries(t, s, a, 1)
	first := claim(t, s, "A", now, 10)
	again := claim(t, s, "B", now.Add(2*time.Minute), 10) // A's lease has ended
	if len(first) != 1 || len(again) != 1 || again[0].Attempt != 1 {
		t.Fatalf("claims: %+v then %+v", first, again)
	}
	must(t, s.RecordResults(ctx, []store.Result{result(again[0], "B", false, 500, now.Add(2*time.Minute))}))
	must(t, s.RecordResults(ctx, []store.Result{result(first[0], "A", true, 200, now)}))
	check(first[0].DeliveryID, 200)
	// The other sender's attempt failed and it is sending the next one
	// when the late success lands: that next attempt's failure is not
	// recorded (the delivery is finished), its success is, and counted.
	for _, nextOK := range []bool{false, true} {
		seedDeliveries(t, s, a, 1)
		at := now.Add(10 * time.Hour)
		if nextOK {
			at = now.Add(20 * time.Hour)
		}
		first := claimN(t, s, "A", at, 10, 1, "")
		again := claimN(t, s, "B", at.Add(2*time.Minute), 10, 1, "after A's lease ended")
		must(t, s.RecordResults(ctx, []store.Result{result(again[0], "B", false, 500, at.Add(2*time.Minute))}))
		next := claim(t, s, "B", at.Add(3*time.Hour), 10) // its retry time has come
		if len(next) != 1 || next[0].Attempt != 2 {
			t.Fatalf("B's next claim: %+v", next)
		}
		must(t, s.RecordResults(ctx, []store.Result{result(first[0], "A", true, 200, at)}))
		status := 500
		if nextOK {
			status = 200
		}
		must(t, s.RecordResults(ctx, []store.Result{result(next[0], "B", nextOK, status, at.Add(3*time.Hour))}))
		d, err := s.GetDelivery(ctx, a, first[0].DeliveryID)
		must(t, err)
		atts, err := s.ListAttempts(ctx, a, first[0].DeliveryID)
		must(t, err)
		want := 1
		if nextOK {
			want = 2
		}
		if d.Status != store.DeliverySucceeded || d.Attempts != want || len(atts) != want {
			t.Fatalf("next attempt succeeded=%v: delivery %s, attempt_count %d, %d attempts listed; want succeeded with %d",
				nextOK, d.Status, d.Attempts, len(atts), want)
		}
	}
	// Both succeeded, recorded at the same moment by two instances: one
	// attempt is kept.
	seedDeliveries(t, s, a, 20)
	first = claimN(t, s, "A", now.Add(time.Hour), 100, 20, "")
	again = claimN(t, s, "B", now.Add(time.Hour+2*time.Minute), 100, 20, "after A's leases ended")
	var wg sync.WaitGroup
	for i := range first {
		for _, r := range []store.Result{result(first[i], "A", true, 201, now.Add(time.Hour)), result(again[i], "B", true, 201, now.Add(time.Hour+2*time.Minute))} {
			wg.Go(func() {
				if err := s.RecordResults(ctx, []store.Result{r}); err != nil {
					t.Error(err)
				}
			})
		}
	}
	wg.Wait()
	for _, w := range first {
		check(w.DeliveryID, 201)
	}
}

func testPark(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	e := newEndpoint(t, s, a)
	seedDeliveries(t, s, a, 3)
	setEndpointStatus(t, s, a, e.ID, store.EndpointDisabled, base)
	claimN(t, s, "A", base.Add(time.Hour), 10, 0, "deliveries of a disabled endpoint are not claimed")
	c, err := s.Counts(ctx, base.Add(time.Hour))
	must(t, err)
	if c.DueDeliveries != 0 || c.DisabledEndpoints != 1 {
		t.Fatalf("counts = %+v", c)
	}
	if c.PendingDeliveries != 0 || c.NextDue != nil {
		t.Fatalf("counts = %+v: parked deliveries are not pending", c)
	}
	now := base.Add(2 * time.Hour)
	setEndpointStatus(t, s, a, e.ID, store.EndpointEnabled, now)
	claimN(t, s, "A", now, 10, 3, "after re-enable")
	// A delivery claimed just before its endpoint is disabled is parked by its result.
	seedDeliveries(t, s, a, 1)
	w := claimN(t, s, "A", now, 10, 1, "")
	setEndpointStatus(t, s, a, e.ID, store.EndpointDisabled, now)
	must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: w[0].DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: w[0].LeaseUntil, Outcome: store.OutcomeParked}}))
	// The disable parked the three from before (their leases, until now+1m,
	// have ended by the clock); the result parked the fourth.
	c, err = s.Counts(ctx, now.Add(time.Hour))
	must(t, err)
	if c.PendingDeliveries != 0 {
		t.Fatalf("counts = %+v: a delivery given back parked on a disabled endpoint is pending", c)
	}
	later := now.Add(time.Hour)
	setEndpointStatus(t, s, a, e.ID, store.EndpointEnabled, later)
	claimN(t, s, "A", later, 10, 4, "after enabling again, the 4 parked are due")
}

// testParkedAfterEnable: a delivery on the wire while its endpoint is
// disabled and enabled again is given back parked (its sender saw the
// disable) after the enable made the endpoint's parked deliveries due,
// which left it alone as leased. Parked unconditionally, it waited with
// no due time on an enabled endpoint: nothing would send it again. A
// parked outcome now parks only while the endpoint is disabled; on an
// enabled endpoint the delivery is due again, as a released one is.
func testParkedAfterEnable(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	e := newEndpoint(t, s, a)
	seedDeliveries(t, s, a, 1)
	// Real time: disabling and enabling leave alone the leases that have
	// not ended by the clock.
	now := time.Now().UTC()
	w := claimN(t, s, "A", now, 10, 1, "")
	for _, status := range []string{store.EndpointDisabled, store.EndpointEnabled} {
		setEndpointStatus(t, s, a, e.ID, status, now)
	}
	// The attempt is still on the wire: the enable must not make it due.
	claimN(t, s, "B", now.Add(time.Second), 10, 0, "after disable and enable, nothing is due while the attempt is on the wire (it would be sent twice)")
	must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: w[0].DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: w[0].LeaseUntil, Outcome: store.OutcomeParked}}))
	if got := claim(t, s, "B", now.Add(time.Second), 10); len(got) != 1 || got[0].DeliveryID != w[0].DeliveryID {
		t.Fatalf("after a parked outcome on an enabled endpoint claimed %d, want the delivery: parked, it is never sent", len(got))
	}
}

// testRetryAfterDisable: an attempt on the wire when its endpoint is
// disabled ends in a retry: the delivery is parked (not due at its retry
// time while disabled), and enabling sends it at once. The same holds for
// one given back unsent (released: its lease ran too short to begin, or
// its instance stopped) after the disable: a release that made it due on
// the disabled endpoint (SQLite's, by hand) failed no test, as the next
// claim parks it; until then it counted as due (esahayak_deliveries_due,
// the oldest due delivery's age) while nothing could send it.
func testRetryAfterDisable(t *testing.T, s store.Store) {
	for _, outcome := range []store.Outcome{store.OutcomeRetry, store.OutcomeReleased} {
		a := newAccount(t, s)
		e := newEndpoint(t, s, a)
		seedDeliveries(t, s, a, 1)
		// Real time: disabling leaves alone the leases that have not ended
		// by the clock.
		now := time.Now().UTC()
		w := claimN(t, s, "A", now, 10, 1, "")
		setEndpointStatus(t, s, a, e.ID, store.EndpointDisabled, now)
		r := store.Result{DeliveryID: w[0].DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: w[0].LeaseUntil,
			Outcome: outcome, NextAttemptAt: now.Add(time.Hour)}
		wantStatus, wantAttempts := store.DeliveryPending, 0
		if outcome == store.OutcomeRetry {
			r.RoundAttempt, r.Attempt = 1, attemptFor(w[0], false, 500, now)
			wantStatus, wantAttempts = store.DeliveryRetrying, 1
		}
		must(t, s.RecordResults(ctx, []store.Result{r}))
		d, err := s.GetDelivery(ctx, a, w[0].DeliveryID)
		must(t, err)
		if d.Status != wantStatus || d.Attempts != wantAttempts {
			t.Fatalf("outcome %d was not recorded: %+v", outcome, d)
		}
		c, err := s.Counts(ctx, now.Add(2*time.Hour))
		must(t, err)
		if c.DueDeliveries != 0 {
			t.Fatalf("outcome %d recorded after the disable: due while disabled: counts %+v", outcome, c)
		}
		if c.PendingDeliveries > 0 && (c.NextDue == nil || c.NextDue.Before(base)) {
			t.Fatalf("counts %+v: deliveries pending without the earliest due time", c)
		}
		enabled := now.Add(time.Minute)
		setEndpointStatus(t, s, a, e.ID, store.EndpointEnabled, enabled)
		got := claim(t, s, "A", enabled.Add(time.Second), 10)
		if len(got) != 1 || got[0].DeliveryID != w[0].DeliveryID {
			t.Fatalf("outcome %d: after enabling claimed %d, want the held delivery at once (not at its retry time, an hour on)", outcome, len(got))
		}
		// Finished, so that the next round's counts are its own.
		must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: got[0].DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: got[0].LeaseUntil,
			Outcome: store.OutcomeSucceeded, RoundAttempt: got[0].RoundAttempt, Attempt: attemptFor(got[0], true, 200, enabled.Add(time.Second))}}))
	}
}

// testRotateTwice: the secrets retired by two rotations within a day are
// stored with their expiries and sign every delivery, leased at insert or
// claimed, until each expires.
func testRotateTwice(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	e := newEndpoint(t, s, a)
	second, third := "whsec_c2Vjb25kc2Vjb25kc2Vjb25kc2Vjb25kc2Vj", "whsec_dGhpcmR0aGlyZHRoaXJkdGhpcmR0aGlyZHRo"
	for i, secret := range []string{second, third} {
		_, err := s.UpdateEndpoint(ctx, a, e.ID, func(x *store.Endpoint) error {
			x.Rotate(secret, base.Add(-time.Hour+time.Duration(i)*time.Minute), 24*time.Hour)
			return nil
		})
		must(t, err)
	}
	want := third + " " + second + " " + e.Secret
	got, err := s.GetEndpoint(ctx, a, e.ID)
	must(t, err)
	if strings.Join(got.Secrets(base), " ") != want {
		t.Fatalf("secrets after two rotations = %v, want %s", got.Secrets(base), want)
	}
	if exp := base.Add(23 * time.Hour); len(got.OlderSecrets) != 1 || !got.OlderSecrets[0].ExpiresAt.Equal(exp) {
		t.Fatalf("older secrets = %+v, want the first one until %s", got.OlderSecrets, exp)
	}
	res, err := move(t, s, newOrder(t, s, a, false), order.MoveUpload, store.LeaseParams{Owner: "me", Until: base.Add(time.Minute),
		Reserve: func(string) bool { return true }})
	must(t, err)
	if len(res.Work) != 1 || strings.Join(res.Work[0].Secrets, " ") != want {
		t.Fatalf("delivery leased at insert signs with %+v, want %s", res.Work, want)
	}
	seedDeliveries(t, s, a, 1)
	w := claim(t, s, "B", base.Add(time.Second), 10)
	if len(w) != 1 || strings.Join(w[0].Secrets, " ") != want {
		t.Fatalf("claimed delivery signs with %+v, want %s", w, want)
	}
	// Past the first secret's own expiry it signs no more.
	seedDeliveries(t, s, a, 1)
	w = claimN(t, s, "B", base.Add(23*time.Hour+time.Second), 10, 3, "after the first secret expired, the new one and the two whose leases ran out")
	for _, x := range w {
		if strings.Join(x.Secrets, " ") != third+" "+second {
			t.Fatalf("claimed after the first secret expired: signs with %v, want %s %s", x.Secrets, third, second)
		}
	}
}

// testDeleteEndsWaiting: deleting an endpoint ends its waiting deliveries
// (pending, retrying, parked, leased) as failed with a reason, and leaves
// succeeded ones alone; none is claimed again.
func testDeleteEndsWaiting(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	e := newEndpoint(t, s, a)
	seedDeliveries(t, s, a, 5)
	now := base.Add(time.Second)
	ws := claimN(t, s, "A", now, 4, 4, "")
	// One succeeds, one is retrying, two stay leased; the fifth is pending.
	must(t, s.RecordResults(ctx, []store.Result{
		{DeliveryID: ws[0].DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: ws[0].LeaseUntil, Outcome: store.OutcomeSucceeded, RoundAttempt: 1, Attempt: attemptFor(ws[0], true, 200, now)},
		{DeliveryID: ws[1].DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: ws[1].LeaseUntil, Outcome: store.OutcomeRetry, RoundAttempt: 1, NextAttemptAt: now.Add(time.Minute), Attempt: attemptFor(ws[1], false, 500, now)},
	}))
	must(t, s.DeleteEndpoint(ctx, a, e.ID, now.Add(2*time.Second)))
	list, _, err := s.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: a, Limit: 10}})
	must(t, err)
	if len(list) != 5 {
		t.Fatalf("listed %d deliveries after the delete, want its 5 (history stays)", len(list))
	}
	for _, d := range list {
		want, reason := store.DeliveryFailed, store.EndpointDeletedError
		if d.ID == ws[0].DeliveryID {
			want, reason = store.DeliverySucceeded, ""
		}
		if d.Status != want || d.LastError != reason || (want == store.DeliveryFailed && d.NextAttemptAt != nil) {
			t.Errorf("delivery %s after its endpoint was deleted: status %q, last_error %q, next_attempt_at %v; want %q, %q", d.ID, d.Status, d.LastError, d.NextAttemptAt, want, reason)
		}
	}
	claimN(t, s, "B", now.Add(time.Hour), 10, 0, "deliveries of a deleted endpoint are not claimed")
	// The attempt that was in flight may still succeed: that is recorded.
	must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: ws[2].DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: ws[2].LeaseUntil, Outcome: store.OutcomeSucceeded, RoundAttempt: 1, Attempt: attemptFor(ws[2], true, 200, now)}}))
	d, err := s.GetDelivery(ctx, a, ws[2].DeliveryID)
	must(t, err)
	if d.Status != store.DeliverySucceeded {
		t.Errorf("the attempt in flight at the delete succeeded, but the delivery is %s", d.Status)
	}
	// One in flight that fails is counted too: the delivery was sent once,
	// and stays failed (never tried again), not "not sent" with attempts 0.
	failed := attemptFor(ws[3], false, 500, now)
	for range 2 { // a report sent again changes nothing
		must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: ws[3].DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: ws[3].LeaseUntil, Outcome: store.OutcomeRetry,
			RoundAttempt: 1, NextAttemptAt: now.Add(time.Minute), Attempt: failed}}))
	}
	d, err = s.GetDelivery(ctx, a, ws[3].DeliveryID)
	must(t, err)
	atts, err := s.ListAttempts(ctx, a, ws[3].DeliveryID)
	must(t, err)
	if d.Status != store.DeliveryFailed || d.Attempts != 1 || len(atts) != 1 || d.LastStatusCode != 500 || d.LastAttemptAt == nil ||
		d.NextAttemptAt != nil || !strings.HasSuffix(d.LastError, store.EndpointDeletedAfterAttempt) || strings.HasPrefix(d.LastError, "not sent") {
		t.Errorf("the attempt in flight at the delete failed: delivery %+v with %d attempts listed; want failed, 1 attempt counted and listed, status 500, last_error ending %q",
			d, len(atts), store.EndpointDeletedAfterAttempt)
	}
	claimN(t, s, "B", now.Add(2*time.Hour), 10, 0, "deliveries of a deleted endpoint are not claimed after a failure is recorded")
}

// testRetryGoesFirst: a delivery resent by hand is the next one claimed
// for its endpoint, ahead of the endpoint's backlog ("resends now").
func testRetryGoesFirst(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	e := newEndpoint(t, s, a)
	seedDeliveries(t, s, a, 6)
	now := base.Add(time.Second)
	ws := claimN(t, s, "A", now, 1, 1, "")
	must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: ws[0].DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: ws[0].LeaseUntil,
		Outcome: store.OutcomeFailed, RoundAttempt: 1, Attempt: attemptFor(ws[0], false, 500, now)}}))
	later := now.Add(time.Hour)
	if _, err := s.RetryDelivery(ctx, a, ws[0].DeliveryID, later); err != nil {
		t.Fatal(err)
	}
	next := claim(t, s, "A", later, 1)
	if len(next) != 1 || next[0].DeliveryID != ws[0].DeliveryID || next[0].Attempt != 2 {
		var got []string
		for _, w := range next {
			got = append(got, fmt.Sprintf("%s (attempt %d)", w.DeliveryID, w.Attempt))
		}
		t.Fatalf("claimed %v after the resend; want the resent %s first, before the 5 waiting since earlier", got, ws[0].DeliveryID)
	}
	claimN(t, s, "A", later, 10, 5, "then the other 5")
}

// testReleasedLeaseGoesFirst: deliveries whose leases are given back (a
// restarted server resuming what its previous run left in flight) are the
// next ones claimed for their endpoint, in the order they were created,
// ahead of the endpoint's backlog that has been due since earlier.
func testReleasedLeaseGoesFirst(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	newEndpoint(t, s, a)
	seedDeliveries(t, s, a, 6)
	now := base.Add(time.Second)
	inFlight := claimN(t, s, "A", now, 2, 2, "")
	slices.SortFunc(inFlight, func(x, y store.Work) int {
		if c := x.CreatedAt.Compare(y.CreatedAt); c != 0 {
			return c
		}
		return strings.Compare(x.DeliveryID, y.DeliveryID)
	})
	restart := now.Add(10 * time.Second) // before the leases end
	n, err := s.ReleaseLeases(ctx, "A", restart)
	must(t, err)
	if n != 2 {
		t.Fatalf("released %d, want 2", n)
	}
	for i, want := range inFlight {
		next := claim(t, s, "B", restart, 1)
		if len(next) != 1 || next[0].DeliveryID != want.DeliveryID {
			var got []string
			for _, w := range next {
				got = append(got, w.DeliveryID)
			}
			t.Fatalf("claim %d after the release took %v; want the released %s, before the 4 waiting since earlier", i+1, got, want.DeliveryID)
		}
	}
	claimN(t, s, "B", restart, 10, 4, "then the other 4")
}

func testRetryRecover(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	e := newEndpoint(t, s, a)
	seedDeliveries(t, s, a, 2)
	now := base.Add(time.Second)
	ws := claim(t, s, "A", now, 10)
	var res []store.Result
	for _, w := range ws {
		res = append(res, store.Result{DeliveryID: w.DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: w.LeaseUntil, Outcome: store.OutcomeFailed, RoundAttempt: 1, Attempt: attemptFor(w, false, 500, now)})
	}
	must(t, s.RecordResults(ctx, res))
	d, err := s.RetryDelivery(ctx, a, ws[0].DeliveryID, now.Add(time.Minute))
	must(t, err)
	if d.Status != store.DeliveryPending || d.RoundAttempts != 0 || d.Attempts != 1 {
		t.Fatalf("after retry = %+v", d)
	}
	if _, err := s.RetryDelivery(ctx, newAccount(t, s), ws[0].DeliveryID, now); !errors.Is(err, store.ErrNotFound) {
		t.Fatal("foreign retry")
	}
	w := claim(t, s, "A", now.Add(time.Minute), 10)
	if len(w) != 1 || w[0].Attempt != 2 || w[0].RoundAttempt != 1 {
		t.Fatalf("resend claim = %+v", w)
	}
	// While that attempt is in flight (leased until now+2m), a second
	// retry must not put the delivery back in the queue: it would be sent
	// twice at once, both as attempt 2.
	if _, err := s.RetryDelivery(ctx, a, ws[0].DeliveryID, now.Add(time.Minute+time.Second)); !errors.Is(err, store.ErrInFlight) {
		t.Fatalf("retry while leased: err = %v, want ErrInFlight", err)
	}
	claimN(t, s, "B", now.Add(time.Minute+2*time.Second), 10, 0, "nothing is due while the resent attempt is in flight")
	if _, err := s.RetryDelivery(ctx, a, "dlv_"+strings.Repeat("0", 26), now); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("retry of an unknown id: err = %v, want ErrNotFound", err)
	}
	n, err := s.RecoverEndpoint(ctx, a, e.ID, base, now.Add(2*time.Minute))
	must(t, err)
	if n != 1 {
		t.Fatalf("recovered %d, want 1 (the other is leased, not failed)", n)
	}
	n, err = s.RecoverEndpoint(ctx, a, e.ID, base.Add(time.Hour), now)
	must(t, err)
	if n != 0 {
		t.Fatalf("recovered %d created before since", n)
	}
}

func testAutoDisable(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	bad := newEndpoint(t, s, a)
	seedDeliveries(t, s, a, 2)
	t0 := base.Add(time.Second)
	ws := claim(t, s, "A", t0, 10)
	must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: ws[0].DeliveryID, EndpointID: bad.ID, LeaseOwner: "A", LeaseUntil: ws[0].LeaseUntil, Outcome: store.OutcomeRetry, RoundAttempt: 1, NextAttemptAt: t0.Add(time.Hour), Attempt: attemptFor(ws[0], false, 503, t0)}}))
	e, _ := s.GetEndpoint(ctx, a, bad.ID)
	if e.FailingSince == nil || !e.FailingSince.Equal(t0) {
		t.Fatalf("failing_since = %v", e.FailingSince)
	}
	// A later failure does not move the start of the failing run.
	must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: ws[1].DeliveryID, EndpointID: bad.ID, LeaseOwner: "A", LeaseUntil: ws[1].LeaseUntil, Outcome: store.OutcomeRetry, RoundAttempt: 1, NextAttemptAt: t0.Add(time.Hour), Attempt: attemptFor(ws[1], false, 503, t0.Add(time.Minute))}}))
	e, _ = s.GetEndpoint(ctx, a, bad.ID)
	if !e.FailingSince.Equal(t0) {
		t.Fatalf("failing_since moved to %v", e.FailingSince)
	}
	got, err := s.DisableFailingEndpoints(ctx, time.Hour+time.Second, t0.Add(time.Hour))
	must(t, err)
	if len(got) != 0 {
		t.Fatal("disabled an endpoint failing for less than the period")
	}
	// Failing since long enough, but every failure was within a minute and
	// nothing was tried since: not a period of failing.
	day := 24 * time.Hour
	got, err = s.DisableFailingEndpoints(ctx, 5*day, t0.Add(5*day))
	must(t, err)
	if len(got) != 0 {
		t.Fatalf("disabled an endpoint whose failures span a minute of the period: %+v", got)
	}
	// A failure a whole period after the run began: now it is one.
	later := t0.Add(5 * day)
	ws = claimN(t, s, "A", later, 10, 2, "at the end of the period")
	must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: ws[0].DeliveryID, EndpointID: bad.ID, LeaseOwner: "A", LeaseUntil: ws[0].LeaseUntil, Outcome: store.OutcomeRetry, RoundAttempt: 2, NextAttemptAt: later.Add(time.Hour), Attempt: attemptFor(ws[0], false, 503, later)},
		{DeliveryID: ws[1].DeliveryID, EndpointID: bad.ID, LeaseOwner: "A", LeaseUntil: ws[1].LeaseUntil, Outcome: store.OutcomeRetry, RoundAttempt: 2, NextAttemptAt: later.Add(time.Hour), Attempt: attemptFor(ws[1], false, 503, later)}}))
	got, err = s.DisableFailingEndpoints(ctx, 5*day, later.Add(time.Second))
	must(t, err)
	if len(got) != 1 || got[0].ID != bad.ID {
		t.Fatalf("disabled = %+v", got)
	}
	e, _ = s.GetEndpoint(ctx, a, bad.ID)
	if e.Status != store.EndpointDisabled || e.DisabledReason == "" {
		t.Fatalf("endpoint = %+v", e)
	}
	claimN(t, s, "A", later.Add(2*time.Hour), 10, 0, "deliveries of an auto-disabled endpoint are not claimed")
	// The next sweep leaves it alone: its failing run is still on record,
	// but it is disabled already (counted, logged and its reason and time
	// rewritten at every sweep, when the status condition was dropped).
	got, err = s.DisableFailingEndpoints(ctx, 5*day, later.Add(time.Minute))
	must(t, err)
	if len(got) != 0 {
		t.Fatalf("the next sweep disabled %d endpoints again: %+v", len(got), got)
	}
	// A success clears the failing run.
	reenabled := later.Add(3 * time.Hour)
	_, err = s.UpdateEndpoint(ctx, a, bad.ID, func(x *store.Endpoint) error {
		x.Status, x.DisabledReason, x.FailingSince, x.UpdatedAt = store.EndpointEnabled, "", nil, reenabled
		return nil
	})
	must(t, err)
	w := claimN(t, s, "A", reenabled, 10, 2, "after re-enable")
	must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: w[0].DeliveryID, EndpointID: bad.ID, LeaseOwner: "A", LeaseUntil: w[0].LeaseUntil, Outcome: store.OutcomeRetry, RoundAttempt: 3, NextAttemptAt: reenabled.Add(time.Hour), Attempt: attemptFor(w[0], false, 500, reenabled)},
		{DeliveryID: w[1].DeliveryID, EndpointID: bad.ID, LeaseOwner: "A", LeaseUntil: w[1].LeaseUntil, Outcome: store.OutcomeSucceeded, RoundAttempt: 3, Attempt: attemptFor(w[1], true, 200, reenabled)}}))
	e, _ = s.GetEndpoint(ctx, a, bad.ID)
	if e.FailingSince != nil {
		t.Fatalf("failing_since after a success = %v", e.FailingSince)
	}
}

// testHealthOutOfOrder: results reach the store out of the order their
// attempts started in (a timeout is recorded seconds after a later
// attempt's success; a paused instance records its attempt late). An
// older failure must not open a failing run that a newer success closed,
// nor an older success close a run that began after it: either would
// let auto-disable act on a healthy endpoint, or spare a dead one.
func testHealthOutOfOrder(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	e := newEndpoint(t, s, a)
	seedDeliveries(t, s, a, 4)
	t0 := base.Add(time.Second)
	ws := claimN(t, s, "A", t0, 10, 4, "")
	record := func(w store.Work, ok bool, at time.Time) {
		t.Helper()
		r := store.Result{DeliveryID: w.DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: w.LeaseUntil, Outcome: store.OutcomeSucceeded, RoundAttempt: 1, Attempt: attemptFor(w, ok, 200, at)}
		if !ok {
			r.Outcome, r.NextAttemptAt, r.Attempt.ResponseStatus = store.OutcomeRetry, at.Add(time.Hour), 0
		}
		must(t, s.RecordResults(ctx, []store.Result{r}))
	}
	failingSince := func() *time.Time {
		t.Helper()
		got, err := s.GetEndpoint(ctx, a, e.ID)
		must(t, err)
		return got.FailingSince
	}
	// A success at t0+10s, then the timeout of an attempt that started at t0.
	record(ws[0], true, t0.Add(10*time.Second))
	record(ws[1], false, t0)
	if f := failingSince(); f != nil {
		t.Fatalf("failing since %v: a failure that started before a recorded success opened a run", f)
	}
	// A failure that started after the success opens a run…
	record(ws[2], false, t0.Add(20*time.Second))
	if f := failingSince(); f == nil || !f.Equal(t0.Add(20*time.Second)) {
		t.Fatalf("failing since %v, want %v", f, t0.Add(20*time.Second))
	}
	// …which a success that started before it, recorded late, does not close.
	record(ws[3], true, t0.Add(15*time.Second))
	if f := failingSince(); f == nil || !f.Equal(t0.Add(20*time.Second)) {
		t.Fatalf("failing since %v after an older success, want %v", f, t0.Add(20*time.Second))
	}
	// A new URL starts a clean record: the failure of an attempt that
	// started at the old one before the change does not open a run.
	changed := t0.Add(40 * time.Second)
	_, err := s.UpdateEndpoint(ctx, a, e.ID, func(ep *store.Endpoint) error {
		ep.URL, ep.FailingSince, ep.UpdatedAt = "https://example.test/new", nil, changed
		return nil
	})
	must(t, err)
	seedDeliveries(t, s, a, 4)
	more := claimN(t, s, "A", t0.Add(time.Minute), 10, 4, "")
	record(more[0], false, changed.Add(-5*time.Second))
	if f := failingSince(); f != nil {
		t.Fatalf("failing since %v: an attempt at the old URL, started before the change, opened a run at the new one", f)
	}
	record(more[1], false, changed.Add(time.Second))
	if f := failingSince(); f == nil || !f.Equal(changed.Add(time.Second)) {
		t.Fatalf("failing since %v, want %v (a failure at the new URL)", f, changed.Add(time.Second))
	}
	// The same in one batch: a failure at the old URL beside one at the
	// new URL opens the run at the new one's.
	again := changed.Add(time.Minute)
	_, err = s.UpdateEndpoint(ctx, a, e.ID, func(ep *store.Endpoint) error {
		ep.URL, ep.FailingSince, ep.UpdatedAt = "https://example.test/newer", nil, again
		return nil
	})
	must(t, err)
	fail := func(w store.Work, at time.Time) store.Result {
		at2 := attemptFor(w, false, 0, at)
		return store.Result{DeliveryID: w.DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: w.LeaseUntil, Outcome: store.OutcomeRetry, RoundAttempt: 1,
			NextAttemptAt: at.Add(time.Hour), Attempt: at2}
	}
	must(t, s.RecordResults(ctx, []store.Result{fail(more[2], again.Add(-5*time.Second)), fail(more[3], again.Add(2*time.Second))}))
	if f := failingSince(); f == nil || !f.Equal(again.Add(2*time.Second)) {
		t.Fatalf("failing since %v after a batch with failures before and after the change, want %v", f, again.Add(2*time.Second))
	}
}

// testDeletedWhileSending: an attempt on the wire when its endpoint is
// deleted ends in the delivery's log, although deleting ended the lease
// (and the delivery) meanwhile: the receiver did get that request.
func testDeletedWhileSending(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	e := newEndpoint(t, s, a)
	seedDeliveries(t, s, a, 1)
	t0 := base.Add(time.Second)
	ws := claimN(t, s, "A", t0, 10, 1, "")
	must(t, s.DeleteEndpoint(ctx, a, e.ID, t0.Add(time.Second)))
	must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: ws[0].DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: ws[0].LeaseUntil, Outcome: store.OutcomeRetry,
		RoundAttempt: 1, NextAttemptAt: t0.Add(time.Hour), Attempt: attemptFor(ws[0], false, 500, t0.Add(500*time.Millisecond))}}))
	atts, err := s.ListAttempts(ctx, a, ws[0].DeliveryID)
	must(t, err)
	if len(atts) != 1 || atts[0].ResponseStatus != 500 {
		t.Fatalf("the attempt the receiver got is not in the log: %+v", atts)
	}
	if d, _ := s.GetDelivery(ctx, a, ws[0].DeliveryID); d.Status != store.DeliveryFailed {
		t.Fatalf("delivery of a deleted endpoint = %s, want failed", d.Status)
	}
}

// testEndpointLimit: an account cannot pass its endpoint limit, even with
// creates racing each other; deleted endpoints do not count, and other
// accounts are not affected.
func testEndpointLimit(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	const limit = 5
	newEP := func(account string) store.Endpoint {
		return store.Endpoint{ID: ids.New(ids.Endpoint), AccountID: account, URL: "https://example.test/hook", Events: order.EventTypes,
			Status: store.EndpointEnabled, Secret: "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0", CreatedAt: base, UpdatedAt: base}
	}
	raceCreatesPastLimit(t, limit, func() error { return s.CreateEndpoint(ctx, newEP(a), limit) }, store.ErrEndpointLimit)
	eps, _, err := s.ListEndpoints(ctx, store.ListParams{AccountID: a, Limit: 100})
	must(t, err)
	if len(eps) != limit {
		t.Fatalf("%d endpoints listed, want %d", len(eps), limit)
	}
	must(t, s.CreateEndpoint(ctx, newEP(newAccount(t, s)), limit)) // another account
	must(t, s.CreateEndpoint(ctx, newEP(a), 0))                    // no limit
	must(t, s.DeleteEndpoint(ctx, a, eps[0].ID, base))
	must(t, s.DeleteEndpoint(ctx, a, eps[1].ID, base))
	must(t, s.CreateEndpoint(ctx, newEP(a), limit)) // 4 + 1 after the deletes
	if err := s.CreateEndpoint(ctx, newEP(a), limit); !errors.Is(err, store.ErrEndpointLimit) {
		t.Fatalf("create past the limit: %v", err)
	}
}

// raceCreatesPastLimit runs 3 × limit creates at once, each of which must
// either succeed or fail with limitErr, and fails the test unless exactly
// limit of them succeeded.
func raceCreatesPastLimit(t *testing.T, limit int, create func() error, limitErr error) {
	t.Helper()
	var wg sync.WaitGroup
	var created, refused atomic.Int32
	for range 3 * limit {
		wg.Go(func() {
			switch err := create(); {
			case err == nil:
				created.Add(1)
			case errors.Is(err, limitErr):
				refused.Add(1)
			default:
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if int(created.Load()) != limit || int(refused.Load()) != 2*limit {
		t.Fatalf("%d created and %d refused of %d concurrent creates; want %d and %d", created.Load(), refused.Load(), 3*limit, limit, 2*limit)
	}
}

func testStatsPrune(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	e := newEndpoint(t, s, a)
	seedDeliveries(t, s, a, 4)
	now := base.Add(time.Second)
	ws := claim(t, s, "A", now, 10)
	var res []store.Result
	for i, w := range ws {
		at := attemptFor(w, i < 3, 200, now.Add(time.Duration(i)*time.Minute))
		at.Duration = time.Duration(i+1) * 10 * time.Millisecond
		out := store.OutcomeSucceeded
		if i == 3 {
			at.ResponseStatus, out = 500, store.OutcomeFailed
		}
		res = append(res, store.Result{DeliveryID: w.DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: w.LeaseUntil, Outcome: out, RoundAttempt: 1, Attempt: at})
	}
	must(t, s.RecordResults(ctx, res))
	st, err := s.EndpointStats(ctx, a, e.ID, base)
	must(t, err)
	if st.Attempts != 4 || st.Succeeded != 3 || st.Failed != 1 || st.Retries != 0 || st.P50 < 20*time.Millisecond || st.P99 != 40*time.Millisecond || st.DeliveriesOK != 3 || st.DeliveriesDone != 4 {
		t.Fatalf("stats = %+v", st)
	}
	if st, _ := s.EndpointStats(ctx, newAccount(t, s), e.ID, base); st.Attempts != 0 {
		t.Fatal("foreign stats")
	}
	series, err := s.StatsSeries(ctx, a, e.ID, base, time.Minute)
	must(t, err)
	total := 0
	for _, b := range series {
		total += b.Attempts
	}
	if total != 4 || len(series) != 4 {
		t.Fatalf("series = %+v", series)
	}
	// Everything above is finished; pruning before a later time removes it.
	// (Pruning goes by id, and ids carry the real clock, not the suite's.)
	n, err := s.Prune(ctx, time.Now().Add(time.Hour), 1000)
	must(t, err)
	if n.Rows() == 0 {
		t.Fatal("pruned nothing")
	}
	evs, _, err := s.ListEvents(ctx, store.ListEventsParams{ListParams: store.ListParams{AccountID: a, Limit: 100}})
	must(t, err)
	if len(evs) != 0 {
		t.Fatalf("%d events left after prune", len(evs))
	}
	// A waiting delivery keeps its event.
	seedDeliveries(t, s, a, 1)
	if _, err := s.Prune(ctx, time.Now().Add(time.Hour), 1000); err != nil {
		t.Fatal(err)
	}
	evs, _, _ = s.ListEvents(ctx, store.ListEventsParams{ListParams: store.ListParams{AccountID: a, Limit: 100}})
	if len(evs) != 1 {
		t.Fatalf("event of a pending delivery pruned (%d left)", len(evs))
	}
	// A delivery that is retrying keeps its event and the log of its
	// attempts, however old: they say why it has not arrived.
	later := time.Now().Add(time.Hour)
	ws = claimN(t, s, "B", later, 10, 1, "the waiting delivery")
	must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: ws[0].DeliveryID, EndpointID: e.ID, LeaseOwner: "B", LeaseUntil: ws[0].LeaseUntil, Outcome: store.OutcomeRetry,
		RoundAttempt: 1, NextAttemptAt: later.Add(time.Hour), Attempt: attemptFor(ws[0], false, 503, later)}}))
	if _, err := s.Prune(ctx, time.Now().Add(2*time.Hour), 1000); err != nil {
		t.Fatal(err)
	}
	if as, err := s.ListAttempts(ctx, a, ws[0].DeliveryID); err != nil || len(as) != 1 {
		t.Fatalf("attempts of a retrying delivery after prune: %d, %v; want its 1", len(as), err)
	}
}

// testPruneKeepsRecentWork: an old event whose delivery was attempted
// within the retention (resent, recovered, or its endpoint enabled again
// after a long time) is not pruned: its new attempts would vanish the
// moment they are recorded. It goes once the retention has passed since.
func testPruneKeepsRecentWork(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	e := newEndpoint(t, s, a)
	seedDeliveries(t, s, a, 1)
	// Ids carry the real clock (and never go back: an id made for a future
	// time would move every later id there), so the times are real ones:
	// the event is older than the cutoff, its attempt newer.
	time.Sleep(10 * time.Millisecond)
	cutoff := time.Now()
	time.Sleep(10 * time.Millisecond)
	attempted := time.Now()
	// Only this endpoint's work: the other tests' deliveries are due too.
	ws, err := s.ClaimDeliveries(ctx, store.ClaimParams{Owner: "A", Now: attempted, LeaseUntil: attempted.Add(time.Minute), Limit: 10,
		Room: func(endpointID string) int {
			if endpointID == e.ID {
				return 10
			}
			return 0
		}})
	must(t, err)
	if len(ws) != 1 {
		t.Fatalf("claimed %d, want 1", len(ws))
	}
	must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: ws[0].DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: ws[0].LeaseUntil, Outcome: store.OutcomeSucceeded,
		RoundAttempt: 1, Attempt: attemptFor(ws[0], true, 200, attempted)}}))
	if _, err := s.Prune(ctx, cutoff, 1000); err != nil {
		t.Fatal(err)
	}
	if as, err := s.ListAttempts(ctx, a, ws[0].DeliveryID); err != nil || len(as) != 1 {
		t.Fatalf("a delivery attempted after the cutoff shows %d attempts after prune (%v); want its 1", len(as), err)
	}
	if _, err := s.Prune(ctx, attempted.Add(time.Hour), 1000); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetDelivery(ctx, a, ws[0].DeliveryID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("delivery after a cutoff past its last attempt: %v, want pruned", err)
	}
}

// testPruneWalksOnce: Prune's walk of old events goes on from where the
// last call stopped (events it must keep are passed once per sweep, not by
// every batch), and starts again once it reaches the cutoff: an event kept
// while the walk passed it, and finished since, goes in the next sweep.
func testPruneWalksOnce(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	e := newEndpoint(t, s, a)
	// In the order they are claimed: ws[0]'s event is the oldest.
	start := base.Add(3000 * time.Hour)
	seedDeliveriesAt(t, s, a, 6, start)
	now := start.Add(time.Minute)
	ws := claimN(t, s, "A", now, 10, 6, "")
	// The oldest event's delivery waits (a retry); the other five succeed.
	var res []store.Result
	for i, w := range ws {
		r := store.Result{DeliveryID: w.DeliveryID, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: w.LeaseUntil, RoundAttempt: 1, Outcome: store.OutcomeSucceeded,
			Attempt: attemptFor(w, true, 200, now)}
		if i == 0 {
			r.Outcome, r.NextAttemptAt, r.Attempt = store.OutcomeRetry, now.Add(time.Hour), attemptFor(w, false, 503, now)
		}
		res = append(res, r)
	}
	must(t, s.RecordResults(ctx, res))
	waiting := ws[0].DeliveryID
	// The first call takes two events (4 rows) of the five its walk can
	// take, and goes on from the second of them next time.
	if walker, ok := s.(interface{ PruneWalk() string }); ok {
		_, err := s.Prune(ctx, time.Now().Add(time.Hour), 4)
		must(t, err)
		var finished []string // the events the walk can take, oldest first
		for _, w := range ws[1:] {
			finished = append(finished, w.EventID)
		}
		slices.Sort(finished)
		if got, want := walker.PruneWalk(), finished[1]; got != want {
			t.Fatalf("after a batch of two events the walk goes on from %q, want %q (the second event taken)", got, want)
		}
	}
	left := func() int {
		ds, _, err := s.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: a, Limit: 100}})
		must(t, err)
		return len(ds)
	}
	// 4 rows a call: two events with their delivery each.
	for call := 0; left() > 1; call++ {
		if call > 10 {
			t.Fatalf("10 calls left %d deliveries; want only the waiting one", left())
		}
		_, err := s.Prune(ctx, time.Now().Add(time.Hour), 4)
		must(t, err)
	}
	if _, err := s.GetDelivery(ctx, a, waiting); err != nil {
		t.Fatalf("the waiting delivery was pruned: %v", err)
	}
	// It succeeds: the walk, past it now, comes back for it.
	w2 := claimN(t, s, "B", now.Add(2*time.Hour), 10, 1, "the waiting delivery")
	must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: w2[0].DeliveryID, EndpointID: e.ID, LeaseOwner: "B", LeaseUntil: w2[0].LeaseUntil, RoundAttempt: 2,
		Outcome: store.OutcomeSucceeded, Attempt: attemptFor(w2[0], true, 200, now.Add(2*time.Hour))}}))
	for call := 0; left() > 0; call++ {
		if call > 5 {
			t.Fatalf("the event finished behind the walk was not pruned in 5 calls")
		}
		_, err := s.Prune(ctx, time.Now().Add(time.Hour), 4)
		must(t, err)
	}
}

// testPruneKeepsWholeLogs: an event kept because one of its deliveries
// still waits keeps the attempts of its finished deliveries too (a
// delivery that says attempt_count 1 must show that attempt), and they go
// with the event once it is pruned.
func testPruneKeepsWholeLogs(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	ok := newEndpoint(t, s, a)
	failing := newEndpoint(t, s, a)
	seedDeliveries(t, s, a, 1)
	now := base.Add(time.Second)
	ws := claimN(t, s, "A", now, 10, 2, "")
	var res []store.Result
	var okDelivery, waiting string
	for _, w := range ws {
		if w.EndpointID == ok.ID {
			okDelivery = w.DeliveryID
			res = append(res, store.Result{DeliveryID: w.DeliveryID, EndpointID: ok.ID, LeaseOwner: "A", LeaseUntil: w.LeaseUntil, Outcome: store.OutcomeSucceeded,
				RoundAttempt: 1, Attempt: attemptFor(w, true, 200, now)})
		} else {
			waiting = w.DeliveryID
			res = append(res, store.Result{DeliveryID: w.DeliveryID, EndpointID: failing.ID, LeaseOwner: "A", LeaseUntil: w.LeaseUntil, Outcome: store.OutcomeRetry,
				RoundAttempt: 1, NextAttemptAt: now.Add(time.Hour), Attempt: attemptFor(w, false, 503, now)})
		}
	}
	must(t, s.RecordResults(ctx, res))
	// Ids carry the real clock: pruning before a later time takes all that may go.
	for i := 0; i < 3; i++ {
		if _, err := s.Prune(ctx, time.Now().Add(time.Hour), 1000); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range []string{okDelivery, waiting} {
		d, err := s.GetDelivery(ctx, a, id)
		if err != nil {
			t.Fatalf("delivery %s of a kept event: %v", id, err)
		}
		as, err := s.ListAttempts(ctx, a, id)
		if err != nil || len(as) != d.Attempts {
			t.Fatalf("delivery %s (%s) shows %d attempts after prune, %v; want its %d", id, d.Status, len(as), err, d.Attempts)
		}
	}
	// Once the waiting delivery ends, the event goes with every delivery and attempt.
	w2 := claimN(t, s, "B", now.Add(2*time.Hour), 10, 1, "the waiting delivery")
	must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: w2[0].DeliveryID, EndpointID: failing.ID, LeaseOwner: "B", LeaseUntil: w2[0].LeaseUntil, Outcome: store.OutcomeSucceeded,
		RoundAttempt: 2, Attempt: attemptFor(w2[0], true, 200, now.Add(2*time.Hour))}}))
	if _, err := s.Prune(ctx, time.Now().Add(time.Hour), 1000); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{okDelivery, waiting} {
		if _, err := s.GetDelivery(ctx, a, id); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("delivery %s after its event was pruned: %v", id, err)
		}
		if as, _ := s.ListAttempts(ctx, a, id); len(as) != 0 {
			t.Fatalf("%d attempts of pruned delivery %s left", len(as), id)
		}
	}
}

// testPruneInSmallWrites: a Prune call removes at most about limit rows of
// each table whatever the events' fan-out and attempts, and a delivery
// still shown between calls keeps every attempt it counts.
func testPruneInSmallWrites(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	var eps []string
	for range 3 {
		eps = append(eps, newEndpoint(t, s, a).ID)
	}
	seedDeliveries(t, s, a, 4) // 4 events × 3 deliveries
	now := base.Add(time.Second)
	// Three attempts each: two retries, then success.
	for attempt := 1; attempt <= 3; attempt++ {
		at := now.Add(time.Duration(attempt) * time.Hour)
		ws := claimN(t, s, "A", at, 100, 12, fmt.Sprint("attempt ", attempt))
		var res []store.Result
		for _, w := range ws {
			r := store.Result{DeliveryID: w.DeliveryID, EndpointID: w.EndpointID, LeaseOwner: "A", LeaseUntil: w.LeaseUntil, RoundAttempt: attempt,
				Outcome: store.OutcomeRetry, NextAttemptAt: at.Add(time.Minute), Attempt: attemptFor(w, false, 503, at)}
			if attempt == 3 {
				r.Outcome, r.Attempt = store.OutcomeSucceeded, attemptFor(w, true, 200, at)
			}
			res = append(res, r)
		}
		must(t, s.RecordResults(ctx, res))
	}
	const limit = 5
	for call := 0; ; call++ {
		if call > 40 {
			t.Fatal("40 calls of Prune did not prune 4 events")
		}
		n, err := s.Prune(ctx, time.Now().Add(time.Hour), limit)
		must(t, err)
		// A call deletes up to limit attempts, or one batch of events with
		// their deliveries (at most limit rows, or one event's), plus keys.
		if n.Rows() > 2*limit+4 {
			t.Fatalf("call %d removed %+v with a limit of %d", call, n, limit)
		}
		ds, _, err := s.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: a, Limit: 100}})
		must(t, err)
		for _, d := range ds {
			if as, err := s.ListAttempts(ctx, a, d.ID); err != nil || len(as) != d.Attempts {
				t.Fatalf("call %d: delivery %s shows %d of its %d attempts (%v)", call, d.ID, len(as), d.Attempts, err)
			}
		}
		if len(ds) > 0 {
			continue
		}
		if evs, _, _ := s.ListEvents(ctx, store.ListEventsParams{ListParams: store.ListParams{AccountID: a, Limit: 10}}); len(evs) != 0 {
			t.Fatalf("%d events left without deliveries", len(evs))
		}
		// The attempts go too (the endpoints' statistics count them).
		left := 0
		for _, ep := range eps {
			st, err := s.EndpointStats(ctx, a, ep, base)
			must(t, err)
			left += st.Attempts
		}
		if left == 0 {
			return
		}
	}
}

func testTestEvents(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	e1 := newEndpoint(t, s, a, order.EventStampFailed)
	newEndpoint(t, s, a)
	ev, err := order.SampleEvent(a, order.EventStampUploaded, base)
	must(t, err)
	res, err := s.CreateTestEvent(ctx, ev, e1.ID, store.LeaseParams{})
	must(t, err)
	if res.Deliveries != 1 {
		t.Fatalf("test event deliveries = %d (must go to the chosen endpoint only, subscribed or not)", res.Deliveries)
	}
	ds, _, err := s.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: a, Limit: 10}})
	must(t, err)
	if len(ds) != 1 || !ds[0].Test || ds[0].EndpointID != e1.ID {
		t.Fatalf("deliveries = %+v", ds)
	}
	if _, err := s.CreateTestEvent(ctx, ev, ids.New(ids.Endpoint), store.LeaseParams{}); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown endpoint: %v", err)
	}
	// A disabled endpoint (checked in the same write, not before it): no
	// event without its delivery.
	_, err = s.UpdateEndpoint(ctx, a, e1.ID, func(x *store.Endpoint) error { x.Status = store.EndpointDisabled; return nil })
	must(t, err)
	ev2, err := order.SampleEvent(a, order.EventStampUploaded, base)
	must(t, err)
	if _, err := s.CreateTestEvent(ctx, ev2, e1.ID, store.LeaseParams{}); !errors.Is(err, store.ErrEndpointDisabled) {
		t.Fatalf("disabled endpoint: %v, want ErrEndpointDisabled", err)
	}
	if _, err := s.GetEvent(ctx, a, ev2.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("the test event of a disabled endpoint was stored: %v", err)
	}
}

// testCounts checks the gauges' figures: due now, waiting at all (due now,
// later, or leased), the oldest due time, and disabled endpoints.
func testCounts(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	newEndpoint(t, s, a)
	e2 := newEndpoint(t, s, a)
	seedDeliveries(t, s, a, 3) // 6 deliveries, due at base
	check := func(what string, now time.Time, due, pending, disabled int, oldest *time.Time) {
		t.Helper()
		c, err := s.Counts(ctx, now)
		must(t, err)
		if c.DueDeliveries != due || c.PendingDeliveries != pending || c.DisabledEndpoints != disabled {
			t.Fatalf("%s: counts = %+v; want due %d, pending %d, disabled %d", what, c, due, pending, disabled)
		}
		if (c.OldestDue == nil) != (oldest == nil) || (oldest != nil && !c.OldestDue.Equal(*oldest)) {
			t.Fatalf("%s: oldest due = %v; want %v", what, c.OldestDue, oldest)
		}
		// The earliest due time of all pending, due yet or not: base for
		// the seeded ones, whatever the time of the count.
		if c.NextDue == nil || !c.NextDue.Equal(base) {
			t.Fatalf("%s: next due = %v; want %v", what, c.NextDue, base)
		}
	}
	check("before they are due", base.Add(-time.Second), 0, 6, 0, nil)
	check("once due", base.Add(time.Second), 6, 6, 0, &base)
	// Two leased until base+1h+1m: waiting, not due until the lease ends.
	claimN(t, s, "A", base.Add(time.Hour), 2, 2, "")
	check("two leased", base.Add(time.Hour), 4, 6, 0, &base)
	setEndpointStatus(t, s, a, e2.ID, store.EndpointDisabled, base)
	c, err := s.Counts(ctx, base.Add(time.Hour))
	must(t, err)
	if c.DisabledEndpoints != 1 || c.PendingDeliveries >= 6 || c.DueDeliveries >= 4 {
		t.Fatalf("after disabling an endpoint: counts = %+v; want its deliveries parked (neither due nor pending) and 1 disabled", c)
	}
}
