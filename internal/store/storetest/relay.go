package storetest

import (
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
)

// The conformance tests of store.RelayStore (`esahayak listen`).

func init() {
	extraTests["ListenSessions"] = testListenSessions
	extraTests["ListEventsAfter"] = testListEventsAfter
	extraTests["ListenDeliveries"] = testListenDeliveries
	extraTests["ListenSessionLimit"] = testListenSessionLimit
	extraTests["ListenReportAfterClose"] = testListenReportAfterClose
}

// listenPrefix is the relay's id prefix for sessions; the store does not
// care what it is.
const listenPrefix = "ls_"

func newListenSession(t *testing.T, s store.Store, account string, events ...string) store.ListenSession {
	t.Helper()
	if len(events) == 0 {
		events = order.EventTypes
	}
	ls := store.ListenSession{ID: ids.New(listenPrefix), AccountID: account, Events: events, ForwardTo: "http://localhost:3000/webhooks/esahayak",
		Secret: "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0", CreatedAt: base}
	must(t, s.CreateListenSession(ctx, ls, 0))
	return ls
}

// testListenSessionLimit: an account cannot open more sessions than its
// limit, even with creates racing each other; closed sessions do not count,
// and other accounts are not affected.
func testListenSessionLimit(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	const limit = 4
	newLS := func(account string) store.ListenSession {
		return store.ListenSession{ID: ids.New(listenPrefix), AccountID: account, Events: order.EventTypes,
			Secret: "whsec_dGVzdHNlY3JldHRlc3RzZWNyZXR0ZXN0c2VjcmV0", CreatedAt: base}
	}
	raceCreatesPastLimit(t, limit, func() error { return s.CreateListenSession(ctx, newLS(a), limit) }, store.ErrListenSessionLimit)
	ss, _, err := s.ListListenSessions(ctx, store.ListListenSessionsParams{ListParams: store.ListParams{AccountID: a, Limit: 100}})
	must(t, err)
	if len(ss) != limit {
		t.Fatalf("%d sessions listed, want %d", len(ss), limit)
	}
	must(t, s.CreateListenSession(ctx, newLS(newAccount(t, s)), limit)) // another account
	must(t, s.CreateListenSession(ctx, newLS(a), 0))                    // no limit: now limit+1 open
	for _, ls := range ss[:2] {
		_, err := s.CloseListenSession(ctx, a, ls.ID, base)
		must(t, err)
	}
	must(t, s.CreateListenSession(ctx, newLS(a), limit)) // 3 + 1 after the closes
	if err := s.CreateListenSession(ctx, newLS(a), limit); !errors.Is(err, store.ErrListenSessionLimit) {
		t.Fatalf("create past the limit: %v", err)
	}
}

func testListenSessions(t *testing.T, s store.Store) {
	a, b := newAccount(t, s), newAccount(t, s)
	first := newListenSession(t, s, a, order.EventStampUploaded, order.EventOrderCancelled)
	second := newListenSession(t, s, a)
	third := newListenSession(t, s, a)
	newListenSession(t, s, b)

	got, err := s.GetListenSession(ctx, a, first.ID)
	must(t, err)
	if got.ID != first.ID || got.AccountID != a || !slices.Equal(got.Events, first.Events) || got.ForwardTo != first.ForwardTo ||
		got.Secret != first.Secret || !got.CreatedAt.Equal(base) || got.LastSeenAt != nil || got.ClosedAt != nil {
		t.Fatalf("session = %+v, want %+v", got, first)
	}
	if _, err := s.GetListenSession(ctx, b, first.ID); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("another account's session: %v", err)
	}

	page, more, err := s.ListListenSessions(ctx, store.ListListenSessionsParams{ListParams: store.ListParams{AccountID: a, Limit: 2}})
	must(t, err)
	if len(page) != 2 || !more || page[0].ID != third.ID || page[1].ID != second.ID {
		t.Fatalf("first page = %v more=%v", sessionIDs(page), more)
	}
	page, more, err = s.ListListenSessions(ctx, store.ListListenSessionsParams{ListParams: store.ListParams{AccountID: a, Limit: 2, StartingAfter: second.ID}})
	must(t, err)
	if len(page) != 1 || more || page[0].ID != first.ID {
		t.Fatalf("second page = %v more=%v", sessionIDs(page), more)
	}

	seen := base.Add(time.Minute)
	must(t, s.TouchListenSession(ctx, a, first.ID, seen))
	must(t, s.TouchListenSession(ctx, a, first.ID, base.Add(time.Second))) // never moves back
	got, err = s.GetListenSession(ctx, a, first.ID)
	must(t, err)
	if got.LastSeenAt == nil || !got.LastSeenAt.Equal(seen) {
		t.Fatalf("last_seen_at = %v, want %v", got.LastSeenAt, seen)
	}
	if err := s.TouchListenSession(ctx, b, first.ID, seen); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("touch another account's session: %v", err)
	}

	closed := base.Add(2 * time.Minute)
	got, err = s.CloseListenSession(ctx, a, first.ID, closed)
	must(t, err)
	if got.ClosedAt == nil || !got.ClosedAt.Equal(closed) {
		t.Fatalf("closed_at = %v", got.ClosedAt)
	}
	// Nothing signs with a closed session's secret again (only its
	// listener ever did): it is not kept until the retention prunes the
	// session.
	if got, _ := s.GetListenSession(ctx, a, first.ID); got.Secret != "" {
		t.Errorf("a closed session still holds its signing secret %q", got.Secret)
	}
	if got, _ := s.GetListenSession(ctx, a, second.ID); got.Secret != second.Secret {
		t.Errorf("an open session's secret is %q, want %q", got.Secret, second.Secret)
	}
	got, err = s.CloseListenSession(ctx, a, first.ID, closed.Add(time.Hour))
	must(t, err)
	if !got.ClosedAt.Equal(closed) {
		t.Fatalf("closing twice moved closed_at to %v", got.ClosedAt)
	}
	// A closed session keeps its last sighting.
	must(t, s.TouchListenSession(ctx, a, first.ID, closed.Add(time.Hour)))
	if got, _ := s.GetListenSession(ctx, a, first.ID); !got.LastSeenAt.Equal(seen) {
		t.Fatalf("touch after close moved last_seen_at to %v", got.LastSeenAt)
	}
	// The status filter: first is closed, second and third open; b's
	// session is open but not a's.
	for _, tc := range []struct {
		status string
		want   []string
	}{
		{store.ListenSessionOpen, []string{third.ID, second.ID}},
		{store.ListenSessionClosed, []string{first.ID}},
		{"", []string{third.ID, second.ID, first.ID}},
	} {
		page, more, err := s.ListListenSessions(ctx, store.ListListenSessionsParams{ListParams: store.ListParams{AccountID: a, Limit: 100}, Status: tc.status})
		must(t, err)
		if !slices.Equal(sessionIDs(page), tc.want) || more {
			t.Fatalf("sessions with status %q = %v more=%v, want %v", tc.status, sessionIDs(page), more, tc.want)
		}
	}
	// Paged: the page's has-more counts only the sessions of the status.
	page, more, err = s.ListListenSessions(ctx, store.ListListenSessionsParams{ListParams: store.ListParams{AccountID: a, Limit: 1}, Status: store.ListenSessionOpen})
	must(t, err)
	if len(page) != 1 || !more || page[0].ID != third.ID {
		t.Fatalf("first page of the open = %v more=%v", sessionIDs(page), more)
	}
	page, more, err = s.ListListenSessions(ctx, store.ListListenSessionsParams{ListParams: store.ListParams{AccountID: a, Limit: 1, StartingAfter: second.ID}, Status: store.ListenSessionOpen})
	must(t, err)
	if len(page) != 0 || more {
		t.Fatalf("open sessions after the last open one = %v more=%v, want none (the closed one left out)", sessionIDs(page), more)
	}
	page, more, err = s.ListListenSessions(ctx, store.ListListenSessionsParams{ListParams: store.ListParams{AccountID: a, Limit: 1, EndingBefore: first.ID}, Status: store.ListenSessionClosed})
	must(t, err)
	if len(page) != 0 || more {
		t.Fatalf("closed sessions newer than the only closed one = %v more=%v, want none", sessionIDs(page), more)
	}
	if _, err := s.CloseListenSession(ctx, b, second.ID, closed); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("close another account's session: %v", err)
	}
	// Refused, and not done either: the session is open, its secret kept.
	if got, err := s.GetListenSession(ctx, a, second.ID); err != nil || got.ClosedAt != nil || got.Secret != second.Secret {
		t.Fatalf("after another account's close: closed_at %v, secret kept %v, err %v; want open with its secret", got.ClosedAt, got.Secret == second.Secret, err)
	}
}

func sessionIDs(ss []store.ListenSession) []string {
	var out []string
	for _, ls := range ss {
		out = append(out, ls.ID)
	}
	return out
}

func eventIDs(evs []store.Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.ID)
	}
	return out
}

func testListEventsAfter(t *testing.T, s store.Store) {
	a, b := newAccount(t, s), newAccount(t, s)
	ep := newEndpoint(t, s, a)
	var want []store.Event // a's real events, oldest first
	// Each a millisecond after the one before: ids of one millisecond
	// carry its time, and sort by their random part.
	for i, m := range []order.Move{order.MoveUpload, order.MoveFail, order.MoveCancel, order.MoveUpload} {
		o := newOrder(t, s, a, false)
		at := base.Add(time.Duration(2*i+1) * time.Millisecond)
		res, err := s.TransitionOrder(ctx, store.TransitionParams{OrderID: o.ID, Now: at,
			Decide: func(cur store.Order) (store.Transition, error) {
				return order.Apply(cur, order.Request{Move: m, Actor: order.Operator, Now: at, Reason: "r", Error: order.ErrorDetail{Code: "X", Message: "y"}})
			}})
		must(t, err)
		want = append(want, *res.Event)
		if i == 1 {
			// A test event in between, and another account's event.
			ev, err := order.SampleEvent(a, order.EventStampFailed, at.Add(time.Millisecond))
			must(t, err)
			_, err = s.CreateTestEvent(ctx, ev, ep.ID, store.LeaseParams{})
			must(t, err)
			_, err = move(t, s, newOrder(t, s, b, false), order.MoveUpload, store.LeaseParams{})
			must(t, err)
		}
	}

	list := func(p store.EventsAfterParams) []string {
		t.Helper()
		p.AccountID = a
		if p.Limit == 0 {
			p.Limit = 100
		}
		evs, err := s.ListEventsAfter(ctx, p)
		must(t, err)
		return eventIDs(evs)
	}
	all := eventIDs(want)
	if got := list(store.EventsAfterParams{}); !slices.Equal(got, all) {
		t.Fatalf("all events = %v, want %v (oldest first, no test events, no other account's)", got, all)
	}
	if got := list(store.EventsAfterParams{After: all[1]}); !slices.Equal(got, all[2:]) {
		t.Fatalf("after %s = %v, want %v", all[1], got, all[2:])
	}
	if got := list(store.EventsAfterParams{After: all[3]}); len(got) != 0 {
		t.Fatalf("after the newest = %v", got)
	}
	if got := list(store.EventsAfterParams{Limit: 2}); !slices.Equal(got, all[:2]) {
		t.Fatalf("limit 2 = %v, want the oldest two %v", got, all[:2])
	}
	if got := list(store.EventsAfterParams{Limit: 2, Newest: true}); !slices.Equal(got, all[2:]) {
		t.Fatalf("newest 2 = %v, want %v, oldest first", got, all[2:])
	}
	if got := list(store.EventsAfterParams{Types: []string{order.EventStampUploaded}}); !slices.Equal(got, []string{all[0], all[3]}) {
		t.Fatalf("stamp.uploaded only = %v", got)
	}
	if got := list(store.EventsAfterParams{Types: []string{order.EventStampFailed, order.EventOrderCancelled}}); !slices.Equal(got, all[1:3]) {
		t.Fatalf("two types = %v", got)
	}
	withTest, err := s.ListEventsAfter(ctx, store.EventsAfterParams{AccountID: a, Limit: 100, IncludeTest: true})
	must(t, err)
	if len(withTest) != 5 || !withTest[2].Test || withTest[2].Type != order.EventStampFailed {
		t.Fatalf("with test events = %v", eventIDs(withTest))
	}
	// The payload is the stored body, byte for byte.
	evs, err := s.ListEventsAfter(ctx, store.EventsAfterParams{AccountID: a, Limit: 1})
	must(t, err)
	if string(evs[0].Payload) != string(want[0].Payload) || evs[0].Type != want[0].Type || evs[0].AccountID != a {
		t.Fatalf("event = %+v", evs[0])
	}
}

func testListenDeliveries(t *testing.T, s store.Store) {
	a, b := newAccount(t, s), newAccount(t, s)
	ep := newEndpoint(t, s, a)
	ls := newListenSession(t, s, a)
	res, err := move(t, s, newOrder(t, s, a, false), order.MoveUpload, store.LeaseParams{})
	must(t, err)
	ev := res.Event
	if res.Deliveries != 1 {
		t.Fatalf("a listen session must not get a delivery from the fan-out: %d deliveries", res.Deliveries)
	}

	now := base.Add(time.Second)
	report := func(session, account, event string, status int, errText string) (store.Delivery, bool, error) {
		return s.RecordListenAttempt(ctx, store.ListenAttemptParams{
			SessionID: session, AccountID: account, EventID: event, Now: now.Add(20 * time.Millisecond),
			Attempt: store.Attempt{
				ID: ids.New(ids.Attempt), StartedAt: now, Duration: 12 * time.Millisecond,
				RequestHeaders: map[string]string{"webhook-id": event, "X-eSahayak-Attempt": "1"}, ResponseStatus: status,
				ResponseHeaders: map[string]string{"Content-Type": "application/json"}, ResponseBody: `{"received":true}`,
				Error: errText, Succeeded: status >= 200 && status < 300,
			},
		})
	}
	d, added, err := report(ls.ID, a, ev.ID, 200, "")
	must(t, err)
	if !added || d.EndpointID != ls.ID || d.EventID != ev.ID || d.EventType != ev.Type || d.AccountID != a || d.Status != store.DeliverySucceeded ||
		d.Attempts != 1 || d.LastStatusCode != 200 || d.LastError != "" || d.NextAttemptAt != nil || d.LastAttemptAt == nil ||
		!d.LastAttemptAt.Equal(now.Add(12*time.Millisecond)) || !ids.Valid(ids.Delivery, d.ID) {
		t.Fatalf("listen delivery (added %v) = %+v", added, d)
	}
	// A session is sent each event once: a report sent again (its answer
	// lost) changes nothing, whatever it says.
	for _, status := range []int{500, 200} {
		again, added, err := report(ls.ID, a, ev.ID, status, "")
		must(t, err)
		if added || again.ID != d.ID || again.Attempts != 1 || again.Status != store.DeliverySucceeded || again.LastStatusCode != 200 {
			t.Fatalf("report sent again (added %v) = %+v", added, again)
		}
	}
	// …but it shows the listener alive: the session's last_seen_at moves.
	later := now.Add(time.Hour)
	_, _, err = s.RecordListenAttempt(ctx, store.ListenAttemptParams{SessionID: ls.ID, AccountID: a, EventID: ev.ID, Now: later,
		Attempt: store.Attempt{ID: ids.New(ids.Attempt), StartedAt: later, Duration: time.Millisecond, ResponseStatus: 200, Succeeded: true}})
	must(t, err)
	if got, _ := s.GetListenSession(ctx, a, ls.ID); got.LastSeenAt == nil || !got.LastSeenAt.Equal(later) {
		t.Fatalf("after a report sent again an hour later, last_seen_at = %v; want %v", got.LastSeenAt, later)
	}
	// Concurrent reports of one event: one delivery, one attempt.
	ev2, err := move(t, s, newOrder(t, s, a, false), order.MoveUpload, store.LeaseParams{})
	must(t, err)
	var wg sync.WaitGroup
	var addedN atomic.Int32
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, added, err := report(ls.ID, a, ev2.Event.ID, 200, ""); err == nil && added {
				addedN.Add(1)
			}
		}()
	}
	wg.Wait()
	if n := addedN.Load(); n != 1 {
		t.Fatalf("8 concurrent reports of one event added %d deliveries, want 1", n)
	}
	got, err := s.GetDelivery(ctx, a, d.ID)
	must(t, err)
	if got.EndpointID != ls.ID || got.Attempts != 1 || got.Status != store.DeliverySucceeded {
		t.Fatalf("GetDelivery = %+v", got)
	}
	atts, err := s.ListAttempts(ctx, a, d.ID)
	must(t, err)
	if len(atts) != 1 || atts[0].Number != 1 || !atts[0].Succeeded ||
		atts[0].RequestHeaders["webhook-id"] != ev.ID || atts[0].ResponseBody != `{"received":true}` ||
		atts[0].Duration != 12*time.Millisecond || atts[0].EndpointID != ls.ID || atts[0].EventID != ev.ID {
		t.Fatalf("attempts = %+v", atts)
	}
	list, _, err := s.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: a, Limit: 10}, EndpointID: ls.ID})
	must(t, err)
	if len(list) != 2 || list[1].ID != d.ID {
		t.Fatalf("deliveries of the session (newest first) = %+v", list)
	}
	all, _, err := s.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: a, Limit: 10}, EventID: ev.ID})
	must(t, err)
	if len(all) != 2 {
		t.Fatalf("the event has %d deliveries, want the endpoint's and the session's", len(all))
	}
	if s, _ := s.GetListenSession(ctx, a, ls.ID); s.LastSeenAt == nil || s.LastSeenAt.Before(now) {
		t.Fatalf("a report did not record the session as seen: %v", s.LastSeenAt)
	}

	// The delivery engine never gets a listen delivery: not when it is
	// written, and not even when someone makes it due by hand.
	claimAll := func() []store.Work {
		t.Helper()
		work, err := s.ClaimDeliveries(ctx, store.ClaimParams{Owner: "o", Now: base.Add(time.Hour), LeaseUntil: base.Add(2 * time.Hour), Limit: 100})
		must(t, err)
		return work
	}
	for _, w := range claimAll() {
		if w.EndpointID != ep.ID {
			t.Fatalf("claimed a listen delivery: %+v", w)
		}
	}
	_, err = s.RetryDelivery(ctx, a, d.ID, base.Add(time.Minute))
	must(t, err)
	if work := claimAll(); len(work) != 0 {
		t.Fatalf("claimed %+v", work)
	}

	// Only the account's own sessions and events.
	if _, _, err := report(ids.New(listenPrefix), a, ev.ID, 200, ""); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown session: %v", err)
	}
	if _, _, err := report(ls.ID, b, ev.ID, 200, ""); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("another account's session: %v", err)
	}
	other, err := move(t, s, newOrder(t, s, b, false), order.MoveUpload, store.LeaseParams{})
	must(t, err)
	if _, _, err := report(ls.ID, a, other.Event.ID, 200, ""); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("another account's event: %v", err)
	}
}

// testListenReportAfterClose: a closed session records no report, a
// first one or one sent again: ErrListenSessionClosed, and its deliveries
// stay as they were. The API checks the session before the write, and a
// DELETE landing between that check and the write recorded a result for a
// session already closed.
func testListenReportAfterClose(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	ls := newListenSession(t, s, a)
	first, err := move(t, s, newOrder(t, s, a, false), order.MoveUpload, store.LeaseParams{})
	must(t, err)
	second, err := move(t, s, newOrder(t, s, a, false), order.MoveUpload, store.LeaseParams{})
	must(t, err)
	now := base.Add(time.Second)
	report := func(event string) (bool, error) {
		_, added, err := s.RecordListenAttempt(ctx, store.ListenAttemptParams{SessionID: ls.ID, AccountID: a, EventID: event, Now: now,
			Attempt: store.Attempt{ID: ids.New(ids.Attempt), StartedAt: now, Duration: time.Millisecond, RequestHeaders: map[string]string{},
				ResponseStatus: 200, Succeeded: true}})
		return added, err
	}
	if _, err := report(first.Event.ID); err != nil {
		t.Fatalf("a report to the open session: %v", err)
	}
	_, err = s.CloseListenSession(ctx, a, ls.ID, now)
	must(t, err)
	for name, event := range map[string]string{"a first report": second.Event.ID, "a report sent again": first.Event.ID} {
		if added, err := report(event); !errors.Is(err, store.ErrListenSessionClosed) || added {
			t.Errorf("%s to the closed session: added %v, %v; want %v", name, added, err, store.ErrListenSessionClosed)
		}
	}
	ds, _, err := s.ListDeliveries(ctx, store.ListDeliveriesParams{ListParams: store.ListParams{AccountID: a, Limit: 10}, EndpointID: ls.ID})
	must(t, err)
	if len(ds) != 1 || ds[0].EventID != first.Event.ID {
		t.Fatalf("the closed session's deliveries = %+v; want only the one reported before its close", ds)
	}
}

func init() { extraTests["PruneClosedListenSessions"] = testPruneClosedListenSessions }

// testPruneClosedListenSessions: the retention prunes a listen session
// closed before its cutoff once no delivery of it is left (the results it
// reported go with their events); an open session, one closed after the
// cutoff, or one whose deliveries are kept stays.
func testPruneClosedListenSessions(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	newEndpoint(t, s, a)
	open := newListenSession(t, s, a)
	closedEmpty := newListenSession(t, s, a)
	closedWithResult := newListenSession(t, s, a)
	closedLate := newListenSession(t, s, a)
	res, err := move(t, s, newOrder(t, s, a, false), order.MoveUpload, store.LeaseParams{})
	must(t, err)
	now := base.Add(time.Second)
	_, _, err = s.RecordListenAttempt(ctx, store.ListenAttemptParams{SessionID: closedWithResult.ID, AccountID: a, EventID: res.Event.ID, Now: now,
		Attempt: store.Attempt{ID: ids.New(ids.Attempt), StartedAt: now, Duration: time.Millisecond, RequestHeaders: map[string]string{},
			ResponseStatus: 200, Succeeded: true}})
	must(t, err)
	for _, c := range []struct {
		id string
		at time.Time
	}{{closedEmpty.ID, base.Add(time.Minute)}, {closedWithResult.ID, base.Add(time.Minute)}, {closedLate.ID, base.Add(3 * time.Hour)}} {
		_, err := s.CloseListenSession(ctx, a, c.id, c.at)
		must(t, err)
	}
	// The cutoff is on the suite's clock for the sessions; the event's id
	// carries the real clock, so the event (and the result) is kept.
	_, err = s.Prune(ctx, base.Add(time.Hour), 1000)
	must(t, err)
	if _, err := s.GetListenSession(ctx, a, closedEmpty.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a session closed before the cutoff, with no results left: %v; want it pruned", err)
	}
	for name, id := range map[string]string{"open": open.ID, "closed with a kept result": closedWithResult.ID, "closed after the cutoff": closedLate.ID} {
		if _, err := s.GetListenSession(ctx, a, id); err != nil {
			t.Errorf("the %s session was pruned: %v", name, err)
		}
	}
}
