package main_test

import (
	"strings"
	"testing"
)

// TestServeAddrWithoutPortRefused: --addr ":$PORT" with PORT unset is
// --addr ":", which serve took as any free port on every interface: it
// started, printed a port nobody chose, and the load balancer or client
// pointed at $PORT found nothing there. An address whose port is empty
// is refused, exit status 2, saying what is missing and how to ask for
// any free port on purpose (0); from ESAHAYAK_ADDR it names the variable,
// and --pprof-addr is refused alike.
func TestServeAddrWithoutPortRefused(t *testing.T) {
	t.Parallel()
	const hint = "\nrun 'esahayak serve -h' for the flags\n"
	for _, c := range []struct {
		env  []string
		args []string
		want string
	}{
		{nil, []string{"--addr", ":"}, `esahayak: --addr ":": no port (what ":$PORT" leaves when PORT is not set); give HOST:PORT, e.g. 127.0.0.1:8080, or port 0 for any free port`},
		{nil, []string{"--addr=127.0.0.1:"}, `esahayak: --addr "127.0.0.1:": no port (what ":$PORT" leaves when PORT is not set); give HOST:PORT, e.g. 127.0.0.1:8080, or port 0 for any free port`},
		{[]string{"ESAHAYAK_ADDR=:"}, nil, `esahayak: --addr (from ESAHAYAK_ADDR) ":": no port (what ":$PORT" leaves when PORT is not set); give HOST:PORT, e.g. 127.0.0.1:8080, or port 0 for any free port`},
		{nil, []string{"--addr", "127.0.0.1:0", "--pprof-addr", "[::1]:"}, `esahayak: --pprof-addr "[::1]:": no port (what ":$PORT" leaves when PORT is not set); give HOST:PORT, e.g. 127.0.0.1:6060, or port 0 for any free port`},
	} {
		dir := t.TempDir()
		args := append([]string{"serve", "--db", "sqlite:" + dir + "/esahayak.db"}, c.args...)
		stdout, stderr, code := runBinary(t, dir, c.env, "", args...)
		if code != 2 || strings.TrimSuffix(stderr, hint) != c.want+"\n" || stdout != "" {
			t.Errorf("esahayak %q with %q: exit %d, stdout %q, stderr:\n%s\nwant 2 and:\n%s", args, c.env, code, stdout, stderr, c.want)
		}
	}
}
