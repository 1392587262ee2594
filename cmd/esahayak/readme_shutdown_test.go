package main_test

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeShutdownWaitsForTheAttemptTimeout: the README said a stop lets
// attempts in flight finish "each at most 10 s", the default
// --attempt-timeout; with --attempt-timeout 1h a stop waits up to an hour
// for them (--shutdown-grace is raised to the timeout + 5 s), and a
// supervisor whose stop timeout was set from that sentence killed the
// server before their outcomes were recorded.
func TestReadmeShutdownWaitsForTheAttemptTimeout(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(string(readme)), " ")
	if strings.Contains(text, "lets attempts in flight finish (each at most 10 s)") {
		t.Error("the README says a stop waits at most 10 s for each attempt in flight, whatever --attempt-timeout is")
	}
	if !strings.Contains(text, "lets attempts in flight finish (each within `--attempt-timeout`, 10 s by default") {
		t.Error("the README's Operations does not say that a stop waits for attempts in flight up to --attempt-timeout")
	}
}
