package main

import (
	"io"
	"strings"
	"testing"
)

// TestServeTextValuesWithoutSurroundingSpace: every text variable of serve
// (and its flag) is read without the ASCII white space around it, as its
// numbers and durations always were: an env or compose file keeps a
// trailing space, or a Windows one's \r, and ESAHAYAK_LOG_LEVEL="info "
// was refused with a value that looked right. Space inside is still
// refused, a value of white space alone too (read as "" it would turn the
// proxy or the profiles off, or pick the default instance id, without a
// word), and a SQLite path keeps its own (checkDB refuses it).
func TestServeTextValuesWithoutSurroundingSpace(t *testing.T) {
	for _, c := range []struct {
		env, value string
		got        func(serveConfig) string
		want       string
	}{
		{"ESAHAYAK_ADDR", " 127.0.0.1:0\r\n", func(c serveConfig) string { return c.addr }, "127.0.0.1:0"},
		{"ESAHAYAK_DB", " sqlite:e.db", func(c serveConfig) string { return c.db }, "sqlite:e.db"},
		{"ESAHAYAK_DB", "\tpostgres://u@127.0.0.1:5432/test?sslmode=disable\r", func(c serveConfig) string { return c.db }, "postgres://u@127.0.0.1:5432/test?sslmode=disable"},
		{"ESAHAYAK_RETRY_SCHEDULE", " 5s,1m\r", func(c serveConfig) string { return c.retrySchedule }, "5s,1m"},
		{"ESAHAYAK_EGRESS_PROXY", " http://127.0.0.1:3128 ", func(c serveConfig) string { return c.egressProxy }, "http://127.0.0.1:3128"},
		{"ESAHAYAK_INSTANCE_ID", "\tweb-1 \r\n", func(c serveConfig) string { return c.instanceID }, "web-1"},
		{"ESAHAYAK_SQLITE_SYNCHRONOUS", "FULL\r", func(c serveConfig) string { return c.sqliteSync }, "FULL"},
		{"ESAHAYAK_LOG_LEVEL", "debug ", func(c serveConfig) string { return c.logLevel }, "debug"},
		{"ESAHAYAK_LOG_FORMAT", " json\r", func(c serveConfig) string { return c.logFormat }, "json"},
		{"ESAHAYAK_PPROF_ADDR", "127.0.0.1:0\v\f", func(c serveConfig) string { return c.pprofAddr }, "127.0.0.1:0"},
		// A secret is trimmed by serve itself (and refused when blank).
		{"ESAHAYAK_OPERATOR_TOKEN", " tok\r\n", func(c serveConfig) string { return c.operatorToken }, "tok"},
	} {
		name := strings.TrimPrefix(c.env, "ESAHAYAK_")
		flag := "--" + strings.ReplaceAll(strings.ToLower(name), "_", "-")
		t.Run(name, func(t *testing.T) {
			t.Setenv(c.env, c.value)
			got, err := serveFlagsClean(t)
			if err != nil {
				t.Fatalf("%s=%q: %v; want it taken as %q", c.env, c.value, err, c.want)
			}
			if g := c.got(got); g != c.want {
				t.Fatalf("%s=%q: taken as %q, want %q", c.env, c.value, g, c.want)
			}
			// The flag reads it as its variable does.
			t.Setenv(c.env, "")
			if got, err = serveFlagsClean(t, flag, c.value); err != nil || c.got(got) != c.want {
				t.Fatalf("%s %q: %q, %v; want it taken as %q", flag, c.value, c.got(got), err, c.want)
			}
		})
	}
	// What serve reads after the flags: the logger and the schedule.
	t.Setenv("ESAHAYAK_LOG_LEVEL", "warn\r")
	t.Setenv("ESAHAYAK_LOG_FORMAT", "json ")
	got, err := serveFlagsClean(t)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := newLoggerTo(io.Discard, got.logLevel, got.logFormat); err != nil {
		t.Errorf("ESAHAYAK_LOG_LEVEL=\"warn\\r\", ESAHAYAK_LOG_FORMAT=\"json \": %v", err)
	}
	if !jsonLogsAsked(nil) || !jsonLogsAsked([]string{"--log-format", " json\r"}) {
		t.Error("a refusal of a serve with ESAHAYAK_LOG_FORMAT=\"json \" (or --log-format \" json\\r\") would not be logged as JSON")
	}

	for _, c := range []struct{ env, value, want string }{
		{"ESAHAYAK_INSTANCE_ID", "web 1", `"web 1": use at most 100 letters`},
		{"ESAHAYAK_ADDR", "127.0.0.1 :8080", "must be HOST:PORT"},
		{"ESAHAYAK_INSTANCE_ID", " \r\n", `" \r\n" is only white space`},
		{"ESAHAYAK_EGRESS_PROXY", "  ", `"  " is only white space`},
		{"ESAHAYAK_PPROF_ADDR", "\t", `"\t" is only white space`},
		{"ESAHAYAK_LOG_LEVEL", "info\u00a0", ""}, // not ASCII: refused by the logger, quoted
		{"ESAHAYAK_DB", "sqlite:e.db\r", "the path ends with white space"},
		{"ESAHAYAK_OPERATOR_TOKEN", " ", "is only spaces"},
	} {
		t.Run("refused/"+c.env, func(t *testing.T) {
			t.Setenv(c.env, c.value)
			got, err := serveFlagsClean(t)
			if err == nil && c.want == "" {
				_, err = newLoggerTo(io.Discard, got.logLevel, got.logFormat)
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s=%q: %v; want it refused with %q", c.env, c.value, err, c.want)
			}
		})
	}
}
