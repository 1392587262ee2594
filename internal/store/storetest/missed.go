package storetest

import (
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
)

func init() {
	extraTests["MissedDeliveries"] = testMissedDeliveries
	extraTests["MissedDeliveriesAtOnce"] = testMissedDeliveriesAtOnce
	extraTests["MissedDeliveriesResume"] = testMissedDeliveriesResume
}

// createMissed runs CreateMissedDeliveries with the default limit, which
// these tests' few events never reach: the walk must end, with no
// NextSince.
func createMissed(t *testing.T, s store.Store, account, endpointID string, since, now time.Time) (int, error) {
	res, err := s.CreateMissedDeliveries(ctx, store.MissedParams{AccountID: account, EndpointID: endpointID, Since: since, Now: now})
	if err == nil && !res.NextSince.IsZero() {
		t.Errorf("a walk of a few events stopped at %v; want it to reach now", res.NextSince)
	}
	return res.Made, err
}

// setStatus enables or disables the endpoint.
func setStatus(t *testing.T, s store.Store, account, id, status string) {
	t.Helper()
	_, err := s.UpdateEndpoint(ctx, account, id, func(e *store.Endpoint) error { e.Status = status; return nil })
	must(t, err)
}

// endpointDeliveries lists the endpoint's deliveries by event id.
func endpointDeliveries(t *testing.T, s store.Store, account, endpointID string) map[string]store.Delivery {
	t.Helper()
	ds, _, err := s.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: account, Limit: 10_000}, EndpointID: endpointID})
	must(t, err)
	out := map[string]store.Delivery{}
	for _, d := range ds {
		if _, dup := out[d.EventID]; dup {
			t.Fatalf("two deliveries of event %s to %s", d.EventID, endpointID)
		}
		out[d.EventID] = d
	}
	return out
}

// testMissedDeliveries: the events an endpoint missed while disabled get a
// delivery each, due at once, and nothing else does: not the events it has
// a delivery of, not those of other types, test events, other accounts'
// events, events before since or before the endpoint existed; running it
// again makes none.
func testMissedDeliveries(t *testing.T, s store.Store) {
	a, b := newAccount(t, s), newAccount(t, s)
	e := newEndpoint(t, s, a, order.EventStampUploaded)
	other := newEndpoint(t, s, a)
	newEndpoint(t, s, b)
	sent, err := move(t, s, newOrder(t, s, a, false), order.MoveUpload, store.LeaseParams{})
	must(t, err)

	setStatus(t, s, a, e.ID, store.EndpointDisabled)
	var missed []string
	for i := 0; i < 2; i++ {
		res, err := move(t, s, newOrder(t, s, a, false), order.MoveUpload, store.LeaseParams{})
		must(t, err)
		missed = append(missed, res.Event.ID)
	}
	_, err = move(t, s, newOrder(t, s, a, false), order.MoveFail, store.LeaseParams{}) // not a type e wants
	must(t, err)
	_, err = move(t, s, newOrder(t, s, b, false), order.MoveUpload, store.LeaseParams{}) // another account's
	must(t, err)
	ev, err := order.SampleEvent(a, order.EventStampUploaded, base)
	must(t, err)
	_, err = s.CreateTestEvent(ctx, ev, other.ID, store.LeaseParams{}) // a test event, for another endpoint
	must(t, err)

	now := base.Add(time.Minute)
	if _, err := createMissed(t, s, a, e.ID, base, now); !errors.Is(err, store.ErrEndpointDisabled) {
		t.Fatalf("disabled endpoint: err = %v, want ErrEndpointDisabled", err)
	}
	setStatus(t, s, a, e.ID, store.EndpointEnabled)
	if _, err := createMissed(t, s, a, ids.New(ids.Endpoint), base, now); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown endpoint: err = %v, want ErrNotFound", err)
	}
	if _, err := createMissed(t, s, b, e.ID, base, now); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("another account's endpoint: err = %v, want ErrNotFound", err)
	}
	if n, err := createMissed(t, s, a, e.ID, base.Add(time.Hour), now); err != nil || n != 0 {
		t.Fatalf("since after every event: %d, %v; want 0", n, err)
	}
	late := store.Endpoint{
		ID: ids.New(ids.Endpoint), AccountID: a, URL: "https://example.test/late", Events: order.EventTypes,
		Status: store.EndpointEnabled, Secret: e.Secret, CreatedAt: base.Add(time.Hour), UpdatedAt: base.Add(time.Hour),
	}
	must(t, s.CreateEndpoint(ctx, late, 0))
	if n, err := createMissed(t, s, a, late.ID, base, base.Add(2*time.Hour)); err != nil || n != 0 {
		t.Fatalf("endpoint made after every event: %d, %v; want 0", n, err)
	}

	n, err := createMissed(t, s, a, e.ID, base, now)
	must(t, err)
	if n != len(missed) {
		t.Fatalf("made %d deliveries, want %d", n, len(missed))
	}
	got := endpointDeliveries(t, s, a, e.ID)
	if len(got) != 3 || got[sent.Event.ID].ID == "" {
		t.Fatalf("deliveries of e: %+v; want the one sent before the disable and the 2 missed", got)
	}
	for _, id := range missed {
		d := got[id]
		if d.Status != store.DeliveryPending || d.Attempts != 0 || d.Test || d.EventType != order.EventStampUploaded || !d.CreatedAt.Equal(now) {
			t.Fatalf("missed delivery of %s = %+v; want pending, never tried, made at %v", id, d, now)
		}
	}
	if n, err := createMissed(t, s, a, e.ID, base, now.Add(time.Second)); err != nil || n != 0 {
		t.Fatalf("second run: %d, %v; want 0", n, err)
	}

	// Due at once, first attempts, as a fan-out's.
	var claimed []string
	for _, w := range claim(t, s, "A", now, 10, other.ID) {
		if w.EndpointID == e.ID && w.Attempt == 1 && w.RoundAttempt == 1 {
			claimed = append(claimed, w.EventID)
		}
	}
	slices.Sort(claimed)
	want := append([]string{sent.Event.ID}, missed...)
	slices.Sort(want)
	if !slices.Equal(claimed, want) {
		t.Fatalf("claimed for e: events %v; want %v, each as attempt 1", claimed, want)
	}
}

// testMissedDeliveriesAtOnce: two recoveries of the same endpoint at once
// make each missed delivery once, over more than one batch.
func testMissedDeliveriesAtOnce(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	e := newEndpoint(t, s, a)
	setStatus(t, s, a, e.ID, store.EndpointDisabled)
	// More than one batch: a walk that lost its place between batches
	// would make some twice or miss some.
	const events = store.MissedBatch + 3
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < events; i += 8 {
				if _, err := move(t, s, newOrder(t, s, a, false), order.MoveUpload, store.LeaseParams{}); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	setStatus(t, s, a, e.ID, store.EndpointEnabled)
	now := base.Add(time.Minute)
	made := make([]int, 4)
	errs := make([]error, len(made))
	for i := range made {
		wg.Add(1)
		go func() {
			defer wg.Done()
			made[i], errs[i] = createMissed(t, s, a, e.ID, base, now)
		}()
	}
	wg.Wait()
	total := 0
	for i := range made {
		must(t, errs[i])
		total += made[i]
	}
	if total != events {
		t.Fatalf("recoveries at once made %v deliveries in all, want %d", made, events)
	}
	if got := endpointDeliveries(t, s, a, e.ID); len(got) != events {
		t.Fatalf("%d deliveries, want %d", len(got), events)
	}
}

// moveAt is move at another time than base: the event is created then.
func moveAt(t *testing.T, s store.Store, o store.Order, m order.Move, at time.Time) (store.TransitionResult, error) {
	t.Helper()
	return s.TransitionOrder(ctx, store.TransitionParams{
		OrderID: o.ID, Now: at,
		Decide: func(cur store.Order) (store.Transition, error) {
			return order.Apply(cur, order.Request{Move: m, Actor: order.Operator, Now: at, Reason: "r"})
		},
	})
}

// testMissedDeliveriesResume: a walk cut short by its limit says where to
// go on, at the first event it did not read; calls from there make the
// rest, none twice and none skipped, and the last one, which reaches now,
// has no NextSince. Events of the walk's first millisecond are all read
// whatever the limit: stopping among them would send the next call back
// to the same millisecond, forever.
func testMissedDeliveriesResume(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	e := newEndpoint(t, s, a)
	setStatus(t, s, a, e.ID, store.EndpointDisabled)
	// An event of a time less than a second behind the latest event made
	// in the process is moved up to that one's millisecond
	// (ids.NewTimed): a time no other test uses, and two seconds between
	// the times, keep each event at its own time, also when the test runs
	// again (-count).
	start := base.Add(1000 * time.Hour)
	at := func(n time.Duration) time.Time { return start.Add(n * 2 * time.Second) }
	var events []string
	for _, n := range []time.Duration{0, 0, 0, 1, 2, 2, 3, 4} {
		res, err := moveAt(t, s, newOrder(t, s, a, false), order.MoveUpload, at(n))
		must(t, err)
		events = append(events, res.Event.ID)
	}
	setStatus(t, s, a, e.ID, store.EndpointEnabled)

	now := start.Add(time.Minute)
	since := start
	var made []int
	var stops []time.Time
	for call := 0; call < 10; call++ {
		res, err := s.CreateMissedDeliveries(ctx, store.MissedParams{AccountID: a, EndpointID: e.ID, Since: since, Now: now, Limit: 2})
		must(t, err)
		made, stops = append(made, res.Made), append(stops, res.NextSince)
		if res.NextSince.IsZero() {
			break
		}
		if !res.NextSince.After(since) {
			t.Fatalf("call %d from %v stopped at %v: no progress", call, since, res.NextSince)
		}
		since = res.NextSince
	}
	wantStops := []time.Time{at(1), at(2), at(3), {}}
	if !slices.Equal(made, []int{3, 2, 1, 2}) || !slices.EqualFunc(stops, wantStops, time.Time.Equal) {
		t.Fatalf("calls made %v and stopped at %v; want [3 2 1 2], stopping at %v", made, stops, wantStops)
	}
	got := endpointDeliveries(t, s, a, e.ID)
	for _, id := range events {
		if got[id].ID == "" {
			t.Errorf("event %s got no delivery", id)
		}
	}
	if len(got) != len(events) {
		t.Fatalf("%d deliveries, want %d", len(got), len(events))
	}

	// Exactly the limit's events left: the walk reads them all and finds
	// none after, so it reached now.
	res, err := s.CreateMissedDeliveries(ctx, store.MissedParams{AccountID: a, EndpointID: e.ID, Since: at(3), Now: now, Limit: 2})
	if err != nil || res.Made != 0 || !res.NextSince.IsZero() {
		t.Fatalf("walk of exactly the limit's events: %+v, %v; want none made and no NextSince", res, err)
	}
}
