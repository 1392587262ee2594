package interop_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/esahayak/esahayak/internal/testenv"
	"github.com/esahayak/esahayak/webhook"
)

// captured is one request a receiver got, byte for byte.
type captured struct {
	header http.Header
	body   []byte
}

// captureReceiver records every request and answers 200.
type captureReceiver struct {
	srv  *httptest.Server
	mu   sync.Mutex
	reqs []captured
}

func newCaptureReceiver(t *testing.T) *captureReceiver {
	t.Helper()
	c := &captureReceiver{}
	c.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		c.mu.Lock()
		c.reqs = append(c.reqs, captured{r.Header.Clone(), body})
		c.mu.Unlock()
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(c.srv.Close)
	return c
}

// byID returns the first request of each webhook-id.
func (c *captureReceiver) byID() map[string]captured {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string]captured{}
	for _, r := range c.reqs {
		if id := r.header.Get(webhook.HeaderID); out[id].body == nil {
			out[id] = r
		}
	}
	return out
}

// nodeModulesOrSkip returns node, with the packages of interop/express
// installed: it installs them when they are missing, as TestInterop does
// (testenv.NodeModules, which tries once per run), but where TestInterop
// fails without node, npm or the registry, this skips the test, saying
// why. The tests that use it add to TestInterop's; none of them makes npm
// a requirement of the suite.
func nodeModulesOrSkip(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("runs Node.js; skipped with -short")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skipf("node not found in PATH (%v)", err)
	}
	if err := testenv.NodeModules(expressDir, "express", "standardwebhooks"); err != nil {
		t.Skipf("skipped: %v", err)
	}
	return node
}

type jsLine struct {
	Name       string            `json:"name"`
	Secret     string            `json:"secret"`
	Headers    map[string]string `json:"headers,omitempty"`
	BodyBase64 string            `json:"body_base64"`
	NowMS      *int64            `json:"now_ms,omitempty"`
	Sign       *jsSign           `json:"sign,omitempty"`
}

type jsSign struct {
	ID        string `json:"id"`
	Timestamp int64  `json:"timestamp"`
}

type jsResult struct {
	Name      string `json:"name"`
	OK        bool   `json:"ok"`
	ID        string `json:"id"`
	Error     string `json:"error"`
	Signature string `json:"signature"`
}

// runJS feeds lines to verify.js and returns its answers, one per line.
func runJS(t *testing.T, node string, lines []jsLine) []jsResult {
	t.Helper()
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	for _, l := range lines {
		if err := enc.Encode(l); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "verify.js")
	cmd.Dir = expressDir
	cmd.Stdin = &in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node verify.js: %v\n%s", err, stderr.String())
	}
	var res []jsResult
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		var r jsResult
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("verify.js printed %q: %v", sc.Text(), err)
		}
		res = append(res, r)
	}
	if len(res) != len(lines) {
		t.Fatalf("verify.js answered %d lines of %d; stderr:\n%s", len(res), len(lines), stderr.String())
	}
	for i := range res {
		if res[i].Name != lines[i].Name {
			t.Fatalf("verify.js answer %d is for %q, want %q", i, res[i].Name, lines[i].Name)
		}
	}
	return res
}

// nodeHeaders is a request's headers as Node hands them to a handler:
// lower-case names, one string each.
func nodeHeaders(h http.Header) map[string]string {
	out := map[string]string{}
	for k, v := range h {
		out[strings.ToLower(k)] = strings.Join(v, ", ")
	}
	return out
}

// nonASCII are texts for an order's moves that are not ASCII: Devanagari,
// an emoji (four bytes in UTF-8, a surrogate pair in JavaScript), a Latin
// letter with an accent, and the three characters Go's JSON encoder escapes.
const (
	nonASCIIReason  = "ग्राहक का अनुरोध — रद्द 🙏 <&> é"
	nonASCIIMessage = "सरकारी पोर्टल ने जवाब नहीं दिया 😀"
	nonASCIIPartner = "ब्लू डार्ट"
)

// TestReferenceLibrariesVerifyRealDeliveries captures real deliveries of
// a running server, with bodies that are not ASCII, from an endpoint
// whose secret was rotated twice (so three signatures), and a test event,
// and has the Standard Webhooks reference libraries for Go and JavaScript
// verify each one with each of the three secrets; our Verifier and the
// JavaScript library at the edges of the 5-minute tolerance (their clock
// set), and all three refuse the body changed by one character or
// serialised again. TestInterop runs the libraries inside receivers,
// with ASCII bodies and one rotation.
func TestReferenceLibrariesVerifyRealDeliveries(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	rcv := newCaptureReceiver(t)
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, map[string]any{"url": rcv.srv.URL + "/hook"})
	if st != 201 {
		t.Fatalf("create endpoint: %d %s", st, b)
	}
	ep := testenv.JSON(t, b)
	epID := ep["id"].(string)
	secrets := []string{ep["secret"].(string)}
	for range 2 {
		st, b := s.Do(t, "POST", "/v1/webhook_endpoints/"+epID+"/rotate_secret", s.APIKey, nil)
		if st != 200 {
			t.Fatalf("rotate: %d %s", st, b)
		}
		secrets = append(secrets, testenv.JSON(t, b)["secret"].(string))
	}

	// The events: an upload and a delivery, a failure and a cancellation,
	// their texts not ASCII, and a test event.
	move := func(order, what, cred string, body any) string {
		t.Helper()
		st, b := s.Do(t, "POST", "/v1/orders/"+order+"/"+what, cred, body)
		if st != 200 {
			t.Fatalf("%s: %d %s", what, st, b)
		}
		return testenv.JSON(t, b)["event"].(map[string]any)["id"].(string)
	}
	newOrder := func() string {
		t.Helper()
		st, b := s.Do(t, "POST", "/v1/orders", s.APIKey, orderJSON)
		if st != 201 {
			t.Fatalf("create order: %d %s", st, b)
		}
		return testenv.JSON(t, b)["id"].(string)
	}
	want := map[string]string{} // event id → a text its body must hold
	o := newOrder()
	want[move(o, "upload", s.Operator, nil)] = `"COMPLETED"`
	want[move(o, "deliver", s.Operator, map[string]any{"delivery": map[string]any{"partner": nonASCIIPartner, "tracking_id": "BD123"}})] = nonASCIIPartner
	want[move(newOrder(), "fail", s.Operator, map[string]any{"error": map[string]any{"code": "PORTAL_UNAVAILABLE", "message": nonASCIIMessage}})] = nonASCIIMessage
	want[move(newOrder(), "cancel", s.APIKey, map[string]any{"reason": nonASCIIReason})] = "ग्राहक का अनुरोध — रद्द 🙏 \\u003c\\u0026\\u003e é"
	st, b = s.Do(t, "POST", "/v1/webhook_endpoints/"+epID+"/test", s.APIKey, map[string]any{"type": "order.cancelled"})
	if st != 202 {
		t.Fatalf("test event: %d %s", st, b)
	}
	want[testenv.JSON(t, b)["event_id"].(string)] = `"test":true`

	testenv.Eventually(t, 10*time.Second, "every event at the receiver", func() bool {
		return len(rcv.byID()) == len(want)
	})
	reqs := rcv.byID()

	var lines []jsLine
	type jsWant struct {
		ok  bool
		err string
	}
	var jsWants []jsWant
	for id, r := range reqs {
		text, ok := want[id]
		if !ok {
			t.Fatalf("the receiver got %s, not one of the events made", id)
		}
		if !bytes.Contains(r.body, []byte(text)) {
			t.Fatalf("%s: the body does not hold %s as UTF-8: %s", id, text, r.body)
		}
		if n := len(strings.Fields(r.header.Get(webhook.HeaderSignature))); n != 3 {
			t.Fatalf("%s: webhook-signature holds %d signatures after two rotations, want 3: %s", id, n, r.header.Get(webhook.HeaderSignature))
		}
		ts, err := strconv.ParseInt(r.header.Get(webhook.HeaderTimestamp), 10, 64)
		if err != nil {
			t.Fatalf("%s: webhook-timestamp: %v", id, err)
		}
		// The body changed by one character (its last non-ASCII one's
		// last byte), and the same JSON serialised again.
		changed := bytes.Clone(r.body)
		if i := bytes.LastIndexFunc(changed, func(c rune) bool { return c >= utf8.RuneSelf }); i >= 0 {
			_, n := utf8.DecodeRune(changed[i:])
			changed[i+n-1] ^= 1 // another character of the same length
		} else {
			changed[bytes.LastIndexByte(changed, '"')-1] ^= 1
		}
		var v any
		if err := json.Unmarshal(r.body, &v); err != nil {
			t.Fatalf("%s: body: %v", id, err)
		}
		reserialised, _ := json.MarshalIndent(v, "", "  ")
		if bytes.Equal(reserialised, r.body) || bytes.Equal(changed, r.body) {
			t.Fatalf("%s: the changed bodies are the body", id)
		}

		for i, secret := range secrets {
			name := id + " secret " + strconv.Itoa(i)
			// The Go reference library, with the real clock: the request
			// was signed moments ago.
			ref, err := standardwebhooks.NewWebhook(secret)
			if err != nil {
				t.Fatal(err)
			}
			if err := ref.Verify(r.body, r.header); err != nil {
				t.Errorf("%s: the Go reference library refused a real delivery: %v", name, err)
			}
			for _, bad := range [][]byte{changed, reserialised} {
				if err := ref.Verify(bad, r.header); !errors.Is(err, standardwebhooks.ErrNoMatchingSignature) {
					t.Errorf("%s: the Go reference library took a changed body: %v", name, err)
				}
			}
			// Ours, its clock at the edges of the tolerance.
			for _, c := range []struct {
				at   time.Duration // after the timestamp
				want error
			}{
				{0, nil}, {5 * time.Minute, nil}, {5*time.Minute + time.Second, webhook.ErrTimestampTooOld},
				{-5 * time.Minute, nil}, {-5*time.Minute - time.Second, webhook.ErrTimestampTooNew},
			} {
				now := time.Unix(ts, 0).Add(c.at)
				v, err := webhook.NewVerifier([]string{secret}, webhook.WithClock(func() time.Time { return now }))
				if err != nil {
					t.Fatal(err)
				}
				e, err := v.Verify(r.body, r.header)
				if !errors.Is(err, c.want) || (c.want == nil) != (err == nil) {
					t.Errorf("%s, %v after its timestamp: Verify = %v, want %v", name, c.at, err, c.want)
				} else if err == nil && e.ID != id {
					t.Errorf("%s: Verify's event id %s", name, e.ID)
				}
				if c.at == 0 {
					for _, bad := range [][]byte{changed, reserialised} {
						if _, err := v.Verify(bad, r.header); !errors.Is(err, webhook.ErrNoMatchingSignature) {
							t.Errorf("%s: Verify took a changed body: %v", name, err)
						}
					}
				}
			}
			// The JavaScript library, its clock at the edges (whole
			// seconds: it rounds its clock down to one).
			for _, c := range []struct {
				at   int64 // seconds after the timestamp
				body []byte
				want jsWant
			}{
				{0, r.body, jsWant{ok: true}}, {300, r.body, jsWant{ok: true}}, {301, r.body, jsWant{err: "Message timestamp too old"}},
				{-300, r.body, jsWant{ok: true}}, {-301, r.body, jsWant{err: "Message timestamp too new"}},
				{0, changed, jsWant{err: "No matching signature found"}}, {0, reserialised, jsWant{err: "No matching signature found"}},
			} {
				now := (ts + c.at) * 1000
				lines = append(lines, jsLine{Name: name + " at +" + strconv.FormatInt(c.at, 10) + "s", Secret: secret, Headers: nodeHeaders(r.header),
					BodyBase64: base64.StdEncoding.EncodeToString(c.body), NowMS: &now})
				jsWants = append(jsWants, c.want)
			}
		}
	}

	t.Run("JavaScript", func(t *testing.T) {
		node := nodeModulesOrSkip(t)
		for i, r := range runJS(t, node, lines) {
			w := jsWants[i]
			switch {
			case r.OK != w.ok:
				t.Errorf("%s: standardwebhooks ok=%v (%s), want ok=%v (%s)", r.Name, r.OK, r.Error, w.ok, w.err)
			case !w.ok && r.Error != w.err:
				t.Errorf("%s: standardwebhooks said %q, want %q", r.Name, r.Error, w.err)
			case w.ok && !strings.HasPrefix(r.Name, r.ID+" "):
				t.Errorf("%s: standardwebhooks parsed id %q", r.Name, r.ID)
			}
		}
	})
}

// TestOurVerifierTakesJavaScriptSignatures has the JavaScript reference
// library sign event bodies that are not ASCII, handed to it as a Buffer
// (as a Node sender has them) and as a string, and our Verifier check
// them, alone and beside a signature of another secret (a sender in a
// rotation). webhook's TestInteropReferenceSignerOurVerifier does the same
// with the Go reference library.
func TestOurVerifierTakesJavaScriptSignatures(t *testing.T) {
	node := nodeModulesOrSkip(t)
	secret, err := webhook.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	other, err := webhook.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	otherSigner, err := webhook.NewSigner(other)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().Truncate(time.Second)
	bodies := map[string]string{
		"evt_js1": `{"id":"evt_js1","type":"stamp.failed","created_at":"2026-01-15T10:30:00.000Z","data":{"order":{"id":"order_1","status":"FAILED","created_at":"2026-01-15T10:00:00.000Z"},"stamp_request":{"id":"stamp_1","state":"Assam","amount":1000,"article_code":"AS-RG-4","provider":"SHCIL"},"error":{"code":"PORTAL_UNAVAILABLE","message":"` + nonASCIIMessage + `"}}}`,
		"evt_js2": `{"id":"evt_js2","type":"order.cancelled","created_at":"2026-01-15T10:30:00.000Z","test":true,"data":{"order":{"id":"order_2","status":"CANCELLED","created_at":"2026-01-15T10:00:00.000Z"},"stamp_request":{"id":"stamp_2","state":"Assam","amount":1000,"article_code":"AS-RG-4","provider":"SHCIL"},"cancellation":{"reason":"` + nonASCIIReason + `","refund":{"amount":1000,"status":"INITIATED"}}}}`,
	}
	var lines []jsLine
	var ids []string
	for id, body := range bodies {
		ids = append(ids, id)
		lines = append(lines, jsLine{Name: id, Secret: secret, BodyBase64: base64.StdEncoding.EncodeToString([]byte(body)), Sign: &jsSign{ID: id, Timestamp: now.Unix()}})
	}
	v, err := webhook.NewVerifier([]string{secret}, webhook.WithClock(func() time.Time { return now.Add(time.Minute) }))
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range runJS(t, node, lines) {
		id := ids[i]
		body := []byte(bodies[id])
		if !strings.HasPrefix(r.Signature, "v1,") {
			t.Fatalf("%s: standardwebhooks signed %q", id, r.Signature)
		}
		for _, sig := range []string{r.Signature, otherSigner.Sign(id, now, body) + " " + r.Signature, r.Signature + " " + otherSigner.Sign(id, now, body)} {
			h := http.Header{}
			h.Set(webhook.HeaderID, id)
			h.Set(webhook.HeaderTimestamp, strconv.FormatInt(now.Unix(), 10))
			h.Set(webhook.HeaderSignature, sig)
			e, err := v.Verify(body, h)
			if err != nil {
				t.Errorf("%s (%s): Verify = %v", id, sig, err)
				continue
			}
			if e.ID != id || !strings.Contains(string(e.Raw), "ग्राहक") && !strings.Contains(string(e.Raw), "सरकारी") {
				t.Errorf("%s: event %+v", id, e)
			}
			if _, err := v.Verify([]byte(strings.Replace(string(body), "😀", "😁", 1)), h); id == "evt_js1" && !errors.Is(err, webhook.ErrNoMatchingSignature) {
				t.Errorf("%s: Verify took a changed body: %v", id, err)
			}
		}
	}
}
