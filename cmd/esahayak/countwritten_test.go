package main_test

import "testing"

// TestServeCountRefusalQuotesTheValue: serve's counts refused named the
// flag and its variable but not the value ("--max-in-flight (from
// ESAHAYAK_MAX_IN_FLIGHT) must be from 1 to 10000000"), where its
// durations quote theirs: an operator looking at a unit file's variable
// had to find what it held. Each now quotes the value as given.
func TestServeCountRefusalQuotesTheValue(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		env  string
		args []string
		want string
	}{
		{"ESAHAYAK_MAX_IN_FLIGHT=-3", nil, `esahayak: --max-in-flight (from ESAHAYAK_MAX_IN_FLIGHT) "-3": must be from 1 to 10000000`},
		{"", []string{"--per-endpoint-concurrency", "0"}, `esahayak: --per-endpoint-concurrency "0": must be from 1 to 10000`},
		{"ESAHAYAK_MAX_ENDPOINTS_PER_ACCOUNT= -1", nil, `esahayak: --max-endpoints-per-account (from ESAHAYAK_MAX_ENDPOINTS_PER_ACCOUNT) "-1": must be 0 (no limit) or more`},
		{"", []string{"--max-listen-sessions-per-account=-2"}, `esahayak: --max-listen-sessions-per-account "-2": must be 0 (no limit) or more`},
		{"ESAHAYAK_MAX_CONNS_PER_HOST=-1", nil, `esahayak: --max-conns-per-host (from ESAHAYAK_MAX_CONNS_PER_HOST) "-1": must be 0 (no limit) or more`},
	} {
		dir := t.TempDir()
		var env []string
		if c.env != "" {
			env = []string{c.env}
		}
		args := append([]string{"serve", "--addr", "127.0.0.1:0", "--db", "sqlite:" + dir + "/esahayak.db"}, c.args...)
		stdout, stderr, code := runBinary(t, dir, env, "", args...)
		if code != 2 || stderr != c.want+"\n" || stdout != "" {
			t.Errorf("esahayak %q with %q: exit %d, stdout %q, stderr:\n%s\nwant 2 and:\n%s", args, c.env, code, stdout, stderr, c.want)
		}
	}
}
