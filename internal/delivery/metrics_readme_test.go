package delivery_test

import (
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/esahayak/esahayak/internal/delivery"
)

// TestReadmeNamesEveryMetric: the README's Operations section lists the
// metrics of GET /metrics, with the labels of the labelled ones. Each one
// it names exists with those labels, and each one the server exports is
// named there, so that a metric added or renamed is documented with it.
func TestReadmeNamesEveryMetric(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, ops, ok := strings.Cut(string(b), "\n## Operations\n")
	if !ok {
		t.Fatal(`README.md has no "## Operations" section`)
	}
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
