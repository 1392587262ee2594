package main

import (
	"context"
	"errors"
	"log/slog"
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
	for level, want := range map[string]slog.Level{"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn,
		"error": slog.LevelError, "INFO": slog.LevelInfo, "Warn": slog.LevelWarn, "DeBuG": slog.LevelDebug} {
		log, err := newLogger(level, "text")
		if err != nil {
			t.Errorf("--log-level %q: %v; want it taken", level, err)
			continue
		}
		// Taken as the level it names: its lines and those above it are
		// written, none below.
		if ctx := context.Background(); !log.Enabled(ctx, want) || log.Enabled(ctx, want-1) {
			t.Errorf("--log-level %q writes lines from another level than %v", level, want)
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
