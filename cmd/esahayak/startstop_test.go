package main_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestStopDuringStartUp: SIGTERM while serve is still starting (creating a
// new database's tables, its development account) is a stop like any
// other: exit 0. It was exit 1 with "migrate …: context canceled". The
// signal comes at moments spread over the start-up, each on a new file;
// on a loaded machine, where a process starts late, at later moments until
// one has come during the start-up.
func TestStopDuringStartUp(t *testing.T) {
	var during, tries int
	for i := 1; i <= 12 || (during == 0 && i <= 60); i++ {
		tries = i
		at := time.Duration(i) * 25 * time.Millisecond
		path := filepath.Join(t.TempDir(), fmt.Sprintf("e%d.db", i))
		cmd := exec.Command(binary, "serve", "--db", "sqlite:"+path, "--addr", freeAddr(t))
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		time.Sleep(at)
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-done:
			if err != nil && out.Len() == 0 && strings.Contains(err.Error(), "signal: terminated") {
				continue // before Go's signal handling began: not ours to answer
			}
			if err != nil {
				t.Fatalf("SIGTERM %v after the start: %v\n%s", at, err, out.String())
			}
			if strings.Contains(out.String(), "stopped before start-up finished") {
				during++
			}
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("serve still running 20 s after SIGTERM\n%s", out.String())
		}
	}
	if during == 0 {
		t.Fatalf("none of %d stops, up to %v after the start, came during the start-up", tries, time.Duration(tries)*25*time.Millisecond)
	}
	t.Logf("%d of %d stops came during the start-up", during, tries)
}

// TestServeOnADirectory: a --db that names a directory is refused as such,
// and leaves no lock file beside it (the message spoke of a "server lock",
// and an empty .lock file stayed).
func TestServeOnADirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data.db")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(binary, "serve", "--db", "sqlite:"+dir, "--addr", freeAddr(t)).CombinedOutput()
	if err == nil || !strings.Contains(string(out), dir+" is a directory; give the database file's path") {
		t.Fatalf("serve on a directory: %v\n%s", err, out)
	}
	if _, err := os.Stat(dir + ".lock"); err == nil {
		t.Fatalf("serve on a directory left %s.lock", dir)
	}
	fifo := filepath.Join(filepath.Dir(dir), "pipe.db")
	switch err := makeFifo(fifo); {
	case errors.Is(err, errors.ErrUnsupported): // no named pipes here
	case err != nil:
		t.Fatal(err)
	default:
		if out, err := exec.Command(binary, "serve", "--db", "sqlite:"+fifo, "--addr", freeAddr(t)).CombinedOutput(); err == nil || !strings.Contains(string(out), "is not a regular file (a named pipe)") {
			t.Errorf("serve on a named pipe: %v\n%s", err, out)
		}
		if _, err := os.Stat(fifo + ".lock"); err == nil {
			t.Errorf("serve on a named pipe left %s.lock", fifo)
		}
	}
	for _, args := range [][]string{{"accounts", "list"}, {"accounts", "create", "Acme"}} {
		out, err := exec.Command(binary, append(args, "--db", "sqlite:"+dir)...).CombinedOutput()
		if err == nil || !strings.Contains(string(out), dir+" is a directory; give the database file's path") {
			t.Errorf("%v on a directory: %v\n%s", args, err, out)
		}
	}
	// A file that is no database (a config file given by mistake) is named
	// as such, in words, and is left as it was, with no lock beside it.
	notes := filepath.Join(filepath.Dir(dir), "notes.db")
	if err := os.WriteFile(notes, []byte("not a database\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"serve", "--addr", freeAddr(t)}, {"accounts", "list"}} {
		out, err := exec.Command(binary, append(args, "--db", "sqlite:"+notes)...).CombinedOutput()
		if err == nil || !strings.Contains(string(out), notes+" is not an SQLite database") {
			t.Errorf("%v on a text file: %v\n%s", args, err, out)
		}
	}
	if _, err := os.Stat(notes + ".lock"); err == nil {
		t.Errorf("serve on a text file left %s.lock", notes)
	}
	if b, _ := os.ReadFile(notes); string(b) != "not a database\n" {
		t.Errorf("the text file was changed: %q", b)
	}
	// A file with SQLite's header and nothing after it (damaged) says
	// what to do, beside SQLite's own words.
	damaged := filepath.Join(filepath.Dir(dir), "damaged.db")
	if err := os.WriteFile(damaged, []byte("SQLite format 3\x00"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(binary, "accounts", "list", "--db", "sqlite:"+damaged).CombinedOutput(); err == nil || !strings.Contains(string(out), "the file is damaged, or not an esahayak database") {
		t.Errorf("accounts list on a damaged file: %v\n%s", err, out)
	}
}

// TestFullDiskIsNamed: a database that cannot grow (here a file size
// limit) is reported with what to look at, not only SQLite's "disk I/O
// error (778)".
func TestFullDiskIsNamed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "small.db")
	out, err := exec.Command("sh", "-c", `ulimit -f 50 && exec "$0" accounts create Acme --db "sqlite:$1"`, binary, path).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "is the disk full, a file size limit reached") {
		t.Fatalf("accounts create under a 25 KB file size limit: %v\n%s", err, out)
	}
}

// TestStartOnUnwritableDatabaseIsRefused: a server started on a database
// it cannot write (here a file size limit below the -wal a kill -9 left,
// as a full disk is to it) stops at start and says why. It started, was
// healthy, and answered every write 503 and delivered nothing.
func TestStartOnUnwritableDatabaseIsRefused(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "w.db")
	p := startServe(t, "--db", db)
	_, key := createAccount(t, db)
	createOrders(t, p.base, key, 60) // about 350 KB of -wal
	p.kill(t)
	addr := freeAddr(t)
	// 64 blocks of 512 bytes: room for the 32 KiB -shm, not for a frame
	// past the -wal's end.
	cmd := exec.Command("sh", "-c", `ulimit -f 64 && exec "$0" serve --addr "$1" --db "$2"`, binary, addr, db)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-done
	})
	for {
		select {
		case err := <-done:
			done <- err
			if err == nil || !strings.Contains(out.String(), "cannot be written") || !strings.Contains(out.String(), "is the disk full, a file size limit reached") {
				t.Fatalf("serve on a database it cannot write: %v\n%s", err, out.String())
			}
			return
		default:
		}
		if st, _, err := call("http://"+addr, "GET", "/healthz", "", ""); err == nil && st == 200 {
			t.Fatalf("serve started on a database it cannot write (healthz 200)")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestUnwritableDirectoryIsNamed: a command whose database directory it
// cannot write says so, as serve's lock does; accounts create gave
// SQLite's bare "unable to open database file (14)". Root writes
// anywhere, so as root the commands run as nobody (a copy of the binary
// in a directory nobody can read).
func TestUnwritableDirectoryIsNamed(t *testing.T) {
	dir, err := os.MkdirTemp("", "esahayak-rodir")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	rodir := filepath.Join(dir, "rodir")
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(rodir, 0o755); err != nil {
		t.Fatal(err)
	}
	// A database made while the directory could be written, which its
	// commands can read and write but not the directory beside it.
	existing := filepath.Join(rodir, "old.db")
	if out, err := exec.Command(binary, "accounts", "create", "Acme", "--db", "sqlite:"+existing).CombinedOutput(); err != nil {
		t.Fatalf("accounts create: %v\n%s", err, out)
	}
	if err := os.Chmod(existing, 0o666); err != nil {
		t.Fatal(err)
	}
	// And one it can read but not write, in a directory it can write: it
	// opened read-only without a word, and the first write said only
	// "attempt to write a readonly database (8)".
	rwdir := filepath.Join(dir, "rwdir")
	if err := os.Mkdir(rwdir, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(rwdir, 0o777); err != nil { // past the umask
		t.Fatal(err)
	}
	readOnly := filepath.Join(rwdir, "ro.db")
	if out, err := exec.Command(binary, "accounts", "create", "Acme", "--db", "sqlite:"+readOnly).CombinedOutput(); err != nil {
		t.Fatalf("accounts create: %v\n%s", err, out)
	}
	if err := os.Chmod(readOnly, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(rodir, 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(rodir, 0o755)
	bin := binary
	var cred *syscall.SysProcAttr
	if os.Getuid() == 0 {
		bin = filepath.Join(dir, "esahayak")
		b, err := os.ReadFile(binary)
		if err == nil {
			err = os.WriteFile(bin, b, 0o755)
		}
		if err != nil {
			t.Fatal(err)
		}
		cred = asNobody()
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"accounts", "create", "Acme", "--db", "sqlite:" + filepath.Join(rodir, "new.db")}, "needs to write in the database's directory"},
		{[]string{"accounts", "list", "--db", "sqlite:" + existing}, "and to write in its directory " + rodir},
		{[]string{"accounts", "create", "Other", "--db", "sqlite:" + readOnly}, "cannot write the database file " + readOnly},
	} {
		cmd := exec.Command(bin, c.args...)
		cmd.Dir, cmd.SysProcAttr = dir, cred
		out, err := cmd.CombinedOutput()
		if ee := (*exec.ExitError)(nil); !errors.As(err, &ee) || ee.ExitCode() != 1 || !strings.Contains(string(out), c.want) {
			t.Errorf("esahayak %q in a directory it cannot write: %v; want exit 1 and %q\n%s", c.args, err, c.want, out)
		}
	}
}

// TestJSONLogsStayJSONWhenServeFails: with --log-format json, the error
// that ends serve is a JSON log line too; a plain "esahayak: …" line broke
// log shippers that parse every line. The failed connection says what to
// check.
func TestJSONLogsStayJSONWhenServeFails(t *testing.T) {
	cmd := exec.Command(binary, "serve", "--log-format", "json", "--addr", freeAddr(t),
		"--db", "postgres://postgres:secret-pw@127.0.0.1:1/x?sslmode=disable") // nothing listens on loopback port 1
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("serve: %v; want exit status 1\n%s", err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	for _, line := range lines {
		var v map[string]any
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Errorf("not a JSON line: %s", line)
		}
	}
	last := lines[len(lines)-1]
	if !strings.Contains(last, `"level":"ERROR"`) || !strings.Contains(last, "is PostgreSQL running") || strings.Contains(stderr.String(), "secret-pw") {
		t.Errorf("the last line: %s", last)
	}

	// A usage error found after the logger is made: exit status 2, and
	// still only JSON (it was printed a second time as plain text).
	// Found before the logger exists, too (a flag's check).
	// The flag package's own messages (an unknown flag, a malformed
	// value) are JSON lines too, with the hint as an attribute.
	for _, bad := range [][]string{{"--db", "bogus:xyz"}, {"--attempt-timeout", "2h"}, {"--log-level", "bogus"}, {"--bogus"}, {"--attempt-timeout", "10"}} {
		cmd = exec.Command(binary, append([]string{"serve", "--log-format=JSON", "--addr", freeAddr(t)}, bad...)...) // read as newLogger reads it
		stderr.Reset()
		cmd.Stderr = &stderr
		err = cmd.Run()
		if !errors.As(err, &exit) || exit.ExitCode() != 2 {
			t.Fatalf("serve %v: %v; want exit status 2\n%s", bad, err, stderr.String())
		}
		for _, line := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
			var v map[string]any
			if err := json.Unmarshal([]byte(line), &v); err != nil {
				t.Errorf("serve %v: not a JSON line: %s", bad, line)
			}
		}
	}
}

// TestReadOnlyFileSystemIsNamed: on a file system mounted read-only the
// commands blamed the files' owner and permissions, which were fine; a
// path through a regular file was blamed the same way. They say what it
// is now. The read-only mount is a bind mount in a mount namespace of its
// own (root only; skipped elsewhere).
func TestReadOnlyFileSystemIsNamed(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "afile")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(binary, "accounts", "create", "Z", "--db", "sqlite:"+file+"/x.db").CombinedOutput()
	if ee := (*exec.ExitError)(nil); !errors.As(err, &ee) || !strings.Contains(string(out), file+" is not a directory") {
		t.Errorf("a path through a regular file: %v; want %q\n%s", err, file+" is not a directory", out)
	}

	if os.Getuid() != 0 {
		t.Skip("a read-only bind mount needs root")
	}
	ro := filepath.Join(dir, "ro")
	if err := os.Mkdir(ro, 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(binary, "accounts", "create", "Acme", "--db", "sqlite:"+filepath.Join(ro, "old.db")).CombinedOutput(); err != nil {
		t.Fatalf("accounts create: %v\n%s", err, out)
	}
	for _, c := range []struct{ what, db string }{{"a new database", "new.db"}, {"an existing one", "old.db"}} {
		script := `mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && exec "$2" accounts create X --db "sqlite:$1/$3"`
		out, err := exec.Command("unshare", "-m", "sh", "-c", script, "sh", ro, binary, c.db).CombinedOutput()
		if strings.Contains(string(out), "unshare failed") || strings.Contains(string(out), "mount:") {
			t.Skipf("no read-only bind mount here: %s", out)
		}
		if ee := (*exec.ExitError)(nil); !errors.As(err, &ee) || !strings.Contains(string(out), "read-only file system") || strings.Contains(string(out), "owner and permissions") {
			t.Errorf("%s on a read-only file system: %v; want it named, not owner and permissions\n%s", c.what, err, out)
		}
	}
}
