package bench_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/bench"
)

// buildBinary builds cmd/esahayak into a temporary directory: the bench
// runs the real binary as its server. Its --attempt-timeout floor (1s) is
// lowered to 300ms, the timeout TestTinyRun's slow scenario runs with.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "esahayak")
	out, err := exec.Command("go", "build", "-ldflags", "-X main.attemptTimeoutFloorForTests=300ms", "-o", bin, "github.com/esahayak/esahayak/cmd/esahayak").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestTinyRun runs every scenario end to end with a handful of events and
// checks that the figures add up: every (endpoint, event) arrived exactly
// once, rates and latencies are positive and ordered, the server's CPU and
// memory were read.
func TestTinyRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	var progress timedLog
	progress.start = time.Now()
	cfg := bench.Config{
		Binary: bin, Scenarios: bench.Scenarios, Events: 40, Concurrency: 8, FanOut: 3,
		Duration: 500 * time.Millisecond, Rate: 80, SlowRate: 40, SlowEndpoints: 2,
		CeilingRequests: 500, MaxWait: 20 * time.Second, Progress: &progress,
		// The slow scenario's neighbours hold each attempt until it times out.
		ServerArgs: []string{"--attempt-timeout", "300ms"},
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	results, err := bench.Run(ctx, cfg)
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, progress.String())
	}
	if len(results) != len(bench.Scenarios) {
		t.Fatalf("%d results for %d scenarios", len(results), len(bench.Scenarios))
	}
	for _, res := range results {
		r := res.Median
		endpoints := map[string]int{"single": 1, "fanout": 3, "steady": 1, "backlog": 1, "slow": 1}[res.Scenario]
		events := map[string]int{"single": 40, "fanout": 40, "steady": 40, "backlog": 40, "slow": 20}[res.Scenario]
		t.Logf("%s: %+v", res.Scenario, r)
		if r.Events != events || r.Endpoints != endpoints {
			t.Errorf("%s: events %d to %d endpoints; want %d to %d", res.Scenario, r.Events, r.Endpoints, events, endpoints)
		}
		if r.Deliveries != events*endpoints || r.Missing != 0 || r.Duplicates != 0 {
			t.Errorf("%s: %d deliveries counted (%d missing, %d duplicates); want %d", res.Scenario, r.Deliveries, r.Missing, r.Duplicates, events*endpoints)
		}
		if r.IngestPerSec <= 0 || r.DeliveriesPerSec <= 0 || r.WindowSec <= 0 {
			t.Errorf("%s: ingest %.0f/s, deliveries %.0f/s over %.2fs", res.Scenario, r.IngestPerSec, r.DeliveriesPerSec, r.WindowSec)
		}
		if !(r.P50Ms > 0 && r.P50Ms <= r.P90Ms && r.P90Ms <= r.P99Ms && r.P99Ms <= r.MaxMs && r.MaxMs < 20_000) {
			t.Errorf("%s: latency p50 %.1f p90 %.1f p99 %.1f max %.1f ms", res.Scenario, r.P50Ms, r.P90Ms, r.P99Ms, r.MaxMs)
		}
		if r.ServerCPU <= 0 || r.CPUPerDeliveryMs <= 0 || r.PeakRSSMB < 5 || r.PeakRSSMB > 4096 {
			t.Errorf("%s: server CPU %.2fs (%.3f ms/delivery), peak RSS %.0f MB", res.Scenario, r.ServerCPU, r.CPUPerDeliveryMs, r.PeakRSSMB)
		}
		// Every scenario measures its ceiling in the same run (issue 6).
		if r.CeilingPerSec <= 0 {
			t.Errorf("%s: no ceiling measured", res.Scenario)
		}
		switch res.Scenario {
		case "single", "fanout", "backlog":
			if r.CeilingPerSec <= 0 || r.Ratio <= 0 || r.BodyBytes < 100 {
				t.Errorf("%s: ceiling %.0f/s, ratio %.2f, body %d bytes", res.Scenario, r.CeilingPerSec, r.Ratio, r.BodyBytes)
			}
			if res.Scenario != "backlog" && (r.RelayPerSec <= 0 || r.RelayRatio <= 0) {
				t.Errorf("%s: relay floor %.0f/s, ratio to the ceiling %.2f", res.Scenario, r.RelayPerSec, r.RelayRatio)
			}
		}
		if res.Scenario == "backlog" && (r.DrainPerSec <= 0 || r.BacklogRSSMB <= 0) {
			t.Errorf("backlog: drain %.0f/s, RSS holding it %.0f MB", r.DrainPerSec, r.BacklogRSSMB)
		}
		if res.Scenario == "slow" && (r.AloneP99Ms <= 0 || r.AloneP90Ms <= 0 || r.AloneMaxMs < r.AloneP99Ms || r.Ratio <= 0) {
			t.Errorf("slow: p90 / p99 / max alone %.1f / %.1f / %.1f ms, ratio %.2f", r.AloneP90Ms, r.AloneP99Ms, r.AloneMaxMs, r.Ratio)
		}
	}
	var table, js bytes.Buffer
	bench.WriteTable(&table, results)
	for _, want := range []string{"single · sqlite", "deliveries/s end to end", "ratio deliveries/s ÷ ceiling", "relay floor (no store; deliveries/s)", "healthy p99 alone",
		"healthy p90 beside slow", "latency p90 (ms)"} {
		if !strings.Contains(table.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, table.String())
		}
	}
	if err := bench.WriteJSON(&js, results); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Results []struct {
			Scenario string
			Median   struct {
				Deliveries int `json:"deliveries"`
			}
		}
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil || len(doc.Results) != len(results) || doc.Results[0].Median.Deliveries != 40 {
		t.Errorf("JSON output: %v\n%s", err, js.String())
	}
}

// TestConfigErrors: each mistake is refused as a mistake in the command
// line (a *ConfigError, exit status 2) that names the flag, before
// anything runs. (It checked only for an error: with "x" as the binary,
// starting the server fails too, so dropping a check did not fail it.)
func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		cfg      bench.Config
		want     string
		cfgError bool
	}{
		{bench.Config{Binary: "x", Scenarios: []string{"nope"}}, `--scenario: unknown scenario "nope"`, true},
		{bench.Config{Binary: "x", Scenarios: []string{"single", "fanout", "single"}}, "--scenario: single is named twice", true},
		{bench.Config{Binary: "x", Instances: 2}, "--instances above 1 needs --db postgres://", true},
		{bench.Config{Binary: "x", BacklogMode: "up"}, `--backlog-mode "up": use down or hold`, true},
		{bench.Config{}, "no esahayak binary", false},
	} {
		var progress bytes.Buffer
		tc.cfg.Progress = &progress
		_, err := bench.Run(context.Background(), tc.cfg)
		var ce *bench.ConfigError
		if err == nil || !strings.Contains(err.Error(), tc.want) || errors.As(err, &ce) != tc.cfgError {
			t.Errorf("Run(%+v) = %v (a ConfigError: %v); want an error saying %q (a ConfigError: %v)", tc.cfg, err, errors.As(err, &ce), tc.want, tc.cfgError)
		}
		if progress.Len() > 0 {
			t.Errorf("Run(%+v) started before refusing: %s", tc.cfg, progress.String())
		}
	}
}

// TestUnusedBoundsRefused: --events and a rate given are bounded whether
// or not the scenarios run use them (they were taken and ignored, where
// --fanout past its bound is refused with any scenario); a rate left at
// its default bounds --duration only in its own scenario, so a long slow
// run is not refused for steady's default 1,000/s. Under one event is
// refused too: the run started the server, sent nothing and failed.
func TestUnusedBoundsRefused(t *testing.T) {
	for _, tc := range []struct {
		cfg  bench.Config
		want string
	}{
		{bench.Config{Scenarios: []string{"steady"}, Events: bench.MaxEvents + 1}, "--events must be at most 10000000 (got 10000001)"},
		{bench.Config{Scenarios: []string{"single"}, Rate: 2e6}, "--rate 2000000 × --duration 10s is 20000000 events of steady"},
		{bench.Config{Scenarios: []string{"backlog"}, SlowRate: 1e5, Duration: 2 * time.Minute}, "--slow-rate 100000 × --duration 2m0s is 12000000 events of slow"},
		{bench.Config{Scenarios: []string{"slow"}, Duration: 3 * time.Hour}, ""},
		{bench.Config{Scenarios: []string{"steady"}, Rate: 1, Duration: 500 * time.Millisecond}, "--rate 1 × --duration 500ms is no whole event of steady"},
		{bench.Config{Scenarios: []string{"slow"}, Duration: time.Millisecond}, "--slow-rate 200 × --duration 1ms is no whole event of slow"},
	} {
		var progress bytes.Buffer
		tc.cfg.Binary, tc.cfg.Progress = "/nonexistent/esahayak", &progress
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		_, err := bench.Run(ctx, tc.cfg)
		cancel()
		var ce *bench.ConfigError
		switch {
		case tc.want != "" && (!errors.As(err, &ce) || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("Run(%v, events %d, rate %.0f, slow rate %.0f) = %v; want a ConfigError saying %q", tc.cfg.Scenarios, tc.cfg.Events, tc.cfg.Rate, tc.cfg.SlowRate, err, tc.want)
		case tc.want == "" && (errors.As(err, &ce) || progress.Len() == 0):
			// Accepted: it went on to start the run, and failed there
			// for want of a binary.
			t.Errorf("Run(%v, duration %s) = %v, before starting a run (%q); want it accepted", tc.cfg.Scenarios, tc.cfg.Duration, err, progress.String())
		}
	}
}

// timedLog keeps the harness's progress lines with the time since start,
// for the failure message.
type timedLog struct {
	start time.Time
	buf   bytes.Buffer
}

func (l *timedLog) Write(p []byte) (int, error) {
	fmt.Fprintf(&l.buf, "%6.2fs %s", time.Since(l.start).Seconds(), p)
	return len(p), nil
}

func (l *timedLog) String() string { return l.buf.String() }

// TestMissingDeliveries: a wait limit that cannot be met leaves deliveries
// missing; Run still returns the results, for the table, and an error that
// names the run.
func TestMissingDeliveries(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	var progress timedLog
	progress.start = time.Now()
	// One delivery at a time, each recorded before the next is claimed,
	// falls far behind 64 uploads at a time: when the uploads end, the
	// first deliveries have arrived (the ceiling copies one) and most have not.
	cfg := bench.Config{
		Binary: bin, Scenarios: []string{"single"}, Events: 300, Concurrency: 64,
		CeilingRequests: 200, MaxWait: time.Nanosecond, Progress: &progress,
		ServerArgs: []string{"--max-in-flight", "1", "--per-endpoint-concurrency", "1"},
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	results, err := bench.Run(ctx, cfg)
	var missing *bench.MissingError
	if !errors.As(err, &missing) {
		t.Fatalf("Run: %v; want a *bench.MissingError\n%s", err, progress.String())
	}
	if len(results) != 1 || results[0].Median.Missing == 0 {
		t.Fatalf("results %+v (%v); want the single run's, with deliveries missing\n%s", results, err, progress.String())
	}
	want := fmt.Sprintf("single run 1: %d of 300 deliveries", results[0].Median.Missing)
	t.Logf("%v", err)
	if len(missing.Runs) != 1 || missing.Runs[0] != want || !strings.Contains(err.Error(), want) {
		t.Errorf("error %q (runs %q); want it to name %q", err, missing.Runs, want)
	}
}

// With several instances the table says that CPU is the sum over them and
// memory the largest one's.
func TestTableLabelsSeveralInstances(t *testing.T) {
	for _, tc := range []struct {
		instances int
		want      []string
		not       []string
	}{
		{1, []string{"server CPU (s)", "server peak RSS (MB)"}, []string{"all instances", "largest instance"}},
		{3, []string{"server CPU, all instances (s)", "server peak RSS, largest instance (MB)"}, []string{"server peak RSS (MB)"}},
	} {
		var table bytes.Buffer
		bench.WriteTable(&table, []bench.Result{{Scenario: "single", Store: "postgres", Instances: tc.instances,
			Median: bench.Figures{ServerCPU: 3, PeakRSSMB: 90}, Runs: []bench.Figures{{ServerCPU: 3, PeakRSSMB: 90}}}})
		for _, w := range tc.want {
			if !strings.Contains(table.String(), w) {
				t.Errorf("%d instance(s): the table lacks %q:\n%s", tc.instances, w, &table)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(table.String(), n) {
				t.Errorf("%d instance(s): the table has %q:\n%s", tc.instances, n, &table)
			}
		}
	}
}

// cancelOn is a progress writer that cancels when a line containing
// match is written, so that a test interrupts a run at a known step.
type cancelOn struct {
	timedLog
	match  string
	cancel context.CancelFunc
}

func (c *cancelOn) Write(p []byte) (int, error) {
	if strings.Contains(string(p), c.match) {
		c.cancel()
	}
	return c.timedLog.Write(p)
}

// TestInterruptedWhileWaiting: Ctrl-C while the bench waits for the
// backlog's drain ended the run as if --max-wait had run out ("warning:
// 889 of 2000 deliveries arrived within the wait limit", then "deliveries
// missing after the wait for them (--max-wait)") and started the
// ceiling's child. Now Run says the run was interrupted, counts nothing
// as missing, and leaves no temporary file behind.
func TestInterruptedWhileWaiting(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where Run makes its directory
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// Logged once the backlog is in the store, before the held endpoint
	// is released (in hold mode nothing else is asked of the server after
	// it): the rest of the run is the wait for the drain, which has not
	// arrived when it is cancelled.
	progress := &cancelOn{match: "the endpoint recovers", cancel: cancel}
	progress.start = time.Now()
	cfg := bench.Config{
		Binary: bin, Scenarios: []string{"backlog"}, BacklogMode: "hold", Events: 40, Concurrency: 8,
		CeilingRequests: 200, MaxWait: time.Minute, Progress: progress,
	}
	results, err := bench.Run(ctx, cfg)
	var intr *bench.InterruptedError
	if !errors.As(err, &intr) || !errors.Is(err, context.Canceled) {
		t.Fatalf("Run: %v; want a *bench.InterruptedError\n%s", err, progress.String())
	}
	if want := "interrupted during backlog (run 1 of 1)"; !strings.Contains(err.Error(), want) {
		t.Errorf("Run: %q; want it to say %q", err, want)
	}
	if errors.As(err, new(*bench.MissingError)) || strings.Contains(err.Error(), "max-wait") {
		t.Errorf("Run: %q; an interrupted run's deliveries are not missing after --max-wait", err)
	}
	if len(results) != 0 {
		t.Errorf("results %+v of an interrupted run", results)
	}
	for _, s := range []string{"warning:", "ceiling:"} {
		if strings.Contains(progress.String(), s) {
			t.Errorf("progress says %q after the interruption:\n%s", s, progress.String())
		}
	}
	if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) > 0 {
		t.Errorf("left behind: %q", left)
	}
}
