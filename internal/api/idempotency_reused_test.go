package api_test

import (
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestReusedIdempotencyKeyNamesItsOrder: a key sent again with a
// different request was refused with "this Idempotency-Key was already
// used with a different request body" alone, and a client whose first
// answer was lost (the reason it retried) could not tell which order the
// key had made. The refusal names that order, and the route that shows it.
func TestReusedIdempotencyKeyNamesItsOrder(t *testing.T) {
	eachStore(t, testenv.Options{}, func(t *testing.T, s *testenv.Server) {
		h := map[string]string{"Idempotency-Key": "order-7"}
		st, b := testenv.DoHeaders(t, "POST", s.URL+"/v1/orders", s.APIKey, goodOrder, h)
		if st != 201 {
			t.Fatalf("create: %d %s", st, b)
		}
		id := testenv.JSON(t, b)["id"].(string)
		st, b = testenv.DoHeaders(t, "POST", s.URL+"/v1/orders", s.APIKey, strings.Replace(goodOrder, "1000", "2000", 1), h)
		code, param := errCode(t, b)
		msg := testenv.JSON(t, b)["error"].(map[string]any)["message"].(string)
		want := "this Idempotency-Key was already used with a different request, which created order " + id +
			": fetch it with GET /v1/orders/" + id + ", or send this request with a new key"
		if st != 422 || code != "idempotency_key_reused" || param != "Idempotency-Key" || msg != want {
			t.Fatalf("a reused key: %d %s %s %q;\nwant 422 idempotency_key_reused Idempotency-Key %q", st, code, param, msg, want)
		}
		// The route it names shows that order.
		if st, b := s.Do(t, "GET", "/v1/orders/"+id, s.APIKey, nil); st != 200 || testenv.JSON(t, b)["id"] != id {
			t.Fatalf("GET /v1/orders/%s: %d %s", id, st, b)
		}
	})
}
