package main

import (
	"maps"
	"strings"
	"testing"
	"time"
)

// serveFlagsClean is serveFlags with this process's record of values taken
// from the environment put back afterwards.
func serveFlagsClean(t *testing.T, args ...string) (serveConfig, error) {
	t.Helper()
	saved := maps.Clone(setFromEnv)
	t.Cleanup(func() { setFromEnv = saved })
	return serveFlags(args)
}

// TestServeFlagEdges: each bound serve checks, on both sides: the value at
// the bound that the help names (0 for "no limit" or "never", 1h, 100ms,
// 100 characters) is taken, and the one just past it refused. The
// refusals of values far past them (TestCommandLineUsage) let a bound
// drift by one, or "0: no limit" stop being accepted, unnoticed.
func TestServeFlagEdges(t *testing.T) {
	for _, c := range []struct {
		args []string
		ok   bool
		took func(serveConfig) bool
	}{
		{[]string{"--attempt-timeout", "1h"}, true, func(c serveConfig) bool { return c.attemptTimeout == time.Hour }},
		{[]string{"--attempt-timeout", "1h0m0.000000001s"}, false, nil},
		{[]string{"--attempt-timeout", "0"}, false, nil},
		{[]string{"--attempt-timeout", "1s"}, true, func(c serveConfig) bool { return c.attemptTimeout == time.Second }},
		{[]string{"--attempt-timeout", "999999999ns"}, false, nil},
		{[]string{"--max-in-flight", "0"}, false, nil},
		{[]string{"--max-endpoints-per-account", "0"}, true, func(c serveConfig) bool { return c.maxEndpoints == 0 }},
		{[]string{"--max-endpoints-per-account", "-1"}, false, nil},
		{[]string{"--max-listen-sessions-per-account", "0"}, true, func(c serveConfig) bool { return c.maxListenSessions == 0 }},
		{[]string{"--max-listen-sessions-per-account", "-1"}, false, nil},
		{[]string{"--max-conns-per-host", "0"}, true, func(c serveConfig) bool { return c.maxConnsPerHost == 0 }},
		{[]string{"--max-conns-per-host", "-1"}, false, nil},
		{[]string{"--lease", "0"}, false, nil},
		{[]string{"--auto-disable-after", "0"}, true, func(c serveConfig) bool { return c.autoDisable == 0 }},
		{[]string{"--auto-disable-after", "1h"}, true, func(c serveConfig) bool { return c.autoDisable == time.Hour }},
		{[]string{"--auto-disable-after", "59m59s"}, false, nil},
		{[]string{"--auto-disable-after", "1ns"}, false, nil},
		{[]string{"--auto-disable-after", "-1ns"}, false, nil},
		{[]string{"--retention", "0"}, true, func(c serveConfig) bool { return c.retention == 0 }},
		{[]string{"--retention", "-1ns"}, false, nil},
		{[]string{"--retention", "168h"}, true, func(c serveConfig) bool { return c.retention == 168*time.Hour }},
		{[]string{"--retention", "167h59m59.999999999s"}, false, nil},
		{[]string{"--shutdown-grace", "0"}, false, nil},
		{[]string{"--maintenance-interval", "100ms"}, true, func(c serveConfig) bool { return c.maintenance == 100*time.Millisecond }},
		{[]string{"--maintenance-interval", "99.999999ms"}, false, nil},
		{[]string{"--operator-token", "a~b"}, true, func(c serveConfig) bool { return c.operatorToken == "a~b" }},
		{[]string{"--operator-token", "a\x7fb"}, false, nil},
		{[]string{"--operator-token", "a\tb"}, false, nil},
		{[]string{"--operator-token", "a b"}, false, nil},
		// A token read from a file ends in a newline: it is taken without it.
		{[]string{"--operator-token", "tok\n"}, true, func(c serveConfig) bool { return c.operatorToken == "tok" }},
		{[]string{"--instance-id", strings.Repeat("a", 100)}, true, func(c serveConfig) bool { return c.instanceID == strings.Repeat("a", 100) }},
		{[]string{"--instance-id", strings.Repeat("a", 101)}, false, nil},
		{[]string{"--sqlite-synchronous", "full"}, true, func(c serveConfig) bool { return strings.EqualFold(c.sqliteSync, "FULL") }},
		// Values pasted with spaces round them.
		{[]string{"--max-in-flight", " 5 "}, true, func(c serveConfig) bool { return c.maxInFlight == 5 }},
		{[]string{"--retention", " 168h "}, true, func(c serveConfig) bool { return c.retention == 168*time.Hour }},
		{[]string{"--allow-insecure-urls= true"}, true, func(c serveConfig) bool { return c.allowInsecure }},
	} {
		got, err := serveFlagsClean(t, c.args...)
		switch {
		case c.ok && err != nil:
			t.Errorf("%q: %v; want it taken", c.args, err)
		case c.ok && !c.took(got):
			t.Errorf("%q: taken as %+v", c.args, got)
		case !c.ok && err == nil:
			t.Errorf("%q: taken; want it refused", c.args)
		}
	}
}

// TestServeDefaultsKeepTheGuidesPromises: the customer guide tells
// endpoints to "Respond with 2xx status code (200, 201, 204) within 10
// seconds" and to "Use HTTPS (HTTP not supported)", so a serve started
// with no flags gives each attempt exactly 10 s (not less, which would fail
// endpoints that keep the rule, nor more) and takes https:// URLs only.
// The README's table follows serve -h (TestReadmeConfigurationMatchesServe),
// so a default changed in both would pass there; it does not pass here.
func TestServeDefaultsKeepTheGuidesPromises(t *testing.T) {
	t.Setenv("ESAHAYAK_ATTEMPT_TIMEOUT", "") // "" is unset: the defaults
	t.Setenv("ESAHAYAK_ALLOW_INSECURE_URLS", "")
	c, err := serveFlagsClean(t)
	if err != nil {
		t.Fatal(err)
	}
	if c.attemptTimeout != 10*time.Second {
		t.Errorf("default --attempt-timeout = %s; the guide gives endpoints 10s", c.attemptTimeout)
	}
	if c.allowInsecure {
		t.Error("--allow-insecure-urls is on by default; the guide says HTTP is not supported")
	}
}

// TestServeFlagsFromTheEnvironment: a variable fills a flag the command
// line left unset, the flag wins over it, and a variable set to "" is
// unset (compose files declare variables so).
func TestServeFlagsFromTheEnvironment(t *testing.T) {
	t.Setenv("ESAHAYAK_MAX_IN_FLIGHT", "7")
	t.Setenv("ESAHAYAK_PER_ENDPOINT_CONCURRENCY", "")
	c, err := serveFlagsClean(t)
	if err != nil || c.maxInFlight != 7 || c.perEndpoint != 16 {
		t.Fatalf("from the environment: %d in flight, %d per endpoint, %v; want 7 and the default 16", c.maxInFlight, c.perEndpoint, err)
	}
	if setFromEnv["max-in-flight"] != "ESAHAYAK_MAX_IN_FLIGHT" {
		t.Errorf("--max-in-flight's variable not recorded for its messages: %q", setFromEnv)
	}
	if c, err = serveFlagsClean(t, "--max-in-flight", "9"); err != nil || c.maxInFlight != 9 {
		t.Fatalf("--max-in-flight 9 with ESAHAYAK_MAX_IN_FLIGHT=7: %d, %v; want the flag's 9", c.maxInFlight, err)
	}
}

// TestNegativeDurationTooLarge: a negative duration too large to hold is
// named as negative, spaces round it or not.
func TestNegativeDurationTooLarge(t *testing.T) {
	var v durationValue
	if err := v.Set(" -99999999999h"); err == nil || !strings.Contains(err.Error(), "negative") {
		t.Fatalf("Set(\" -99999999999h\") = %v; want it named negative", err)
	}
}

// TestNearestFlagHints: the "(did you mean --…?)" of an unknown flag: a
// flag's variable spelling (underscores), one edit per three letters and
// at most two, or the only flag it begins.
func TestNearestFlagHints(t *testing.T) {
	f := newFlags("x", "x")
	for _, n := range []string{"max-conns-per-host", "retention", "lease", "forward-to"} {
		f.str(n, "", "")
	}
	for _, c := range []struct{ name, want string }{
		{"max_conns_per_host", "max-conns-per-host"}, // three underscores: its variable's spelling
		{"lesa", ""},               // two edits from lease: too far for four letters
		{"retntn", ""},             // three edits from retention: too far for six letters
		{"retentionxyz", ""},       // three edits: more than two
		{"retentoin", "retention"}, // two edits
		{"forw", "forward-to"},     // the only flag it begins
	} {
		if got := f.nearestFlag(c.name); got != c.want {
			t.Errorf("nearestFlag(%q) = %q, want %q", c.name, got, c.want)
		}
	}
}

// TestUnknownEnvEdges: a prefix two edits from ESAHAYAK is still taken for
// ours, and a name two edits from a known one is named, three is not.
func TestUnknownEnvEdges(t *testing.T) {
	got := unknownEnv([]string{"ESAHAK_DB=x", "ESAHAYAK_LSE=1m", "ESAHAYAK_DBXYZ=x"})
	want := []string{
		"unknown environment variable ESAHAK_DB (did you mean ESAHAYAK_DB?)",
		"unknown environment variable ESAHAYAK_LSE (did you mean ESAHAYAK_LEASE?)",
		"unknown environment variable ESAHAYAK_DBXYZ",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("unknownEnv:\n got %q\nwant %q", got, want)
	}
}

// TestDurationInDaysSaysHours: --retention 30d (or ESAHAYAK_RETENTION=30d,
// --auto-disable-after 5d) was refused with "give a number with a unit",
// which d is to whoever wrote it: the message now says that there is no
// day unit, and what to write instead.
func TestDurationInDaysSaysHours(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"30d", `"30d" is not a duration: there is no day or week unit (the units are h, m, s, ms, us and ns); write 720h`},
		{"5d", "write 120h"},
		{" 7 days", "write 168h"},
		{"1.5d", "write 36h"},
		{"1d12h", "write 36h"},
		{"2w", "write 336h"},
		{"1D", "write 24h"},
		{"1d30m", "write 24h30m0s"},
		{"99999999999d", "write it in hours, 24h a day"},
		{"10x", `"10x" is not a duration: give a number with a unit (h, m, s, ms, us or ns)`},
		{"d", "give a number with a unit"},
		// A year or a month: the generic hint named no unit, and 1y read
		// as a typo; the message now names the units and the hours.
		{"1y", `"1y" is not a duration: there is no year, month, week or day unit (the units are h, m, s, ms, us and ns); write 8760h (a year of 365 days`},
		{"2 years", "write 17520h"},
		{"1yr", "write 8760h"},
		{"6mo", "write 4320h"},
		{"1 month", "write 720h"},
		{"1y12h", "write 8772h"},
		{"99999999999y", "write it in hours, 24h a day (365 days: 8760h)"},
		{"1M", `"1M" is not a duration: give a number with a unit (h, m, s, ms, us or ns)`},
	} {
		var v durationValue
		err := v.Set(c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Set(%q) = %v; want %q in it", c.in, err, c.want)
		}
	}
}

// TestHelpShowsDurationsAsWritten: serve -h showed its duration defaults
// as Go prints them, "(default 720h0m0s)" and "(default 1m0s)", where the
// README and every example write 720h and 60s.
func TestHelpShowsDurationsAsWritten(t *testing.T) {
	for d, want := range map[time.Duration]string{
		720 * time.Hour:         "720h",
		time.Minute:             "1m",
		90 * time.Minute:        "1h30m",
		10 * time.Second:        "10s",
		0:                       "0s",
		-time.Hour:              "-1h",
		time.Hour + time.Second: "1h0m1s",
		100 * time.Millisecond:  "100ms",
	} {
		v := durationValue{d: d}
		if got := v.String(); got != want {
			t.Errorf("durationValue(%v).String() = %q, want %q", d, got, want)
		}
	}
	var out strings.Builder
	f := newFlags("serve", "serve [flags]")
	f.SetOutput(&out)
	f.duration("retention", 720*time.Hour, "how long to keep")
	f.Usage()
	if !strings.Contains(out.String(), "(default 720h)") {
		t.Errorf("-h shows:\n%s\nwant (default 720h)", out.String())
	}
}
