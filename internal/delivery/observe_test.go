package delivery

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/esahayak/esahayak/internal/backoff"
	"github.com/esahayak/esahayak/internal/egress"
	"github.com/esahayak/esahayak/internal/store"
)

// A failed attempt that ended after its lease (the process was paused
// past it) is logged as such and not counted as the receiver's failure;
// one that failed within its lease is.
func TestAttemptPastItsLeaseIsNotCountedAsAFailure(t *testing.T) {
	reg := prometheus.NewRegistry()
	var logs bytes.Buffer
	e := &Engine{cfg: Config{Metrics: NewMetrics(reg), Log: slog.New(slog.NewTextHandler(&logs, nil))}}
	start := time.Now().Add(-30 * time.Second)
	failures := func() float64 {
		var m dto.Metric
		if err := e.cfg.Metrics.Attempts.WithLabelValues("failure", "none").Write(&m); err != nil {
			t.Fatal(err)
		}
		return m.GetCounter().GetValue()
	}

	paused := store.Work{DeliveryID: "dlv_paused", Attempt: 1, RoundAttempt: 1, LeaseUntil: start.Add(15 * time.Second)}
	e.observe(paused, &store.Attempt{StartedAt: start, Duration: 25 * time.Second, ErrorKind: "timeout", Error: "context deadline exceeded"}, store.Result{Outcome: store.OutcomeRetry})
	if got := failures(); got != 0 {
		t.Errorf("an attempt that outlived its lease counted %v failures", got)
	}
	if !strings.Contains(logs.String(), "outlived its lease") || !strings.Contains(logs.String(), "dlv_paused") {
		t.Errorf("log: %s", logs.String())
	}

	onTime := store.Work{DeliveryID: "dlv_on_time", Attempt: 1, RoundAttempt: 1, LeaseUntil: start.Add(time.Minute)}
	e.observe(onTime, &store.Attempt{StartedAt: start, Duration: 10 * time.Second, ErrorKind: "timeout", Error: "context deadline exceeded"}, store.Result{Outcome: store.OutcomeRetry})
	if got := failures(); got != 1 {
		t.Errorf("a timeout within the lease counted %v failures, want 1", got)
	}
}

// A failed attempt that ran well past the attempt timeout within its
// lease (this process paused, say 30 s with a 10 s timeout, while the
// receiver answered at once) says so in its error, is not counted as the
// receiver's failure, and, as the schedule's last attempt, is tried once
// more rather than given up; one that timed out on time is none of that.
func TestAttemptPastItsTimeoutIsThePause(t *testing.T) {
	reg := prometheus.NewRegistry()
	var logs bytes.Buffer
	sched, err := backoff.ParseSchedule("5s")
	if err != nil {
		t.Fatal(err)
	}
	e := &Engine{cfg: Config{Metrics: NewMetrics(reg), Log: slog.New(slog.NewTextHandler(&logs, nil)),
		Client: egress.NewClient(egress.Options{Timeout: 10 * time.Second}), Schedule: sched, Timeout: 10 * time.Second}}
	failures := func() float64 {
		var m dto.Metric
		if err := e.cfg.Metrics.Attempts.WithLabelValues("failure", "none").Write(&m); err != nil {
			t.Fatal(err)
		}
		return m.GetCounter().GetValue()
	}
	timeout := &url.Error{Op: "Post", URL: "https://127.0.0.1:1/h", Err: context.DeadlineExceeded}
	now := time.Now()
	for _, tc := range []struct {
		name     string
		took     time.Duration
		paused   bool
		outcome  store.Outcome
		failures float64
	}{
		{"paused, last attempt", 30 * time.Second, true, store.OutcomeRetry, 0},
		{"on time, last attempt", 10*time.Second + 300*time.Millisecond, false, store.OutcomeFailed, 1},
	} {
		logs.Reset()
		w := store.Work{DeliveryID: "dlv_x", Attempt: 2, RoundAttempt: 2, LeaseUntil: now.Add(time.Minute)}
		a := &store.Attempt{StartedAt: now.Add(-tc.took), Duration: tc.took}
		res := e.decide(w, a, nil, timeout, now)
		e.observe(w, a, res)
		said := strings.HasPrefix(a.Error, "this server was paused or starved during the attempt (it took 30s against a 10s timeout)")
		if said != tc.paused || a.ErrorKind != egress.KindTimeout || !strings.HasSuffix(a.Error, "timed out after 10s") {
			t.Errorf("%s: recorded %s %q", tc.name, a.ErrorKind, a.Error)
		}
		if res.Outcome != tc.outcome || (tc.paused && !res.NextAttemptAt.Equal(now)) {
			t.Errorf("%s: outcome %v at %v, want %v", tc.name, res.Outcome, res.NextAttemptAt, tc.outcome)
		}
		if got := failures(); got != tc.failures {
			t.Errorf("%s: %v failures counted, want %v", tc.name, got, tc.failures)
		}
		if logged := strings.Contains(logs.String(), "outlived its timeout"); logged != tc.paused {
			t.Errorf("%s: log: %s", tc.name, logs.String())
		}
	}
}

// Log levels of attempts: a success at debug, a failure to be retried at
// info, a delivery given up at warn, so that --log-level warn still shows
// the events a customer will not get.
func TestAttemptLogLevels(t *testing.T) {
	var logs bytes.Buffer
	e := &Engine{cfg: Config{Metrics: NewMetrics(prometheus.NewRegistry()), Log: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}}
	now := time.Now()
	for _, tc := range []struct {
		id        string
		succeeded bool
		outcome   store.Outcome
		level     string
	}{
		{"dlv_ok", true, store.OutcomeSucceeded, "level=DEBUG"},
		{"dlv_retry", false, store.OutcomeRetry, "level=INFO"},
		{"dlv_gave_up", false, store.OutcomeFailed, "level=WARN"},
	} {
		logs.Reset()
		w := store.Work{DeliveryID: tc.id, Attempt: 1, RoundAttempt: 1, LeaseUntil: now.Add(time.Minute)}
		a := &store.Attempt{StartedAt: now, Duration: time.Millisecond, Succeeded: tc.succeeded, ResponseStatus: 500}
		if !tc.succeeded {
			a.ErrorKind, a.Error = egress.StatusFailure(500, "")
		} else {
			a.ResponseStatus = 200
		}
		e.observe(w, a, store.Result{Outcome: tc.outcome})
		if line := logs.String(); !strings.Contains(line, tc.level) || !strings.Contains(line, tc.id) {
			t.Errorf("%s: logged %q; want it at %s", tc.id, line, tc.level)
		}
	}
}

// The operator's log never shows an endpoint URL's query or a redirect's
// credentials and query, whichever spelling Go's error uses for the URL.
func TestLogErrorHidesURLSecrets(t *testing.T) {
	for _, tc := range []struct {
		url, err, kind string
		status         int
		location       string
	}{
		{url: "HTTP://127.0.0.1:1/x?token=LEAK", err: `Post "http://127.0.0.1:1/x?token=LEAK": dial tcp 127.0.0.1:1: connect: connection refused`, kind: "connection_refused"},
		{url: "http://127.0.0.1:1/ü?token=LEAK", err: `Post "http://127.0.0.1:1/%C3%BC?token=LEAK": dial tcp 127.0.0.1:1: connect: connection refused`, kind: "connection_refused"},
		{url: "http://user:LEAK@127.0.0.1:1/x", err: `Post "http://user:***@127.0.0.1:1/x": dial tcp 127.0.0.1:1: connect: connection refused`, kind: "connection_refused"},
		{url: "https://h.example/x", kind: "redirect", status: 302, location: "http://user:LEAK@127.0.0.1:1/x?token=LEAK"},
		{url: "https://h.example/x", kind: "redirect", status: 302, location: "https://127.0.0.1:1/cb#access_token=LEAK&state=x"},
		{url: "https://h.example/x", kind: "redirect", status: 302, location: "https://user:LEAK@127.0.0.1:1/next?token=LEAK#frag"},
	} {
		a := &store.Attempt{Error: tc.err, ErrorKind: tc.kind, ResponseStatus: tc.status}
		if tc.location != "" {
			a.ResponseHeaders = map[string]string{"Location": tc.location}
			_, a.Error = egress.StatusFailure(tc.status, tc.location)
		}
		got := logError(store.Work{URL: tc.url}, a)
		if strings.Contains(got, "LEAK") || strings.Contains(got, "user") {
			t.Errorf("%s: the log says %q", tc.url, got)
		}
		if !strings.Contains(got, "127.0.0.1:1/") {
			t.Errorf("%s: the log lost the address: %q", tc.url, got)
		}
	}
}

// An attempt that failed at the egress proxy tells the customer so, not
// the proxy's address, which is the operator's.
func TestProxyFailureHidesTheProxyAddress(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	proxyAddr := ln.Addr().String()
	ln.Close() // nothing listens: the proxy is down
	proxy, _ := url.Parse("http://" + proxyAddr)
	client := egress.NewClient(egress.Options{Proxy: proxy, Timeout: 5 * time.Second})
	sched, err := backoff.ParseSchedule("1m")
	if err != nil {
		t.Fatal(err)
	}
	e := &Engine{cfg: Config{Client: client, Schedule: sched}}
	// A documentation address, never reached: the proxy is down.
	req, _ := http.NewRequest(http.MethodPost, "https://192.0.2.1/hook", strings.NewReader("{}"))
	resp, err := client.Do(context.Background(), req)
	if err == nil {
		t.Fatal("a request through a proxy that is down succeeded")
	}
	a := &store.Attempt{}
	e.decide(store.Work{DeliveryID: "dlv_x", Attempt: 1, RoundAttempt: 1}, a, resp, err, time.Now())
	if a.ErrorKind != egress.KindProxy || strings.Contains(a.Error, proxyAddr) || !strings.Contains(a.Error, "(egress proxy)") {
		t.Errorf("recorded %s: %q", a.ErrorKind, a.Error)
	}
}
