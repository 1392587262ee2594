package main

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/store/sqlite"
)

// TestAccountNotCreatedSaysWhatWasMade: the account and its first key are
// two writes, and accounts create stopped (or failed) between them said
// only "context canceled": the account stayed, keyless, unnamed, and the
// next try made another of the same name. The error names the account and
// how to get a key to it; with no account made, an interrupted command
// says that, and another failure is passed on as it is.
func TestAccountNotCreatedSaysWhatWasMade(t *testing.T) {
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "a.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Now().UTC()
	made := store.Account{ID: ids.NewAt(ids.Account, now), Name: "Acme", CreatedAt: now}
	if err := st.CreateAccount(context.Background(), made); err != nil {
		t.Fatal(err)
	}
	notMade := store.Account{ID: ids.NewAt(ids.Account, now), Name: "Other", CreatedAt: now}
	stopped, stop := context.WithCancel(context.Background())
	stop()

	err = accountNotCreated(stopped, st, made, context.Canceled)
	if err == nil || !strings.Contains(err.Error(), "account "+made.ID+` ("Acme") was created, but not its API key (interrupted)`) ||
		!strings.Contains(err.Error(), "users create --account "+made.ID) {
		t.Errorf("stopped after the account was made: %v; want it named, keyless, with how to get a key", err)
	}
	disk := errors.New("database or disk is full")
	if err := accountNotCreated(context.Background(), st, made, disk); err == nil || !strings.Contains(err.Error(), "was created, but not its API key (database or disk is full)") {
		t.Errorf("the key's write failed: %v; want the account named, with the failure", err)
	}
	if err := accountNotCreated(stopped, st, notMade, context.Canceled); !errors.Is(err, errNoAccountCreated) {
		t.Errorf("stopped before the account was made: %v; want %v", err, errNoAccountCreated)
	}
	if err := accountNotCreated(context.Background(), st, notMade, disk); err != disk {
		t.Errorf("failed before the account was made: %v; want %v as it is", err, disk)
	}
}
