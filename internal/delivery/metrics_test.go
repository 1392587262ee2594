package delivery_test

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/esahayak/esahayak/internal/delivery"
)

// TestAttemptSeriesExistAtStart: a fresh instance exports every attempt
// series at 0, so that the README's alert on
// rate(esahayak_delivery_attempts_total{outcome="failure"}[5m]) reads 0,
// not "no data", before the first attempt.
func TestAttemptSeriesExistAtStart(t *testing.T) {
	reg := prometheus.NewRegistry()
	delivery.NewMetrics(reg)
	got := attemptSeries(t, reg)
	for _, want := range []string{"success/2xx", "failure/1xx", "failure/2xx", "failure/3xx", "failure/4xx", "failure/5xx", "failure/none"} {
		v, ok := got[want]
		if !ok {
			t.Errorf("no esahayak_delivery_attempts_total series %s on a fresh registry (have %v)", want, got)
		} else if v != 0 {
			t.Errorf("esahayak_delivery_attempts_total %s = %v on a fresh registry, want 0", want, v)
		}
	}
	if len(got) != 7 {
		t.Errorf("series %v; want the seven an attempt can produce", got)
	}
}

// attemptSeries is every esahayak_delivery_attempts_total series of reg,
// by "outcome/status_class".
func attemptSeries(t *testing.T, reg prometheus.Gatherer) map[string]float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, f := range families {
		if f.GetName() != "esahayak_delivery_attempts_total" {
			continue
		}
		for _, m := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			got[labels["outcome"]+"/"+labels["status_class"]] = m.GetCounter().GetValue()
		}
	}
	return got
}

// prunedByTable is esahayak_pruned_rows_total's value for each table label.
func prunedByTable(t *testing.T, reg prometheus.Gatherer) map[string]float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, f := range families {
		if f.GetName() != "esahayak_pruned_rows_total" {
			continue
		}
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "table" {
					out[l.GetValue()] = m.GetCounter().GetValue()
				}
			}
		}
	}
	return out
}

// metricValue is the value of the unlabelled counter or gauge name in reg.
func metricValue(t *testing.T, reg prometheus.Gatherer, name string) float64 {
	t.Helper()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != name || len(f.GetMetric()) != 1 {
			continue
		}
		m := f.GetMetric()[0]
		if c := m.GetCounter(); c != nil {
			return c.GetValue()
		}
		return m.GetGauge().GetValue()
	}
	t.Fatalf("no series %s", name)
	return 0
}
