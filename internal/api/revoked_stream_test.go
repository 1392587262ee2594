package api_test

import (
	"bufio"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/testenv"
)

// TestRevokedKeysStreamGetsNoLaterEvent: once an API key is revoked
// ("Requests with it will be refused from now on"), a listen stream it
// opened must not be sent an event committed after the revoke. The stream
// learnt of the revoke only at its next check, every 2 s, while an event
// woke it at once: the holder of a leaked key, its stream open, was sent
// the account's events for up to 2 s after the revoke.
func TestRevokedKeysStreamGetsNoLaterEvent(t *testing.T) {
	eachStore(t, testenv.Options{}, func(t *testing.T, s *testenv.Server) {
		ctx := context.Background()
		acct, key := s.NewAccount(t)
		keys, err := s.Store.ListAPIKeys(ctx, acct)
		if err != nil || len(keys) != 1 {
			t.Fatalf("keys %v, err %v", keys, err)
		}
		// The account's other key makes the order: the revoked one cannot.
		other, row, err := api.NewAPIKey(acct, "other", time.Now().UTC())
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Store.CreateAPIKey(ctx, row, 0); err != nil {
			t.Fatal(err)
		}
		order := createOrder(t, s, other, false)["id"].(string)

		ls := s.NewListenSession(t, key, `{}`)
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		req, _ := http.NewRequestWithContext(sctx, "GET", s.URL+"/v1/listen_sessions/"+ls+"/stream", nil)
		req.Header.Set("Authorization", "Bearer "+key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("stream: %d", resp.StatusCode)
		}
		br := bufio.NewReader(resp.Body)
		if line, err := br.ReadString('\n'); err != nil || line != "event: ready\n" {
			t.Fatalf("first line %q (%v), want the ready message", line, err)
		}

		if err := s.Store.RevokeAPIKey(ctx, acct, keys[0].ID, time.Now().UTC()); err != nil {
			t.Fatal(err)
		}
		if st, b := s.Do(t, "POST", "/v1/orders/"+order+"/upload", s.Operator, nil); st != 200 {
			t.Fatalf("upload: %d %s", st, b)
		}
		st, b := s.Do(t, "GET", "/v1/events?order_id="+order, other, nil)
		if st != 200 || !strings.Contains(string(b), `"stamp.uploaded"`) {
			t.Fatalf("events: %d %s", st, b)
		}
		event := testenv.JSON(t, b)["data"].([]any)[0].(map[string]any)["id"].(string)

		// The stream ends (at the latest at the check every 2 s); until
		// then, it must not carry the event made after the revoke.
		var got []string
		for {
			line, err := br.ReadString('\n')
			if line != "" {
				got = append(got, line)
			}
			if err != nil {
				break
			}
		}
		if sctx.Err() != nil {
			t.Fatal("the revoked key's stream was still open 30 s after the revoke")
		}
		for _, line := range got {
			if strings.Contains(line, event) {
				t.Fatalf("the stream of a revoked key was sent %s, an event committed after the revoke:\n%s", event, strings.Join(got, ""))
			}
		}
	})
}
