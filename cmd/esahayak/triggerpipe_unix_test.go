//go:build unix

package main_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// TestTriggerFinishesWhenItsOutputCloses runs `esahayak trigger
// order.delivered | true`: the reader of its output is gone before its
// first line. trigger was ended by SIGPIPE at that line, the "Created
// order" one, after the order was made and before its moves, so the
// account was left an order in PROCESSING and no order.delivered event.
// It must make every move (the order DELIVERED) and end with exit status
// 0, not killed by the signal.
func TestTriggerFinishesWhenItsOutputCloses(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server and trigger binaries; skipped with -short")
	}
	db := "sqlite:" + filepath.Join(t.TempDir(), "e.db")
	_, key := createAccount(t, db)
	p := startServe(t, "--db", db)

	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	pr.Close() // `| true`: nothing will ever read it
	cmd := exec.Command(binary, "trigger", "order.delivered", "--api-base", p.base, "--operator-token", "op")
	cmd.Env = append(os.Environ(), "ESAHAYAK_API_KEY="+key)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = pw, &stderr
	err = cmd.Run()
	pw.Close()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		if status, _ := exit.Sys().(syscall.WaitStatus); status.Signaled() {
			t.Errorf("trigger was killed by %v; want it to finish its moves\nstderr:\n%s", status.Signal(), stderr.String())
		} else {
			t.Errorf("trigger ended with %v; want exit status 0\nstderr:\n%s", err, stderr.String())
		}
	} else if err != nil {
		t.Fatal(err)
	}

	var orders struct {
		Data []struct{ ID, Status string }
	}
	json.Unmarshal(mustCall(t, p.base, "GET", "/v1/orders", key, "", 200), &orders)
	if len(orders.Data) != 1 || orders.Data[0].Status != "DELIVERED" {
		t.Errorf("orders after trigger order.delivered | true: %+v; want one, DELIVERED", orders.Data)
	}
	var events struct {
		Data []struct{ Type string }
	}
	json.Unmarshal(mustCall(t, p.base, "GET", "/v1/events?type=order.delivered", key, "", 200), &events)
	if len(events.Data) != 1 {
		t.Errorf("order.delivered events: %d; want 1", len(events.Data))
	}
}
