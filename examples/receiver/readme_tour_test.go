package main

import (
	"net"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestReadmeTourReceiver starts the example receiver as README.md's
// five-minute tour does in step 2 (its own process, the endpoint's secret in
// ESAHAYAK_WEBHOOK_SECRET, the command's flags; only -addr's port is a free
// one) and holds it to step 5's promise: when the server delivers the
// upload's stamp.uploaded, the receiver logs the line the tour tells a new
// user to watch for (`webhook handled … event_type=stamp.uploaded`).
// TestReadmeTourAsDocumented (internal/api) runs the tour's curl commands
// with a receiver of its own, and no test read this receiver's log for those
// words: a message reworded or an attribute dropped left the tour's reader
// waiting for a line that never comes.
func TestReadmeTourReceiver(t *testing.T) {
	tour := testenv.ReadmeSection(t, "../../README.md", "Five-minute tour")
	cmd := regexp.MustCompile(`(?m)^ESAHAYAK_WEBHOOK_SECRET=whsec_… go run \./examples/receiver(.*)$`).FindStringSubmatch(tour)
	if cmd == nil {
		t.Fatal("the tour has no line starting the receiver as ESAHAYAK_WEBHOOK_SECRET=whsec_… go run ./examples/receiver …")
	}
	watch := regexp.MustCompile("the receiver logs `([^`]+)`").FindStringSubmatch(tour)
	if watch == nil {
		t.Fatal("the tour does not say which line the receiver logs (the receiver logs `…`)")
	}
	// The parts of the line the tour quotes, in order; "…" stands for what
	// comes between them.
	parts := strings.Split(watch[1], "…")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}

	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // the receiver listens there itself
	args := strings.Fields(cmd[1])
	replaced := false
	for i := range args {
		if args[i] == "-addr" && i+1 < len(args) {
			if args[i+1] != "127.0.0.1:3000" {
				t.Fatalf("the tour's receiver listens at %s, where its endpoint (http://127.0.0.1:3000/webhooks/esahayak) does not send", args[i+1])
			}
			args[i+1] = addr
			replaced = true
		}
	}
	if !replaced {
		t.Fatalf("the tour starts the receiver with %q, without -addr 127.0.0.1:3000", cmd[1])
	}

	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey,
		map[string]any{"url": "http://" + addr + "/webhooks/esahayak"})
	if st != 201 {
		t.Fatalf("create endpoint: %d %s", st, b)
	}
	secret := testenv.JSON(t, b)["secret"].(string)

	logs := &syncBuffer{}
	recv := exec.Command(os.Args[0], "-test.run=^$")
	recv.Env = append(os.Environ(), "RECEIVER_RUN_MAIN="+strings.Join(args, " "), envSecret+"="+secret)
	recv.Stdout, recv.Stderr = logs, logs
	if err := recv.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = recv.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = recv.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(30 * time.Second):
			_ = recv.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("receiver %s:\n%s", strings.Join(args, " "), logs.String())
		}
	})
	testenv.Eventually(t, 30*time.Second, "the receiver listening", func() bool {
		select {
		case <-exited:
			t.Fatalf("the receiver exited before listening (%v)", waitErr)
		default:
		}
		return strings.Contains(logs.String(), `msg="webhook receiver listening"`)
	})

	_, event := move(t, s, "upload")
	saysSo := func() bool {
		for _, line := range strings.Split(logs.String(), "\n") {
			if !strings.Contains(line, "event_id="+event) {
				continue
			}
			rest, ok := line, true
			for _, p := range parts {
				var found bool
				if _, rest, found = strings.Cut(rest, p); !found {
					ok = false
					break
				}
			}
			if ok {
				return true
			}
		}
		return false
	}
	testenv.Eventually(t, 30*time.Second, "the receiver's log line "+watch[1]+" for "+event, saysSo)
}
