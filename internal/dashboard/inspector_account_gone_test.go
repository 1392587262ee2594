package dashboard_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestRemovedAccountsInspectorStopsCapturing: an account removed from the
// database signed its sessions out and ended its pages' streams, but its
// inspectors, kept in the server's memory, went on recording whatever was
// sent to their capture URLs (a webhook's body, its signature, a
// sender's tokens) for the rest of their 24 hours, answering 200
// "received" for an account nobody could sign in to any more to see or
// delete them. A capture URL of a removed account now answers 404 as one
// of a deleted inspector does, and records nothing.
func TestRemovedAccountsInspectorStopsCapturing(t *testing.T) {
	schema := testenv.NewSchema(t)
	e := startEnv(t, envOptions{Store: testenv.PostgresOn(t, schema)})
	b := e.signedIn(t)
	_, captureURL := newInspector(t, e, b)
	send := func() (int, string) {
		t.Helper()
		resp, err := http.Post(captureURL+"/hook", "application/json", strings.NewReader(`{"secret":"s3cr3t"}`))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	if st, body := send(); st != http.StatusOK {
		t.Fatalf("a capture before the account was removed = %d %s", st, body)
	}

	execBehindServer(t, schema, `DELETE FROM accounts WHERE id = $1`, e.AccountID)

	st, body := send()
	if st != http.StatusNotFound || !strings.Contains(body, "inspector_not_found") {
		t.Errorf("a capture after its account was removed = %d %s; want 404 inspector_not_found", st, body)
	}
	// And for good, not only while the account is looked up.
	if st, body := send(); st != http.StatusNotFound {
		t.Errorf("a second capture after its account was removed = %d %s; want 404", st, body)
	}
}
