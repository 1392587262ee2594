package delivery_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/esahayak/esahayak/internal/delivery"
	"github.com/esahayak/esahayak/internal/egress"
	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// TestPruneLogCountsEveryTable: a maintenance round that pruned only a
// revoked API key (no event, delivery or attempt) logged nothing, though
// esahayak_pruned_rows_total{table="api_keys"} counted it; the line now
// comes whenever any table's count is above 0, and names each table's.
func TestPruneLogCountsEveryTable(t *testing.T) {
	eachStore(t, func(t *testing.T, open func(testing.TB) store.Store) {
		st := open(t)
		ctx := context.Background()
		now := time.Now().UTC()
		acct := store.Account{ID: ids.New(ids.Account), Name: "prune-log", CreatedAt: now.Add(-2 * time.Hour)}
		if err := st.CreateAccount(ctx, acct); err != nil {
			t.Fatal(err)
		}
		// Two keys: an account's newest key always stays, so the older one,
		// revoked an hour ago, is what the retention prunes.
		var keys []store.APIKey
		for i, name := range []string{"old", "new"} {
			k := store.APIKey{ID: ids.NewAt(ids.APIKey, now.Add(time.Duration(i-2)*time.Hour)), AccountID: acct.ID, Name: name,
				Prefix: "esk_" + name, Hash: []byte(ids.New(ids.APIKey)), CreatedAt: now.Add(time.Duration(i-2) * time.Hour)}
			if err := st.CreateAPIKey(ctx, k, 0); err != nil {
				t.Fatal(err)
			}
			keys = append(keys, k)
		}
		if err := st.RevokeAPIKey(ctx, acct.ID, keys[0].ID, now.Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
		logs := &testenv.Output{}
		eng := delivery.New(delivery.Config{Owner: "prune-log", Client: egress.NewClient(egress.Options{AllowPrivate: true, Resolver: testenv.NoDNS}),
			AllowInsecureURLs: true, Log: slog.New(slog.NewTextHandler(logs, nil))}, st)
		eng.Start(ctx)
		t.Cleanup(func() {
			stop, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			eng.Stop(stop)
		})
		eng.StartMaintenance(delivery.MaintenanceConfig{Interval: time.Hour, Retention: time.Minute})
		testenv.Eventually(t, 15*time.Second, "the revoked key to be pruned", func() bool {
			ks, err := st.ListAPIKeys(ctx, acct.ID)
			return err == nil && len(ks) == 1
		})
		var line string
		testenv.Eventually(t, 15*time.Second, "a log line about the prune", func() bool {
			for _, l := range strings.Split(logs.String(), "\n") {
				if strings.Contains(l, "pruned") {
					line = l
					return true
				}
			}
			return false
		})
		for _, want := range []string{"api_keys=1", "events=0", "deliveries=0", "attempts=0", "idempotency_keys=0", "listen_sessions=0", "endpoints=0", "retention=1m0s"} {
			if !strings.Contains(line, want) {
				t.Errorf("the prune's log line lacks %s:\n%s", want, line)
			}
		}
	})
}

// TestPruneLogAtStopMidCatchUp: a catch-up logs its rows once it ends,
// but a stop (or a lost leadership) in the middle of one ended the loop
// without a line, so the rows it had pruned were on the counter and in no
// log line. The stop now writes them, with stopping=true.
func TestPruneLogAtStopMidCatchUp(t *testing.T) {
	eachStore(t, func(t *testing.T, open func(testing.TB) store.Store) {
		const events = 150 // to no endpoint: finished at once
		s := testenv.Start(t, open(t), testenv.Options{})
		uploadConcurrently(t, s, events)
		time.Sleep(1100 * time.Millisecond) // older than the retention below
		logs := &testenv.Output{}
		reg := prometheus.NewRegistry()
		eng := delivery.New(delivery.Config{Owner: "prune-stop", Client: egress.NewClient(egress.Options{AllowPrivate: true, Resolver: testenv.NoDNS}),
			AllowInsecureURLs: true, Log: slog.New(slog.NewTextHandler(logs, nil)), Metrics: delivery.NewMetrics(reg)}, s.Store)
		eng.Start(context.Background())
		// One event a batch: a catch-up of 150 batches, each followed by
		// a pause.
		eng.StartMaintenance(delivery.MaintenanceConfig{Interval: time.Hour, Retention: time.Second, PruneBatch: 1})
		testenv.Eventually(t, 30*time.Second, "the catch-up to begin", func() bool { return prunedRows(t, reg, "events") >= 2 })
		stop, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		eng.Stop(stop)
		pruned := prunedRows(t, reg, "events")
		if pruned >= events {
			t.Skipf("the catch-up of %d batches ended before the stop", events)
		}
		var line string
		for l := range strings.Lines(logs.String()) {
			if strings.Contains(l, "pruned rows past the retention") {
				line = l
			}
		}
		if line == "" {
			t.Fatalf("no line for the %v events pruned before the stop:\n%s", pruned, logs.String())
		}
		for _, want := range []string{fmt.Sprintf(" events=%v ", pruned), "stopping=true"} {
			if !strings.Contains(line, want) {
				t.Errorf("the prune's line at the stop lacks %q:\n%s", want, line)
			}
		}
	})
}

// stopDuringPrune is a store whose third Prune call is under way when the
// engine stops: it waits for the stop, then prunes with the ended context,
// as a call the stop cuts short does.
type stopDuringPrune struct {
	store.Store
	calls   atomic.Int32
	blocked chan struct{}
}

func (s *stopDuringPrune) Prune(ctx context.Context, before time.Time, limit int) (store.Pruned, error) {
	if s.calls.Add(1) == 3 {
		close(s.blocked)
		<-ctx.Done()
	}
	return s.Store.Prune(ctx, before, limit)
}

// TestPruneLogAtStopDuringABatch: a stop that lands while a batch of a
// catch-up is being pruned (not in the pause between two) ended that
// call with the stop's error, and the loop took it for the end of the
// catch-up: it wrote the rows pruned so far in a line without
// stopping=true, as if the retention had caught up, and
// TestPruneLogAtStopMidCatchUp failed now and then. The line of a catch-up
// cut short says so however the stop lands.
func TestPruneLogAtStopDuringABatch(t *testing.T) {
	eachStore(t, func(t *testing.T, open func(testing.TB) store.Store) {
		s := testenv.Start(t, open(t), testenv.Options{})
		uploadConcurrently(t, s, 5)         // to no endpoint: finished at once
		time.Sleep(1100 * time.Millisecond) // older than the retention below
		w := &stopDuringPrune{Store: s.Store, blocked: make(chan struct{})}
		logs := &testenv.Output{}
		eng := delivery.New(delivery.Config{Owner: "prune-stop", Client: egress.NewClient(egress.Options{AllowPrivate: true, Resolver: testenv.NoDNS}),
			AllowInsecureURLs: true, Log: slog.New(slog.NewTextHandler(logs, nil))}, w)
		eng.Start(context.Background())
		// One event a batch: the third batch is under way at the stop.
		eng.StartMaintenance(delivery.MaintenanceConfig{Interval: time.Hour, Retention: time.Second, PruneBatch: 1})
		select {
		case <-w.blocked:
		case <-time.After(30 * time.Second):
			t.Fatal("no third prune batch in 30 s")
		}
		stop, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		eng.Stop(stop)
		var lines []string
		for l := range strings.Lines(logs.String()) {
			if strings.Contains(l, "pruned rows past the retention") {
				lines = append(lines, l)
			}
		}
		if len(lines) != 1 || !strings.Contains(lines[0], " events=2 ") || !strings.Contains(lines[0], "stopping=true") {
			t.Fatalf("the prune's lines at a stop during its third batch (two events pruned):\n%s\nwant one, with events=2 and stopping=true", strings.Join(lines, ""))
		}
	})
}

// prunedRows reads esahayak_pruned_rows_total{table=table}.
func prunedRows(t *testing.T, reg prometheus.Gatherer, table string) float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != "esahayak_pruned_rows_total" {
			continue
		}
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "table" && l.GetValue() == table {
					return m.GetCounter().GetValue()
				}
			}
		}
	}
	t.Fatalf("no esahayak_pruned_rows_total{table=%q}", table)
	return 0
}
