package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestWeakOperatorTokenIsWarnedAbout: serve took an operator token of any
// length without a word (the README's tour uses op-secret), and failed
// attempts at it are not limited, so a short one could be guessed from
// the network. serve now logs one warning at start for a token shorter
// than 32 bytes, given as a flag or in ESAHAYAK_OPERATOR_TOKEN, saying
// how to make a strong one, and starts all the same; the warning never
// holds the token. A strong token, or none, is not warned about.
func TestWeakOperatorTokenIsWarnedAbout(t *testing.T) {
	const warning = "the operator token is easy to guess"
	for _, tc := range []struct {
		name, token string
		env, json   bool
		warned      bool
	}{
		{name: "short flag", token: "tourtoken7", warned: true},
		{name: "short env json", token: "tourtoken7", env: true, json: true, warned: true},
		{name: "strong flag", token: "5f0c3e1d9a7b24c68e13f5a2d0b97c4e61a8f3d2c5b0e79412d6a8c3f0e5b7a9"},
		{name: "no token"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := "sqlite:" + filepath.Join(t.TempDir(), "w.db")
			addr := freeAddr(t)
			args := []string{"serve", "--addr", addr, "--db", db, "--log-level", "warn"}
			env := os.Environ()
			switch {
			case tc.env:
				env = append(env, "ESAHAYAK_OPERATOR_TOKEN="+tc.token)
			case tc.token != "":
				args = append(args, "--operator-token", tc.token)
			}
			if tc.json {
				args = append(args, "--log-format", "json")
			}
			cmd := exec.Command(binary, args...)
			cmd.Env = env
			p := launch(t, cmd, "http://"+addr, nil)
			t.Cleanup(func() {
				p.cmd.Process.Kill()
				<-p.done
				if t.Failed() {
					t.Logf("server output:\n%s", p.output())
				}
			})
			waitHealthy(t, p)
			if tc.token != "" {
				// The token works: the server started with it.
				mustCall(t, p.base, "POST", "/v1/orders/order_none/upload", tc.token, "", 404)
			}
			if tc.warned {
				testenv.Eventually(t, 10*time.Second, "the warning", func() bool { return strings.Contains(p.output(), warning) })
				want := `level=WARN msg="` + warning
				if tc.json {
					want = `"level":"WARN","msg":"` + warning
				}
				for _, w := range []string{want, "shorter than 32 bytes", "openssl rand -hex 32", "ESAHAYAK_OPERATOR_TOKEN"} {
					if !strings.Contains(p.output(), w) {
						t.Errorf("the output lacks %q:\n%s", w, p.output())
					}
				}
			}
			if n, want := strings.Count(p.output(), warning), map[bool]int{true: 1, false: 0}[tc.warned]; n != want {
				t.Errorf("%d warnings about the operator token, want %d:\n%s", n, want, p.output())
			}
			if tc.token != "" && strings.Contains(p.output(), tc.token) {
				t.Errorf("the output holds the operator token:\n%s", p.output())
			}
		})
	}
}
