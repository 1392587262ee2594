package delivery

import (
	"math"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/esahayak/esahayak/internal/store"
)

// Metrics are the engine's Prometheus series.
type Metrics struct {
	Attempts          *prometheus.CounterVec
	AttemptDuration   prometheus.Histogram
	Retries           prometheus.Counter
	GaveUp            prometheus.Counter
	AutoDisabled      prometheus.Counter
	Pending           prometheus.Gauge
	Due               prometheus.GaugeFunc
	OldestDueAge      prometheus.GaugeFunc
	DisabledEndpoints prometheus.Gauge
	InFlight          prometheus.Gauge
	CommitToSend      prometheus.Histogram
	MaintenanceLeader prometheus.Gauge
	Pruned            *prometheus.CounterVec // by table (store.Pruned.Tables)
	LeasesExpired     prometheus.Counter

	// The oldest due delivery's age as of the last count (ageBits, a
	// float64's bits), when that count was (countedAt, Unix ns), and
	// whether counting has failed since (uncounted). The gauge is the
	// count's value; while the database cannot be counted it is the age of
	// the earliest pending delivery at the last count (nextDue), so that
	// an alert on it fires through an outage. (Grown between every count,
	// it climbed for a whole interval after each count that caught a
	// delivery due a moment ago, on a server that kept up.)
	ageBits   atomic.Uint64
	countedAt atomic.Int64
	uncounted atomic.Bool
	// nextDue (Unix ns; 0: none) is the earliest due time of any pending
	// delivery at the last count: while counting fails, no delivery can
	// have waited longer than since then.
	nextDue atomic.Int64
	// staleAfter (ns) is how old the last count may be before the gauge
	// treats it as failed: a count that hangs (a lock, a connection that
	// went silent) returns no error, and froze the gauge through the
	// stall. Set from the maintenance interval; 0 until then.
	staleAfter atomic.Int64
	// queued reports how many deliveries wait in this instance's lanes'
	// queues, due and unsent, and when the earliest of them was leased
	// (ok false: none queued with a lease). The store counts a leased
	// delivery as claimed, not due, so without it both gauges read 0
	// while due work waited in a full lane's queue (up to an attempt
	// timeout behind a slow endpoint's attempts). Set by the engine's
	// Start.
	queued atomic.Pointer[func() (n int, since time.Time, ok bool)]
	// due is the store's count of due deliveries at the last count.
	due atomic.Int64
}

// dueNow is esahayak_deliveries_due: the store's due deliveries at the
// last count and those queued unsent in this instance's memory now.
func (m *Metrics) dueNow() float64 {
	n := m.due.Load()
	if f := m.queued.Load(); f != nil {
		q, _, _ := (*f)()
		n += int64(q)
	}
	return float64(n)
}

// setOldestDue records a count at now: the due time of the oldest due
// delivery (nil: none) and the earliest due time of any pending one.
func (m *Metrics) setOldestDue(t, next *time.Time, now time.Time) {
	if next != nil {
		m.nextDue.Store(next.UnixNano())
	} else {
		m.nextDue.Store(0)
	}
	age := 0.0
	if t != nil {
		age = max(0, now.Sub(*t).Seconds())
	}
	m.ageBits.Store(math.Float64bits(age))
	m.countedAt.Store(now.UnixNano())
	m.uncounted.Store(false)
}

// countFailed records that the store could not be counted.
func (m *Metrics) countFailed() { m.uncounted.Store(true) }

func (m *Metrics) oldestDueAge() float64 {
	age := math.Float64frombits(m.ageBits.Load())
	since := time.Since(time.Unix(0, m.countedAt.Load()))
	stale := m.staleAfter.Load() > 0 && m.countedAt.Load() > 0 && since > time.Duration(m.staleAfter.Load())
	if next := m.nextDue.Load(); (m.uncounted.Load() || stale) && next != 0 {
		// Nothing is claimed while counting fails: the earliest pending
		// delivery has waited since it came due (a retry scheduled hours
		// ahead has not, and keeps the gauge at 0).
		age = max(age, time.Since(time.Unix(0, next)).Seconds())
	}
	if f := m.queued.Load(); f != nil {
		// Queued here, unsent: due since at least its lease began.
		if _, at, ok := (*f)(); ok {
			age = max(age, time.Since(at).Seconds())
		}
	}
	return age
}

// NewMetrics registers the engine's series on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		Attempts: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "esahayak_delivery_attempts_total",
			Help: "Delivery attempts by outcome (success, failure) and response status class (1xx, 2xx, 3xx, 4xx, 5xx, none)."},
			[]string{"outcome", "status_class"}),
		AttemptDuration: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "esahayak_delivery_attempt_duration_seconds",
			Help: "Duration of delivery attempts, from connect to the end of the response.",
			// Past 10 s (the customer guide's limit, and the default
			// --attempt-timeout, whose time-outs land in le=15) up to
			// the 1 h that --attempt-timeout allows, plus its 2 s.
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200}}),
		Retries:           prometheus.NewCounter(prometheus.CounterOpts{Name: "esahayak_delivery_retries_total", Help: "Attempts after the first of their delivery."}),
		GaveUp:            prometheus.NewCounter(prometheus.CounterOpts{Name: "esahayak_deliveries_failed_total", Help: "Deliveries that exhausted their retry schedule."}),
		AutoDisabled:      prometheus.NewCounter(prometheus.CounterOpts{Name: "esahayak_endpoints_auto_disabled_total", Help: "Endpoints disabled automatically after failing for the whole period."}),
		Pending:           prometheus.NewGauge(prometheus.GaugeOpts{Name: "esahayak_deliveries_pending", Help: "Deliveries waiting to be sent now or retried later (not those a disabled endpoint holds), in the whole database as of the last count (every maintenance interval): with several instances, take the max across instances, not the sum."}),
		DisabledEndpoints: prometheus.NewGauge(prometheus.GaugeOpts{Name: "esahayak_endpoints_disabled", Help: "Webhook endpoints that are disabled, in the whole database as of the last count (every maintenance interval): with several instances, take the max across instances, not the sum."}),
		InFlight:          prometheus.NewGauge(prometheus.GaugeOpts{Name: "esahayak_deliveries_in_flight", Help: "Deliveries held by this instance (queued or being sent): with several instances, sum across instances."}),
		CommitToSend: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "esahayak_event_to_first_attempt_seconds",
			Help: "From a delivery's creation (with its event; for an older event, when a recover with include_missed made it) to the start of its first attempt.",
			// Up to hours: a backlog delays first attempts that long, and
			// histogram_quantile reads a quantile past the last bucket as
			// that bucket's bound.
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 5, 30, 60, 120, 300, 600, 1800, 3600}}),
		MaintenanceLeader: prometheus.NewGauge(prometheus.GaugeOpts{Name: "esahayak_maintenance_leader",
			Help: "1 while this instance runs maintenance (auto-disable, retention), else 0; one instance of those sharing a database at a time: sum across instances (1)."}),
		LeasesExpired: prometheus.NewCounter(prometheus.CounterOpts{Name: "esahayak_leases_expired_total",
			Help: "Deliveries this instance claimed whose lease had run out: an instance died or stalled holding them (PostgreSQL)."}),
		Pruned: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "esahayak_pruned_rows_total",
			Help: "Rows deleted by the retention, by table: finished events, their deliveries and attempts, idempotency keys, closed listen sessions, deleted endpoints' rows and revoked API keys."}, []string{"table"}),
	}
	m.Due = prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "esahayak_deliveries_due",
		Help: "Deliveries due now and not yet sent: those not claimed, as of the last count (every maintenance interval), and those this instance holds queued, unsent; the count is the whole database's: with several instances, take the max across instances, not the sum, which leaves out those the other instances hold queued (each at most its esahayak_deliveries_in_flight)."},
		m.dueNow)
	m.OldestDueAge = prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "esahayak_oldest_due_delivery_age_seconds",
		Help: "How long the oldest due delivery has been waiting, as of the last count (every maintenance interval), or the oldest this instance has queued unsent since it took it, if longer; grows when delivery falls behind, and from the last count while the database cannot be counted; the count is the whole database's: with several instances, take the max across instances."},
		m.oldestDueAge)
	// Every series an attempt can produce exists from the start, at 0: an
	// alert on rate(…{outcome="failure"}[5m]) then reads 0 on a fresh or
	// idle instance rather than no data. decide makes only 2xx a success;
	// statusClass gives a failure 1xx, 3xx, 4xx, 5xx, none (no response),
	// or 2xx (a 2xx whose body did not arrive within the attempt timeout).
	m.Attempts.WithLabelValues("success", "2xx")
	for _, class := range []string{"1xx", "2xx", "3xx", "4xx", "5xx", "none"} {
		m.Attempts.WithLabelValues("failure", class)
	}
	for table := range (store.Pruned{}).Tables() {
		m.Pruned.WithLabelValues(table)
	}
	reg.MustRegister(m.Attempts, m.AttemptDuration, m.Retries, m.GaveUp, m.AutoDisabled, m.Pending, m.Due, m.OldestDueAge,
		m.DisabledEndpoints, m.InFlight, m.CommitToSend, m.MaintenanceLeader, m.Pruned, m.LeasesExpired)
	return m
}
