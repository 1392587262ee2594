package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestIdempotencyKeyRefusalSaysWhy: every refused Idempotency-Key was
// answered "Idempotency-Key must be sent once, with 1-255 printable ASCII
// characters", which left a client with a 256-character key (a hash
// written out with a prefix), a key holding an accented letter or a tab,
// or one header too many, checking each rule in turn. The message now
// names the rule broken, as the API's other refusals do: how many
// characters, or how many headers, were sent, or the first character
// that is not printable ASCII and where it is. Nothing is created.
func TestIdempotencyKeyRefusalSaysWhy(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	for _, c := range []struct {
		name  string
		keys  []string
		wants []string
	}{
		{"too long", []string{strings.Repeat("k", 256)}, []string{"has 256 characters", "at most 255"}},
		{"not ASCII", []string{"order-é-1"}, []string{"U+00E9 at character 7"}},
		{"a tab", []string{"order\t1"}, []string{"U+0009 at character 6"}},
		{"empty", []string{""}, []string{"is empty"}},
		{"twice", []string{"a", "b"}, []string{"sent 2 times", "send it once"}},
	} {
		req, err := http.NewRequest(http.MethodPost, s.URL+"/v1/orders", strings.NewReader(goodOrder))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+s.APIKey)
		req.Header["Idempotency-Key"] = c.keys
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var e struct {
			Error struct{ Code, Message, Param string }
		}
		err = json.NewDecoder(resp.Body).Decode(&e)
		resp.Body.Close()
		if err != nil {
			t.Fatalf("%s: %d, not the JSON error: %v", c.name, resp.StatusCode, err)
		}
		ok := resp.StatusCode == 400 && e.Error.Code == "invalid_idempotency_key" && e.Error.Param == "Idempotency-Key"
		for _, w := range c.wants {
			ok = ok && strings.Contains(e.Error.Message, w)
		}
		if !ok {
			t.Errorf("%s: %d %s %q; want 400 invalid_idempotency_key saying %q", c.name, resp.StatusCode, e.Error.Code, e.Error.Message, c.wants)
		}
	}
	if _, b := s.Do(t, http.MethodGet, "/v1/orders", s.APIKey, nil); strings.Contains(string(b), `"order_`) {
		t.Errorf("an order was created: %s", b)
	}
}
