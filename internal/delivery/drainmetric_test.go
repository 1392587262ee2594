package delivery_test

import (
	"context"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// TestInFlightGaugeTracksTheStopDrain: at a stop the engine gives back
// its queued deliveries and waits for the attempts on the wire. The
// esahayak_deliveries_in_flight gauge kept the queued ones until the
// first attempt ended, so a scrape during a SIGTERM drain (up to an
// attempt timeout) read deliveries this instance no longer held. It must
// drop to the attempts still on the wire as the queue is given back, and
// to 0 once they end.
func TestInFlightGaugeTracksTheStopDrain(t *testing.T) {
	eachStore(t, func(t *testing.T, open func(testing.TB) store.Store) {
		s := testenv.Start(t, open(t), testenv.Options{PerEndpoint: 2})
		rc, answer := holdingReceiver(t)
		fillLane(t, s, rc)
		stopped := make(chan struct{})
		go func() {
			defer close(stopped)
			ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			defer cancel()
			s.Engine.Stop(ctx)
		}()
		deadline := time.Now().Add(3 * time.Second)
		for metricValue(t, s.Registry, "esahayak_deliveries_in_flight") != 2 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if v := metricValue(t, s.Registry, "esahayak_deliveries_in_flight"); v != 2 {
			t.Errorf("esahayak_deliveries_in_flight = %v while the stop drains two attempts (the two queued given back); want 2", v)
		}
		if now, _ := rc.Inflight(); now != 2 {
			t.Errorf("%d attempts on the wire during the drain; the test wants 2", now)
		}
		answer()
		select {
		case <-stopped:
		case <-time.After(15 * time.Second):
			t.Fatal("Stop did not return after the last attempt was answered")
		}
		if v := metricValue(t, s.Registry, "esahayak_deliveries_in_flight"); v != 0 {
			t.Errorf("esahayak_deliveries_in_flight = %v after the stop; want 0", v)
		}
	})
}
