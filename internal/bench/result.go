package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// Figures holds the figures of one run of one scenario. Times are milliseconds,
// rates per second, memory MiB.
type Figures struct {
	Events     int `json:"events"`
	Endpoints  int `json:"endpoints"` // endpoints whose arrivals are counted
	Deliveries int `json:"deliveries"`
	Duplicates int `json:"duplicates"`
	Missing    int `json:"missing"`

	TargetRate       float64 `json:"target_rate,omitempty"`
	OrdersPerSec     float64 `json:"orders_created_per_sec"` // POST /v1/orders before the measured phase
	IngestPerSec     float64 `json:"ingest_per_sec"`
	UploadP50Ms      float64 `json:"upload_p50_ms"` // the upload request's round trip (API latency)
	UploadP99Ms      float64 `json:"upload_p99_ms"`
	DeliveriesPerSec float64 `json:"deliveries_per_sec"`
	WindowSec        float64 `json:"window_sec"`

	CeilingPerSec float64 `json:"ceiling_per_sec,omitempty"`
	CeilingP50Ms  float64 `json:"ceiling_p50_ms,omitempty"`
	CeilingP99Ms  float64 `json:"ceiling_p99_ms,omitempty"`
	BodyBytes     int     `json:"body_bytes,omitempty"`
	// Ratio is deliveries/s ÷ ceiling/s (backlog: drain/s ÷ ceiling/s;
	// slow: healthy p99 beside slow neighbours ÷ healthy p99 alone).
	Ratio float64 `json:"ratio,omitempty"`
	// RelayPerSec is the relay floor (relay.go): the same events carried by
	// a plain in-memory relay, two plain HTTP exchanges each and nothing
	// else; RelayRatio is it ÷ the ceiling, the ratio's limit on this machine.
	RelayPerSec float64 `json:"relay_floor_per_sec,omitempty"`
	RelayRatio  float64 `json:"relay_floor_ratio,omitempty"`

	P50Ms float64 `json:"p50_ms"`
	P90Ms float64 `json:"p90_ms"`
	P99Ms float64 `json:"p99_ms"`
	MaxMs float64 `json:"max_ms"`

	ServerCPU        float64 `json:"server_cpu_sec"`
	CPUPerDeliveryMs float64 `json:"cpu_per_delivery_ms"`
	// DatabaseCPU is PostgreSQL's CPU for the servers' connections (0 on
	// SQLite, which runs inside the server).
	DatabaseCPU        float64 `json:"database_cpu_sec,omitempty"`
	DBCPUPerDeliveryMs float64 `json:"database_cpu_per_delivery_ms,omitempty"`
	BenchCPU           float64 `json:"bench_cpu_sec"`
	// InFlightMax is the largest esahayak_deliveries_in_flight seen (sum
	// over the servers, sampled every 100 ms): deliveries held in memory.
	InFlightMax int     `json:"in_flight_max"`
	PeakRSSMB   float64 `json:"server_peak_rss_mb"`
	// LoadAvg is the machine's 1-minute load average at the end of the
	// measured phase: other work on the machine skews every figure.
	LoadAvg float64 `json:"load_avg_1m"`

	// Backlog.
	BacklogRSSMB float64 `json:"backlog_rss_mb,omitempty"`
	DrainSec     float64 `json:"drain_sec,omitempty"`
	DrainPerSec  float64 `json:"drain_per_sec,omitempty"`
	// DrainCPUPerDeliveryMs is the server's CPU per delivery during the drain alone.
	DrainCPUPerDeliveryMs float64 `json:"drain_cpu_per_delivery_ms,omitempty"`

	// Slow neighbours: the healthy endpoint measured alone.
	AloneP50Ms float64 `json:"alone_p50_ms,omitempty"`
	AloneP90Ms float64 `json:"alone_p90_ms,omitempty"`
	AloneP99Ms float64 `json:"alone_p99_ms,omitempty"`
	AloneMaxMs float64 `json:"alone_max_ms,omitempty"`
}

// Result is one scenario: every run and the median of each figure.
type Result struct {
	Scenario    string    `json:"scenario"`
	Store       string    `json:"store"`
	Instances   int       `json:"instances"`
	Concurrency int       `json:"concurrency"`
	Description string    `json:"description"`
	Median      Figures   `json:"median"`
	Runs        []Figures `json:"runs"`
}

func (res *Result) describe(c Config) {
	m := res.Median
	switch res.Scenario {
	case "single", "fanout":
		res.Description = fmt.Sprintf("%d events to %d endpoint(s), uploads as fast as %d requests in flight allow", m.Events, m.Endpoints, c.Concurrency)
	case "steady":
		res.Description = fmt.Sprintf("%d events at %.0f/s to 1 endpoint", m.Events, c.Rate)
	case "backlog":
		if c.BacklogMode == "hold" {
			res.Description = fmt.Sprintf("%d events piled up while the endpoint held every request open, then drained", m.Events)
		} else {
			res.Description = fmt.Sprintf("%d events piled up while the endpoint answered 503 (Retry-After), then it recovered and was re-enabled", m.Events)
		}
	case "slow":
		res.Description = fmt.Sprintf("%d events at %.0f/s to 1 healthy endpoint beside %d that time out", m.Events, c.SlowRate, c.SlowEndpoints)
	}
}

func (r *Figures) setLatency(lat []time.Duration) {
	slices.Sort(lat)
	r.P50Ms, r.P90Ms, r.P99Ms = ms(pct(lat, 0.50)), ms(pct(lat, 0.90)), ms(pct(lat, 0.99))
	if len(lat) > 0 {
		r.MaxMs = ms(lat[len(lat)-1])
	}
}

// pct is the nearest-rank percentile of sorted d.
func pct(d []time.Duration, q float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	i := int(q*float64(len(d)) + 0.5)
	if i > 0 {
		i--
	}
	return d[min(i, len(d)-1)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// median takes, field by field, the median of runs.
func median(runs []Figures) Figures {
	var out Figures
	if len(runs) == 0 {
		return out
	}
	ov := reflect.ValueOf(&out).Elem()
	for f := 0; f < ov.NumField(); f++ {
		vals := make([]float64, len(runs))
		for i := range runs {
			v := reflect.ValueOf(runs[i]).Field(f)
			if v.Kind() == reflect.Int {
				vals[i] = float64(v.Int())
			} else {
				vals[i] = v.Float()
			}
		}
		slices.Sort(vals)
		m := vals[len(vals)/2]
		if len(vals)%2 == 0 {
			m = (vals[len(vals)/2-1] + vals[len(vals)/2]) / 2
		}
		if ov.Field(f).Kind() == reflect.Int {
			ov.Field(f).SetInt(int64(m + 0.5))
		} else {
			ov.Field(f).SetFloat(m)
		}
	}
	return out
}

// WriteJSON writes the results as one JSON document.
func WriteJSON(w io.Writer, results []Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(map[string]any{"results": results})
}

type row struct {
	label string
	get   func(Figures) float64
	unit  string // printf verb family: "n" count, "r" rate, "ms", "s", "x" ratio, "mb"
}

func rowsFor(sc, store string, instances int) []row {
	rows := []row{}
	add := func(label, unit string, get func(Figures) float64) { rows = append(rows, row{label, get, unit}) }
	add("events", "n", func(r Figures) float64 { return float64(r.Events) })
	add("deliveries arrived", "n", func(r Figures) float64 { return float64(r.Deliveries) })
	add("duplicates / missing", "dm", func(r Figures) float64 { return float64(r.Duplicates) })
	if sc == "steady" || sc == "slow" {
		add("target rate (events/s)", "r", func(r Figures) float64 { return r.TargetRate })
	}
	add("orders created/s (setup)", "r", func(r Figures) float64 { return r.OrdersPerSec })
	add("ingest (uploads/s)", "r", func(r Figures) float64 { return r.IngestPerSec })
	add("upload round trip p50 / p99 (ms)", "pp", func(r Figures) float64 { return r.UploadP50Ms })
	add("deliveries/s end to end", "r", func(r Figures) float64 { return r.DeliveriesPerSec })
	if sc == "backlog" {
		add("server RSS holding the backlog (MB)", "mb", func(r Figures) float64 { return r.BacklogRSSMB })
		add("drain (deliveries/s)", "r", func(r Figures) float64 { return r.DrainPerSec })
		add("server CPU per delivery in the drain (ms)", "cpu", func(r Figures) float64 { return r.DrainCPUPerDeliveryMs })
	}
	// Every scenario measures the ceiling in the same run. In steady and
	// slow the load is a fixed rate, so their ratio says how much of the
	// machine that rate takes, not how fast the server can go.
	add("ceiling (plain POSTs/s)", "r", func(r Figures) float64 { return r.CeilingPerSec })
	if sc == "backlog" {
		add("ratio drain/s ÷ ceiling", "x", func(r Figures) float64 { return r.Ratio })
	} else {
		add("ratio deliveries/s ÷ ceiling", "x", func(r Figures) float64 {
			if r.CeilingPerSec == 0 {
				return 0
			}
			return r.DeliveriesPerSec / r.CeilingPerSec
		})
	}
	if sc == "single" || sc == "fanout" {
		add("relay floor (no store; deliveries/s)", "r", func(r Figures) float64 { return r.RelayPerSec })
		add("ratio relay floor ÷ ceiling", "x", func(r Figures) float64 { return r.RelayRatio })
		add("ratio deliveries/s ÷ relay floor", "x", func(r Figures) float64 {
			if r.RelayPerSec == 0 {
				return 0
			}
			return r.DeliveriesPerSec / r.RelayPerSec
		})
	}
	if sc == "slow" {
		add("healthy p50 alone (ms)", "ms", func(r Figures) float64 { return r.AloneP50Ms })
		add("healthy p90 alone (ms)", "ms", func(r Figures) float64 { return r.AloneP90Ms })
		add("healthy p99 alone (ms)", "ms", func(r Figures) float64 { return r.AloneP99Ms })
		add("healthy max alone (ms)", "ms", func(r Figures) float64 { return r.AloneMaxMs })
		add("healthy p50 beside slow (ms)", "ms", func(r Figures) float64 { return r.P50Ms })
		add("healthy p90 beside slow (ms)", "ms", func(r Figures) float64 { return r.P90Ms })
		add("healthy p99 beside slow (ms)", "ms", func(r Figures) float64 { return r.P99Ms })
		add("healthy max beside slow (ms)", "ms", func(r Figures) float64 { return r.MaxMs })
		add("ratio p99 beside ÷ alone", "x", func(r Figures) float64 { return r.Ratio })
	} else {
		add("latency p50 (ms)", "ms", func(r Figures) float64 { return r.P50Ms })
		add("latency p90 (ms)", "ms", func(r Figures) float64 { return r.P90Ms })
		add("latency p99 (ms)", "ms", func(r Figures) float64 { return r.P99Ms })
		add("latency max (ms)", "ms", func(r Figures) float64 { return r.MaxMs })
	}
	// With several instances, CPU adds up over them and memory is the
	// largest one's: the labels say so.
	if instances > 1 {
		add("server CPU, all instances (s)", "s", func(r Figures) float64 { return r.ServerCPU })
	} else {
		add("server CPU (s)", "s", func(r Figures) float64 { return r.ServerCPU })
	}
	add("server CPU per delivery (ms)", "cpu", func(r Figures) float64 { return r.CPUPerDeliveryMs })
	if store == "postgres" {
		add("PostgreSQL CPU for the server (s)", "s", func(r Figures) float64 { return r.DatabaseCPU })
		add("PostgreSQL CPU per delivery (ms)", "cpu", func(r Figures) float64 { return r.DBCPUPerDeliveryMs })
	}
	add("engine in flight, max (deliveries)", "n", func(r Figures) float64 { return float64(r.InFlightMax) })
	if instances > 1 {
		add("server peak RSS, largest instance (MB)", "mb", func(r Figures) float64 { return r.PeakRSSMB })
	} else {
		add("server peak RSS (MB)", "mb", func(r Figures) float64 { return r.PeakRSSMB })
	}
	add("bench process CPU (s)", "s", func(r Figures) float64 { return r.BenchCPU })
	add("machine load average (1 min)", "s", func(r Figures) float64 { return r.LoadAvg })
	return rows
}

func format(unit string, v float64, r Figures) string {
	switch unit {
	case "n", "r":
		return thousands(v)
	case "dm":
		return fmt.Sprintf("%d / %d", r.Duplicates, r.Missing)
	case "pp":
		return format("ms", r.UploadP50Ms, r) + " / " + format("ms", r.UploadP99Ms, r)
	case "ms":
		if v < 10 {
			return fmt.Sprintf("%.1f", v)
		}
		return fmt.Sprintf("%.0f", v)
	case "s":
		return fmt.Sprintf("%.2f", v)
	case "cpu":
		return fmt.Sprintf("%.3f", v)
	case "x":
		return fmt.Sprintf("%.2f", v)
	case "mb":
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprint(v)
}

func thousands(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// WriteTable prints one table per scenario: the median, then each run.
func WriteTable(w io.Writer, results []Result) {
	for _, res := range results {
		inst := ""
		if res.Instances > 1 {
			inst = fmt.Sprintf(" × %d instances", res.Instances)
		}
		fmt.Fprintf(w, "\n%s · %s%s · %s\n", res.Scenario, res.Store, inst, res.Description)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		head := "\tmedian\t"
		if len(res.Runs) > 1 {
			for i := range res.Runs {
				head += fmt.Sprintf("run %d\t", i+1)
			}
		}
		rows := rowsFor(res.Scenario, res.Store, res.Instances)
		width := 0
		for _, rw := range rows {
			width = max(width, len([]rune(rw.label)))
		}
		fmt.Fprintln(tw, strings.Repeat(" ", width+2)+head)
		for _, rw := range rows {
			pad := strings.Repeat(" ", width-len([]rune(rw.label)))
			line := "  " + rw.label + pad + "\t" + format(rw.unit, rw.get(res.Median), res.Median) + "\t"
			if len(res.Runs) > 1 {
				for _, r := range res.Runs {
					line += format(rw.unit, rw.get(r), r) + "\t"
				}
			}
			fmt.Fprintln(tw, line)
		}
		tw.Flush()
	}
}
