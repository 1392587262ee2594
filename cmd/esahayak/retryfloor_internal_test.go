package main

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// TestRetryScheduleFloor: --retry-schedule 1ns was taken, and each failed
// delivery went out again within milliseconds, eight attempts at a
// receiver that had just failed. A delay under a second is refused (exit
// status 2, as a usage error), naming the delay and the minimum; the
// default and the schedules the docs and the bench use are still taken,
// and serve -h and the README say the minimum.
func TestRetryScheduleFloor(t *testing.T) {
	if retryFloorForTests != "" {
		t.Fatalf("this test binary was built with a retry floor of %s", retryFloorForTests)
	}
	for _, c := range []struct{ sched, want string }{
		{"1ns", `retry schedule item 1 ("1ns") is shorter than the minimum of 1s`},
		{"5s,999ms,1m", `retry schedule item 2 ("999ms") is shorter than the minimum of 1s`},
		{"5s, 300ms", `item 2 ("300ms") is shorter than the minimum of 1s: a retry that soon hammers a receiver that has just failed; use 1s or more`},
	} {
		_, err := serveFlagsClean(t, "--retry-schedule", c.sched)
		var ue usageError
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.As(err, &ue) {
			t.Errorf("--retry-schedule %q: %v; want a usage error with %q", c.sched, err, c.want)
		}
	}
	// From its variable too, named so.
	t.Setenv("ESAHAYAK_RETRY_SCHEDULE", "1ms")
	if _, err := serveFlagsClean(t); err == nil || !strings.Contains(withEnvNames(err.Error()), "--retry-schedule (from ESAHAYAK_RETRY_SCHEDULE): retry schedule item 1 (\"1ms\") is shorter") {
		t.Errorf("ESAHAYAK_RETRY_SCHEDULE=1ms: %v", err)
	}
	t.Setenv("ESAHAYAK_RETRY_SCHEDULE", "")
	for _, ok := range []string{"5s,5m,30m,2h,5h,10h,10h", "1s", "1s,1s,1s,1s,1s,1s,1s", "15s,15s,15s", "1.5s,168h"} {
		if _, err := serveFlagsClean(t, "--retry-schedule", ok); err != nil {
			t.Errorf("--retry-schedule %q: %v; want it taken", ok, err)
		}
	}
	// bench refuses it in a --server-arg before its first run.
	if _, err := parseServeFlags([]string{"--retry-schedule", "10ms"}, false); err == nil {
		t.Error("parseServeFlags without the environment took --retry-schedule 10ms")
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "each at least `1s`") {
		t.Error("the README's --retry-schedule row does not say the minimum, 1s")
	}
}

// TestAttemptTimeoutAndRetentionFloors: --attempt-timeout 1ns was taken,
// and every attempt timed out before it connected (each delivery failed,
// each endpoint was disabled); --retention 1s was taken, and a finished
// event, its attempts (the stats' 7d window) and its order's
// Idempotency-Key were gone a second later, so a client's retry made a
// second order. Below 1s and 7 days (but 0, keep forever) they are
// refused as usage errors (exit status 2) that give the floor, from a
// flag or its variable; at the floor they are taken, and serve -h and the
// README say the floors.
func TestAttemptTimeoutAndRetentionFloors(t *testing.T) {
	if attemptTimeoutFloorForTests != "" || retentionFloorForTests != "" {
		t.Fatalf("this test binary was built with lowered floors (%q, %q)", attemptTimeoutFloorForTests, retentionFloorForTests)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--attempt-timeout", "1ns"}, `--attempt-timeout "1ns" is too short: use 1s or more, e.g. 10s`},
		{[]string{"--attempt-timeout", "10ms"}, `--attempt-timeout "10ms" is too short: use 1s or more`},
		{[]string{"--attempt-timeout", "999ms"}, `--attempt-timeout "999ms" is too short: use 1s or more`},
		{[]string{"--retention", "1s"}, `--retention "1s" is too short: use 0 (keep forever) or 168h or more (7 days:`},
		{[]string{"--retention", "24h"}, `--retention "24h" is too short: use 0 (keep forever) or 168h or more`},
		{[]string{"--retention", "167h59m59s"}, `--retention "167h59m59s" is too short`},
	} {
		_, err := serveFlagsClean(t, c.args...)
		var ue usageError
		if err == nil || !strings.Contains(err.Error(), c.want) || !errors.As(err, &ue) {
			t.Errorf("serve %q: %v; want a usage error with %q", c.args, err, c.want)
		}
	}
	t.Setenv("ESAHAYAK_RETENTION", "1h")
	if _, err := serveFlagsClean(t); err == nil || !strings.Contains(withEnvNames(err.Error()), `--retention (from ESAHAYAK_RETENTION) "1h" is too short`) {
		t.Errorf("ESAHAYAK_RETENTION=1h: %v", err)
	}
	t.Setenv("ESAHAYAK_RETENTION", "")
	for _, ok := range [][]string{{"--attempt-timeout", "1s"}, {"--attempt-timeout", "10s"}, {"--retention", "0"}, {"--retention", "168h"}, {"--retention", "720h"}} {
		if _, err := serveFlagsClean(t, ok...); err != nil {
			t.Errorf("serve %q: %v; want it taken", ok, err)
		}
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, floor := range []string{"at least `1s` (", "else at least `168h`, 7 days"} {
		if !strings.Contains(string(readme), floor) {
			t.Errorf("the README's configuration table does not say %q", floor)
		}
	}
}

// TestRetryScheduleZeroNamesTheFloor: a delay of 0 (or below) was refused
// as "delay must be greater than zero", and the operator who then gave it
// 1ms or 500ms was refused again, for the 1s floor that the first message
// did not name. Every delay under the floor, 0 and negative ones too, is
// refused with the floor.
func TestRetryScheduleZeroNamesTheFloor(t *testing.T) {
	for _, c := range []struct{ sched, want string }{
		{"0", `retry schedule item 1 ("0") is shorter than the minimum of 1s`},
		{"0s", `retry schedule item 1 ("0s") is shorter than the minimum of 1s`},
		{"5s, -5m", `retry schedule item 2 ("-5m") is shorter than the minimum of 1s`},
		{"5s,0ms,x", `retry schedule item 2 ("0ms") is shorter than the minimum of 1s`},
	} {
		_, err := serveFlagsClean(t, "--retry-schedule", c.sched)
		var ue usageError
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "use 1s or more") || !errors.As(err, &ue) {
			t.Errorf("--retry-schedule %q: %v; want a usage error with %q and the floor to use", c.sched, err, c.want)
		}
	}
	// A mistake before the delay of 0 is the one named, as before.
	if _, err := serveFlagsClean(t, "--retry-schedule", "5s,x,0"); err == nil || !strings.Contains(err.Error(), `item 2 ("x") is not a duration`) {
		t.Errorf(`--retry-schedule "5s,x,0": %v; want item 2's mistake`, err)
	}
}
