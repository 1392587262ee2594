package main

import (
	"errors"
	"strings"
	"testing"
)

// TestLogLevelTakesOnlyItsFourNames: --log-level is debug, info, warn or
// error (any case), as the README's configuration table and the flag's
// help say; anything else is refused at start, naming the flag. slog's
// own parser also takes an offset ("info+2", "ERROR+4", "debug-4"), and
// such a value started a server that silently logged no failed attempt,
// or not even its own stop.
func TestLogLevelTakesOnlyItsFourNames(t *testing.T) {
	for _, level := range []string{"debug", "info", "warn", "error", "INFO", "Warn"} {
		if _, err := newLogger(level, "text"); err != nil {
			t.Errorf("--log-level %q: %v; want it taken", level, err)
		}
	}
	for _, level := range []string{"info+2", "ERROR+4", "debug-4", "warn+0", "warning", "", "verbose"} {
		_, err := newLogger(level, "text")
		var ue usageError
		if !errors.As(err, &ue) || !strings.HasPrefix(ue.msg, "--log-level") || !strings.Contains(ue.msg, "use debug, info, warn or error") {
			t.Errorf("--log-level %q: %v; want a usage error naming the four levels", level, err)
		}
	}
}
