//go:build linux

package main_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/esahayak/esahayak/internal/dashboard"
	"github.com/esahayak/esahayak/internal/store/sqlite"
)

// openPTY opens a pseudo-terminal pair: what the test writes to the master
// is what a user types, and what it reads from it is what the user sees.
func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		m.Close()
		t.Fatalf("unlock pty: %v", err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		m.Close()
		t.Fatalf("pty number: %v", err)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		m.Close()
		t.Fatalf("open pty: %v", err)
	}
	return m, s
}

// A password typed at a terminal is not shown: the terminal's echo is off
// while `users create` reads it, and the user is created with it.
func TestUsersCreateHidesTypedPassword(t *testing.T) {
	ctx := context.Background()
	path, acct := accountDB(t, "Acme")

	master, slave := openPTY(t)
	defer master.Close()
	var stdout bytes.Buffer
	cmd := exec.Command(binary, "users", "create", "--account", acct.ID, "--email", "tty@acme.example", "--db", "sqlite:"+path)
	cmd.Stdin, cmd.Stderr, cmd.Stdout = slave, slave, &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var screen bytes.Buffer
	var mu sync.Mutex
	read := make(chan struct{})
	go func() {
		defer close(read)
		buf := make([]byte, 1024)
		for {
			n, err := master.Read(buf)
			mu.Lock()
			screen.Write(buf[:n])
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	// Type only once the prompt is up and echo is off, as a person would.
	deadline := time.Now().Add(20 * time.Second)
	for {
		mu.Lock()
		prompted := strings.Contains(screen.String(), "Password")
		mu.Unlock()
		tio, err := unix.IoctlGetTermios(int(slave.Fd()), unix.TCGETS)
		if err != nil {
			t.Fatal(err)
		}
		if prompted && tio.Lflag&unix.ECHO == 0 {
			break
		}
		if time.Now().After(deadline) {
			mu.Lock()
			defer mu.Unlock()
			t.Fatalf("no prompt with echo off within 20 s; screen: %q (echo on: %v)", screen.String(), tio.Lflag&unix.ECHO != 0)
		}
		time.Sleep(10 * time.Millisecond)
	}
	const password = "typed secret passphrase"
	if _, err := master.WriteString(password + "\n"); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	slave.Close()
	<-read
	if err != nil {
		t.Fatalf("users create: %v; screen: %q", err, screen.String())
	}
	if strings.Contains(screen.String(), "secret") {
		t.Fatalf("the typed password was shown on the terminal: %q", screen.String())
	}
	tio, err := unix.IoctlGetTermios(int(master.Fd()), unix.TCGETS)
	if err == nil && tio.Lflag&unix.ECHO == 0 {
		t.Fatalf("the terminal's echo was left off")
	}
	var got map[string]string
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil || got["email"] != "tty@acme.example" {
		t.Fatalf("stdout %q: %v", stdout.String(), err)
	}
	st, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u, err := st.UserByEmail(ctx, "tty@acme.example")
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := dashboard.CheckPassword(u.PasswordHash, password); !ok {
		t.Fatalf("the user was not created with the typed password")
	}
}

// Ctrl-C at the password prompt ends the command at once with the echo
// back on: the next line typed is not taken as the password.
func TestUsersCreateInterruptedAtThePrompt(t *testing.T) {
	ctx := context.Background()
	path, acct := accountDB(t, "Acme")
	master, slave := openPTY(t)
	defer master.Close()
	cmd := exec.Command(binary, "users", "create", "--account", acct.ID, "--email", "int@acme.example", "--db", "sqlite:"+path)
	var stderr bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, &bytes.Buffer{}, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go io.Copy(io.Discard, master)
	deadline := time.Now().Add(20 * time.Second)
	for {
		tio, err := unix.IoctlGetTermios(int(slave.Fd()), unix.TCGETS)
		if err != nil {
			t.Fatal(err)
		}
		if tio.Lflag&unix.ECHO == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the prompt never turned the echo off")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cmd.Process.Signal(os.Interrupt)
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		if err == nil || !strings.Contains(stderr.String(), "interrupted") {
			t.Fatalf("after Ctrl-C: %v, stderr %q; want a failure saying it was interrupted", err, stderr.String())
		}
	case <-time.After(5 * time.Second):
		master.WriteString("rm -rf something\n") // what a user would type next
		<-exited
		t.Fatalf("users create went on reading after Ctrl-C; stderr %q", stderr.String())
	}
	slave.Close()
	if tio, err := unix.IoctlGetTermios(int(master.Fd()), unix.TCGETS); err == nil && tio.Lflag&unix.ECHO == 0 {
		t.Fatal("the terminal's echo was left off after Ctrl-C")
	}
	st, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.UserByEmail(ctx, "int@acme.example"); err == nil {
		t.Fatal("a user was created after Ctrl-C")
	}
}

// SIGTERM (or Ctrl-C) while users create waits for the rest of a password
// on a pipe whose writer has not finished ends the command at once,
// saying so, with no user made: the read held it through the signal until
// the writer ended, and it then failed with a bare "context canceled" (or,
// nothing piped yet, "no password on stdin", exit status 2).
func TestUsersCreateStoppedWaitingForAPipedPassword(t *testing.T) {
	ctx := context.Background()
	path, acct := accountDB(t, "Acme")
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	cmd := exec.Command(binary, "users", "create", "--account", acct.ID, "--email", "pipe@acme.example", "--db", "sqlite:"+path)
	var stderr bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = r, &bytes.Buffer{}, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r.Close()
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	// Part of a password, no newline yet: once the command has taken it
	// out of the pipe, it is reading the password, the account checked.
	if _, err := w.WriteString("a long passphr"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		n, err := unix.IoctlGetInt(int(w.Fd()), unix.TIOCINQ)
		if err != nil {
			t.Skipf("cannot tell what is left in a pipe: %v", err)
		}
		if n == 0 {
			break
		}
		select {
		case err := <-exited:
			t.Fatalf("users create ended before it read the password: %v; stderr %q", err, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("users create never read the password; stderr %q", stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-exited:
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(stderr.String(), "interrupted: no user created") {
			t.Errorf("after SIGTERM: %v, stderr %q; want exit status 1 saying it was interrupted", err, stderr.String())
		}
	case <-time.After(30 * time.Second):
		w.Close() // the writer ends
		err := <-exited
		t.Errorf("users create went on reading the password after SIGTERM, until the pipe closed: %v; stderr %q", err, stderr.String())
	}
	st, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.UserByEmail(ctx, "pipe@acme.example"); err == nil {
		t.Fatal("a user was created after SIGTERM")
	}
}
