package delivery

import (
	"context"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/store/sqlite"
)

// gatedGiveBack is a real SQLite store whose write of one delivery's
// give-back waits at a gate, as a write does behind a busy writer.
type gatedGiveBack struct {
	*sqlite.Store
	delivery string
	entered  chan struct{}
	gate     chan struct{}
	written  atomic.Bool
}

func (g *gatedGiveBack) RecordResults(ctx context.Context, r []store.Result) error {
	if !slices.ContainsFunc(r, func(x store.Result) bool { return x.DeliveryID == g.delivery }) {
		return g.Store.RecordResults(ctx, r)
	}
	close(g.entered)
	<-g.gate
	err := g.Store.RecordResults(ctx, r)
	g.written.Store(err == nil)
	return err
}

// TestStopWaitsForGiveBacks: work leased for an endpoint that was just
// disabled is given back by a goroutine of Submit's (Submit may run inside
// the store's writer). Stop did not wait for it: the serve command then
// closed the store under the write, which failed, and the deliveries
// waited out their lease (a minute) instead of being due at once for the
// next instance or start.
func TestStopWaitsForGiveBacks(t *testing.T) {
	sq, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "esahayak.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer sq.Close()
	st := &gatedGiveBack{Store: sq, delivery: "dlv_given_back", entered: make(chan struct{}), gate: make(chan struct{})}
	e := New(Config{Poll: time.Hour}, st)
	e.Start(context.Background())
	e.StopSending("ep_disabled")
	e.Submit([]store.Work{{DeliveryID: st.delivery, EndpointID: "ep_disabled", Attempt: 1, RoundAttempt: 1,
		LeaseOwner: "test", LeaseUntil: e.Lease().Until}}, false)
	select {
	case <-st.entered:
	case <-time.After(10 * time.Second):
		t.Fatal("the work of a disabled endpoint was not given back")
	}
	stopped := make(chan struct{})
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		e.Stop(ctx)
		close(stopped)
	}()
	select {
	case <-stopped:
		close(st.gate)
		t.Fatal("Stop returned while a give-back was still being written")
	case <-time.After(200 * time.Millisecond):
	}
	close(st.gate)
	select {
	case <-stopped:
	case <-time.After(20 * time.Second):
		t.Fatal("Stop did not return after the give-back was written")
	}
	if !st.written.Load() {
		t.Fatal("the give-back's write failed")
	}
}
