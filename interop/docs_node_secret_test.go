package interop_test

import (
	"bufio"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
	"github.com/esahayak/esahayak/webhook"
)

// TestReceivingDocsNodeTakesTheSecretAsGoDoes runs docs/receiving.md's
// "Node.js without a library" (verifyWebhook and its node:http server, word
// for word) with ESAHAYAK_WEBHOOK_SECRET set the ways the Go package refuses
// at start (webhook.DecodeSecret): a secret still in the quotes of an env
// file (docker run --env-file keeps them), the API key exported beside it,
// the endpoint's id, the docs' shortened whsec_…. Buffer.from(…, 'base64')
// skips whatever is not base64 (and takes the _ of "whsec_" as URL-safe
// base64), so each made a wrong key: the receiver started, and answered 401
// to every delivery with "no matching signature", the fault nowhere in
// sight. It must stop at start, naming the variable. A secret with spaces
// or a newline around it (as the Go package takes it) must verify: with a
// space before it, "whsec_" was not removed and the key was wrong.
func TestReceivingDocsNodeTakesTheSecretAsGoDoes(t *testing.T) {
	node, _, script := docsNodeReceiver(t)
	secret, err := webhook.NewSecret()
	if err != nil {
		t.Fatal(err)
	}

	for name, given := range map[string]string{
		"in double quotes":  `"` + secret + `"`,
		"in single quotes":  "'" + secret + "'",
		"an API key":        "esk_0123456789abcdefghijklmnopqrstuv",
		"an endpoint's id":  "we_01kbx2m5w8f3q9r7t6y4u2i0o8",
		"the docs' whsec_…": "whsec_…",
	} {
		t.Run(name, func(t *testing.T) {
			cmd := exec.Command(node, script(freePort(t)))
			cmd.Env = append(os.Environ(), "ESAHAYAK_WEBHOOK_SECRET="+given)
			stderr := &testenv.Output{}
			cmd.Stderr = stderr
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { cmd.Process.Kill() })
			sc := bufio.NewScanner(stdout)
			if sc.Scan() && sc.Text() == "listening" {
				t.Fatalf("the docs' node:http receiver started with ESAHAYAK_WEBHOOK_SECRET=%s; every delivery would be refused 401", given)
			}
			err = cmd.Wait()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() == 0 {
				t.Fatalf("the receiver ended with %v; want a non-zero exit", err)
			}
			if !strings.Contains(stderr.String(), "ESAHAYAK_WEBHOOK_SECRET") {
				t.Errorf("its stderr does not name ESAHAYAK_WEBHOOK_SECRET:\n%s", stderr.String())
			}
		})
	}

	signer, err := webhook.NewSigner(secret)
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(`{"id":"evt_1","type":"stamp.uploaded","created_at":"2024-01-15T10:30:00.000Z","data":{}}`)
	for name, given := range map[string]string{
		"as given":            secret,
		"without its prefix":  strings.TrimPrefix(secret, webhook.SecretPrefix),
		"after a space":       " " + secret,
		"before a newline":    secret + "\n",
		"between tabs":        "\t" + secret + "\t",
		"prefix after spaces": "  " + secret + "  ",
	} {
		t.Run(name, func(t *testing.T) {
			port := freePort(t)
			startDocsReceiver(t, "node:http receiver", node, script(port), []string{"ESAHAYAK_WEBHOOK_SECRET=" + given})
			now := time.Now()
			req, err := http.NewRequest("POST", fmt.Sprintf("http://127.0.0.1:%d/webhooks/esahayak", port), strings.NewReader(string(body)))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set(webhook.HeaderID, "evt_1")
			req.Header.Set(webhook.HeaderTimestamp, strconv.FormatInt(now.Unix(), 10))
			req.Header.Set(webhook.HeaderSignature, signer.Sign("evt_1", now, body))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("a request signed with the secret: %d; want 200", resp.StatusCode)
			}
		})
	}
}
