package main

import (
	"context"
	"log/slog"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/delivery"
	"github.com/esahayak/esahayak/internal/store"
)

// mountExtras adds the parts served beside the API (the dashboard).
func mountExtras(s *api.Server, st store.Store, engine *delivery.Engine, c serveConfig, log *slog.Logger) {
}

// firstStartUser creates the development account's dashboard user and
// returns lines to print about it.
func firstStartUser(ctx context.Context, st store.Store, accountID string) string { return "" }
