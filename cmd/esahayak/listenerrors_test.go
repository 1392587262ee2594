package main_test

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// goRequestPrefix is net/http's `Post "http://…": ` (Get, Delete) before
// the cause of a failed call, which listen repeated in lines that already
// say what failed and where: on a reconnection the whole session URL.
var goRequestPrefix = regexp.MustCompile(`\b(Get|Post|Delete) "`)

// TestListenFailuresSayTheRequestOnce: listen's lines for a failed call
// to the server quoted Go's error whole, so each said the request again
// after saying it: "could not start a listen session at BASE: Post
// \"BASE/v1/listen_sessions\": EOF", "Could not connect (Get
// \"BASE/v1/listen_sessions/ls_…/stream\": dial tcp …)", and "Stopped,
// but session ls_… could not be closed on the server: Delete \"…\": …".
// Each now says what failed, where, and the cause, once.
func TestListenFailuresSayTheRequestOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server and listen binaries; skipped with -short")
	}
	// A server that closes each connection without an answer.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Read(make([]byte, 4096))
			c.Close()
		}
	}()
	base := "http://" + ln.Addr().String()
	cmd := exec.Command(binary, "listen", "--api-base", base, "--api-key", "esk_x", "--forward-to", "http://127.0.0.1:1/webhooks")
	out, err := cmd.CombinedOutput()
	want := "esahayak: could not start a listen session at " + base + ": the server closed the connection before answering: EOF\n"
	if err == nil || string(out) != want {
		t.Errorf("listen at a server that closes the connection: %v\n%s\nwant exit status 1 and\n%s", err, out, want)
	}

	// A session, then its server gone: the reconnections fail, and so
	// does the close at Ctrl-C.
	db := "sqlite:" + filepath.Join(t.TempDir(), "e.db")
	_, key := createAccount(t, db)
	srv := serveAt(t, freeAddr(t), db)
	addr := strings.TrimPrefix(srv.base, "http://")
	l := startListen(t, key, "--forward-to", "http://127.0.0.1:1/webhooks", "--api-base", srv.base)
	session := l.waitOutput(t, `Session (ls_[0-9a-z]{26})\.`, 30*time.Second)[1]
	l.waitOutput(t, `Ready: waiting for events`, 10*time.Second)
	srv.stop(t, 10*time.Second)
	retry := l.waitOutput(t, `Could not connect \((.*)\); trying again`, 20*time.Second)[1]
	if want := "dial tcp " + addr + ": connect: connection refused"; retry != want {
		t.Errorf("the reconnection's cause: %q; want %q", retry, want)
	}
	l.cmd.Process.Signal(os.Interrupt)
	select {
	case <-l.done:
	case <-time.After(20 * time.Second):
		t.Fatalf("listen did not exit after Ctrl-C:\n%s", l.output())
	}
	output := l.output()
	if want := "Stopped, but session " + session + " could not be closed on the server: dial tcp " + addr + ": connect: connection refused.\n"; !strings.Contains(output, want) {
		t.Errorf("listen's output does not say\n%s\nit says:\n%s", want, output)
	}
	if m := goRequestPrefix.FindString(output); m != "" {
		t.Errorf("listen's output repeats the request (%s…):\n%s", m, output)
	}
}
