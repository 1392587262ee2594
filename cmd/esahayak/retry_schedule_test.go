package main_test

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/backoff"
)

// TestRetryScheduleLimitsAreDocumented: serve refuses a delay over 168h
// or under 1s, and more than 50 delays, but neither serve -h nor the README's
// configuration table said so; the operator learnt the limits by hitting
// them at start.
func TestRetryScheduleLimitsAreDocumented(t *testing.T) {
	maxDelay := fmt.Sprintf("%gh", backoff.MaxDelay.Hours())
	maxDelays := fmt.Sprintf("at most %d delays", backoff.MaxDelays)
	out, err := exec.Command(binary, "serve", "-h").Output()
	if err != nil {
		t.Fatalf("serve -h: %v", err)
	}
	var help string
	for _, line := range strings.SplitAfter(string(out), "\n  --") {
		if strings.HasPrefix(line, "retry-schedule") {
			help = line
		}
	}
	if !strings.Contains(help, "at least 1s and at most "+maxDelay+" (7 days)") || !strings.Contains(help, maxDelays) {
		t.Errorf("serve -h does not give --retry-schedule's limits (%s, %s):\n%s", maxDelay, maxDelays, help)
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var row string
	for _, line := range strings.Split(string(readme), "\n") {
		if strings.HasPrefix(line, "| `--retry-schedule` |") {
			row = line
		}
	}
	if !strings.Contains(row, "at least `1s`") || !strings.Contains(row, "at most `"+maxDelay+"` (7 days") || !strings.Contains(row, maxDelays) {
		t.Errorf("the README's --retry-schedule row does not give its limits (%s, %s):\n%s", maxDelay, maxDelays, row)
	}
}
