package main

import (
	"bytes"
	"log/slog"
	"os"
	"strings"
	"testing"
)

// TestOverriddenVariableIsNamed: a flag wins over its ESAHAYAK_* variable,
// but in silence: ESAHAYAK_DB naming the production database, left in a
// unit file, lost to a --db from a wrapper, and the server started on
// another database (a new one, with a development account) with nothing
// in its log to say that the variable was not used. serve now lists each
// variable a flag wins over with another value, the secret's values
// hidden; one that agrees with its flag (60s and 1m, 1 and true) is not
// listed.
func TestOverriddenVariableIsNamed(t *testing.T) {
	t.Setenv("ESAHAYAK_DB", "postgres://app:hunter2@127.0.0.1:5432/prod")
	t.Setenv("ESAHAYAK_OPERATOR_TOKEN", "env-token")
	t.Setenv("ESAHAYAK_LEASE", "60s")
	t.Setenv("ESAHAYAK_ALLOW_INSECURE_URLS", "1")
	t.Setenv("ESAHAYAK_LOG_LEVEL", "debug")
	c, err := serveFlagsClean(t, "--db", "sqlite:dev.db", "--operator-token", "flag-token", "--lease", "1m",
		"--allow-insecure-urls", "--log-level", "info")
	if err != nil {
		t.Fatal(err)
	}
	want := []overriddenEnv{
		{flag: "db", env: "ESAHAYAK_DB", value: "sqlite:dev.db", ignored: "postgres://app:xxxxx@127.0.0.1:5432/prod"},
		{flag: "log-level", env: "ESAHAYAK_LOG_LEVEL", value: "info", ignored: "debug"},
		{flag: "operator-token", env: "ESAHAYAK_OPERATOR_TOKEN", value: "xxxxx", ignored: "xxxxx"},
	}
	if len(c.overriddenEnv) != len(want) {
		t.Fatalf("overridden variables %+v, want %+v", c.overriddenEnv, want)
	}
	for i := range want {
		if c.overriddenEnv[i] != want[i] {
			t.Errorf("overridden variable %d: %+v, want %+v", i, c.overriddenEnv[i], want[i])
		}
	}

	// Logged at the start, in the log's format, without the secrets.
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	logOverriddenEnv(log, c.overriddenEnv)
	out := buf.String()
	for _, w := range []string{
		`msg="ESAHAYAK_DB is set, but --db is given on the command line and wins: ESAHAYAK_DB is not used" flag=--db value=sqlite:dev.db ignored=postgres://app:xxxxx@127.0.0.1:5432/prod`,
		`flag=--operator-token value=xxxxx ignored=xxxxx`,
	} {
		if !strings.Contains(out, w) {
			t.Errorf("the log lacks %q:\n%s", w, out)
		}
	}
	if strings.Contains(out, "hunter2") || strings.Contains(out, "flag-token") || strings.Contains(out, "env-token") {
		t.Errorf("the log shows a secret:\n%s", out)
	}

	// No variable set: nothing listed.
	for _, env := range []string{"ESAHAYAK_DB", "ESAHAYAK_OPERATOR_TOKEN", "ESAHAYAK_LEASE", "ESAHAYAK_ALLOW_INSECURE_URLS", "ESAHAYAK_LOG_LEVEL"} {
		os.Unsetenv(env)
	}
	if c, err := serveFlagsClean(t, "--db", "sqlite:dev.db"); err != nil || len(c.overriddenEnv) != 0 {
		t.Errorf("no variable set: %+v, %v; want none listed", c.overriddenEnv, err)
	}

	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "is set, but --db is given on the command line and wins") {
		t.Error("the README's Configuration does not say that serve logs a variable its flag wins over")
	}
}
