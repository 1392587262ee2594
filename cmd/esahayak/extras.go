package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/dashboard"
	"github.com/esahayak/esahayak/internal/delivery"
	"github.com/esahayak/esahayak/internal/store"
)

// mountExtras adds the parts served beside the API (the dashboard).
func mountExtras(s *api.Server, st store.Store, engine *delivery.Engine, c serveConfig, log *slog.Logger) {
	d, err := dashboard.New(dashboard.Config{AllowInsecureURLs: c.allowInsecure, AttemptTimeout: c.attemptTimeout, Log: log}, st, s, engine)
	if err != nil {
		// The templates are embedded and parsed by the tests: this is a
		// broken build, not a runtime condition. The API still serves.
		log.Error("dashboard disabled", slog.Any("err", err))
		return
	}
	d.Mount(s)
}

// devUserEmail is the first start's dashboard user.
const devUserEmail = "dev@localhost"

// firstStartUser creates the development account's dashboard user and
// returns lines to print about it.
func firstStartUser(ctx context.Context, st store.Store, accountID string) string {
	password, err := dashboard.RandomPassword()
	if err == nil {
		_, err = dashboard.CreateUser(ctx, st, accountID, devUserEmail, password, time.Now().UTC())
	}
	if err != nil {
		return fmt.Sprintf("  dashboard:  no user was created (%v); make one with 'esahayak users create'", err)
	}
	return fmt.Sprintf("  email:      %s      (dashboard sign-in; the password is shown only now)\n  password:   %s", devUserEmail, password)
}
