package main_test

import (
	"bytes"
	"errors"
	"fmt"
	"net"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestAccountsStoppedWaitingForTheDatabase: Ctrl-C or SIGTERM while
// accounts create or list waited for a PostgreSQL that does not answer
// (or for another instance's migration) ended them with "open
// PostgreSQL: migrate postgres: context canceled", which reads as a
// migration that failed. They say they were interrupted, and what that
// left, as users create does: exit status 1, one line.
func TestAccountsStoppedWaitingForTheDatabase(t *testing.T) {
	t.Parallel()
	// A "PostgreSQL" that takes connections and never answers them.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 16)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted <- c
		}
	}()
	// connect_timeout: the wait is the signal's to end, not pgx's 5 s.
	dsn := fmt.Sprintf("postgres://postgres@%s/esahayak?sslmode=disable&connect_timeout=120", ln.Addr())
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"accounts", "create", "Acme", "--db", dsn}, "esahayak: interrupted: no account created\n"},
		{[]string{"accounts", "list", "--db", dsn}, "esahayak: interrupted: no accounts listed\n"},
	} {
		cmd := exec.Command(binary, c.args...)
		var stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &bytes.Buffer{}, &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		select {
		case conn := <-accepted:
			defer conn.Close()
		case err := <-exited:
			t.Fatalf("esahayak %q ended before it connected: %v; stderr %q", c.args[:2], err, stderr.String())
		case <-time.After(time.Minute):
			cmd.Process.Kill()
			t.Fatalf("esahayak %q never connected; stderr %q", c.args[:2], stderr.String())
		}
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-exited:
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != 1 || stderr.String() != c.want {
				t.Errorf("esahayak %q after SIGTERM: %v, stderr %q; want exit status 1 and %q", c.args[:2], err, stderr.String(), c.want)
			}
			if strings.Contains(stderr.String(), "context canceled") {
				t.Errorf("esahayak %q after SIGTERM blames the database: %q", c.args[:2], stderr.String())
			}
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			t.Errorf("esahayak %q still waited for the database 30 s after SIGTERM; stderr %q", c.args[:2], stderr.String())
		}
	}
}
