package api_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestAuthorizationHeaderHoldsOnlyTheToken sends the Authorization
// headers a careless or hostile client might: a valid key with something
// after it must be refused as a malformed header (401
// invalid_authorization), never looked up whole (which answered
// invalid_api_key, telling the client its right key was wrong) nor
// trimmed into the key. The scheme's case and the number of spaces
// after it are free, as RFC 7235 has them.
func TestAuthorizationHeaderHoldsOnlyTheToken(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	key, op := s.APIKey, s.Operator
	for _, tc := range []struct {
		name, path, header string
		status             int
		code               string
	}{
		{"the key", "/v1/orders", "Bearer " + key, 200, ""},
		{"lower-case scheme", "/v1/orders", "bearer " + key, 200, ""},
		{"upper-case scheme", "/v1/orders", "BEARER " + key, 200, ""},
		{"three spaces before the key", "/v1/orders", "Bearer   " + key, 200, ""},
		{"trailing spaces (HTTP strips them)", "/v1/orders", "Bearer " + key + "   ", 200, ""},
		{"trailing tab (HTTP strips it)", "/v1/orders", "Bearer " + key + "\t", 200, ""},
		{"the key and a word", "/v1/orders", "Bearer " + key + " extra", 401, "invalid_authorization"},
		{"the key and junk after two spaces", "/v1/orders", "Bearer " + key + "  x", 401, "invalid_authorization"},
		{"the key, a tab and a word", "/v1/orders", "Bearer " + key + "\textra", 401, "invalid_authorization"},
		{"the key twice", "/v1/orders", "Bearer " + key + " " + key, 401, "invalid_authorization"},
		{"a tab between scheme and key", "/v1/orders", "Bearer\t" + key, 401, "invalid_authorization"},
		{"a space and a tab before the key", "/v1/orders", "Bearer \t" + key, 401, "invalid_authorization"},
		{"the key and a non-ASCII letter", "/v1/orders", "Bearer " + key + "é", 401, "invalid_authorization"},
		{"the key and a comma parameter", "/v1/orders", "Bearer " + key + ", realm=x", 401, "invalid_authorization"},
		{"the scheme alone", "/v1/orders", "Bearer", 401, "invalid_authorization"},
		{"the scheme and spaces", "/v1/orders", "Bearer    ", 401, "invalid_authorization"},
		{"another scheme", "/v1/orders", "Token " + key, 401, "invalid_authorization"},
		{"the key without a scheme", "/v1/orders", key, 401, "invalid_authorization"},
		{"a wrong key alone is still an unknown key", "/v1/orders", "Bearer esk_nope", 401, "invalid_api_key"},
		{"the key in double quotes", "/v1/orders", `Bearer "` + key + `"`, 401, "invalid_authorization"},
		{"the key in single quotes", "/v1/orders", "Bearer '" + key + "'", 401, "invalid_authorization"},
		{"the operator token in quotes", "/v1/orders/order_00000000000000000000000000/upload", `Bearer "` + op + `"`, 401, "invalid_authorization"},
		{"the operator token on its route", "/v1/orders/order_00000000000000000000000000/upload", "Bearer " + op, 404, "resource_missing"},
		{"the operator token and a word", "/v1/orders/order_00000000000000000000000000/upload", "Bearer " + op + " extra", 401, "invalid_authorization"},
	} {
		method := "GET"
		if tc.status == 404 || tc.path != "/v1/orders" {
			method = "POST"
		}
		req, err := http.NewRequest(method, s.URL+tc.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", tc.header)
		resp, b := doRaw(t, req)
		if tc.code == "" {
			if resp.StatusCode != tc.status {
				t.Errorf("%s: %d %s, want %d", tc.name, resp.StatusCode, b, tc.status)
			}
			continue
		}
		if code, _ := errCode(t, b); resp.StatusCode != tc.status || code != tc.code {
			t.Errorf("%s: %d %s, want %d %s", tc.name, resp.StatusCode, b, tc.status, tc.code)
		}
		if resp.StatusCode == 401 && resp.Header.Get("WWW-Authenticate") != `Bearer realm="esahayak"` {
			t.Errorf("%s: a 401 without the WWW-Authenticate of the Bearer scheme: %q", tc.name, resp.Header.Get("WWW-Authenticate"))
		}
	}
}

// doRaw sends req as it is and returns the answer with its body read.
func doRaw(t *testing.T, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// TestPlaceholderKeyIsNamed: the README writes the key as esk_… (export
// KEY=esk_…, export ESAHAYAK_API_KEY=esk_…), and a new user who ran that
// line as written was told "the Authorization header must be 'Bearer
// <key>': the scheme, a space and the key, nothing after it", about a
// header that esahayak listen, trigger or the tour's curl had written
// right. A key holding a non-ASCII character is still 401
// invalid_authorization, and now says what is wrong with it; a key with
// something after it keeps the message about the header's form.
func TestPlaceholderKeyIsNamed(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	for _, tc := range []struct{ name, path, header, want string }{
		{"the README's esk_…", "/v1/orders", "Bearer esk_…", "no API key or operator token has"},
		{"a key cut short with …", "/v1/orders", "Bearer " + s.APIKey[:10] + "…", "such as the … of the documentation's esk_…"},
		{"an operator token with …", "/v1/orders/order_00000000000000000000000000/upload", "Bearer " + s.Operator + "…", "give the whole key as it was printed"},
		{"the key and a word", "/v1/orders", "Bearer " + s.APIKey + " extra", "nothing after it"},
		{"esk_… and a word", "/v1/orders", "Bearer esk_… extra", "nothing after it"},
	} {
		method := "GET"
		if tc.path != "/v1/orders" {
			method = "POST"
		}
		req, err := http.NewRequest(method, s.URL+tc.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", tc.header)
		resp, b := doRaw(t, req)
		var e struct {
			Error struct{ Code, Message string }
		}
		if err := json.Unmarshal(b, &e); err != nil || resp.StatusCode != 401 || e.Error.Code != "invalid_authorization" || !strings.Contains(e.Error.Message, tc.want) {
			t.Errorf("%s: %d %s, want 401 invalid_authorization saying %q", tc.name, resp.StatusCode, b, tc.want)
		}
	}
}

// TestOperatorRouteWithoutCredentialAsksForTheToken sends an operator
// route no Authorization (and an empty one): the 401 must tell the caller
// to send the operator token. It said "send your API key", and an API key
// sent as told is refused there with 403 operator_token_required.
func TestOperatorRouteWithoutCredentialAsksForTheToken(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	for _, header := range []string{"", "none"} {
		for _, move := range []string{"upload", "fail", "retry", "deliver"} {
			req, err := http.NewRequest("POST", s.URL+"/v1/orders/order_00000000000000000000000000/"+move, nil)
			if err != nil {
				t.Fatal(err)
			}
			if header == "" {
				req.Header["Authorization"] = []string{""}
			}
			resp, b := doRaw(t, req)
			var e struct {
				Error struct{ Code, Message string }
			}
			json.Unmarshal(b, &e)
			if resp.StatusCode != 401 || e.Error.Code != "missing_api_key" {
				t.Errorf("%s (Authorization %q): %d %s, want 401 missing_api_key", move, header, resp.StatusCode, b)
			}
			if !strings.Contains(e.Error.Message, "operator token") || strings.Contains(e.Error.Message, "API key") {
				t.Errorf("%s (Authorization %q): message %q does not ask for the operator token", move, header, e.Error.Message)
			}
		}
	}
}

// TestQuotedKeyIsNamed: a key sent in quotes (Bearer "esk_…", as a shell's
// quotes inside another pair or an env file's kept quotes send it) was
// answered "the API key is not valid or has been revoked", which sent the
// client to a key that was right; the answer now names the quotes.
func TestQuotedKeyIsNamed(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	req, err := http.NewRequest("GET", s.URL+"/v1/orders", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", `Bearer "`+s.APIKey+`"`)
	resp, b := doRaw(t, req)
	var e struct {
		Error struct{ Code, Message string }
	}
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	code, msg := e.Error.Code, e.Error.Message
	if resp.StatusCode != 401 || code != "invalid_authorization" || !strings.Contains(msg, "in quotes") {
		t.Fatalf("a key in quotes: %d %s %q; want 401 invalid_authorization naming the quotes", resp.StatusCode, code, msg)
	}
	if strings.Contains(msg, s.APIKey) {
		t.Fatalf("the answer repeats the key: %q", msg)
	}
}
