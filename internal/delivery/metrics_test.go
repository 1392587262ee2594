package delivery_test

import (
	"slices"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

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

// TestAttemptDurationBucketsCoverTheAttemptTimeout: --attempt-timeout is
// 10 s by default and up to 1 h, and an attempt is counted up to 2 s past
// it (later, the pause is this process's). Every such duration falls in a
// finite bucket of esahayak_delivery_attempt_duration_seconds within 2.5
// times itself, so that a graph of it tells timeouts from slow answers;
// with buckets that stopped at 10 s, every default timeout (10 s and a
// little) and every attempt of a longer timeout was in +Inf alone.
func TestAttemptDurationBucketsCoverTheAttemptTimeout(t *testing.T) {
	m := delivery.NewMetrics(prometheus.NewRegistry())
	var got dto.Metric
	if err := m.AttemptDuration.(prometheus.Metric).Write(&got); err != nil {
		t.Fatal(err)
	}
	var bounds []float64
	for _, b := range got.GetHistogram().GetBucket() {
		bounds = append(bounds, b.GetUpperBound())
	}
	if !slices.Contains(bounds, 10) {
		t.Errorf("buckets %v: none at 10 s, the customer guide's limit for an answer", bounds)
	}
	for _, d := range []float64{10.01, 12, 25, 45, 90, 200, 500, 1000, 3000, 3600, 3601.9} {
		i := slices.IndexFunc(bounds, func(b float64) bool { return b >= d })
		if i < 0 || bounds[i] > 2.5*d {
			t.Errorf("an attempt of %vs falls in no finite bucket within 2.5 times it (buckets %v)", d, bounds)
		}
	}
}

// TestFirstAttemptBucketsCoverABacklog: a backlog (an outage of the
// database, a restart after one, a burst past what the receivers take)
// delays first attempts by minutes or hours, as
// esahayak_oldest_due_delivery_age_seconds shows. histogram_quantile
// reads a quantile that falls in +Inf as the highest finite bucket, so
// with buckets that stopped at 30 s, a p99 of ten minutes read 30 s and an
// alert on a p99 over a minute could never fire. Every such delay falls
// in a finite bucket of esahayak_event_to_first_attempt_seconds within
// 2.5 times itself.
func TestFirstAttemptBucketsCoverABacklog(t *testing.T) {
	m := delivery.NewMetrics(prometheus.NewRegistry())
	var got dto.Metric
	if err := m.CommitToSend.(prometheus.Metric).Write(&got); err != nil {
		t.Fatal(err)
	}
	var bounds []float64
	for _, b := range got.GetHistogram().GetBucket() {
		bounds = append(bounds, b.GetUpperBound())
	}
	for _, d := range []float64{45, 100, 250, 500, 1000, 3000} {
		i := slices.IndexFunc(bounds, func(b float64) bool { return b >= d })
		if i < 0 || bounds[i] > 2.5*d {
			t.Errorf("a first attempt %vs late falls in no finite bucket within 2.5 times it (buckets %v)", d, bounds)
		}
	}
}
