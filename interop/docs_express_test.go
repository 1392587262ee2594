package interop_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
	"github.com/esahayak/esahayak/webhook"
)

// TestDocsExpressReceiversRunAsWritten runs the Express receivers that
// README.md and docs/receiving.md show, word for word but for the port
// they listen on, against a real server's deliveries (bodies that are not
// ASCII, a rotated secret's two signatures) and against requests they must
// refuse: the body changed by one character, the same JSON serialised
// again (what express.json() would hand on), a capture replayed after the
// tolerance. README.md's block prints a line per event it handles, and
// must handle an event delivered and then sent again once. TestInterop
// runs receiver.js, which verifies the same way; this runs what a reader
// copies. It skips when node, or the packages in
// interop/express, cannot be had (nodeModulesOrSkip).
func TestDocsExpressReceiversRunAsWritten(t *testing.T) {
	node := nodeModulesOrSkip(t)
	modules, err := filepath.Abs(filepath.Join(expressDir, "node_modules"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		doc, heading, listen string
		handling             string // what the block prints before an event's type and id when it handles one; "" if nothing
	}{
		{"README.md", "\n**Node.js** — Express", "app.listen(3000, '127.0.0.1', () => console.log('Listening on http://127.0.0.1:3000/webhooks/esahayak'));", "handling"},
		{filepath.Join("docs", "receiving.md"), "\n## Node.js: Express and `standardwebhooks`\n", "app.listen(3000, () => console.log('Listening on http://localhost:3000/webhooks/esahayak'));", ""},
	} {
		t.Run(filepath.Base(c.doc), func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join("..", c.doc))
			if err != nil {
				t.Fatal(err)
			}
			_, section, ok := strings.Cut(string(src), c.heading)
			if !ok {
				t.Fatalf("%s has no %q", c.doc, strings.TrimSpace(c.heading))
			}
			m := regexp.MustCompile("(?s)\n```javascript\n(.*?)\n```").FindStringSubmatch(section)
			if m == nil {
				t.Fatalf("%s: no javascript block after %q", c.doc, strings.TrimSpace(c.heading))
			}
			block := m[1]
			if !strings.Contains(block, "express.raw(") || strings.Contains(block, "express.json(") {
				t.Fatalf("%s's Express receiver does not verify the raw body:\n%s", c.doc, block)
			}
			if strings.Count(block, c.listen) != 1 {
				t.Fatalf("%s's Express receiver does not listen with %s:\n%s", c.doc, c.listen, block)
			}
			port := freePort(t)
			script := strings.Replace(block, c.listen, fmt.Sprintf("app.listen(%d, '127.0.0.1', () => console.log('listening'));", port), 1)
			file := filepath.Join(t.TempDir(), "server.js")
			if err := os.WriteFile(file, []byte(script), 0o600); err != nil {
				t.Fatal(err)
			}
			checkDocsReceiver(t, node, file, []string{"NODE_PATH=" + modules}, port, c.handling)
		})
	}
}

// checkDocsReceiver starts a receiver of the docs (a node script serving
// POST /webhooks/esahayak on port, printing "listening" once it does),
// and holds it to what every receiver must do with real deliveries and
// with forged, changed and replayed requests. A receiver that prints
// handling (followed by the event's type and id) for each event it handles
// is also held to handling each event once, however often it comes.
func checkDocsReceiver(t *testing.T, node, file string, env []string, port int, handling string) {
	t.Helper()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	url := fmt.Sprintf("http://127.0.0.1:%d/webhooks/esahayak", port)
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, map[string]any{"url": url})
	if st != 201 {
		t.Fatalf("create endpoint: %d %s", st, b)
	}
	ep := testenv.JSON(t, b)
	epID, oldSecret := ep["id"].(string), ep["secret"].(string)
	if st, b := s.Do(t, "POST", "/v1/webhook_endpoints/"+epID+"/rotate_secret", s.APIKey, nil); st != 200 {
		t.Fatalf("rotate: %d %s", st, b)
	}

	stdout := startDocsReceiver(t, "receiver", node, file, append(env, "ESAHAYAK_WEBHOOK_SECRET="+oldSecret))

	// Real deliveries: a cancellation whose reason is not ASCII (and holds
	// what Go's JSON encoder escapes), and a test event.
	st, b = s.Do(t, "POST", "/v1/orders", s.APIKey, orderJSON)
	if st != 201 {
		t.Fatalf("create order: %d %s", st, b)
	}
	order := testenv.JSON(t, b)["id"].(string)
	st, b = s.Do(t, "POST", "/v1/orders/"+order+"/cancel", s.APIKey, map[string]any{"reason": nonASCIIReason})
	if st != 200 {
		t.Fatalf("cancel: %d %s", st, b)
	}
	evt := testenv.JSON(t, b)["event"].(map[string]any)["id"].(string)
	st, b = s.Do(t, "POST", "/v1/webhook_endpoints/"+epID+"/test", s.APIKey, map[string]any{"type": "stamp.failed"})
	if st != 202 {
		t.Fatalf("test event: %d %s", st, b)
	}
	testEvt := testenv.JSON(t, b)["event_id"].(string)
	for _, id := range []string{evt, testEvt} {
		testenv.Eventually(t, 10*time.Second, "the delivery of "+id+" to the docs' receiver to succeed", func() bool {
			if failed := failedAttempts(t, s); failed != "" {
				t.Fatalf("the docs' receiver refused a delivery: %s", failed)
			}
			_, b := s.Do(t, "GET", "/v1/deliveries?status=succeeded&event_id="+id, s.APIKey, nil)
			return strings.Contains(string(b), `"last_status_code":200`)
		})
	}

	// Requests made by hand, from the event's own body, signed with the
	// secret the receiver knows.
	_, body := s.Do(t, "GET", "/v1/events/"+evt, s.APIKey, nil)
	if !bytes.Contains(body, []byte("ग्राहक")) {
		t.Fatalf("the event's body does not hold its reason as UTF-8: %s", body)
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatal(err)
	}
	reserialised, _ := json.Marshal(v) // keys sorted, <&> no longer escaped: the same JSON, other bytes
	changed := bytes.Replace(body, []byte("🙏"), []byte("🙂"), 1)
	if bytes.Equal(reserialised, body) || bytes.Equal(changed, body) {
		t.Fatal("the altered bodies are the body")
	}
	signer, err := webhook.NewSigner(oldSecret)
	if err != nil {
		t.Fatal(err)
	}
	send := func(at time.Time, signed, sent []byte) (int, string) {
		t.Helper()
		req, err := http.NewRequest("POST", url, bytes.NewReader(sent))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(webhook.HeaderID, evt)
		req.Header.Set(webhook.HeaderTimestamp, strconv.FormatInt(at.Unix(), 10))
		req.Header.Set(webhook.HeaderSignature, signer.Sign(evt, at, signed))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out bytes.Buffer
		out.ReadFrom(resp.Body)
		return resp.StatusCode, out.String()
	}
	now := time.Now()
	for _, c := range []struct {
		name         string
		at           time.Time
		signed, sent []byte
		status       int
	}{
		{"signed now", now, body, body, 200},
		{"a character of the body changed", now, body, changed, 401},
		{"the JSON serialised again", now, body, reserialised, 401},
		{"signed over the JSON serialised again", now, reserialised, body, 401},
		{"replayed 6 minutes later", now.Add(-6 * time.Minute), body, body, 401},
	} {
		if st, got := send(c.at, c.signed, c.sent); st != c.status {
			t.Errorf("%s: %d %s, want %d", c.name, st, got, c.status)
		}
	}
	if handling == "" {
		return
	}

	// Deduplication: evt came by its delivery, then again signed by hand
	// ("signed now" above). One more event, handled after those requests
	// were answered, brings every line they printed (stdout is one stream).
	st, b = s.Do(t, "POST", "/v1/webhook_endpoints/"+epID+"/test", s.APIKey, map[string]any{"type": "order.delivered"})
	if st != 202 {
		t.Fatalf("test event: %d %s", st, b)
	}
	last := testenv.JSON(t, b)["event_id"].(string)
	testenv.Eventually(t, 10*time.Second, "the docs' receiver to print that it handles "+last, func() bool {
		return strings.Contains(stdout.String(), handling+" order.delivered "+last+"\n")
	})
	for _, e := range []struct{ typ, id string }{{"order.cancelled", evt}, {"stamp.failed", testEvt}} {
		if n := strings.Count(stdout.String(), handling+" "+e.typ+" "+e.id+"\n"); n != 1 {
			t.Errorf("the docs' receiver handled %s %d times, want once; its output:\n%s", e.id, n, stdout.String())
		}
	}
}

// startDocsReceiver runs a receiver the docs print (file, by node, with env
// added to the test's environment) until the test ends, and waits for the
// "listening" line it prints once its port is open. Its stderr is logged
// if the test fails; what names it in the messages ("receiver",
// "node:http receiver"). It returns what the receiver prints after
// "listening", line by line as it comes.
func startDocsReceiver(t *testing.T, what, node, file string, env []string) *testenv.Output {
	t.Helper()
	cmd := exec.Command(node, file)
	cmd.Env = append(os.Environ(), env...)
	stderr := &testenv.Output{}
	cmd.Stderr = stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("the docs' %s's stderr:\n%s", what, stderr.String())
		}
	})
	out := &testenv.Output{}
	started := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		started <- sc.Scan() && sc.Text() == "listening"
		for sc.Scan() {
			fmt.Fprintln(out, sc.Text())
		}
	}()
	select {
	case ok := <-started:
		if !ok {
			t.Fatalf("the docs' %s did not start", what)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("the docs' %s did not start within 30 s", what)
	}
	return out
}
