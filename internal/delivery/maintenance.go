package delivery

import (
	"context"
	"log/slog"
	"maps"
	"slices"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

// MaintenanceConfig tunes the jobs that keep the store healthy.
type MaintenanceConfig struct {
	Interval time.Duration // how often the jobs run (30s)
	// AutoDisableAfter disables an endpoint whose every attempt has failed
	// for this long (5 days); 0 turns auto-disable off. It waits a few
	// seconds after start-up (see autoDisableGrace).
	AutoDisableAfter time.Duration
	// Retention prunes finished events and attempts older than this (30 days); 0 keeps all.
	Retention time.Duration
	// PruneBatch bounds each pruning transaction, so delivery never waits long behind it (1000).
	PruneBatch int
}

type maintenance struct {
	cfg     MaintenanceConfig
	leading bool
	// autoDisableFrom is when this process may first auto-disable (see
	// autoDisableGrace).
	autoDisableFrom time.Time
}

// autoDisableMargin is added to the attempt timeout to make
// autoDisableGrace: time for the claim that Start triggers, a poll that
// catches what became due just after it, and the recording of the outcome.
const autoDisableMargin = 2 * time.Second

// autoDisableGrace is how long after start-up maintenance waits before it
// auto-disables. An endpoint that was failing when the server stopped keeps
// its failing_since across the downtime, and its overdue retry is due at
// once when the server comes back: disabling it in the first pass, before
// that retry is attempted, would count the server's own downtime as the
// endpoint's failure. After the grace, the retry has been sent and recorded:
// a success cleared failing_since, a failure confirms it. The other jobs
// (gauges, pruning) run at once.
func (e *Engine) autoDisableGrace() time.Duration {
	return e.cfg.Timeout + e.cfg.Poll + autoDisableMargin
}

// leader is implemented by stores shared by several instances (PostgreSQL):
// only the instance holding leadership runs maintenance.
type leader interface {
	TryLeader(ctx context.Context) (held bool, release func(), err error)
	// StillLeader reports whether the leadership taken is still held (its
	// lock can vanish with its database session).
	StillLeader(ctx context.Context) bool
}

// StartMaintenance runs the maintenance jobs until Stop. With a store that
// is shared by several instances, only the elected one runs them.
func (e *Engine) StartMaintenance(cfg MaintenanceConfig) {
	if cfg.Interval <= 0 {
		cfg.Interval = 30 * time.Second
	}
	if cfg.PruneBatch <= 0 {
		cfg.PruneBatch = 1000
	}
	// serve and the tests start maintenance right after the engine: its
	// start is the engine's, within a few microseconds.
	e.maint = &maintenance{cfg: cfg, autoDisableFrom: time.Now().Add(e.autoDisableGrace())}
	if m := e.cfg.Metrics; m != nil {
		// Two rounds missed, and then some: the count is stuck.
		m.staleAfter.Store(int64(2*cfg.Interval + 5*time.Second))
	}
	e.loops.Add(1)
	go func() {
		defer e.loops.Done()
		e.maintenanceLoop(cfg)
	}()
}

func (e *Engine) maintenanceLoop(cfg MaintenanceConfig) {
	ctx := e.ctx
	var release func()
	// stopPruning ends the pruneLoop this instance runs, if any, and waits
	// for it: before the lock is released, so that two instances never
	// prune at once.
	stopPruning := func() {}
	startPruning := func() {
		if cfg.Retention <= 0 {
			return
		}
		pctx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() {
			defer close(done)
			e.pruneLoop(pctx, cfg)
		}()
		stopPruning = func() {
			cancel()
			<-done
			stopPruning = func() {}
		}
	}
	defer func() {
		stopPruning()
		if release != nil {
			release()
			e.setLeading(false, "shutting down")
		}
	}()
	pruning := false
	l, shared := e.st.(leader)
	// The lock can vanish with its database session while this instance
	// thinks it leads, and another instance can take it at once: the
	// check runs before every run, so two instances never run maintenance
	// at the same time, and between runs every leaderCheckInterval, so
	// that the leader gauge of the one that lost it drops soon after. It
	// reports whether it dropped the lock.
	dropLostLock := func() bool {
		if !shared || release == nil || l.StillLeader(ctx) {
			return false
		}
		stopPruning()
		pruning = false
		release()
		release = nil
		e.setLeading(false, "")
		if ctx.Err() == nil {
			e.cfg.Log.Warn("this instance no longer runs maintenance",
				slog.String("reason", "it lost the maintenance lock (its database session ended); competing again"))
		}
		return true
	}
	t := time.NewTicker(cfg.Interval)
	defer t.Stop()
	check := time.NewTicker(min(cfg.Interval, leaderCheckInterval))
	defer check.Stop()
	for {
		dropLostLock()
		if shared && release == nil {
			held, rel, err := l.TryLeader(ctx)
			if err != nil && ctx.Err() == nil {
				if ok, withheld := e.leaderLogs.Allow(time.Now()); ok {
					e.cfg.Log.Warn("leader election", slog.Any("err", err), slog.Int("also_failed_since_last_warning", withheld))
				}
			} else if err == nil {
				if ok, withheld := e.leaderLogs.Settled(time.Now()); ok {
					e.cfg.Log.Info("leader election", slog.Bool("recovered", true), slog.Int("also_failed_since_last_warning", withheld))
				}
			}
			if held {
				release = rel
			}
			e.setLeading(held, "")
		}
		if !shared && !e.maint.leading {
			// The only instance of its store (SQLite): it leads, without
			// an election to log.
			e.maint.leading = true
			if m := e.cfg.Metrics; m != nil {
				m.MaintenanceLeader.Set(1)
			}
		}
		if !shared || release != nil {
			if !pruning {
				startPruning()
				pruning = true
			}
			e.runMaintenance(ctx, cfg)
		}
		e.updateGauges(ctx)
	waiting:
		for {
			select {
			case <-ctx.Done():
				return
			case <-check.C:
				if dropLostLock() {
					// Compete at once: other instances try only at
					// their own runs, and a lone instance whose session
					// ended would leave maintenance undone for up to
					// an interval.
					break waiting
				}
			case <-t.C:
				break waiting
			}
		}
	}
}

// leaderCheckInterval is how often a leader checks, between maintenance
// runs, that it still holds the lock.
const leaderCheckInterval = 2 * time.Second

func (e *Engine) runMaintenance(ctx context.Context, cfg MaintenanceConfig) {
	now := time.Now()
	// Retired signing secrets whose overlap has ended sign nothing more:
	// they are erased, not kept until the endpoint is rotated again.
	if n, err := e.st.EraseExpiredSecrets(ctx, now); err != nil && ctx.Err() == nil {
		e.cfg.Log.Error("erase expired signing secrets", slog.Any("err", err))
	} else if n > 0 {
		e.cfg.Log.Debug("erased expired signing secrets", slog.Int("endpoints", n))
	}
	if cfg.AutoDisableAfter > 0 && !now.Before(e.maint.autoDisableFrom) {
		// Asked again before this second job, as before each prune: a
		// leader frozen after the loop's check may have lost the lock to
		// another instance by the time it goes on.
		if l, shared := e.st.(leader); shared && !l.StillLeader(ctx) {
			return
		}
		disabled, err := e.st.DisableFailingEndpoints(ctx, cfg.AutoDisableAfter, now)
		if err != nil && ctx.Err() == nil {
			e.cfg.Log.Error("auto-disable endpoints", slog.Any("err", err))
		}
		for _, ep := range disabled {
			e.cfg.Log.Warn("endpoint disabled automatically", slog.String("endpoint_id", ep.ID), slog.String("account_id", ep.AccountID),
				slog.String("url", LogURL(ep.URL)), slog.String("reason", ep.DisabledReason))
			if e.cfg.Metrics != nil {
				e.cfg.Metrics.AutoDisabled.Inc()
			}
			e.StopSending(ep.ID)
			e.EndpointChanged(ep.AccountID, ep.ID)
		}
	}
}

// pruneLoop applies the retention while this instance runs maintenance, in
// a goroutine of its own so that a large backlog of old events never holds
// up auto-disable and the gauges. While old finished events remain, it
// prunes batch after batch, each followed by a pause as long as the batch
// took: pruning takes at most about half of the store's write time, and
// keeps up with any rate of events the store can take in (a round of at
// most 50 batches, as before, capped it near 833 events a second at the
// default interval, far below what one instance delivers). Once caught
// up, it looks again every interval.
func (e *Engine) pruneLoop(ctx context.Context, cfg MaintenanceConfig) {
	l, shared := e.st.(leader)
	// pruned counts the rows of one catch-up by table, logged once it
	// ends: one line per round that pruned anything, in any table (a round
	// may prune only revoked keys or closed listen sessions), not one per
	// batch. A stop or a lost leadership in the middle of one logs what it
	// pruned so far, so that the lines add up to the counter.
	pruned := map[string]int{}
	defer func() { e.logPruned(pruned, cfg.Retention, true) }()
	for ctx.Err() == nil {
		// The maintenance loop stops this loop when it finds the lock
		// gone; checking before each batch keeps two instances from
		// pruning at once in between.
		if shared && !l.StillLeader(ctx) {
			sleep(ctx, cfg.Interval)
			continue
		}
		start := time.Now()
		n, err := e.st.Prune(ctx, start.Add(-cfg.Retention), cfg.PruneBatch)
		if err != nil && ctx.Err() == nil {
			e.cfg.Log.Error("prune", slog.Any("err", err))
		}
		for table, rows := range n.Tables() {
			pruned[table] += rows
			if m := e.cfg.Metrics; m != nil && rows > 0 {
				m.Pruned.WithLabelValues(table).Add(float64(rows))
			}
		}
		if ctx.Err() != nil {
			// Stopped during the call (which then fails with the
			// stop's error): not the end of a catch-up, which the
			// deferred line, stopping=true, tells apart.
			return
		}
		// Also while the walk of old events is midway (n.More), though
		// the batch found little to delete: each write reads a bounded
		// window of them, and a sweep past many kept ones (a disabled
		// endpoint's parked backlog) takes many writes.
		if err == nil && (n.Rows() >= cfg.PruneBatch || n.More) {
			sleep(ctx, max(time.Since(start), minPrunePause))
			continue
		}
		e.logPruned(pruned, cfg.Retention, false)
		sleep(ctx, cfg.Interval)
	}
}

// logPruned writes the rows of a catch-up by table, if any, and clears
// them; stopping marks the line of one cut short.
func (e *Engine) logPruned(pruned map[string]int, retention time.Duration, stopping bool) {
	total := sumRows(pruned)
	if total == 0 {
		return
	}
	attrs := []any{slog.Int("rows", total)}
	for _, table := range slices.Sorted(maps.Keys(pruned)) { // store.Pruned.Tables' names
		attrs = append(attrs, slog.Int(table, pruned[table]))
	}
	attrs = append(attrs, slog.String("retention", retention.String()))
	if stopping {
		attrs = append(attrs, slog.Bool("stopping", true))
	}
	e.cfg.Log.Info("pruned rows past the retention", attrs...)
	clear(pruned)
}

func sumRows(byTable map[string]int) int {
	n := 0
	for _, rows := range byTable {
		n += rows
	}
	return n
}

// minPrunePause separates two batches of a pruning backlog even when a
// batch is quick.
const minPrunePause = 5 * time.Millisecond

func (e *Engine) updateGauges(ctx context.Context) {
	if e.cfg.Metrics == nil {
		return
	}
	now := time.Now()
	c, err := e.st.Counts(ctx, now)
	if err != nil {
		e.cfg.Metrics.countFailed()
		return
	}
	m := e.cfg.Metrics
	m.Pending.Set(float64(c.PendingDeliveries))
	m.due.Store(int64(c.DueDeliveries))
	m.DisabledEndpoints.Set(float64(c.DisabledEndpoints))
	m.setOldestDue(c.OldestDue, c.NextDue, now)
}

// setLeading records whether this instance runs maintenance, in its log
// and its metrics: an operator of several instances sees which one leads.
func (e *Engine) setLeading(leading bool, why string) {
	if e.maint.leading == leading {
		return
	}
	e.maint.leading = leading
	if m := e.cfg.Metrics; m != nil {
		if leading {
			m.MaintenanceLeader.Set(1)
		} else {
			m.MaintenanceLeader.Set(0)
		}
	}
	if leading {
		e.cfg.Log.Info("this instance now runs maintenance")
	} else if why != "" {
		e.cfg.Log.Info("this instance no longer runs maintenance", slog.String("reason", why))
	}
}

var _ = store.DeliveryPending
