package delivery

import (
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

// takeoverLogInterval is how often at most the engine logs the deliveries
// it took over from leases that ran out.
const takeoverLogInterval = 10 * time.Second

// takeoverLog gathers the deliveries this instance took over because the
// lease of the instance holding them ran out (PostgreSQL: that instance was
// killed, crashed or stalled), for one warning per takeoverLogInterval
// that names those instances: esahayak_leases_expired_total says that an
// instance died, the log says which, as the instance itself, killed, logs
// nothing. The first takeover after a quiet interval is logged at once;
// those that follow it (a dead instance's leases run out over up to
// --lease) are logged together an interval after it, by the claimer's
// poll, and what is left when the engine stops with stopping=true, so the
// lines' deliveries add up to the counter.
type takeoverLog struct {
	mu   sync.Mutex
	last time.Time       // when the last line was written
	n    int             // deliveries taken over since
	from map[string]bool // the instances whose leases ran out
}

func (t *takeoverLog) add(work []store.Work) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, w := range work {
		if !w.LeaseExpired {
			continue
		}
		if t.from == nil {
			t.from = map[string]bool{}
		}
		t.n++
		t.from[w.TakenOverFrom] = true
	}
}

// take returns what is to be logged at now (n 0: nothing): what was
// gathered, once an interval has passed since the last line, or at once
// when stopping.
func (t *takeoverLog) take(now time.Time, stopping bool) (n int, from []string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.n == 0 || (!stopping && !t.last.IsZero() && now.Sub(t.last) < takeoverLogInterval && !now.Before(t.last)) {
		return 0, nil
	}
	for id := range t.from {
		if id == "" {
			id = "(unknown)"
		}
		from = append(from, id)
	}
	sort.Strings(from)
	n = t.n
	t.n, t.from, t.last = 0, nil, now
	return n, from
}

// logTakenOver writes the takeovers gathered, when take says so.
func (e *Engine) logTakenOver(now time.Time, stopping bool) {
	n, from := e.takeovers.take(now, stopping)
	if n == 0 {
		return
	}
	attrs := []any{slog.Int("deliveries", n), slog.String("from", strings.Join(from, ",")), slog.Duration("lease", e.cfg.Lease)}
	if stopping {
		attrs = append(attrs, slog.Bool("stopping", true))
	}
	e.cfg.Log.Warn("took over deliveries whose lease ran out", attrs...)
}
