package main_test

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestDurationRefusalsQuoteWhatWasWritten: a duration refused for its
// value was echoed as Go prints what it read, "--retention -1h0m0s" for
// -1h, "--maintenance-interval 50ms" for 0.05s, "--duration 3000h0m0s"
// for 3000h, or not at all (--lease, --attempt-timeout, bench's
// --duration and --max-wait). Every refusal of every duration flag, given
// on the command line or in its variable, quotes the value as written.
func TestDurationRefusalsQuoteWhatWasWritten(t *testing.T) {
	for _, c := range []struct {
		args      []string
		env       string
		want, not string
	}{
		{[]string{"serve", "--retention", "-1h"}, "", `--retention "-1h": must be 0`, "1h0m0s"},
		{[]string{"serve"}, "ESAHAYAK_RETENTION=-30m", `--retention (from ESAHAYAK_RETENTION) "-30m": must be 0`, "30m0s"},
		{[]string{"serve", "--auto-disable-after", "-1h"}, "", `--auto-disable-after "-1h": must be 0`, "1h0m0s"},
		{[]string{"serve"}, "ESAHAYAK_AUTO_DISABLE_AFTER=-90m", `--auto-disable-after (from ESAHAYAK_AUTO_DISABLE_AFTER) "-90m": must be 0`, "1h30m0s"},
		{[]string{"serve", "--shutdown-grace", "-0.5s"}, "", `--shutdown-grace "-0.5s": must be positive`, "-500ms"},
		{[]string{"serve"}, "ESAHAYAK_SHUTDOWN_GRACE=0m", `--shutdown-grace (from ESAHAYAK_SHUTDOWN_GRACE) "0m": must be positive`, ""},
		{[]string{"serve", "--maintenance-interval", "0.05s"}, "", `--maintenance-interval "0.05s" is too short`, "50ms"},
		{[]string{"serve"}, "ESAHAYAK_MAINTENANCE_INTERVAL=0.01s", `--maintenance-interval (from ESAHAYAK_MAINTENANCE_INTERVAL) "0.01s" is too short`, "10ms"},
		{[]string{"serve", "--lease", "-1m"}, "", `--lease "-1m": must be positive`, ""},
		{[]string{"serve"}, "ESAHAYAK_LEASE=0h", `--lease (from ESAHAYAK_LEASE) "0h": must be positive`, ""},
		{[]string{"serve", "--attempt-timeout", "90m"}, "", `--attempt-timeout "90m": must be positive and at most 1h`, "1h30m0s"},
		{[]string{"serve"}, "ESAHAYAK_ATTEMPT_TIMEOUT=-2m", `--attempt-timeout (from ESAHAYAK_ATTEMPT_TIMEOUT) "-2m": must be positive`, "2m0s"},
		{[]string{"bench", "--duration", "-1h"}, "", `--duration "-1h": must be positive`, "1h0m0s"},
		{[]string{"bench"}, "ESAHAYAK_BENCH_DURATION=0m", `--duration (from ESAHAYAK_BENCH_DURATION) "0m": must be positive`, ""},
		{[]string{"bench", "--max-wait", "-90s"}, "", `--max-wait "-90s": must be positive`, "1m30s"},
		{[]string{"bench"}, "ESAHAYAK_BENCH_MAX_WAIT=0h", `--max-wait (from ESAHAYAK_BENCH_MAX_WAIT) "0h": must be positive`, ""},
		{[]string{"bench", "--rate", "1000", "--duration", "3000h"}, "", `--rate 1000 × --duration "3000h" is`, "3000h0m0s"},
		{[]string{"bench", "--scenario", "slow", "--slow-rate", "100000", "--duration", "2h"}, "", `--slow-rate 100000 × --duration "2h" is`, "2h0m0s"},
		// Through bench's --server-arg, read as serve reads it.
		{[]string{"bench", "--server-arg", "--retention -1h"}, "", `serve refuses it: --retention "-1h": must be 0`, "1h0m0s"},
	} {
		cmd := exec.Command(binary, c.args...)
		cmd.Env = os.Environ()
		if c.env != "" {
			cmd.Env = append(cmd.Env, c.env)
		}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 2 {
			t.Errorf("%s %q: %v; want exit status 2\n%s", c.env, c.args, err, stderr.String())
			continue
		}
		if got := stderr.String(); !strings.Contains(got, c.want) || c.not != "" && strings.Contains(got, c.not) {
			t.Errorf("%s %q said:\n%s\nwant %s in it, not %s", c.env, c.args, got, c.want, c.not)
		}
	}
}
