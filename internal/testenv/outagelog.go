package testenv

import (
	"strconv"
	"strings"
	"testing"
)

// OutageLines are the lines of a text log (slog's TextHandler) whose
// message is msg, a warning that lograte holds to one line per interval,
// and how many failures they account for: one for each warning (it has an
// err), plus the count each line says it held back
// (also_failed_since_last_warning). The API's and the dashboard's outage
// tests each counted them with a copy of this (the engine's internal test
// keeps its own: testenv imports the engine).
func OutageLines(t testing.TB, out, msg string) (lines []string, failed int) {
	t.Helper()
	for line := range strings.Lines(out) {
		if !strings.Contains(line, `msg="`+msg+`"`) {
			continue
		}
		lines = append(lines, line)
		if strings.Contains(line, " err=") {
			failed++
		}
		_, after, ok := strings.Cut(line, "also_failed_since_last_warning=")
		if !ok {
			t.Fatalf("a line without its count: %s", line)
		}
		held, err := strconv.Atoi(strings.Fields(after)[0])
		if err != nil {
			t.Fatalf("count in %q: %v", line, err)
		}
		failed += held
	}
	return lines, failed
}
