package dashboard_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// durationStore records each attempt of an endpoint it names with the
// duration it names, in place of the one measured on this machine: the
// outcome is the engine's own, only its length is set.
type durationStore struct {
	store.Store
	mu  sync.Mutex
	set map[string]time.Duration // endpoint id → duration
}

func (s *durationStore) RecordResults(ctx context.Context, rs []store.Result) error {
	s.mu.Lock()
	for _, r := range rs {
		if d, ok := s.set[r.EndpointID]; ok && r.Attempt != nil {
			r.Attempt.Duration = d
		}
	}
	s.mu.Unlock()
	return s.Store.RecordResults(ctx, rs)
}

// The overview, an endpoint's page and Monitoring show a response time
// rounded once from the attempts' durations: one attempt of 249 µs is
// "0.2 ms" and one of 10.495 ms "10 ms" (the API's stats say 0.25 and
// 10.5, rounded to hundredths). Worded from the API's figure, the pages
// read "0.3 ms" and "11 ms".
func TestPagesShowResponseTimesRoundedOnce(t *testing.T) {
	ds := &durationStore{Store: testenv.SQLite(t), set: map[string]time.Duration{}}
	e := startEnv(t, envOptions{Store: ds})
	rc := newReceiver(t)
	cases := []struct {
		d          time.Duration
		api, shown string
	}{{249 * time.Microsecond, "0.25", "0.2 ms"}, {10495 * time.Microsecond, "10.5", "10 ms"}}
	eps := make([]string, len(cases))
	for i, c := range cases {
		eps[i] = createEndpoint(t, e, rc.URL+"/hook"+string(rune('a'+i)))
		ds.mu.Lock()
		ds.set[eps[i]] = c.d
		ds.mu.Unlock()
		testDeliveryTo(t, e, eps[i], store.DeliverySucceeded, time.Minute)
		// The API's figure, rounded to hundredths, is what the pages
		// must not round again.
		st, body := e.Do(t, "GET", "/v1/webhook_endpoints/"+eps[i]+"/stats", e.APIKey, nil)
		if st != http.StatusOK || !strings.Contains(string(body), `"p50":`+c.api+`,`) {
			t.Fatalf("stats of an attempt of %v: %d %s; want p50 %s", c.d, st, body, c.api)
		}
	}
	b := e.signedIn(t)
	get := func(path string) string {
		t.Helper()
		r := b.get(path)
		if r.Status != http.StatusOK {
			t.Fatalf("GET %s = %d", path, r.Status)
		}
		return r.Body
	}
	// The text of each match of re's group, tags and runs of spaces made one space.
	cells := func(body, re string) []string {
		var out []string
		for _, m := range regexp.MustCompile(re).FindAllStringSubmatch(body, -1) {
			out = append(out, strings.Join(strings.Fields(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(m[1], " ")), " "))
		}
		return out
	}
	overview := get("/dashboard/")
	for i, c := range cases {
		if got := cells(rowOf(overview, eps[i]), `(?s)<td data-label="Response time p95" class="num">(.*?)</td>`); len(got) != 1 || got[0] != c.shown {
			t.Errorf("overview, an attempt of %v: p95 %q; want %q", c.d, got, c.shown)
		}
		page := get("/dashboard/endpoints/" + eps[i])
		if got := cells(page, `(?s)<span class="stat-label">Response time</span>(.*?)</div>`); len(got) != 1 || got[0] != c.shown+" median · p95 "+c.shown {
			t.Errorf("endpoint page, an attempt of %v: response time %q; want %q, median and p95", c.d, got, c.shown)
		}
		mon := get("/dashboard/monitoring?endpoint=" + eps[i] + "&window=24h")
		if got := cells(mon, `(?s)<span class="stat-label">Response time</span>(.*?)</div>`); len(got) != 1 || got[0] != c.shown+" median · p95 "+c.shown+" · p99 "+c.shown {
			t.Errorf("Monitoring, an attempt of %v: response time %q; want %q, median, p95 and p99", c.d, got, c.shown)
		}
		if got := cells(rowOf(mon, eps[i]), `(?s)<td data-label="Response time p50 / p95" class="num">(.*?)</td>`); len(got) != 1 || got[0] != c.shown+" / "+c.shown {
			t.Errorf("Monitoring's table, an attempt of %v: %q; want %q", c.d, got, c.shown+" / "+c.shown)
		}
	}
}

// rowOf is the first table row of body naming id.
func rowOf(body, id string) string {
	for _, row := range regexp.MustCompile(`(?s)<tr\b.*?</tr>`).FindAllString(body, -1) {
		if strings.Contains(row, id) {
			return row
		}
	}
	return ""
}
