package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestCatchUpListIsTheAccountsAsDocumented follows docs/receiving.md's
// "Catch up from the API" for an endpoint that takes stamp.failed alone:
// the page after the last event it handled holds the account's other types
// too, and a test event sent to another of its endpoints, marked "test".
// The bullet told a receiver to handle that page from its end to its start
// and never said so: a catch-up loop fed it to business code that acted on
// a made-up order and on types its endpoint never took. The bullet must
// say both, and the list must still be the account's (were it made an
// endpoint's, the bullet would have to change with it).
func TestCatchUpListIsTheAccountsAsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/receiving.md")
	if err != nil {
		t.Fatal(err)
	}
	_, bullet, ok := strings.Cut(string(doc), "**Catch up from the API after a long outage.**")
	if !ok {
		t.Fatal(`docs/receiving.md has no "Catch up from the API after a long outage" bullet`)
	}
	bullet, _, _ = strings.Cut(bullet, "\n- **")
	bullet = strings.Join(strings.Fields(bullet), " ")
	for _, says := range []string{"every type, whatever your endpoint's `events`", "the test events sent to any of the account's endpoints", "`\"test\": true`"} {
		if !strings.Contains(bullet, says) {
			t.Errorf("docs/receiving.md's catch-up bullet does not say %q", says)
		}
	}

	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	endpoint := func(body string) string {
		st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, body)
		var ep struct{ ID string }
		if json.Unmarshal(b, &ep); st != 201 || ep.ID == "" {
			t.Fatalf("create endpoint %s: %d %s", body, st, b)
		}
		return ep.ID
	}
	// A receiver on loopback that takes everything, so deliveries end.
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	t.Cleanup(recv.Close)
	endpoint(`{"url": "` + recv.URL + `/failed", "events": ["stamp.failed"]}`)
	other := endpoint(`{"url": "` + recv.URL + `/other", "events": ["order.cancelled"]}`)

	// The last event the stamp.failed endpoint handled.
	first := createOrder(t, s, s.APIKey, false)
	st, b := s.Do(t, "POST", "/v1/orders/"+first["id"].(string)+"/fail", s.Operator, `{"error": {"code": "PORTAL_DOWN", "message": "Government portal unavailable"}}`)
	var moved struct{ Event struct{ ID string } }
	if json.Unmarshal(b, &moved); st != 200 || moved.Event.ID == "" {
		t.Fatalf("fail: %d %s", st, b)
	}
	handled := moved.Event.ID

	// Meanwhile: another order uploaded, and a test event to the other endpoint.
	second := createOrder(t, s, s.APIKey, false)
	if st, b := s.Do(t, "POST", "/v1/orders/"+second["id"].(string)+"/upload", s.Operator, nil); st != 200 {
		t.Fatalf("upload: %d %s", st, b)
	}
	if st, b := s.Do(t, "POST", "/v1/webhook_endpoints/"+other+"/test", s.APIKey, `{"type": "order.cancelled"}`); st != 202 {
		t.Fatalf("test event: %d %s", st, b)
	}

	st, b = s.Do(t, "GET", "/v1/events?ending_before="+handled+"&limit=100", s.APIKey, nil)
	var page struct {
		Data []struct {
			Type string
			Test bool
		}
	}
	if json.Unmarshal(b, &page); st != 200 {
		t.Fatalf("catch-up page: %d %s", st, b)
	}
	var uploaded, test bool
	for _, e := range page.Data {
		uploaded = uploaded || (e.Type == "stamp.uploaded" && !e.Test)
		test = test || (e.Type == "order.cancelled" && e.Test)
	}
	if !uploaded || !test {
		t.Errorf("the catch-up page after a stamp.failed endpoint's last event: %s; docs/receiving.md says it holds the account's stamp.uploaded and the other endpoint's test event", b)
	}
}
