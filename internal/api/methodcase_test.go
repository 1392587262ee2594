package api_test

import (
	"encoding/json"
	"io"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestMethodInLowerCaseNamesTheMethodMeant: methods are case-sensitive
// (RFC 9110 §9.1), and a client that sent "get" or "Post" (a hand-written
// request, a library that passes the method through) was told "get is not
// allowed on /v1/orders; allowed: GET, HEAD, POST", which reads as a
// contradiction. The 405 now says that methods are upper case and names
// the one meant; status, code and Allow are as before, and a method that
// no case makes an allowed one keeps the plain message.
func TestMethodInLowerCaseNamesTheMethodMeant(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	orderID := createOrder(t, s, s.APIKey, false)["id"].(string)
	for _, c := range []struct{ method, path, allow, want string }{
		{"get", "/v1/orders", "GET, HEAD, POST", "get is not allowed on /v1/orders (methods are case-sensitive: did you mean GET?); allowed: GET, HEAD, POST"},
		{"Post", "/v1/orders/" + orderID + "/cancel", "POST", "Post is not allowed on /v1/orders/" + orderID + "/cancel (methods are case-sensitive: did you mean POST?); allowed: POST"},
		{"delete", "/v1/orders/" + orderID, "GET, HEAD", "delete is not allowed on /v1/orders/" + orderID + "; allowed: GET, HEAD"},
		{"PUT", "/v1/orders", "GET, HEAD, POST", "PUT is not allowed on /v1/orders; allowed: GET, HEAD, POST"},
	} {
		req := c.method + " " + c.path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + s.APIKey + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
		resp, _, _ := rawExchange(t, s.URL[len("http://"):], req, 10*time.Second)
		body, _ := io.ReadAll(resp.Body)
		var e struct {
			Error struct{ Code, Message string }
		}
		if json.Unmarshal(body, &e) != nil || resp.StatusCode != 405 || e.Error.Code != "method_not_allowed" || resp.Header.Get("Allow") != c.allow {
			t.Fatalf("%s %s: %d Allow %q %s", c.method, c.path, resp.StatusCode, resp.Header.Get("Allow"), body)
		}
		if e.Error.Message != c.want {
			t.Errorf("%s %s: message\n %q, want\n %q", c.method, c.path, e.Error.Message, c.want)
		}
	}
}
