package storetest

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/store"
)

func init() {
	extraTests["FanOutFollowsEndpointChanges"] = testFanOutFollowsEndpointChanges
}

// testFanOutFollowsEndpointChanges checks that every kind of endpoint
// change shows in the very next event's fan-out: which endpoints get a
// delivery, and the URL and secrets its work carries. A driver may keep the
// account's endpoints in memory between events (SQLite does); this is what
// holds it to the database.
func testFanOutFollowsEndpointChanges(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	lease := store.LeaseParams{Owner: "me", Until: base.Add(time.Hour), Reserve: func(string) bool { return true }}
	// upload returns the new event's work, by endpoint id.
	upload := func(step string) map[string]store.Work {
		t.Helper()
		res, err := move(t, s, newOrder(t, s, a, false), order.MoveUpload, lease)
		if err != nil {
			t.Fatalf("%s: upload: %v", step, err)
		}
		out := map[string]store.Work{}
		for _, w := range res.Work {
			out[w.EndpointID] = w
		}
		if res.Deliveries != len(out) {
			t.Fatalf("%s: %d deliveries, %d leased", step, res.Deliveries, len(out))
		}
		return out
	}
	keys := func(m map[string]store.Work) []string {
		var k []string
		for id := range m {
			k = append(k, id)
		}
		slices.Sort(k)
		return k
	}
	expect := func(step string, got map[string]store.Work, want ...string) {
		t.Helper()
		slices.Sort(want)
		if k := keys(got); !slices.Equal(k, want) {
			t.Fatalf("%s: deliveries to %v; want %v", step, k, want)
		}
	}

	e1 := newEndpoint(t, s, a)
	expect("one endpoint", upload("one endpoint"), e1.ID)

	e2 := newEndpoint(t, s, a)
	expect("after a second endpoint is created", upload("create"), e1.ID, e2.ID)

	_, err := s.UpdateEndpoint(ctx, a, e2.ID, func(e *store.Endpoint) error {
		e.URL, e.UpdatedAt = "https://example.test/moved", base.Add(time.Second)
		return nil
	})
	must(t, err)
	got := upload("new URL")
	expect("after a URL change", got, e1.ID, e2.ID)
	if got[e2.ID].URL != "https://example.test/moved" {
		t.Fatalf("work after a URL change goes to %q", got[e2.ID].URL)
	}

	exp := base.Add(time.Hour)
	_, err = s.UpdateEndpoint(ctx, a, e2.ID, func(e *store.Endpoint) error {
		e.PreviousSecret, e.PreviousSecretExpiresAt, e.Secret = e.Secret, &exp, "whsec_cm90YXRlZHJvdGF0ZWRyb3RhdGVk"
		return nil
	})
	must(t, err)
	got = upload("rotated")
	if w := got[e2.ID]; len(w.Secrets) != 2 || w.Secrets[0] != "whsec_cm90YXRlZHJvdGF0ZWRyb3RhdGVk" {
		t.Fatalf("work after a secret rotation signs with %v", w.Secrets)
	}

	_, err = s.UpdateEndpoint(ctx, a, e2.ID, func(e *store.Endpoint) error {
		e.Events = []string{order.EventStampFailed}
		return nil
	})
	must(t, err)
	expect("after e2 unsubscribes from uploads", upload("unsubscribed"), e1.ID)

	// A refused update changes nothing.
	nope := errors.New("nope")
	if _, err := s.UpdateEndpoint(ctx, a, e1.ID, func(e *store.Endpoint) error {
		e.Status = store.EndpointDisabled
		return nope
	}); !errors.Is(err, nope) {
		t.Fatalf("refused update: %v", err)
	}
	expect("after a refused update", upload("refused"), e1.ID)

	_, err = s.UpdateEndpoint(ctx, a, e1.ID, func(e *store.Endpoint) error {
		e.Status, e.DisabledReason = store.EndpointDisabled, "by hand"
		return nil
	})
	must(t, err)
	expect("after e1 is disabled", upload("disabled"))

	_, err = s.UpdateEndpoint(ctx, a, e1.ID, func(e *store.Endpoint) error {
		e.Status, e.DisabledReason = store.EndpointEnabled, ""
		return nil
	})
	must(t, err)
	expect("after e1 is enabled again", upload("enabled"), e1.ID)

	must(t, s.DeleteEndpoint(ctx, a, e1.ID, base.Add(time.Minute)))
	expect("after e1 is deleted", upload("deleted"))

	// Automatic disabling: e3 fails for long enough.
	e3 := newEndpoint(t, s, a)
	ws := upload("e3")
	expect("e3 created", ws, e3.ID)
	t0 := base.Add(time.Second)
	w := ws[e3.ID]
	must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: w.DeliveryID, EndpointID: e3.ID, LeaseOwner: "me", LeaseUntil: w.LeaseUntil, Outcome: store.OutcomeRetry,
		RoundAttempt: 1, NextAttemptAt: t0.Add(time.Hour), Attempt: attemptFor(w, false, 503, t0)}}))
	// It fails again a whole period later (its delivery comes round once
	// more): the failures span the period.
	later := t0.Add(5 * 24 * time.Hour)
	var again store.Work
	for _, x := range claim(t, s, "me", later, 100) {
		if x.DeliveryID == w.DeliveryID {
			again = x
		}
	}
	if again.DeliveryID == "" {
		t.Fatal("e3's delivery was not claimed again")
	}
	must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: again.DeliveryID, EndpointID: e3.ID, LeaseOwner: "me", LeaseUntil: again.LeaseUntil, Outcome: store.OutcomeRetry,
		RoundAttempt: 2, NextAttemptAt: later.Add(time.Hour), Attempt: attemptFor(again, false, 503, later)}}))
	off, err := s.DisableFailingEndpoints(ctx, 5*24*time.Hour, later)
	must(t, err)
	if len(off) != 1 || off[0].ID != e3.ID {
		t.Fatalf("auto-disabled %+v", off)
	}
	expect("after e3 is disabled automatically", upload("auto-disabled"))
}
