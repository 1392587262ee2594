//go:build unix

package main_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestTestScriptHelpRunsNothing: scripts/test.sh takes go test's flags, so a
// new user's first `scripts/test.sh --help` (or -h) was handed on: the script
// started or installed PostgreSQL, could edit its pg_hba.conf, installed
// Chromium and Node.js, ran go vet three times and then the whole suite,
// for minutes, before go test printed its own usage. It must print the
// script's usage and exit 0 without running anything. Every command the
// script could run is a stub here that records its call, so an unfixed
// script touches nothing of this machine.
func TestTestScriptHelpRunsNothing(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash is not installed")
	}
	script, err := filepath.Abs("../../scripts/test.sh")
	if err != nil {
		t.Fatal(err)
	}
	dirname, err := exec.LookPath("dirname")
	if err != nil {
		t.Skip("dirname is not installed")
	}
	bin := t.TempDir()
	calls := filepath.Join(t.TempDir(), "calls")
	if err := os.Symlink(dirname, filepath.Join(bin, "dirname")); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"go", "psql", "pg_isready", "pg_ctlcluster", "sudo", "apt-get", "id",
		"su", "chromium", "chromium-browser", "node", "npm", "ls", "sort", "tail", "seq", "sleep", "mktemp", "grep", "cat", "rm", "sh"} {
		stub := "#!" + bash + "\necho " + name + " \"$@\" >> '" + calls + "'\nexit 1\n"
		if err := os.WriteFile(filepath.Join(bin, name), []byte(stub), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, arg := range []string{"--help", "-h", "-help"} {
		t.Run(arg, func(t *testing.T) {
			os.Remove(calls)
			cmd := exec.Command(bash, script, arg)
			cmd.Env = []string{"PATH=" + bin, "HOME=" + t.TempDir(),
				"ESAHAYAK_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/test?sslmode=disable"}
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			if ran, _ := os.ReadFile(calls); len(ran) > 0 {
				t.Errorf("scripts/test.sh %s ran commands instead of printing its usage:\n%s", arg, ran)
			}
			if err != nil {
				t.Errorf("scripts/test.sh %s: %v, want exit status 0; stderr:\n%s", arg, err, stderr.String())
			}
			if !strings.HasPrefix(stdout.String(), "Usage: scripts/test.sh") {
				t.Errorf("scripts/test.sh %s printed %q on standard output, want its usage", arg, stdout.String())
			}
		})
	}
}
