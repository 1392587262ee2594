package dashboard

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/egress"
	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/store"
)

// Monitoring: the guide's four figures per endpoint (delivery success
// rate, response time, error rate, retry attempts) as numbers and charts.

// windowSteps are the chart bucket widths of each window.
var windowSteps = map[string]time.Duration{"1h": 2 * time.Minute, "24h": time.Hour, "7d": 6 * time.Hour}

var windowOrder = []string{"1h", "24h", "7d"}

type monitoringData struct {
	Window    string
	Windows   []string
	Endpoints []store.Endpoint
	Selected  *store.Endpoint
	Stats     any         // api.RenderStats of the selected endpoint
	Figures   store.Stats // the store's, for the response times (endpointSummary.Figures)
	Charts    []chart
	Summary   []endpointSummary
	Capped    bool // the account has more endpoints than maxAccountEndpoints
	// Invalid says that the address's window was not one of Windows and
	// which is shown instead: the page fell back to it without a word,
	// and ?window=2h read as two hours' figures that were a day's.
	Invalid string
}

// defaultWindow is the window of a page whose address names none (or
// one it does not know).
const defaultWindow = "24h"

func (d *Dashboard) monitoring(w http.ResponseWriter, r *http.Request, s *session) error {
	q := r.URL.Query()
	window, invalid := q.Get("window"), ""
	if _, ok := api.Windows[window]; !ok {
		// ?window= (empty) is no window given, as ?status= is no filter.
		if window != "" {
			shown := egress.CutUTF8(window, 20)
			if shown != window {
				shown += "…"
			}
			invalid = fmt.Sprintf("The period %q is not one this page shows (%s): the last %s are shown.",
				shown, strings.Join(windowOrder, ", "), defaultWindow)
		}
		window = defaultWindow
	}
	span, step := api.Windows[window], windowSteps[window]
	eps, more, err := d.accountEndpoints(r.Context(), s.AccountID)
	if err != nil {
		return err
	}
	data := &monitoringData{Window: window, Windows: windowOrder, Endpoints: eps, Capped: more, Invalid: invalid}
	now := d.now()
	since := now.Add(-span)
	// One read for all the endpoints' figures (the selected one's too,
	// whether listed or older): one per endpoint took 1–9 s at 1,000.
	stats, err := d.st.AccountEndpointStats(r.Context(), s.AccountID, since)
	if err != nil {
		return err
	}
	for _, e := range eps {
		data.Summary = append(data.Summary, endpointSummary{Endpoint: e, Stats: api.RenderStats(e.ID, window, since, stats[e.ID]), Figures: stats[e.ID]})
	}
	var sel store.Endpoint
	switch id := q.Get("endpoint"); {
	case id != "":
		if !ids.Valid(ids.Endpoint, id) {
			return notAnID("endpoint", ids.Endpoint, id, "/dashboard/monitoring?"+url.Values{"window": {window}}.Encode(), "Show another endpoint")
		}
		if sel, err = d.st.GetEndpoint(r.Context(), s.AccountID, id); err != nil {
			if isNotFound(err) {
				// The page names its endpoint in the address itself
				// (Canonical): a reload or a bookmark after that endpoint
				// was deleted said only "the page does not exist", of a
				// page that does, with no way on but the overview.
				return &linkedError{&httpError{http.StatusNotFound, "The endpoint this address names does not exist any more: it was deleted (here, in another tab or through the API), or it belongs to another account."},
					"/dashboard/monitoring?" + url.Values{"window": {window}}.Encode(), "Show another endpoint"}
			}
			return err
		}
		if !slices.ContainsFunc(eps, func(e store.Endpoint) bool { return e.ID == sel.ID }) {
			// Older than the newest maxAccountEndpoints: an option still,
			// or the select shows the first one selected above this
			// one's figures, and Show then shows that one.
			data.Endpoints = append(data.Endpoints, sel)
		}
	case len(eps) > 0:
		sel = eps[0]
	}
	if sel.ID != "" {
		data.Selected = &sel
		data.Stats, data.Figures = api.RenderStats(sel.ID, window, since, stats[sel.ID]), stats[sel.ID]
		// The charts cover the figures' own window, from since to now:
		// buckets aligned to round times would leave out up to one step
		// at its start (6 h of a 7 d window), whose failures the figures
		// count and the charts would not show.
		buckets, err := d.st.StatsSeries(r.Context(), s.AccountID, sel.ID, since, step)
		if err != nil {
			return err
		}
		data.Charts = seriesCharts(since, step, int(span/step), buckets)
	}
	v := &view{Title: "Monitoring", Nav: "monitoring", Session: s, Data: data}
	if q.Get("endpoint") == "" && data.Selected != nil {
		// The page shows the newest endpoint: its address names it, so
		// that a live refresh (which reads the address again) and a reload
		// show this endpoint still after another has been added. They
		// showed the new one's figures under a select naming this one.
		v.Canonical = "/dashboard/monitoring?" + url.Values{"endpoint": {data.Selected.ID}, "window": {window}}.Encode()
	}
	d.render(w, r, http.StatusOK, "monitoring", v)
	return nil
}

// seriesCharts turns store buckets (only those with attempts) into the
// four charts, n buckets from start.
func seriesCharts(start time.Time, step time.Duration, n int, buckets []store.StatsBucket) []chart {
	byIndex := map[int]store.StatsBucket{}
	for _, b := range buckets {
		i := int(b.Start.Sub(start) / step)
		if i >= 0 && i < n {
			byIndex[i] = b
		}
	}
	success := chart{Title: "Delivery success rate", Unit: "%", Max: 100, Step: step, Class: "chart-good"}
	latency := chart{Title: "Response time (average)", Unit: " ms", Step: step, Class: "chart-info"}
	errRate := chart{Title: "Error rate", Unit: "%", Max: 100, Step: step, Class: "chart-bad"}
	retries := chart{Title: "Retry attempts", Kind: chartBars, Step: step, Class: "chart-warn"}
	for i := 0; i < n; i++ {
		t := start.Add(time.Duration(i) * step)
		b, ok := byIndex[i]
		has := ok && b.Attempts > 0
		var sr, er float64
		if has {
			sr = 100 * float64(b.Succeeded) / float64(b.Attempts)
			er = 100 * float64(b.Failed) / float64(b.Attempts)
		}
		success.Points = append(success.Points, chartPoint{Start: t, Value: sr, Has: has})
		errRate.Points = append(errRate.Points, chartPoint{Start: t, Value: er, Has: has})
		latency.Points = append(latency.Points, chartPoint{Start: t, Value: b.AvgMillis, Has: has})
		retries.Points = append(retries.Points, chartPoint{Start: t, Value: float64(b.Retries), Has: has})
	}
	return []chart{success, latency, errRate, retries}
}
