package main_test

import (
	"regexp"
	"strings"
	"testing"
)

// TestServeHelpNamesTheBoundsItEnforces: a value serve refuses for being
// out of range is refused with its bound, and `serve -h` says the same
// bound for that flag, so that a person reading the help does not learn it
// only from a refusal (--per-endpoint-concurrency and --max-in-flight said
// "most concurrent attempts", "most deliveries", without their range).
func TestServeHelpNamesTheBoundsItEnforces(t *testing.T) {
	help, _, code := runBinary(t, t.TempDir(), nil, "", "serve", "-h")
	if code != 0 {
		t.Fatalf("serve -h exited %d", code)
	}
	for _, c := range []struct{ flag, bad, bound string }{
		{"per-endpoint-concurrency", "0", "1 to 10000"},
		{"per-endpoint-concurrency", "10001", "1 to 10000"},
		{"max-in-flight", "0", "1 to 10000000"},
		{"max-in-flight", "10000001", "1 to 10000000"},
		{"attempt-timeout", "2h", "1h"},
		{"attempt-timeout", "500ms", "1s"},
		{"auto-disable-after", "59m", "1h"},
		{"maintenance-interval", "10ms", "100ms"},
		{"maintenance-interval", "61m", "at most 1h"},
		{"lease", "25h", "at most 24h"},
		{"lease", "2562047h", "at most 24h"},
		{"retry-schedule", "200h", "168h"},
		{"instance-id", "a b", "at most 100"},
	} {
		_, stderr, code := runBinary(t, t.TempDir(), nil, "", "serve", "--"+c.flag+"="+c.bad)
		if code != 2 || !strings.Contains(stderr, c.bound) {
			t.Errorf("serve --%s=%q: exit %d, stderr %q; want exit 2 naming %q", c.flag, c.bad, code, stderr, c.bound)
		}
		// "  --flag  [ESAHAYAK_…]\n        usage (default …)"
		m := regexp.MustCompile(`(?m)^  --` + regexp.QuoteMeta(c.flag) + `  .*\n {8}(.*)$`).FindStringSubmatch(help)
		if m == nil {
			t.Errorf("serve -h has no --%s", c.flag)
			continue
		}
		if !strings.Contains(m[1], c.bound) {
			t.Errorf("serve -h for --%s does not say its bound %q: %s", c.flag, c.bound, m[1])
		}
	}
}

// TestBenchHelpNamesTheBoundsItEnforces: as serve's, each bound bench
// refuses a value past is said for that flag in `bench -h`: its help gave
// none, and --fanout, --concurrency or --events past it were learnt of
// only from a refusal.
func TestBenchHelpNamesTheBoundsItEnforces(t *testing.T) {
	help, _, code := runBinary(t, t.TempDir(), nil, "", "bench", "-h")
	if code != 0 {
		t.Fatalf("bench -h exited %d", code)
	}
	for _, c := range []struct{ flag, bad, refused, bound string }{
		{"concurrency", "4097", "at most 4096", "1 to 4096"},
		{"fanout", "1001", "at most 1000", "1 to 1000"},
		{"slow-endpoints", "1001", "at most 1000", "1 to 1000"},
		{"repeat", "101", "at most 100 ", "1 to 100,"},
		{"instances", "17", "at most 16", "1 to 16"},
		{"events", "10000001", "at most 10000000", "at most 10000000"},
		{"rate", "1000001", "at most 10000000", "at most 10000000 events"},
		{"slow-rate", "1000001", "at most 10000000", "at most 10000000 events"},
		{"cpuprofile-seconds", "3601", "at most 3600", "1 to 3600"},
		{"cpuprofile-seconds", "9223372036", "at most 3600", "1 to 3600"},
		{"max-wait", "25h", "at most 24h", "at most 24h"},
	} {
		// Refused whatever the scenario; a value taken would run one
		// event of single.
		_, stderr, code := runBinary(t, t.TempDir(), nil, "", "bench", "--scenario", "single", "--events", "1", "--"+c.flag+"="+c.bad)
		if code != 2 || !strings.Contains(stderr, "--"+c.flag) || !strings.Contains(stderr, c.refused) {
			t.Errorf("bench --%s=%s: exit %d, stderr %q; want exit 2 naming --%s and %q", c.flag, c.bad, code, stderr, c.flag, c.refused)
		}
		m := regexp.MustCompile(`(?m)^  --` + regexp.QuoteMeta(c.flag) + `  .*\n {8}(.*)$`).FindStringSubmatch(help)
		if m == nil {
			t.Errorf("bench -h has no --%s", c.flag)
			continue
		}
		if !strings.Contains(m[1], c.bound) {
			t.Errorf("bench -h for --%s does not say its bound %q: %s", c.flag, c.bound, m[1])
		}
	}
}
