package api_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
	"github.com/esahayak/esahayak/webhook"
)

// TestReadmeTourAsDocumented runs the curl commands of README.md's
// "Five-minute tour", as printed, against a server started as the tour
// starts it (--operator-token op-secret, http:// allowed): $API, $KEY and
// the ids written with "…" are filled in from the answers before them, and
// the receiver's address from a receiver of the test's own, which verifies
// each request with the secret the tour's endpoint was given. No other test
// held the tour's commands to the API: a route, a parameter or a field
// renamed left the first thing a new user runs failing.
func TestReadmeTourAsDocumented(t *testing.T) {
	tour := testenv.ReadmeSection(t, "../../README.md", "Five-minute tour")
	cmds := tourCurls(t, tour)
	find := func(what string) []string {
		t.Helper()
		for _, c := range cmds {
			if strings.Contains(strings.Join(c, " "), what) {
				return c
			}
		}
		t.Fatalf("the tour has no curl command with %q", what)
		return nil
	}

	// The example receiver: verifies, then answers 200, or 503 while it is
	// "stopped" (the tour's Ctrl-C).
	var (
		down     atomic.Bool
		mu       sync.Mutex
		verifier *webhook.Verifier
		got      []*webhook.Event
	)
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if down.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		mu.Lock()
		defer mu.Unlock()
		e, err := verifier.Verify(body, r.Header)
		if err != nil || r.URL.Path != "/webhooks/esahayak" {
			t.Errorf("the receiver got %s %s that does not verify: %v", r.Method, r.URL, err)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		got = append(got, e)
	}))
	defer recv.Close()
	arrived := func(typ string, test bool) bool {
		mu.Lock()
		defer mu.Unlock()
		for _, e := range got {
			if e.Type == typ && e.Test == test {
				return true
			}
		}
		return false
	}

	// No retry on its own within the test: the tour's retry is by hand.
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{OperatorToken: "op-secret", Schedule: "1h"})
	ids := map[string]string{}
	run := func(c []string, wantStatus int) map[string]any {
		t.Helper()
		status, b := runCurl(t, c, strings.NewReplacer(
			"$API", s.URL, "$KEY", s.APIKey, "http://127.0.0.1:3000", recv.URL,
			"order_…", ids["order_"], "we_…", ids["we_"], "dlv_…", ids["dlv_"]))
		if status != wantStatus {
			t.Fatalf("%s\nanswered %d, want %d: %s", strings.Join(c, " "), status, wantStatus, b)
		}
		return testenv.JSON(t, b)
	}

	// 1. Create a webhook endpoint: "The answer holds id (we_…) and secret (whsec_…)."
	ep := run(find("/v1/webhook_endpoints -H"), 201)
	id, _ := ep["id"].(string)
	secret, _ := ep["secret"].(string)
	if !strings.HasPrefix(id, "we_") || !strings.HasPrefix(secret, "whsec_") {
		t.Fatalf("the endpoint's answer has id %q and secret %q; the tour says we_… and whsec_…", id, secret)
	}
	ids["we_"] = id
	v, err := webhook.NewVerifier([]string{secret})
	mu.Lock()
	verifier = v
	mu.Unlock()
	if err != nil {
		t.Fatal(err)
	}

	// 3. Order a stamp; 4. upload it; 5. watch it arrive.
	order := find("Idempotency-Key: my-order-1")
	o := run(order, 201)
	ids["order_"], _ = o["id"].(string)
	run(find("/upload"), 200)
	testenv.Eventually(t, 10*time.Second, "the upload's stamp.uploaded at the receiver", func() bool { return arrived(webhook.EventStampUploaded, false) })
	// The receiver has the event before it has answered, and the server
	// records the attempt only once the answer is in: on a loaded machine
	// the list below could still show it pending, with no attempt. A user
	// who reads step 6 after seeing step 5's log line is later than that.
	testenv.Eventually(t, 30*time.Second, "the upload's delivery recorded as succeeded", func() bool {
		st, b := s.Do(t, "GET", "/v1/deliveries?status=succeeded", s.APIKey, nil)
		var l struct{ Data []struct{} }
		return st == 200 && json.Unmarshal(b, &l) == nil && len(l.Data) == 1
	})
	list := run(find("/v1/deliveries?limit=5"), 200)
	data, _ := list["data"].([]any)
	if len(data) != 1 {
		t.Fatalf("the deliveries list holds %d deliveries, want the upload's one: %v", len(data), list)
	}
	first, _ := data[0].(map[string]any)
	ids["dlv_"], _ = first["id"].(string)
	var dlv struct {
		Status   string
		Attempts []struct {
			DurationMS *float64 `json:"duration_ms"`
			Request    struct{ Headers map[string]string }
			Response   *struct {
				Status int
				Body   *string
			}
		}
	}
	remarshal(t, run(find("/v1/deliveries/dlv_… -H"), 200), &dlv)
	// "every attempt: headers, status, body, duration"
	if dlv.Status != "succeeded" || len(dlv.Attempts) != 1 || dlv.Attempts[0].Request.Headers["webhook-signature"] == "" ||
		dlv.Attempts[0].Response == nil || dlv.Attempts[0].Response.Status != 200 || dlv.Attempts[0].Response.Body == nil || dlv.Attempts[0].DurationMS == nil {
		t.Errorf("the delivery's answer does not show its attempt's headers, status, body and duration: %+v", dlv)
	}
	st := run(find("/stats?window=1h"), 200)
	if st["window"] != "1h" || st["attempts"] != 1.0 {
		t.Errorf("the endpoint's stats: %v; want the window 1h and its one attempt", st)
	}
	// The stats line's comment names the guide's monitoring figures a new
	// user is to look for in the answer: each must be one of its fields.
	_, figures, ok := strings.Cut(tour, "/stats?window=1h\" -H \"Authorization: Bearer $KEY\"")
	figures, _, _ = strings.Cut(figures, "\n")
	_, figures, commented := strings.Cut(figures, "# the guide's monitoring figures: ")
	if !ok || !commented {
		t.Error("the tour's stats command does not say it answers the guide's monitoring figures")
	}
	named := strings.Split(figures, ", ")
	if len(named) != 4 {
		t.Errorf("the tour's stats command names %d monitoring figures (%q); want the guide's four", len(named), figures)
	}
	for _, f := range named {
		if _, in := st[strings.TrimSpace(f)]; !in {
			t.Errorf("the tour says the stats answer has %q; it has %v", f, st)
		}
	}

	// The same key replays the first response: "the order as it was created
	// (PROCESSING, though it is uploaded already)".
	if replay := run(order, 201); replay["id"] != ids["order_"] || replay["status"] != "PROCESSING" {
		t.Errorf("step 3 sent again answered order %v, status %v; the tour says %s, PROCESSING", replay["id"], replay["status"], ids["order_"])
	}
	// The receiver stopped, another order uploaded: its delivery goes retrying.
	down.Store(true)
	var again []string
	for i := 0; i < len(order); i++ {
		if order[i] == "-H" && strings.HasPrefix(order[i+1], "Idempotency-Key:") {
			i++
			continue
		}
		again = append(again, order[i])
	}
	o = run(again, 201)
	if o["id"] == ids["order_"] {
		t.Fatalf("step 3 without the Idempotency-Key answered the first order again")
	}
	ids["order_"], _ = o["id"].(string)
	up := run(find("/upload"), 200)
	evt, _ := up["event"].(map[string]any)
	// The tour's own command lists it: the dlv_… of the retry is that
	// delivery's id, not step 5's (the tour named no way to find it, and
	// step 5's succeeded delivery, the only dlv_ id a user had, was the
	// one a pasted retry sent again).
	var retrying string
	testenv.Eventually(t, 10*time.Second, "the second upload's delivery retrying", func() bool {
		var l struct {
			Data []struct {
				ID      string
				EventID string `json:"event_id"`
			}
		}
		remarshal(t, run(find("/v1/deliveries?status=retrying"), 200), &l)
		if len(l.Data) == 1 && l.Data[0].EventID == evt["id"] {
			retrying = l.Data[0].ID
		}
		return retrying != ""
	})
	// Start the receiver again and send it now instead of waiting.
	down.Store(false)
	ids["dlv_"] = retrying
	run(find("/retry"), 202)
	testenv.Eventually(t, 10*time.Second, "the retried delivery succeeded", func() bool {
		st, b := s.Do(t, "GET", "/v1/deliveries/"+retrying, s.APIKey, nil)
		return st == 200 && testenv.JSON(t, b)["status"] == "succeeded"
	})

	// A sample event marked "test": true, to one endpoint.
	run(find("/test"), 202)
	testenv.Eventually(t, 10*time.Second, `the test order.cancelled at the receiver, "test": true`, func() bool { return arrived(webhook.EventOrderCancelled, true) })

	// Each command that names an id, run with the id as printed (order_…,
	// dlv_…, we_…), as a new user pastes it: still a 404, and one that says
	// the id is the placeholder, where "no such order" alone read as if the
	// order just made were gone.
	asPrinted := strings.NewReplacer("$API", s.URL, "$KEY", s.APIKey)
	placeholders := 0
	for _, c := range cmds {
		for _, prefix := range []string{"order_", "dlv_", "we_"} {
			if !strings.Contains(strings.Join(c, " "), prefix+"…") {
				continue
			}
			placeholders++
			status, b := sendCurl(t, c, asPrinted)
			code, _ := errCode(t, b)
			var e struct{ Error struct{ Message string } }
			json.Unmarshal(b, &e)
			if status != 404 || code != "resource_missing" || !strings.Contains(e.Error.Message, prefix+"… is the documentation's placeholder") {
				t.Errorf("%s\nrun as printed answered %d %s; want 404 resource_missing saying %s… is the placeholder", strings.Join(c, " "), status, b, prefix)
			}
		}
	}
	if placeholders < 5 {
		t.Errorf("the tour's commands name an id as a placeholder %d times; want its upload, delivery, stats, retry and test", placeholders)
	}
}

// tourCurls returns the curl commands of the tour's sh blocks, each split
// into its words as a shell would (a line ending in \ continues; a # starts
// a comment).
func tourCurls(t *testing.T, tour string) [][]string {
	t.Helper()
	var cmds [][]string
	for _, block := range regexp.MustCompile("(?s)```sh\n(.*?)```").FindAllStringSubmatch(tour, -1) {
		text := strings.ReplaceAll(block[1], "\\\n", " ")
		for _, line := range strings.Split(text, "\n") {
			if words := shellWords(t, line); len(words) > 0 && words[0] == "curl" {
				cmds = append(cmds, words)
			}
		}
	}
	if len(cmds) == 0 {
		t.Fatal("the tour has no curl command")
	}
	return cmds
}

// shellWords splits one line as sh does for the quoting the README uses:
// single quotes, double quotes, and a # comment after a blank.
func shellWords(t *testing.T, line string) []string {
	t.Helper()
	var words []string
	var w strings.Builder
	inWord := false
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == ' ' || c == '\t':
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		case c == '#' && !inWord:
			return words
		case c == '\'' || c == '"':
			end := strings.IndexByte(line[i+1:], c)
			if end < 0 {
				t.Fatalf("unbalanced %c in %q", c, line)
			}
			w.WriteString(line[i+1 : i+1+end])
			i += end + 1
			inWord = true
		default:
			w.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, w.String())
	}
	return words
}

// runCurl sends what a curl command of the README asks for, after sub,
// which must fill in every id the command writes with "…".
func runCurl(t *testing.T, words []string, sub *strings.Replacer) (int, []byte) {
	t.Helper()
	for _, w := range words {
		if w = sub.Replace(w); strings.HasPrefix(w, "http") && strings.Contains(w, "…") {
			t.Fatalf("no id to fill in for %s", w)
		}
	}
	return sendCurl(t, words, sub)
}

// sendCurl sends what a curl command of the README asks for, after sub:
// -X sets the method, -H a header, -d the body (and makes it a POST, as
// curl does); -s is curl's own.
func sendCurl(t *testing.T, words []string, sub *strings.Replacer) (int, []byte) {
	t.Helper()
	method, url, body := "", "", ""
	hasBody := false
	headers := map[string]string{}
	for i := 1; i < len(words); i++ {
		w := sub.Replace(words[i])
		switch w {
		case "-s":
		case "-X", "-H", "-d":
			if i+1 == len(words) {
				t.Fatalf("%s without a value in %q", w, words)
			}
			i++
			v := sub.Replace(words[i])
			switch w {
			case "-X":
				method = v
			case "-H":
				name, value, ok := strings.Cut(v, ": ")
				if !ok {
					t.Fatalf("header %q in %q", v, words)
				}
				headers[name] = value
			case "-d":
				body, hasBody = v, true
			}
		default:
			if strings.HasPrefix(w, "-") || url != "" {
				t.Fatalf("the test does not know curl's %q (in %q)", w, words)
			}
			url = w
		}
	}
	if method == "" {
		method = "GET"
		if hasBody {
			method = "POST"
		}
	}
	var b any
	if hasBody {
		b = body
		if _, ok := headers["Content-Type"]; !ok {
			headers["Content-Type"] = "application/x-www-form-urlencoded" // curl -d's
		}
	}
	return testenv.DoHeaders(t, method, url, "", b, headers)
}

func remarshal(t *testing.T, from any, to any) {
	t.Helper()
	b, err := json.Marshal(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, to); err != nil {
		t.Fatal(err)
	}
}
