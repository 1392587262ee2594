package delivery_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/delivery"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// TestHeldDeliveryIsSentWhenItsLaneHasRoom: events to a fast endpoint and
// to a slow one whose lane is full leave the slow one's deliveries held
// back (on PostgreSQL, in memory: TransitionResult.Held), and such an
// event asks for no claim. When the slow lane's attempts end, the lane
// wakes the claimer, which writes and sends them at once, not at the next
// poll (here 60 s): the lane's refusal at insert marks it as passed over,
// as a claim's refusal does.
func TestHeldDeliveryIsSentWhenItsLaneHasRoom(t *testing.T) {
	eachStore(t, func(t *testing.T, open func(testing.TB) store.Store) {
		s := testenv.Start(t, open(t), testenv.Options{Poll: time.Minute})
		fast := newReceiver(t, nil)
		slow := newReceiver(t, func(n int, w http.ResponseWriter, r *http.Request, _ []byte) {
			sleepCtx(r.Context(), time.Second)
		})
		fastEP, _ := createEndpoint(t, s, s.APIKey, fast.URL("/fast"))
		upload(t, s, s.APIKey) // the fast lane learns it is fast
		fast.waitCount(t, 1, 15*time.Second)
		testenv.Eventually(t, 15*time.Second, "the fast endpoint's lane to be taken for fast", func() bool {
			return delivery.LaneFast(s.Engine, fastEP)
		})
		createEndpoint(t, s, s.APIKey, slow.URL("/slow"))

		// A new lane's window is two: the third and fourth events'
		// deliveries to the slow endpoint find it full.
		start := time.Now()
		for range 4 {
			upload(t, s, s.APIKey)
		}
		reqs := slow.waitCount(t, 4, 50*time.Second)
		late := reqs[3].At.Sub(start)
		t.Logf("the slow endpoint's attempts take 1 s; its fourth delivery arrived %s after the first upload", late)
		if late > 15*time.Second {
			t.Errorf("the slow endpoint's fourth delivery arrived %s after the uploads (poll 60 s): nothing woke the claimer when its lane had room", late)
		}
	})
}
