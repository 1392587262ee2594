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
