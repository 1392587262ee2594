package main_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestDocsTriggerRunsInAFreshTerminal runs, as printed, the commands that
// README.md and docs/receiving.md give for the terminal `esahayak trigger`
// runs in, with nothing but what those commands set: `listen` holds the
// terminal where ESAHAYAK_API_KEY was exported, so trigger runs in another,
// and both docs left the key out there ("trigger needs your API key").
// The server's address stands in for the documented default.
func TestDocsTriggerRunsInAFreshTerminal(t *testing.T) {
	p := startServe(t, "--db", "sqlite:"+filepath.Join(t.TempDir(), "esahayak.db"))
	m := regexp.MustCompile(`api_key:\s+(esk_\S+)`).FindStringSubmatch(p.output())
	if m == nil {
		t.Fatalf("the first start printed no API key:\n%s", p.output())
	}
	for _, doc := range []string{"../../README.md", "../../docs/receiving.md"} {
		b, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		var script string
		for _, block := range regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(string(b), -1) {
			if !strings.Contains(block[1], "esahayak trigger stamp.uploaded") {
				continue
			}
			// A block that starts listen first switches terminals at the
			// comment saying so; a block of its own is a terminal of its own.
			script = block[1]
			if _, after, ok := strings.Cut(script, "another terminal\n"); ok {
				script = after
			}
		}
		if script == "" {
			t.Fatalf("%s shows no `esahayak trigger stamp.uploaded`", doc)
		}
		script = strings.NewReplacer("go run ./cmd/esahayak ", binary+" ", "esk_…", m[1], "op-secret", "op").Replace(script)
		script = regexp.MustCompile(`(?m)^esahayak `).ReplaceAllString(script, binary+" ")
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		cmd := exec.CommandContext(ctx, "sh", "-c", script)
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "ESAHAYAK_API_BASE=" + p.base}
		out, err := cmd.CombinedOutput()
		cancel()
		if err != nil || !strings.Contains(string(out), "Triggered stamp.uploaded") {
			t.Errorf("%s's trigger terminal, run in a fresh shell: %v\n%s\n%s", doc, err, script, out)
		}
	}
}
