package dashboard_test

import (
	"encoding/json"
	"html"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestInspectorShowsWebhookHeadersAsSent points an endpoint at an inspector,
// sends it a test event, and requires the inspector to name every header
// of that request as eSahayak sent it (as the attempt log has it, and as
// the customer guide and README write them: X-eSahayak-Event, webhook-id),
// not in Go's canonical spelling (X-Esahayak-Event, Webhook-Id), which is
// neither what was sent nor what the guide tells the customer to expect.
// Other headers keep their canonical spelling.
func TestInspectorShowsWebhookHeadersAsSent(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	page, captureURL := newInspector(t, e, b)
	ep := inspectorEndpoint(t, b, page)
	st, body := e.Do(t, "POST", "/v1/webhook_endpoints/"+ep+"/test", e.APIKey, map[string]string{"type": "stamp.uploaded"})
	if st != http.StatusAccepted {
		t.Fatalf("test event: %d %s", st, body)
	}
	var sent struct {
		Delivery struct {
			ID string `json:"id"`
		} `json:"delivery"`
	}
	if err := json.Unmarshal(body, &sent); err != nil {
		t.Fatal(err)
	}
	var dlv struct {
		Attempts []struct {
			Request struct {
				Headers map[string]string `json:"headers"`
			} `json:"request"`
		} `json:"attempts"`
	}
	testenv.Eventually(t, 5*time.Second, "the test event's attempt recorded", func() bool {
		st, body := e.Do(t, "GET", "/v1/deliveries/"+sent.Delivery.ID, e.APIKey, nil)
		return st == http.StatusOK && json.Unmarshal(body, &dlv) == nil && len(dlv.Attempts) == 1
	})
	send(t, "POST", captureURL, "{}", http.Header{"x-request-id": {"by-hand"}})

	p := b.get(page).Body
	names := []string{"X-eSahayak-Event", "X-eSahayak-Delivery", "X-eSahayak-Attempt", "webhook-id", "webhook-timestamp", "webhook-signature",
		"Content-Type", "User-Agent"}
	for _, name := range names {
		if _, ok := dlv.Attempts[0].Request.Headers[name]; !ok {
			t.Fatalf("the attempt log has no %s: %v", name, dlv.Attempts[0].Request.Headers)
		}
		if !strings.Contains(p, `<th scope="row">`+html.EscapeString(name)+`</th>`) {
			t.Errorf("the inspector does not name the header %s as it was sent", name)
		}
	}
	for _, wrong := range []string{"X-Esahayak-Event", "X-Esahayak-Delivery", "X-Esahayak-Attempt", "Webhook-Id", "Webhook-Timestamp", "Webhook-Signature"} {
		if strings.Contains(p, wrong) {
			t.Errorf("the inspector shows %s, a spelling eSahayak never sends", wrong)
		}
	}
	if !strings.Contains(p, `<th scope="row">X-Request-Id</th>`) {
		t.Error("a header of no webhook is not shown in its canonical spelling")
	}
}
