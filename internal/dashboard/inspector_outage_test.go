package dashboard_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestInspectorSaysWhenItCouldNotCheckASignature: an inspector whose
// captures are checked against an endpoint's secret looked that endpoint
// up for each capture, and a lookup the database did not answer was taken
// for no endpoint at all: the capture, signed, arrived on the page saying
// "Choose an endpoint above, under Signature check, to check the
// signature against its secret" — beside the select with the endpoint
// chosen. It now says the signature could not be checked, and why, and
// the page itself, while the database is out, is the 503 page.
func TestInspectorSaysWhenItCouldNotCheckASignature(t *testing.T) {
	schema := testenv.NewSchema(t)
	e := startEnv(t, envOptions{Store: testenv.PostgresOn(t, schema), StreamHeartbeat: 50 * time.Millisecond})
	tables := testenv.SchemaTables(t, schema)
	b := e.signedIn(t)
	inspector, captureURL := newInspector(t, e, b)
	inspectorEndpoint(t, b, inspector) // its own endpoint, chosen to check its captures
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	lines := openStreamPastFirstPing(ctx, t, e.URL+inspector+"/live", "esahayak_session="+b.cookies["esahayak_session"].Value)

	tables.Gone("endpoints")
	defer tables.Back("endpoints")
	send := func() {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, captureURL, strings.NewReader(`{"type":"stamp.uploaded"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("webhook-id", "msg_1")
		req.Header.Set("webhook-timestamp", "1700000000")
		req.Header.Set("webhook-signature", "v1,c2lnbmF0dXJl")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("capture: %d", resp.StatusCode)
		}
	}
	send()
	capture := ""
	for lines.Scan() {
		if lines.Text() == "event: capture" && lines.Scan() {
			capture = lines.Text()
			break
		}
	}
	if capture == "" {
		t.Fatalf("no capture event within 60 s of the capture (%v)", ctx.Err())
	}
	if strings.Contains(capture, "Choose an endpoint") {
		t.Errorf("with the endpoints out of reach, the live capture asks to choose an endpoint, one being chosen: %.1000s", capture)
	}
	const couldNot = "The signature could not be checked"
	if !strings.Contains(capture, couldNot) {
		t.Errorf("the live capture does not say %q: %.1000s", couldNot, capture)
	}
	// The page, read now, is the database's 503 rather than verdicts made
	// without the endpoint.
	if r := b.get(inspector); r.Status != http.StatusServiceUnavailable {
		t.Errorf("the inspector's page with the endpoints out of reach = %d; want 503: %.500s", r.Status, r.Body)
	}
}
