package interop_test

import (
	"bytes"
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

// TestReceivingDocsNodeWithoutNpm runs docs/receiving.md's "Node.js without
// a library" as a reader with no npm (or no network to reach it) would:
// its verifyWebhook block and the node:http server below it, word for
// word, with node alone. Every other Node.js receiver the docs show needs
// express from npm, and the tests that run them need npm ci; this one must
// need nothing but node. It is checked against a real server's delivery,
// signed with a rotated secret's two signatures (and sent again by hand:
// it must be handled once), and against requests a receiver must refuse: a capture replayed after the tolerance, a body
// changed under its signature, one with no signature, another path, and a
// body over 1 MiB.
func TestReceivingDocsNodeWithoutNpm(t *testing.T) {
	node, blocks, script := docsNodeReceiver(t)
	// Nothing from npm: every require is of a node: module.
	for _, m := range regexp.MustCompile(`require\('([^']*)'\)`).FindAllStringSubmatch(blocks[0]+blocks[1], -1) {
		if !strings.HasPrefix(m[1], "node:") {
			t.Errorf("the docs' no-npm receiver requires %q, which npm installs", m[1])
		}
	}
	port := freePort(t)
	file := script(port)

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

	stdout := startDocsReceiver(t, "node:http receiver", node, file, []string{"ESAHAYAK_WEBHOOK_SECRET=" + oldSecret})

	// A real delivery, with the new and the old secret's signatures: the
	// receiver knows the old one only.
	evt := emit(t, s, webhook.EventStampUploaded)[0]
	testenv.Eventually(t, 10*time.Second, "the delivery to the docs' receiver to succeed", func() bool {
		if failed := failedAttempts(t, s); failed != "" {
			t.Fatalf("the docs' node:http receiver refused a delivery: %s", failed)
		}
		_, b := s.Do(t, "GET", "/v1/deliveries?status=succeeded&event_id="+evt, s.APIKey, nil)
		return strings.Contains(string(b), `"last_status_code":200`)
	})

	// Requests made by hand: the event's own body, signed with the old secret.
	_, body := s.Do(t, "GET", "/v1/events/"+evt, s.APIKey, nil)
	signer, err := webhook.NewSigner(oldSecret)
	if err != nil {
		t.Fatal(err)
	}
	send := func(method, path string, at time.Time, signed, sent []byte) (int, string) {
		t.Helper()
		req, err := http.NewRequest(method, fmt.Sprintf("http://127.0.0.1:%d%s", port, path), bytes.NewReader(sent))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		if signed != nil {
			req.Header.Set(webhook.HeaderID, evt)
			req.Header.Set(webhook.HeaderTimestamp, strconv.FormatInt(at.Unix(), 10))
			req.Header.Set(webhook.HeaderSignature, signer.Sign(evt, at, signed))
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		defer resp.Body.Close()
		var out bytes.Buffer
		out.ReadFrom(resp.Body)
		return resp.StatusCode, out.String()
	}
	now := time.Now()
	changed := bytes.Replace(body, []byte(`"COMPLETED"`), []byte(`"CANCELLED"`), 1)
	for _, c := range []struct {
		name         string
		method, path string
		at           time.Time
		signed, sent []byte
		status       int
	}{
		{"signed now", "POST", "/webhooks/esahayak", now, body, body, 200},
		{"signed, to the path with a query", "POST", "/webhooks/esahayak?tenant=1", now, body, body, 200},
		{"replayed 6 minutes later", "POST", "/webhooks/esahayak", now.Add(-6 * time.Minute), body, body, 401},
		{"dated 6 minutes ahead", "POST", "/webhooks/esahayak", now.Add(6 * time.Minute), body, body, 401},
		{"body changed under its signature", "POST", "/webhooks/esahayak", now, body, changed, 401},
		{"no signature", "POST", "/webhooks/esahayak", now, nil, body, 401},
		{"empty body, signed", "POST", "/webhooks/esahayak", now, []byte{}, []byte{}, 401},
		{"another path", "POST", "/webhooks/other", now, body, body, 404},
		{"GET", "GET", "/webhooks/esahayak", now, nil, nil, 404},
	} {
		if st, got := send(c.method, c.path, c.at, c.signed, c.sent); st != c.status {
			t.Errorf("%s: %d %s, want %d", c.name, st, got, c.status)
		} else if st == 200 && !strings.Contains(got, `"event_id":"`+evt+`"`) {
			t.Errorf("%s: answered %s, want the event id", c.name, got)
		}
	}

	// evt came three times (delivered, then signed now, to both paths) and
	// is handled once. A later event's line brings every line before it.
	last := emit(t, s, webhook.EventStampUploaded)[0]
	testenv.Eventually(t, 10*time.Second, "the docs' node:http receiver to print that it handles "+last, func() bool {
		return strings.Contains(stdout.String(), "handling stamp.uploaded "+last+"\n")
	})
	if n := strings.Count(stdout.String(), "handling stamp.uploaded "+evt+"\n"); n != 1 {
		t.Errorf("the docs' node:http receiver handled %s %d times, want once; its output:\n%s", evt, n, stdout.String())
	}

	// A body over 1 MiB was dropped by destroying the request: no answer
	// at all, where the Go package answers 400. Announced by its length
	// and sent in chunks without one.
	big := append(bytes.Repeat([]byte(" "), 1<<20), body...)
	for _, chunked := range []bool{false, true} {
		req, err := http.NewRequest("POST", fmt.Sprintf("http://127.0.0.1:%d/webhooks/esahayak", port), bytes.NewReader(big))
		if err != nil {
			t.Fatal(err)
		}
		if chunked {
			req.ContentLength = -1
		}
		req.Header.Set(webhook.HeaderID, evt)
		req.Header.Set(webhook.HeaderTimestamp, strconv.FormatInt(now.Unix(), 10))
		req.Header.Set(webhook.HeaderSignature, signer.Sign(evt, now, big))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Errorf("a body over 1 MiB (chunked %v): %v; want a 400", chunked, err)
			continue
		}
		var out bytes.Buffer
		out.ReadFrom(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 400 || !strings.Contains(out.String(), "payload too large") {
			t.Errorf("a body over 1 MiB (chunked %v): %d %s; want 400 payload too large", chunked, resp.StatusCode, out.String())
		}
	}
}

// receivingNodeBlocks returns the javascript blocks of docs/receiving.md's
// "Node.js without a library" section, in order.
// docsNodeReceiver is docs/receiving.md's "Node.js without a library" made
// ready to run: node's path, the section's two javascript blocks
// (verifyWebhook, then its node:http server), and script, which writes
// them to a file word for word but for the port the server listens on (on
// 127.0.0.1, printing "listening" once it does). With -short it skips.
func docsNodeReceiver(t *testing.T) (node string, blocks []string, script func(port int) string) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs Node.js; skipped with -short")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node is required but was not found in PATH (%v); install Node.js (scripts/test.sh does), or run with -short to skip", err)
	}
	blocks = receivingNodeBlocks(t)
	if len(blocks) != 2 || !strings.Contains(blocks[0], "function verifyWebhook(") || !strings.Contains(blocks[1], "require('node:http')") {
		t.Fatalf(`docs/receiving.md's "Node.js without a library" has %d javascript blocks; want verifyWebhook, then its node:http server`, len(blocks))
	}
	const listen = ".listen(3000, () => console.log('Listening on http://localhost:3000/webhooks/esahayak'));"
	if strings.Count(blocks[1], listen) != 1 {
		t.Fatalf("the node:http block does not end in %s", listen)
	}
	return node, blocks, func(port int) string {
		file := filepath.Join(t.TempDir(), "server.js")
		src := blocks[0] + "\n" + strings.Replace(blocks[1], listen,
			fmt.Sprintf(".listen(%d, '127.0.0.1', () => console.log('listening'));", port), 1)
		if err := os.WriteFile(file, []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
		return file
	}
}

func receivingNodeBlocks(t *testing.T) []string {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join("..", "docs", "receiving.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(doc), "\n### Node.js without a library\n")
	if !ok {
		t.Fatal(`docs/receiving.md has no "### Node.js without a library" section`)
	}
	if i := regexp.MustCompile(`\n##+ `).FindStringIndex(section); i != nil {
		section = section[:i[0]]
	}
	var out []string
	for _, m := range regexp.MustCompile("(?s)\n```javascript\n(.*?)\n```").FindAllStringSubmatch(section, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestDocsJavaScriptParses runs node --check on every javascript block of
// README.md and docs/receiving.md. Only verifyWebhook and the node:http
// server are run word for word (TestReceivingDocsNodeWithoutNpm); the
// Express receivers need npm packages, and TestInterop runs receiver.js,
// not the docs' blocks, so a block that does not even parse (the guide's
// own handler, an await outside an async function, is one) went unseen.
// Checking needs node alone.
func TestDocsJavaScriptParses(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Node.js; skipped with -short")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node is required but was not found in PATH (%v); install Node.js (scripts/test.sh does), or run with -short to skip", err)
	}
	dir := t.TempDir()
	n := 0
	for _, doc := range []string{"README.md", filepath.Join("docs", "receiving.md")} {
		src, err := os.ReadFile(filepath.Join("..", doc))
		if err != nil {
			t.Fatal(err)
		}
		for i, m := range regexp.MustCompile("(?s)\n```javascript\n(.*?)\n```").FindAllStringSubmatch(string(src), -1) {
			n++
			// .cjs: the blocks use require, whatever package.json is above.
			file := filepath.Join(dir, fmt.Sprintf("block%d.cjs", n))
			if err := os.WriteFile(file, []byte(m[1]), 0o600); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(node, "--check", file).CombinedOutput(); err != nil {
				t.Errorf("%s, javascript block %d does not parse: %v\n%s\n%s", doc, i+1, err, out, m[1])
			}
		}
	}
	if n < 4 {
		t.Fatalf("found %d javascript blocks in README.md and docs/receiving.md; want at least 4", n)
	}
}
