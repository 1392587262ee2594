package main_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestUnknownEnvironmentVariableIsNamed: ESAHAYAK_ADRR=… started serve on
// the default address without a word. serve now logs a warning naming the
// variable and the one it is likely a typo of, and starts all the same;
// a command without a log prints it on stderr. A variable of another
// command (ESAHAYAK_FORWARD_TO under serve) or of the tests is not unknown.
func TestUnknownEnvironmentVariableIsNamed(t *testing.T) {
	t.Setenv("ESAHAYAK_ADRR", "127.0.0.1:1")
	t.Setenv("ESAHAYAK_FORWARD_TO", "http://127.0.0.1:1/x")
	t.Setenv("ESAHAYAK_BENCH_EVENTS", "5")
	db := "sqlite:" + filepath.Join(t.TempDir(), "u.db")
	for _, format := range []string{"text", "json"} {
		p := startServe(t, "--db", db, "--log-format", format)
		want := map[string]string{
			"text": `level=WARN msg="unknown environment variable ESAHAYAK_ADRR (did you mean ESAHAYAK_ADDR?)"`,
			"json": `"level":"WARN","msg":"unknown environment variable ESAHAYAK_ADRR (did you mean ESAHAYAK_ADDR?)"`,
		}[format]
		testenv.Eventually(t, 10*time.Second, "the warning", func() bool { return strings.Contains(p.output(), want) })
		if n := strings.Count(p.output(), "unknown environment variable"); n != 1 {
			t.Errorf("%s: %d warnings, want the one about ESAHAYAK_ADRR:\n%s", format, n, p.output())
		}
		p.kill(t) // the next one serves the same file
	}

	t.Setenv("ESAHAYAK_DBB", "sqlite:x.db")
	cmd := exec.Command(binary, "accounts", "list", "--db", db)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("accounts list: %v\n%s", err, &stderr)
	}
	for _, w := range []string{
		"esahayak: unknown environment variable ESAHAYAK_ADRR (did you mean ESAHAYAK_ADDR?)\n",
		"esahayak: unknown environment variable ESAHAYAK_DBB (did you mean ESAHAYAK_DB?)\n",
	} {
		if !strings.Contains(stderr.String(), w) {
			t.Errorf("accounts list: stderr lacks %q:\n%s", w, &stderr)
		}
	}
	if n := strings.Count(stderr.String(), "unknown environment variable"); n != 2 {
		t.Errorf("accounts list: %d warnings, want 2:\n%s", n, &stderr)
	}
}

// TestKnownEnvNamesEveryFlag: every variable a command's help lists (each
// flag's ESAHAYAK_* name) is known: set, even empty, none is warned about.
func TestKnownEnvNamesEveryFlag(t *testing.T) {
	bracketed := regexp.MustCompile(`\[(ESAHAYAK_[A-Z0-9_]+)\]`)
	env := os.Environ()
	names := 0
	for _, args := range [][]string{
		{"serve"}, {"accounts", "create"}, {"accounts", "list"}, {"users", "create"}, {"listen"}, {"trigger"}, {"bench"},
	} {
		out, err := exec.Command(binary, append(args, "-h")...).Output()
		if err != nil {
			t.Fatalf("esahayak %s -h: %v", strings.Join(args, " "), err)
		}
		for _, m := range bracketed.FindAllStringSubmatch(string(out), -1) {
			env = append(env, m[1]+"=") // empty: unset, as far as the flags go
			names++
		}
	}
	if names < 40 {
		t.Fatalf("only %d variables in the commands' help", names)
	}
	cmd := exec.Command(binary, "accounts", "list", "--db", "sqlite:"+filepath.Join(t.TempDir(), "k.db"))
	cmd.Env = env
	out, _ := cmd.CombinedOutput() // the database does not exist: only the warnings matter
	if strings.Contains(string(out), "unknown environment variable") {
		t.Errorf("a flag's variable is warned about as unknown (add it to knownEnv):\n%s", out)
	}
}
