package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

func init() { extraTests["AccountScopedDeliveries"] = testAccountScopedDeliveries }

// testAccountScopedDeliveries: another account cannot read a delivery, list
// its attempts (request and response headers and bodies), or resend an
// endpoint's failed deliveries by knowing their ids. GetDelivery,
// ListAttempts and RecoverEndpoint each kept working with their account
// condition removed: nothing read them from the wrong account.
func testAccountScopedDeliveries(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	e := newEndpoint(t, s, a)
	seedDeliveries(t, s, a, 1)
	now := base.Add(time.Second)
	ws := claimN(t, s, "A", now, 10, 1, "")
	id := ws[0].DeliveryID
	must(t, s.RecordResults(ctx, []store.Result{{DeliveryID: id, EndpointID: e.ID, LeaseOwner: "A", LeaseUntil: ws[0].LeaseUntil,
		Outcome: store.OutcomeFailed, RoundAttempt: 1, Attempt: attemptFor(ws[0], false, 500, now)}}))

	b := newAccount(t, s)
	if _, err := s.GetDelivery(ctx, b, id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("another account's GetDelivery: err = %v, want ErrNotFound", err)
	}
	if as, err := s.ListAttempts(ctx, b, id); len(as) != 0 || (err != nil && !errors.Is(err, store.ErrNotFound)) {
		t.Errorf("another account's ListAttempts = %d attempts, err %v; want none", len(as), err)
	}
	if n, err := s.RecoverEndpoint(ctx, b, e.ID, base, now.Add(time.Minute)); n != 0 || (err != nil && !errors.Is(err, store.ErrNotFound)) {
		t.Errorf("another account's RecoverEndpoint = %d, err %v; want 0", n, err)
	}
	d, err := s.GetDelivery(ctx, a, id)
	must(t, err)
	if d.Status != store.DeliveryFailed {
		t.Errorf("after another account's recover: status %q, want failed", d.Status)
	}
	as, err := s.ListAttempts(ctx, a, id)
	must(t, err)
	if len(as) != 1 {
		t.Errorf("own ListAttempts = %d attempts, want 1", len(as))
	}
}
