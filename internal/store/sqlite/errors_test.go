package sqlite

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

// TestErrorsNameTheirOperation: an error from database/sql or SQLite comes
// back with the operation that failed in front, and still is what it wraps:
// a cancelled request is context.Canceled, and SQLite's result code stays
// reachable (Unavailable, readOnlyHint and storageHint read it).
func TestErrorsNameTheirOperation(t *testing.T) {
	s := openWriterTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.CountAccounts(ctx)
	if err == nil || !strings.HasPrefix(err.Error(), "count accounts: ") || !errors.Is(err, context.Canceled) {
		t.Errorf("CountAccounts with a cancelled context: %v, want \"count accounts: …\" that is context.Canceled", err)
	}

	a := store.Account{ID: "acc_1", Name: "Acme", CreatedAt: time.Now()}
	if err := s.CreateAccount(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	err = s.CreateAccount(context.Background(), a)
	var se interface{ Code() int }
	if err == nil || !strings.HasPrefix(err.Error(), "insert account: ") || !errors.As(err, &se) {
		t.Errorf("CreateAccount of an id taken: %v, want \"insert account: …\" with SQLite's result code", err)
	}
}
