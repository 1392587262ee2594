package delivery_test

import (
	"io"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/esahayak/esahayak/internal/delivery"
	"github.com/esahayak/esahayak/internal/logqueue"
)

// TestReadmeNamesEveryMetric: the README's Operations section lists the
// metrics of GET /metrics, with the labels of the labelled ones. Each one
// it names exists with those labels, and each one the server exports is
// named there, so that a metric added or renamed is documented with it.
func TestReadmeNamesEveryMetric(t *testing.T) {
	ops := readmeOperations(t)
	_, bullet, ok := strings.Cut(ops, "- `GET /metrics`")
	if !ok {
		t.Fatal("README.md's Operations section has no `GET /metrics` item")
	}
	bullet, _, _ = strings.Cut(bullet, "\n- ") // up to the next item
	documented := map[string][]string{}        // name → labels, as written
	for _, m := range regexp.MustCompile("`(esahayak_[a-z_]+)(?:\\{([a-z_,]+)\\})?`").FindAllStringSubmatch(bullet, -1) {
		var labels []string
		if m[2] != "" {
			labels = strings.Split(m[2], ",")
		}
		documented[m[1]] = labels
	}
	if len(documented) == 0 {
		t.Fatal("the README's `GET /metrics` item names no metric")
	}

	reg := prometheus.NewRegistry()
	rec := &recordingRegisterer{Registerer: reg}
	delivery.NewMetrics(rec)
	// serve registers its log's count beside the engine's.
	rec.MustRegister(logqueue.New(1, io.Discard, nil).Metric())
	// A labelled metric is exported only once it has a child: one whose
	// labels are all made on first use would be in neither list below,
	// and its absence from the README would go unnoticed.
	for _, c := range rec.collectors {
		if collected(c) == 0 {
			ch := make(chan *prometheus.Desc)
			go func() { c.Describe(ch); close(ch) }()
			for d := range ch {
				t.Errorf("%v exports nothing until first used; make its label values up front (WithLabelValues), so that /metrics and this test see it", d)
			}
		}
	}
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	exported := map[string][]string{}
	for _, f := range families {
		if !strings.HasPrefix(f.GetName(), "esahayak_") {
			continue
		}
		var labels []string
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if !slices.Contains(labels, l.GetName()) {
					labels = append(labels, l.GetName())
				}
			}
		}
		exported[f.GetName()] = labels
	}
	for name, labels := range documented {
		got, ok := exported[name]
		if !ok {
			t.Errorf("the README names %s, which /metrics does not export", name)
			continue
		}
		sort.Strings(got)
		want := slices.Clone(labels)
		sort.Strings(want)
		if !slices.Equal(got, want) {
			t.Errorf("the README gives %s the labels %v; it has %v", name, labels, got)
		}
	}
	for name := range exported {
		if _, ok := documented[name]; !ok {
			t.Errorf("/metrics exports %s, which the README's Operations section does not name", name)
		}
	}
}

// recordingRegisterer registers with Registerer and keeps what it was given.
type recordingRegisterer struct {
	prometheus.Registerer
	collectors []prometheus.Collector
}

func (r *recordingRegisterer) Register(c prometheus.Collector) error {
	r.collectors = append(r.collectors, c)
	return r.Registerer.Register(c)
}

func (r *recordingRegisterer) MustRegister(cs ...prometheus.Collector) {
	for _, c := range cs {
		if err := r.Register(c); err != nil {
			panic(err)
		}
	}
}

// collected is how many metrics c exports now.
func collected(c prometheus.Collector) int {
	ch := make(chan prometheus.Metric)
	go func() { c.Collect(ch); close(ch) }()
	n := 0
	for range ch {
		n++
	}
	return n
}

// TestReadmeSaysWhatToAlertOn: the README's "What to alert on" (in
// Operations, where an operator of one instance looks, not only under
// "Several instances") gives an alert for each signal an operator needs:
// delivery falling behind and its queue, failing attempts, disabled
// endpoints, instances dying with work held, maintenance stopped and the
// retention stopped. Each metric its expressions name exists, with the
// label values they select, so an alert copied from it matches a series.
func TestReadmeSaysWhatToAlertOn(t *testing.T) {
	ops := readmeOperations(t)
	_, alerts, ok := strings.Cut(ops, "\n### What to alert on\n")
	if !ok {
		t.Fatal(`README.md's Operations section has no "### What to alert on"`)
	}
	alerts, _, _ = strings.Cut(alerts, "\n### ")

	reg := prometheus.NewRegistry()
	delivery.NewMetrics(reg)
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	values := map[string]map[string][]string{} // metric → label → values exported
	for _, f := range families {
		labels := map[string][]string{}
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = append(labels[l.GetName()], l.GetValue())
			}
		}
		values[f.GetName()] = labels
	}

	named := map[string]bool{}
	for _, m := range regexp.MustCompile(`(esahayak_[a-z_]+)(?:\{([^}]*)\})?`).FindAllStringSubmatch(alerts, -1) {
		name := m[1]
		named[name] = true
		labels, ok := values[name]
		if !ok {
			t.Errorf("What to alert on names %s, which /metrics does not export", name)
			continue
		}
		for _, sel := range regexp.MustCompile(`([a-z_]+)="([^"]*)"`).FindAllStringSubmatch(m[2], -1) {
			if !slices.Contains(labels[sel[1]], sel[2]) {
				t.Errorf("What to alert on selects %s{%s=%q}; its %s values are %v", name, sel[1], sel[2], sel[1], labels[sel[1]])
			}
		}
	}
	for _, name := range []string{
		"esahayak_oldest_due_delivery_age_seconds", // delivery falling behind
		"esahayak_deliveries_due",                  // how many wait
		"esahayak_delivery_attempts_total",         // attempts failing
		"esahayak_endpoints_auto_disabled_total",   // endpoints disabled
		"esahayak_endpoints_disabled",
		"esahayak_leases_expired_total", // instances dying or stalling
		"esahayak_maintenance_leader",   // no maintenance
		"esahayak_pruned_rows_total",    // retention stopped
	} {
		if !named[name] {
			t.Errorf("What to alert on says nothing of %s", name)
		}
	}
	if !strings.Contains(alerts, "/healthz") {
		t.Error("What to alert on says nothing of /healthz")
	}
}

// readmeOperations is the README's Operations section, up to the next
// section.
func readmeOperations(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, ops, ok := strings.Cut(string(b), "\n## Operations\n")
	if !ok {
		t.Fatal(`README.md has no "## Operations" section`)
	}
	ops, _, _ = strings.Cut(ops, "\n## ")
	return ops
}

// TestGaugeHelpSaysHowToAggregate: with several instances on one
// database, some gauges count the whole database (each instance reports
// the same figure: sum them and a backlog of 100 reads 300 on three
// instances) and others this instance's own state. An operator building
// a dashboard from /metrics reads HELP, not the README: each gauge's HELP
// says which it is and how to aggregate it, as the README's "Several
// instances" does.
func TestGaugeHelpSaysHowToAggregate(t *testing.T) {
	wholeDatabase := []string{"esahayak_deliveries_pending", "esahayak_deliveries_due",
		"esahayak_oldest_due_delivery_age_seconds", "esahayak_endpoints_disabled"}
	perInstance := []string{"esahayak_deliveries_in_flight", "esahayak_maintenance_leader"}
	reg := prometheus.NewRegistry()
	delivery.NewMetrics(reg)
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	ops := readmeOperations(t)
	for _, f := range families {
		name, help := f.GetName(), f.GetHelp()
		if !strings.HasPrefix(name, "esahayak_") || f.GetType() != dto.MetricType_GAUGE {
			continue
		}
		switch {
		case slices.Contains(wholeDatabase, name):
			if !strings.Contains(help, "max across instances") {
				t.Errorf("%s counts the whole database; its HELP does not say to take the max across instances: %q", name, help)
			}
			// The due count adds this instance's queue, which the
			// others' max does not see: the max reads low by theirs.
			if name == "esahayak_deliveries_due" && !strings.Contains(help, "leaves out those the other instances hold queued") {
				t.Errorf("%s adds this instance's queue to the database's count; its HELP does not say that the max leaves out the other instances' queues: %q", name, help)
			}
		case slices.Contains(perInstance, name):
			if !strings.Contains(help, "sum across instances") {
				t.Errorf("%s is this instance's; its HELP does not say to sum across instances: %q", name, help)
			}
		default:
			t.Errorf("gauge %s is in neither list of this test: say in its HELP and the README's Several instances how to aggregate it", name)
		}
		if !strings.Contains(ops, "`"+name+"`") {
			t.Errorf("the README's Operations section does not name %s", name)
		}
	}
}
