package storetest

import (
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

func init() {
	extraTests["DisabledAfterLeaseEnds"] = testDisabledAfterLeaseEnds
}

// testDisabledAfterLeaseEnds: a delivery on the wire when its endpoint is
// disabled keeps its lease (the disable parks only what is not), and its
// sender dies without an outcome (SIGKILL, a crash). Its lease then runs
// out, or a restart gives it back (ReleaseLeases, which a SQLite start
// runs): it is due again, with its endpoint still disabled. The claim that
// finds it must not hand it out to be sent; it parks it, and the enable
// makes it due again. Only the claim's own look at the endpoint keeps it
// from the disabled endpoint here (disable sweeps and the engine's memory
// of stopped endpoints play no part after a restart): with that look
// dropped by hand, no test of the SQLite store failed, and on PostgreSQL
// only a driver test of a park racing a claim did.
func testDisabledAfterLeaseEnds(t *testing.T, s store.Store) {
	for _, restart := range []bool{false, true} {
		a := newAccount(t, s)
		e := newEndpoint(t, s, a)
		seedDeliveries(t, s, a, 1)
		// Real time: disabling leaves alone the leases that have not ended
		// by the clock.
		now := time.Now().UTC()
		w := claimN(t, s, "A", now, 10, 1, "")
		setEndpointStatus(t, s, a, e.ID, store.EndpointDisabled, now)
		why := "A's lease ran out, its endpoint disabled"
		at := now.Add(2 * time.Minute) // A's lease (1 min) has ended
		if restart {
			n, err := s.ReleaseLeases(ctx, "A", now)
			must(t, err)
			if n != 1 {
				t.Fatalf("ReleaseLeases(A) = %d, want 1", n)
			}
			why, at = "A's lease given back by a restart, its endpoint disabled", now.Add(time.Second)
			// The release parks it: between the restart and the next
			// claim it is held, not due (esahayak_deliveries_due).
			c, err := s.Counts(ctx, at)
			must(t, err)
			if c.DueDeliveries != 0 {
				t.Fatalf("%s: counts %+v after the release, before any claim, want it parked (not due)", why, c)
			}
		}
		claimN(t, s, "B", at, 10, 0, why+": nothing may be sent")
		c, err := s.Counts(ctx, at)
		must(t, err)
		if c.DueDeliveries != 0 {
			t.Fatalf("%s: counts %+v after the claim, want it parked (not due)", why, c)
		}
		enabled := at.Add(time.Second)
		setEndpointStatus(t, s, a, e.ID, store.EndpointEnabled, enabled)
		got := claimN(t, s, "B", enabled.Add(time.Second), 10, 1, why+", then enabled: it must be sent")
		if got[0].DeliveryID != w[0].DeliveryID || got[0].Attempt != 1 || got[0].URL == "" {
			t.Fatalf("%s, then enabled: claimed %+v, want %s, attempt 1, to send", why, got[0], w[0].DeliveryID)
		}
	}
}
