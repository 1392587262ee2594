package main

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestMain runs main itself when the test binary is started as the
// receiver (by TestExitStatus), so exit statuses are those of the program.
func TestMain(m *testing.M) {
	if args, ok := os.LookupEnv("RECEIVER_RUN_MAIN"); ok {
		os.Args = append([]string{"receiver"}, strings.Fields(args)...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestExitStatus: -h prints the usage and succeeds, as for any Unix tool;
// a bad flag is a usage error (2).
func TestExitStatus(t *testing.T) {
	for _, c := range []struct {
		args string
		code int
		want string
	}{
		{"-h", 0, "usage: ESAHAYAK_WEBHOOK_SECRET="},
		{"--no-such-flag", 2, "no-such-flag"},
		// A worker count no machine can hold: refused as a usage error,
		// not started into "fatal error: runtime: out of memory".
		{"-addr 127.0.0.1:0 -background 100000000", 2, "receiver: -background 100000000: at most 10000 workers"},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "RECEIVER_RUN_MAIN="+c.args, envSecret+"="+testSecret)
		out, err := cmd.CombinedOutput()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if code != c.code || !strings.Contains(string(out), c.want) {
			t.Errorf("receiver %s: exit %d, want %d with %q:\n%s", c.args, code, c.code, c.want, out)
		}
	}
}
