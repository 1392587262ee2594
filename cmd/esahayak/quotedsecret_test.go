package main_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestSecretInQuotesIsRefused: an env file read by `docker run --env-file`
// keeps the quotes of ESAHAYAK_OPERATOR_TOKEN="…", and serve started with
// them as part of the token, so every operator move sent with the token
// was answered 401 ("neither an API key nor the operator token"); listen
// and trigger sent an ESAHAYAK_API_KEY="esk_…" with its quotes and were
// told the key "is not valid". Each now refuses a secret wrapped in
// matching quotes at start, exit status 2, naming the flag and the
// variable it came from, and never the secret.
func TestSecretInQuotesIsRefused(t *testing.T) {
	t.Parallel()
	const token = "5f0c3e1d9a7b24c68e13f5a2d0b97c4e61a8f3d2c5b0e79412d6a8c3f0e5b7a9"
	const key = "esk_Rz0Pow00l33FBxH2Ul_qfWvbz09V60A6AymPhuKDuVQ"
	// Were the secret taken, serve would fail on its database (in a
	// directory that does not exist), exit status 1, and listen and
	// trigger would find nothing on loopback port 1.
	noDB := "sqlite:" + filepath.Join(t.TempDir(), "nonexistent", "x.db")
	// serve takes its address before it opens the database: a loopback
	// port of 20000-29999, any (one in use fails too, with status 1).
	addr := fmt.Sprintf("127.0.0.1:%d", 20000+rand.IntN(10000))
	for _, tc := range []struct {
		name   string
		args   []string
		env    []string
		flag   string
		secret string
	}{
		{name: "serve token env double", args: []string{"serve", "--addr", addr, "--db", noDB},
			env: []string{`ESAHAYAK_OPERATOR_TOKEN="` + token + `"`}, flag: "--operator-token (from ESAHAYAK_OPERATOR_TOKEN)", secret: token},
		{name: "serve token flag single", args: []string{"serve", "--addr", addr, "--db", noDB, "--operator-token", `'` + token + `'`},
			flag: "--operator-token", secret: token},
		{name: "listen key env", args: []string{"listen", "--forward-to", "http://localhost:1/x", "--api-base", "http://127.0.0.1:1"},
			env: []string{`ESAHAYAK_API_KEY="` + key + `"`}, flag: "--api-key (from ESAHAYAK_API_KEY)", secret: key},
		{name: "trigger key env", args: []string{"trigger", "order.cancelled", "--api-base", "http://127.0.0.1:1"},
			env: []string{`ESAHAYAK_API_KEY='` + key + `'` + "\r"}, flag: "--api-key (from ESAHAYAK_API_KEY)", secret: key},
		{name: "trigger token env", args: []string{"trigger", "stamp.uploaded", "--api-base", "http://127.0.0.1:1", "--api-key", key},
			env: []string{`ESAHAYAK_OPERATOR_TOKEN="` + token + `"`}, flag: "--operator-token (from ESAHAYAK_OPERATOR_TOKEN)", secret: token},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(binary, tc.args...)
			cmd.Env = append(withoutEsahayakEnv(os.Environ()), tc.env...)
			out, err := cmd.CombinedOutput()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 2 {
				t.Fatalf("exit: %v, want status 2; output:\n%s", err, out)
			}
			got := string(out)
			if !strings.Contains(got, tc.flag+" is in quotes") || !strings.Contains(got, "without them") {
				t.Errorf("output does not say %q is in quotes:\n%s", tc.flag, got)
			}
			if strings.Contains(got, tc.secret) {
				t.Errorf("output shows the secret:\n%s", got)
			}
		})
	}
	// A secret with a quote inside, or only at one end, is not in quotes:
	// serve goes on to its database.
	cmd := exec.Command(binary, "serve", "--addr", addr, "--db", noDB, "--operator-token", `"`+token)
	cmd.Env = withoutEsahayakEnv(os.Environ())
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 || strings.Contains(string(out), "in quotes") {
		t.Fatalf("a token with one quote: exit %v, want status 1 (the database); output:\n%s", err, out)
	}
}

// withoutEsahayakEnv is env without the ESAHAYAK_* variables of the shell
// that runs the tests.
func withoutEsahayakEnv(env []string) []string {
	var out []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "ESAHAYAK_") {
			out = append(out, kv)
		}
	}
	return out
}

// TestValueInQuotesIsRefused: a variable kept with its env file's quotes
// (docker run --env-file) was refused for what the quotes made of its
// value, without a word of them: ESAHAYAK_ADDR="127.0.0.1:8080" as
// `"127.0.0.1 ends in a number but is not an IP address`, and a quoted
// --forward-to was answered with a suggestion of nonsense,
// `--forward-to "http:3000//localhost:1/%22`. Every variable, and the
// URL flags of listen and trigger, now refuse a value wrapped in matching
// quotes as such, exit status 2, naming the flag and its variable.
func TestValueInQuotesIsRefused(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		args []string
		env  []string
		flag string
	}{
		{name: "serve addr env", args: []string{"serve"},
			env: []string{`ESAHAYAK_ADDR="127.0.0.1:8080"`}, flag: "--addr (from ESAHAYAK_ADDR)"},
		{name: "accounts db env", args: []string{"accounts", "list"},
			env: []string{`ESAHAYAK_DB='sqlite:esahayak.db'`}, flag: "--db (from ESAHAYAK_DB)"},
		{name: "listen forward-to env", args: []string{"listen", "--api-key", "esk_x", "--api-base", "http://127.0.0.1:1"},
			env: []string{`ESAHAYAK_FORWARD_TO="http://localhost:1/x"`}, flag: "--forward-to (from ESAHAYAK_FORWARD_TO)"},
		{name: "listen forward-to flag", args: []string{"listen", "--forward-to", `"http://localhost:1/x"`, "--api-key", "esk_x", "--api-base", "http://127.0.0.1:1"},
			flag: "--forward-to"},
		{name: "trigger api-base flag", args: []string{"trigger", "order.cancelled", "--api-key", "esk_x", "--api-base", `'http://127.0.0.1:1'`},
			flag: "--api-base"},
		{name: "bench events env", args: []string{"bench"},
			env: []string{`ESAHAYAK_BENCH_EVENTS="5"`}, flag: "--events (from ESAHAYAK_BENCH_EVENTS)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(binary, tc.args...)
			cmd.Dir = t.TempDir()
			cmd.Env = append(withoutEsahayakEnv(os.Environ()), tc.env...)
			out, err := cmd.CombinedOutput()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 2 {
				t.Fatalf("exit: %v, want status 2; output:\n%s", err, out)
			}
			if got := string(out); !strings.Contains(got, tc.flag+" is in quotes") || !strings.Contains(got, "without them") {
				t.Errorf("output does not say %q is in quotes:\n%s", tc.flag, got)
			}
		})
	}
}
