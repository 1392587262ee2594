package api_test

import (
	"bufio"
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestLongPathNotEchoedWhole: the 404 of a path no route takes and the 405
// of a method a path does not take named the request's path in their
// message whole, so a 60 KB path (or method) made a 60 KB error, which a
// client's log took whole. The message now quotes at most the first 256
// bytes of each (whole characters, then "…"): more than any route's path,
// so a slip in a real path is still named in full, with the route meant.
func TestLongPathNotEchoedWhole(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	long := strings.Repeat("a", 60000)
	const letter = "\u0926" // three bytes: the cut must not split one
	for _, tc := range []struct {
		name, method, path string
		status             int
		code, says         string
	}{
		{"unknown route", "GET", "/v1/" + long, 404, "route_not_found", "no route GET /v1/" + long[:252] + "…"},
		{"unknown route in Devanagari", "GET", "/v1/" + strings.Repeat(letter, 20000), 404, "route_not_found",
			"no route GET /v1/" + strings.Repeat("%E0%A4%A6", 28) + "…"},
		{"route meant, /v1 twice", "GET", "/v1/v1/orders/order_" + long, 404, "route_not_found", "no route GET /v1/v1/orders/order_" + long[:236] + "…"},
		{"unknown route outside /v1", "GET", "/" + long, 404, "route_not_found", "no route GET /" + long[:255] + "…"},
		{"unclean path", "GET", "/v1//" + long, 404, "route_not_found", "no route GET /v1//" + long[:251] + "…"},
		{"method not allowed", "PUT", "/v1/orders/order_" + long, 405, "method_not_allowed", "PUT is not allowed on /v1/orders/order_" + long[:239] + "…"},
		{"long method", strings.Repeat("M", 20000), "/v1/orders", 405, "method_not_allowed", strings.Repeat("M", 256) + "… is not allowed on /v1/orders"},
	} {
		st, b := rawRequest(t, s.URL, tc.method, tc.path, s.APIKey)
		var e struct {
			Error struct{ Code, Message string }
		}
		if err := json.Unmarshal(b, &e); err != nil || st != tc.status || e.Error.Code != tc.code {
			t.Errorf("%s: %d %.200s, want %d %s", tc.name, st, b, tc.status, tc.code)
			continue
		}
		if len(e.Error.Message) > 1000 || !strings.Contains(e.Error.Message, tc.says) {
			t.Errorf("%s: a message of %d bytes, %.400q; want it to hold %.400q", tc.name, len(e.Error.Message), e.Error.Message, tc.says)
		}
	}
	// A real route's path with a slip is still named whole, and so is the
	// route meant.
	path := "/v1/webhook_endpoints/we_01m92s3mddvh8yh26mesqqhsdg/rotate-secret"
	st, b := s.Do(t, "POST", path, s.APIKey, nil)
	var e struct {
		Error struct{ Code, Message string }
	}
	json.Unmarshal(b, &e)
	if st != 404 || !strings.Contains(e.Error.Message, "no route POST "+path+" (did you mean POST /v1/webhook_endpoints/we_01m92s3mddvh8yh26mesqqhsdg/rotate_secret?)") {
		t.Errorf("a slip in a real path: %d %s", st, b)
	}
}

// rawRequest sends one request with the method and path exactly as given
// (Go's client refuses some methods and cleans nothing, but writes them
// itself), and reads the answer.
func rawRequest(t *testing.T, base, method, path, key string) (int, []byte) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	req := method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
	if key != "" {
		req += "Authorization: Bearer " + key + "\r\n"
	}
	if _, err := conn.Write([]byte(req + "\r\n")); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf strings.Builder
	if _, err := bufio.NewReader(resp.Body).WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, []byte(buf.String())
}
