package webhook_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
	"github.com/esahayak/esahayak/webhook"
)

// nodeDir holds a pinned copy of the Standard Webhooks JavaScript library
// (package.json + package-lock.json; node_modules is installed on demand).
// Most eSahayak customers verify in Node.js, so this test proves the
// signatures we send verify there, byte for byte.
const nodeDir = "testdata/node"

type nodeMessage struct {
	Name    string            `json:"name"`
	Secret  string            `json:"secret"`
	Headers map[string]string `json:"headers"`
	Body    string            `json:"body"`
}

type nodeResult struct {
	Name  string `json:"name"`
	OK    bool   `json:"ok"`
	ID    string `json:"id"`
	Error string `json:"error"`
}

func TestInteropNodeStandardWebhooks(t *testing.T) {
	if testing.Short() {
		t.Skip("runs node and possibly npm ci; skipped with -short")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node is required for the Node.js interop test but was not found in PATH (%v); install Node.js, or run with -short to skip", err)
	}
	ensureNodeModules(t)

	secret, err := webhook.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	oldSecret, err := webhook.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	signer, err := webhook.NewSigner(secret)
	if err != nil {
		t.Fatal(err)
	}
	rotating, err := webhook.NewSigner(oldSecret, secret)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now() // node checks the timestamp against its own clock

	headers := func(s *webhook.Signer, id, body string) map[string]string {
		return map[string]string{
			"Content-Type":          "application/json",
			"User-Agent":            webhook.UserAgent,
			webhook.HeaderEvent:     "stamp.uploaded",
			webhook.HeaderDelivery:  id,
			webhook.HeaderAttempt:   "1",
			webhook.HeaderID:        id,
			webhook.HeaderTimestamp: strconv.FormatInt(now.Unix(), 10),
			webhook.HeaderSignature: s.Sign(id, now, []byte(body)),
		}
	}
	bodies := map[string]string{
		webhook.EventStampUploaded:  `{"id":"evt_n1","type":"stamp.uploaded","created_at":"2024-01-15T10:30:00Z","data":{"order":{"id":"order_1","status":"COMPLETED","created_at":"2024-01-15T10:00:00Z"},"stamp_request":{"id":"stamp_1","state":"Assam","amount":1000,"article_code":"AS-RG-4","provider":"SHCIL"}}}`,
		webhook.EventStampFailed:    `{"id":"evt_n2","type":"stamp.failed","created_at":"2024-01-15T10:30:00Z","data":{"order":{"id":"order_2","status":"FAILED","created_at":"2024-01-15T10:00:00Z"},"stamp_request":{"id":"stamp_2","state":"Assam","amount":1000,"article_code":"AS-RG-4","provider":"SHCIL"},"error":{"code":"PORTAL_DOWN","message":"सरकारी पोर्टल उपलब्ध नहीं"}}}`,
		webhook.EventOrderDelivered: `{"id":"evt_n3","type":"order.delivered","created_at":"2024-01-16T09:00:00Z","data":{"order":{"id":"order_3","status":"DELIVERED","created_at":"2024-01-15T10:00:00Z"},"stamp_request":{"id":"stamp_3","state":"Assam","amount":1000,"article_code":"AS-RG-4","provider":"SHCIL"},"delivery":{"partner":"BlueDart","tracking_id":"BD1","delivered_at":"2024-01-16T08:45:00Z"}}}`,
		webhook.EventOrderCancelled: `{"id":"evt_n4","type":"order.cancelled","created_at":"2024-01-15T12:00:00Z","test":true,"data":{"order":{"id":"order_4","status":"CANCELLED","created_at":"2024-01-15T10:00:00Z"},"stamp_request":{"id":"stamp_4","state":"Assam","amount":1000,"article_code":"AS-RG-4","provider":"SHCIL"},"cancellation":{"reason":"Customer request","refund":{"amount":1000,"status":"INITIATED"}}}}`,
	}

	type tc struct {
		msg    nodeMessage
		wantOK bool
		wantID string
	}
	var cases []tc
	for _, typ := range webhook.EventTypes {
		body := bodies[typ]
		e, err := webhook.ParseEvent([]byte(body))
		if err != nil {
			t.Fatalf("fixture %s: %v", typ, err)
		}
		cases = append(cases,
			tc{nodeMessage{typ, secret, headers(signer, e.ID, body), body}, true, e.ID},
			tc{nodeMessage{typ + " during rotation", secret, headers(rotating, e.ID, body), body}, true, e.ID},
		)
	}
	body := bodies[webhook.EventStampUploaded]
	cases = append(cases,
		tc{nodeMessage{"old secret during rotation", oldSecret, headers(rotating, "evt_n1", body), body}, true, "evt_n1"},
		tc{nodeMessage{"tampered body", secret, headers(signer, "evt_n1", body), strings.Replace(body, "1000", "9000", 1)}, false, ""},
		tc{nodeMessage{"wrong secret", oldSecret, headers(signer, "evt_n1", body), body}, false, ""},
	)

	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	for _, c := range cases {
		if err := enc.Encode(c.msg); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "verify.mjs")
	cmd.Dir = nodeDir
	cmd.Stdin = &in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node verify.mjs: %v\n%s", err, stderr.String())
	}

	sc := bufio.NewScanner(bytes.NewReader(out))
	i := 0
	for ; sc.Scan(); i++ {
		var r nodeResult
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("bad output line %q: %v", sc.Text(), err)
		}
		if i >= len(cases) {
			t.Fatalf("node printed more results than messages: %q", sc.Text())
		}
		c := cases[i]
		if r.Name != c.msg.Name {
			t.Fatalf("result %d is for %q, want %q", i, r.Name, c.msg.Name)
		}
		if r.OK != c.wantOK {
			t.Errorf("%s: node verification ok=%v (error %q), want ok=%v", c.msg.Name, r.OK, r.Error, c.wantOK)
		}
		if c.wantOK && r.ID != c.wantID {
			t.Errorf("%s: node parsed id %q, want %q", c.msg.Name, r.ID, c.wantID)
		}
		if !c.wantOK && !strings.Contains(r.Error, "No matching signature") {
			t.Errorf("%s: node error %q, want a signature mismatch", c.msg.Name, r.Error)
		}
	}
	if i != len(cases) {
		t.Fatalf("node printed %d results for %d messages; stderr:\n%s", i, len(cases), stderr.String())
	}
}

// ensureNodeModules installs the pinned library with npm ci unless it is
// already there. Missing npm, or a registry npm cannot reach with the
// library not in npm's cache, is a failure, not a skip: a silently skipped
// interop test is how interop breaks unnoticed. The error names the cause
// (testenv.NodeModules).
func ensureNodeModules(t *testing.T) {
	t.Helper()
	if err := testenv.NodeModules(nodeDir, "standardwebhooks"); err != nil {
		t.Fatalf("the Node.js interop test needs the standardwebhooks package: %v; or run with -short to skip", err)
	}
}
