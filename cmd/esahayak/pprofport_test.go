package main_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestPprofAddrOnTheAPIPortRefused: serve --addr 127.0.0.1:P --pprof-addr
// 127.0.0.1:P (or :P, 0.0.0.0:P, [::]:P, which take P on every interface)
// listened on the API, then failed to take the same port for pprof: exit
// status 1, "address already in use", as if another program held it. The
// command line alone says both cannot be taken: exit status 2, before
// anything is listened on or opened, one line naming both flags (and the
// variable a value came from).
func TestPprofAddrOnTheAPIPortRefused(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		args []string
		env  []string
		want string
	}{
		{[]string{"--addr", "127.0.0.1:24555", "--pprof-addr", "127.0.0.1:24555"}, nil,
			"esahayak: --pprof-addr 127.0.0.1:24555 and --addr 127.0.0.1:24555 take the same port"},
		{[]string{"--addr", "127.0.0.1:24555", "--pprof-addr", ":24555"}, nil, "esahayak: --pprof-addr :24555 and --addr 127.0.0.1:24555 take the same port"},
		{[]string{"--addr", "0.0.0.0:24555", "--pprof-addr", "[::1]:24555"}, nil, "esahayak: --pprof-addr [::1]:24555 and --addr 0.0.0.0:24555 take the same port"},
		{[]string{"--addr", "localhost:24555"}, []string{"ESAHAYAK_PPROF_ADDR=localhost:24555"},
			"esahayak: --pprof-addr (from ESAHAYAK_PPROF_ADDR) localhost:24555 and --addr localhost:24555 take the same port"},
	} {
		dir := t.TempDir()
		args := append([]string{"serve", "--db", "sqlite:esahayak.db"}, c.args...)
		stdout, stderr, code := runBinary(t, dir, c.env, "", args...)
		if code != 2 || !strings.HasPrefix(stderr, c.want) || !strings.Contains(stderr, "give --pprof-addr another port") ||
			strings.Count(stderr, "\n") != 1 || stdout != "" {
			t.Errorf("esahayak %q with %q: exit status %d, stdout %q, stderr:\n%s\nwant 2 and one line beginning:\n%s", args, c.env, code, stdout, stderr, c.want)
		}
		if made, _ := filepath.Glob(filepath.Join(dir, "*")); len(made) > 0 {
			t.Errorf("esahayak %q: made %q", args, made)
		}
	}
}
