package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/store/postgres"
	"github.com/esahayak/esahayak/internal/store/sqlite"
)

const defaultDB = "sqlite:esahayak.db"

// openStore opens the database named by --db: "sqlite:PATH" (the default,
// embedded) or "postgres://…".
func openStore(ctx context.Context, db string, sqliteOpts sqlite.Options, log *slog.Logger) (store.Store, error) {
	switch {
	case strings.HasPrefix(db, "postgres://"), strings.HasPrefix(db, "postgresql://"):
		s, err := postgres.Open(ctx, db, postgres.Options{Log: log})
		var dsnErr *postgres.DSNError
		if errors.As(err, &dsnErr) {
			return nil, usageError{msg: "--db: " + dsnErr.Error()}
		}
		if err != nil {
			return nil, fmt.Errorf("open PostgreSQL: %w", err)
		}
		return s, nil
	case strings.HasPrefix(db, "sqlite:"):
		path := strings.TrimPrefix(strings.TrimPrefix(db, "sqlite:"), "//")
		if path == "" {
			return nil, usageError{msg: "--db sqlite: needs a file path, e.g. sqlite:esahayak.db"}
		}
		sqliteOpts.Log = log
		return sqlite.Open(ctx, path, sqliteOpts)
	default:
		return nil, usageError{msg: fmt.Sprintf("--db %q: use sqlite:PATH or postgres://USER@HOST:PORT/DB", redactDB(db))}
	}
}

// stderrLog is the log of the one-shot commands (accounts, users): what
// opening the database did, on standard error, away from their output.
func stderrLog() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, nil))
}
