package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/relay"
	"github.com/esahayak/esahayak/webhook"
)

// FuzzTriggerAnswers: whatever the server at --api-base answers (any
// status and body to the operator token's check, the order's creation,
// the listing of listen sessions and the moves), trigger ends, with an
// error or with its "Triggered" line, and neither its lines nor its error
// hold what a terminal would obey rather than show (control characters,
// escape sequences, bidi controls): what the server sends is printed with
// relay.Printable, as listen prints it.
//
// The server is a RoundTripper in memory: nothing is looked up or dialled.
func FuzzTriggerAnswers(f *testing.F) {
	order := `{"id": "order_01m94xj9f0gzwj5jnxaet4crxk", "stamp_request": {"id": "sr_1", "state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}}`
	move := `{"status": "stamp_uploaded", "event": {"id": "evt_01m94xj9f0gzwj5jnxaet4crxk", "type": "stamp.uploaded", "deliveries": 1}}`
	sessions := `{"data": [{"id": "ls_01m94xj9f0gzwj5jnxaet4crxk", "status": "open", "events": ["stamp.uploaded"]}], "has_more": false}`
	notFound := `{"error": {"code": "not_found", "message": "no such order"}}`
	f.Add(uint8(0), uint16(404), notFound, uint16(201), order, uint16(200), sessions, uint16(200), move)
	f.Add(uint8(3), uint16(404), notFound, uint16(201), order, uint16(200), `{"data": [], "has_more": true}`, uint16(200), `{"status": "cancelled\u001b[2J", "event": {"id": "x", "type": "order.cancelled\u001b[2J"}}`)
	f.Add(uint8(1), uint16(401), `{"error": {"code": "invalid_operator_token\u0007", "message": "\u202e"}}`, uint16(201), order, uint16(200), sessions, uint16(200), move)
	f.Add(uint8(0), uint16(404), notFound, uint16(401), `{"error": {"code": "invalid_api_key", "message": "\u001b]0;pwned\u0007"}}`, uint16(200), sessions, uint16(200), move)
	f.Add(uint8(2), uint16(404), notFound, uint16(201), order, uint16(500), "<html>\x1b[31m\u0085</html>", uint16(200), `{"status": "\u009b"}`)
	f.Add(uint8(0), uint16(400), "The plain HTTP request was sent to HTTPS port\x1b", uint16(201), order, uint16(200), sessions, uint16(200), move)
	f.Add(uint8(0), uint16(404), notFound, uint16(201), `{"id": "order_01m94xj9f0gzwj5jnxaet4crxk", "stamp_request": {"id": "\u2066", "state": "\u0000"}}`, uint16(200), `{"data": [{"id": "ls_1", "status": "open", "events": ["\u001b"]}], "has_more": true}`, uint16(200), move)
	f.Fuzz(func(t *testing.T, typ uint8, opStatus uint16, opBody string, orderStatus uint16, orderBody string, listStatus uint16, listBody string, moveStatus uint16, moveBody string) {
		answers := func(r *http.Request) (int, string) {
			switch {
			case strings.HasPrefix(r.URL.Path, "/v1/orders/order_00000000000000000000000000/"):
				return int(opStatus), opBody
			case r.URL.Path == "/v1/orders":
				return int(orderStatus), orderBody
			case r.URL.Path == "/v1/listen_sessions":
				return int(listStatus), listBody
			}
			return int(moveStatus), moveBody
		}
		c := &apiClient{base: "http://127.0.0.1:1", http: &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			status, body := answers(r)
			if status < 100 || status > 999 {
				status = 200 + status%100 // a status net/http would read
			}
			return &http.Response{StatusCode: status, Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
		})}}
		event := webhook.EventTypes[int(typ)%len(webhook.EventTypes)]
		var out bytes.Buffer
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		err := trigger(ctx, c, &out, event, "esk_fuzz", "op-token")
		if ctx.Err() != nil {
			t.Fatalf("trigger %s: still running after 30 s", event)
		}
		printed := out.String()
		if err == nil && !strings.Contains(printed, "\nTriggered ") {
			t.Fatalf("trigger %s: no error, and no Triggered line: %q", event, printed)
		}
		if err != nil {
			printed += err.Error()
		}
		for _, line := range strings.Split(printed, "\n") {
			if strings.ContainsFunc(line, obeyedByTerminal) {
				t.Fatalf("trigger %s printed %q", event, line)
			}
		}
	})
}

// obeyedByTerminal is what relay.Printable writes as an escape.
func obeyedByTerminal(c rune) bool {
	return relay.Printable(string(c)) != string(c)
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
