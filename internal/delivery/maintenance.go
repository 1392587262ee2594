package delivery

import (
	"context"
	"log/slog"
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
	e.loops.Add(1)
	go func() {
		defer e.loops.Done()
		e.maintenanceLoop(cfg)
	}()
}

func (e *Engine) maintenanceLoop(cfg MaintenanceConfig) {
	ctx := e.ctx
	var release func()
	defer func() {
		if release != nil {
			release()
		}
	}()
	t := time.NewTicker(cfg.Interval)
	defer t.Stop()
	for {
		// The lock can vanish with its database session while this
		// instance thinks it leads: it checks before every run, so two
		// instances never run maintenance at the same time.
		l, shared := e.st.(leader)
		if shared && release != nil && !l.StillLeader(ctx) {
			release()
			release = nil
			e.maint.leading = false
			if ctx.Err() == nil {
				e.cfg.Log.Warn("this instance lost the maintenance lock (its database session ended); competing again", slog.String("owner", e.cfg.Owner))
			}
		}
		if shared && release == nil {
			held, rel, err := l.TryLeader(ctx)
			if err != nil && ctx.Err() == nil {
				e.cfg.Log.Warn("leader election", slog.Any("err", err))
			}
			if held {
				release = rel
				if !e.maint.leading {
					e.cfg.Log.Info("this instance now runs maintenance", slog.String("owner", e.cfg.Owner))
				}
			}
			e.maint.leading = held
		}
		if !shared || release != nil {
			e.runMaintenance(ctx, cfg)
		}
		e.updateGauges(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (e *Engine) runMaintenance(ctx context.Context, cfg MaintenanceConfig) {
	now := time.Now()
	if cfg.AutoDisableAfter > 0 && !now.Before(e.maint.autoDisableFrom) {
		disabled, err := e.st.DisableFailingEndpoints(ctx, now.Add(-cfg.AutoDisableAfter), now)
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
		}
	}
	if cfg.Retention > 0 {
		// Small batches with pauses: pruning must never hold the writer for
		// long. A round prunes for at most half the interval, so that a
		// large backlog of old events never holds up the next round's
		// auto-disable and gauges by more than an interval.
		budget := time.Now().Add(cfg.Interval / 2)
		for i := 0; i < 50 && ctx.Err() == nil && time.Now().Before(budget); i++ {
			n, err := e.st.Prune(ctx, now.Add(-cfg.Retention), cfg.PruneBatch)
			if err != nil {
				if ctx.Err() == nil {
					e.cfg.Log.Error("prune", slog.Any("err", err))
				}
				break
			}
			if n < cfg.PruneBatch {
				break
			}
			sleep(ctx, 50*time.Millisecond)
		}
	}
}

func (e *Engine) updateGauges(ctx context.Context) {
	if e.cfg.Metrics == nil {
		return
	}
	now := time.Now()
	c, err := e.st.Counts(ctx, now)
	if err != nil {
		return
	}
	m := e.cfg.Metrics
	m.Pending.Set(float64(c.PendingDeliveries))
	m.Due.Set(float64(c.DueDeliveries))
	m.DisabledEndpoints.Set(float64(c.DisabledEndpoints))
	if c.OldestDue != nil {
		m.OldestDueAge.Set(now.Sub(*c.OldestDue).Seconds())
	} else {
		m.OldestDueAge.Set(0)
	}
}

var _ = store.DeliveryPending
