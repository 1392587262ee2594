package delivery_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// TestOldestDueAgeCountsQueuedWork: deliveries this instance has leased
// and queued behind a slow endpoint's attempts are due and unsent, though
// the store no longer counts them as due (they are leased). The oldest due
// delivery's age must grow while they wait, not read 0 until their lease
// runs out or they are sent.
func TestOldestDueAgeCountsQueuedWork(t *testing.T) {
	eachStore(t, func(t *testing.T, open func(testing.TB) store.Store) {
		s := testenv.Start(t, open(t), testenv.Options{PerEndpoint: 2, MaintenanceEvery: 100 * time.Millisecond})
		rc, _ := holdingReceiver(t) // held until the test ends
		fillLane(t, s, rc)
		queued := time.Now()
		time.Sleep(1500 * time.Millisecond)
		age := metricValue(t, s.Registry, "esahayak_oldest_due_delivery_age_seconds")
		if want := time.Since(queued).Seconds() - 0.2; age < want {
			t.Errorf("esahayak_oldest_due_delivery_age_seconds = %v with two deliveries queued for %.1f s; want at least %.1f", age, time.Since(queued).Seconds(), want)
		}
	})
}

// TestDueCountsQueuedWork: esahayak_deliveries_due read 0 while two
// deliveries waited, due and unsent, in a full lane's queue behind a slow
// endpoint's attempts (the store counts them as claimed), although the
// oldest due delivery's age counted them. It must count them while they
// wait, and fall back to 0 once they are sent.
func TestDueCountsQueuedWork(t *testing.T) {
	eachStore(t, func(t *testing.T, open func(testing.TB) store.Store) {
		s := testenv.Start(t, open(t), testenv.Options{PerEndpoint: 2, MaintenanceEvery: 100 * time.Millisecond})
		rc, answer := holdingReceiver(t)
		fillLane(t, s, rc)
		time.Sleep(300 * time.Millisecond) // a few maintenance counts
		if due := metricValue(t, s.Registry, "esahayak_deliveries_due"); due != 2 {
			t.Errorf("esahayak_deliveries_due = %v with two deliveries queued unsent behind two attempts on the wire; want 2", due)
		}
		answer()
		testenv.Eventually(t, 10*time.Second, "every delivery sent and esahayak_deliveries_due at 0", func() bool {
			return rc.Count() == 4 && metricValue(t, s.Registry, "esahayak_deliveries_due") == 0
		})
	})
}

// holdingReceiver is a receiver that holds every request until answer is
// called (or the request ends), then takes them all.
func holdingReceiver(t *testing.T) (rc *receiver, answer func()) {
	release := make(chan struct{})
	rc = newReceiver(t, func(_ int, w http.ResponseWriter, r *http.Request, _ []byte) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	})
	return rc, sync.OnceFunc(func() { close(release) })
}

// fillLane gives the server (started with PerEndpoint: 2) an endpoint at
// rc, whose handler holds every request, and four events for it: two
// attempts on the wire and two deliveries queued behind them, the lane
// full. It returns once the receiver and the in-flight gauge show both.
func fillLane(t *testing.T, s *testenv.Server, rc *receiver) {
	t.Helper()
	createEndpoint(t, s, s.APIKey, rc.URL("/"), "stamp.uploaded")
	for range 4 {
		upload(t, s, s.APIKey)
	}
	testenv.Eventually(t, 10*time.Second, "two attempts on the wire and four deliveries held", func() bool {
		now, _ := rc.Inflight()
		return now == 2 && metricValue(t, s.Registry, "esahayak_deliveries_in_flight") == 4
	})
}
