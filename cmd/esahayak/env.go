package main

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/esahayak/esahayak/internal/suggest"
)

// knownEnv is every ESAHAYAK_* variable something reads: each command's
// flags, and the variables of the tests, the bench's tests and the
// webhook receivers. A variable meant for another command is known too,
// since one environment (a shell, a compose file) serves several of
// them. TestKnownEnvNamesEveryFlag and TestKnownEnvCoversTheRepository
// fail when a flag or a variable is added without its name here.
var knownEnv = []string{
	// serve
	"ESAHAYAK_ADDR", "ESAHAYAK_DB", "ESAHAYAK_OPERATOR_TOKEN", "ESAHAYAK_ALLOW_INSECURE_URLS",
	"ESAHAYAK_RETRY_SCHEDULE", "ESAHAYAK_EGRESS_PROXY", "ESAHAYAK_INSTANCE_ID", "ESAHAYAK_SQLITE_SYNCHRONOUS",
	"ESAHAYAK_LOG_LEVEL", "ESAHAYAK_LOG_FORMAT", "ESAHAYAK_PER_ENDPOINT_CONCURRENCY", "ESAHAYAK_MAX_IN_FLIGHT",
	"ESAHAYAK_MAX_ENDPOINTS_PER_ACCOUNT", "ESAHAYAK_MAX_LISTEN_SESSIONS_PER_ACCOUNT", "ESAHAYAK_MAX_CONNS_PER_HOST", "ESAHAYAK_LEASE", "ESAHAYAK_ATTEMPT_TIMEOUT",
	"ESAHAYAK_AUTO_DISABLE_AFTER", "ESAHAYAK_RETENTION", "ESAHAYAK_MAINTENANCE_INTERVAL", "ESAHAYAK_SHUTDOWN_GRACE",
	"ESAHAYAK_PPROF_ADDR",
	// users create (accounts: ESAHAYAK_DB)
	"ESAHAYAK_ACCOUNT", "ESAHAYAK_EMAIL",
	// listen and trigger
	"ESAHAYAK_FORWARD_TO", "ESAHAYAK_EVENTS", "ESAHAYAK_API_BASE", "ESAHAYAK_API_KEY",
	// bench
	"ESAHAYAK_BENCH_SCENARIO", "ESAHAYAK_BENCH_DB", "ESAHAYAK_BENCH_EVENTS", "ESAHAYAK_BENCH_CONCURRENCY",
	"ESAHAYAK_BENCH_DURATION", "ESAHAYAK_BENCH_RATE", "ESAHAYAK_BENCH_SLOW_RATE", "ESAHAYAK_BENCH_FANOUT",
	"ESAHAYAK_BENCH_SLOW_ENDPOINTS", "ESAHAYAK_BENCH_BACKLOG_MODE", "ESAHAYAK_BENCH_REPEAT", "ESAHAYAK_BENCH_INSTANCES",
	"ESAHAYAK_BENCH_MAX_WAIT", "ESAHAYAK_BENCH_JSON", "ESAHAYAK_BENCH_CPUPROFILE_DIR", "ESAHAYAK_BENCH_CPUPROFILE_SECONDS",
	// read by no command: the tests, and the receivers (examples/receiver, the guide's)
	"ESAHAYAK_TEST_POSTGRES", "ESAHAYAK_TEST_LOG", "ESAHAYAK_MULTI_EVENTS", "ESAHAYAK_WEBHOOK_SECRET",
}

// unknownEnv returns a warning for each ESAHAYAK_* variable in environ
// that nothing reads, with the known name it is likely a typo of: a
// misspelt variable was ignored without a word, and the server started
// with the default it was meant to change. Set to the empty string
// counts too: the name is what is wrong.
func unknownEnv(environ []string) []string {
	var warnings []string
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		if !looksOurs(name) || slices.Contains(knownEnv, name) {
			continue
		}
		msg := "unknown environment variable " + name
		if near := nearestKnownEnv(name); near != "" {
			msg += fmt.Sprintf(" (did you mean %s?)", near)
		}
		warnings = append(warnings, msg)
	}
	return warnings
}

// looksOurs says a variable is meant for us: its prefix, before the first
// underscore, is ESAHAYAK in any case or within two edits of it
// (ESAHAYK_DB, Esahayak_DB), a misspelling as silent as one after it.
func looksOurs(name string) bool {
	prefix, _, found := strings.Cut(strings.ToUpper(name), "_")
	return found && suggest.Distance(prefix, "ESAHAYAK") <= 2
}

// nearestKnownEnv is the known name within two edits of name (letters
// compared without case), or "" when none is, or two are equally near.
func nearestKnownEnv(name string) string {
	return suggest.Nearest(strings.ToUpper(name), 2, false, suggest.Names(knownEnv...))
}

// warnUnknownEnv prints unknownEnv's warnings on stderr, as the commands
// without a log print their other notes ("esahayak: …").
func warnUnknownEnv() {
	for _, w := range unknownEnv(os.Environ()) {
		fmt.Fprintf(os.Stderr, "esahayak: %s\n", w)
	}
}
