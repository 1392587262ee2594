package api_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/testenv"
)

// sentRequest is a webhook request as an endpoint received it.
type sentRequest struct {
	header http.Header
	body   []byte
}

// TestOpenAPIWebhooksMatchDeliveries holds openapi.json's webhooks (the
// requests a server sends, which API tools show customers and generate
// receivers from) to what a running server really sends: one webhook per
// event type and no other, every header of the request declared and every
// required one present with a value its schema takes, and the body valid
// against the webhook's schema, for a real event of each type and a test
// event of each (POST /v1/webhook_endpoints/{id}/test).
func TestOpenAPIWebhooksMatchDeliveries(t *testing.T) {
	doc := loadDoc(t, api.OpenAPI)
	hooks, _ := doc["webhooks"].(map[string]any)
	var names []string
	for name := range hooks {
		names = append(names, name)
	}
	sort.Strings(names)
	if want := slices.Sorted(slices.Values(order.EventTypes)); !slices.Equal(names, want) {
		t.Fatalf("openapi.json describes webhooks %v; the server sends %v", names, want)
	}

	var mu sync.Mutex
	var got []sentRequest
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, sentRequest{r.Header.Clone(), b})
		mu.Unlock()
	}))
	t.Cleanup(rcv.Close)
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	key, opTok := s.APIKey, s.Operator
	mustDo := func(method, path, tok string, body any, want int) map[string]any {
		t.Helper()
		st, b := s.Do(t, method, path, tok, body)
		if st != want {
			t.Fatalf("%s %s: %d %s, want %d", method, path, st, b, want)
		}
		return testenv.JSON(t, b)
	}
	ep := mustDo("POST", "/v1/webhook_endpoints", key, map[string]any{"url": rcv.URL + "/hook"}, 201)
	epID := ep["id"].(string)
	newOrder := func() string {
		o := mustDo("POST", "/v1/orders", key, `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}, "delivery_requested": true}`, 201)
		return o["id"].(string)
	}
	delivered, failed := newOrder(), newOrder()
	mustDo("POST", "/v1/orders/"+delivered+"/upload", opTok, nil, 200)
	mustDo("POST", "/v1/orders/"+delivered+"/deliver", opTok, `{"delivery": {"partner": "BlueDart", "tracking_id": "BD1"}}`, 200)
	mustDo("POST", "/v1/orders/"+failed+"/fail", opTok, `{"error": {"code": "PORTAL_DOWN", "message": "portal down"}}`, 200)
	mustDo("POST", "/v1/orders/"+failed+"/cancel", key, `{"reason": "changed my mind"}`, 200)
	for _, typ := range order.EventTypes {
		mustDo("POST", "/v1/webhook_endpoints/"+epID+"/test", key, map[string]any{"type": typ}, 202)
	}
	want := 2 * len(order.EventTypes)
	testenv.Eventually(t, 10*time.Second, "every event to arrive", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(got) >= want
	})

	mu.Lock()
	defer mu.Unlock()
	seen := map[string]int{}
	for _, req := range got {
		typ := req.header.Get("X-eSahayak-Event")
		seen[typ]++
		for _, p := range checkWebhookRequest(doc, typ, req) {
			t.Errorf("%s request: %s\n  body: %s", typ, p, req.body)
		}
	}
	for _, typ := range order.EventTypes {
		if seen[typ] != 2 {
			t.Errorf("received %d %s requests, want 2 (a real event and a test event): %v", seen[typ], typ, seen)
		}
	}
}

// checkWebhookRequest lists how req differs from openapi.json's webhook
// for typ: its headers (but Host, Content-Length and Content-Type, which
// OpenAPI leaves to the request body's media type and HTTP itself) and its
// JSON body.
func checkWebhookRequest(doc map[string]any, typ string, req sentRequest) []string {
	item, _ := doc["webhooks"].(map[string]any)[typ].(map[string]any)
	post, ok := item["post"].(map[string]any)
	if !ok {
		return []string{"openapi.json has no POST webhook " + typ}
	}
	var p []string
	c := &schemaChecker{doc: doc}
	declared := map[string]bool{}
	for _, raw := range asSlice(post["parameters"]) {
		prm, err := deref(doc, raw)
		if err != nil || prm["in"] != "header" {
			p = append(p, "a parameter that is not a header")
			continue
		}
		name := http.CanonicalHeaderKey(prm["name"].(string))
		declared[name] = true
		values := req.header.Values(name)
		if len(values) == 0 {
			if prm["required"] == true {
				p = append(p, "required header "+name+" is not sent")
			}
			continue
		}
		for _, v := range values {
			p = append(p, c.check("header "+name, prm["schema"].(map[string]any), v)...)
		}
	}
	for name := range req.header {
		if !declared[name] && !slices.Contains([]string{"Host", "Content-Length", "Content-Type"}, name) {
			p = append(p, "header "+name+" is sent but not declared")
		}
	}
	content, _ := post["requestBody"].(map[string]any)["content"].(map[string]any)
	media, ok := content["application/json"].(map[string]any)
	if !ok {
		return append(p, "the request body is not described as application/json")
	}
	if ct := req.header.Get("Content-Type"); ct != "application/json" {
		p = append(p, "Content-Type is "+ct+", not application/json")
	}
	dec := json.NewDecoder(bytes.NewReader(req.body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return append(p, "the body is not JSON: "+err.Error())
	}
	return append(p, c.check("body", media["schema"].(map[string]any), v)...)
}

// TestOpenAPIWebhookCheckCatches proves checkWebhookRequest finds what it
// exists for, so a passing TestOpenAPIWebhooksMatchDeliveries means
// something.
func TestOpenAPIWebhookCheckCatches(t *testing.T) {
	doc := loadDoc(t, api.OpenAPI)
	good := func() sentRequest {
		h := http.Header{}
		h.Set("Content-Type", "application/json")
		h.Set("User-Agent", "eSahayak-Webhooks/1.0")
		h.Set("X-eSahayak-Event", "stamp.failed")
		h.Set("X-eSahayak-Delivery", "evt_1")
		h.Set("X-eSahayak-Attempt", "1")
		h.Set("webhook-id", "evt_1")
		h.Set("webhook-timestamp", "1705314600")
		h.Set("webhook-signature", "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4= v1,AAAA")
		return sentRequest{h, []byte(`{"id":"evt_1","type":"stamp.failed","created_at":"2024-01-15T10:30:00.000Z","data":{"order":{"id":"order_1","status":"FAILED","created_at":"2024-01-15T10:00:00.000Z"},"stamp_request":{"id":"stamp_1","state":"Assam","amount":1000,"article_code":"AS-RG-4","provider":"SHCIL"},"error":{"code":"PORTAL_DOWN","message":"portal down"}}}`)}
	}
	if p := checkWebhookRequest(doc, "stamp.failed", good()); len(p) > 0 {
		t.Fatalf("a good stamp.failed request fails: %v", p)
	}
	cases := map[string]struct {
		mutate func(r *sentRequest)
		want   string
	}{
		"header missing":       {func(r *sentRequest) { r.header.Del("webhook-signature") }, "Webhook-Signature is not sent"},
		"header undeclared":    {func(r *sentRequest) { r.header.Set("X-Extra", "1") }, "X-Extra is sent but not declared"},
		"header of wrong type": {func(r *sentRequest) { r.header.Set("X-eSahayak-Event", "stamp.uploaded") }, "not one of"},
		"bad signature form":   {func(r *sentRequest) { r.header.Set("webhook-signature", "v2,abc") }, "does not match"},
		"attempt not a count":  {func(r *sentRequest) { r.header.Set("X-eSahayak-Attempt", "0") }, "does not match"},
		"other content type":   {func(r *sentRequest) { r.header.Set("Content-Type", "text/plain") }, "not application/json"},
		"type's field missing": {func(r *sentRequest) {
			r.body = bytes.Replace(r.body, []byte(`,"error":{"code":"PORTAL_DOWN","message":"portal down"}`), nil, 1)
		}, "required field error"},
		"another type's status": {func(r *sentRequest) { r.body = bytes.Replace(r.body, []byte(`"FAILED"`), []byte(`"COMPLETED"`), 1) }, "not one of"},
		"undocumented field": {func(r *sentRequest) {
			r.body = bytes.Replace(r.body, []byte(`"id":"evt_1",`), []byte(`"id":"evt_1","x":1,`), 1)
		}, "field x is not documented"},
	}
	for name, tc := range cases {
		r := good()
		tc.mutate(&r)
		if p := strings.Join(checkWebhookRequest(doc, "stamp.failed", r), "\n"); !strings.Contains(p, tc.want) {
			t.Errorf("%s: want a problem mentioning %q, got %q", name, tc.want, p)
		}
	}
}
