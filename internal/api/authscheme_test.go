package api_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestAuthorizationSchemeMistakesAreNamed: the credentials an integrator
// sends by habit from other APIs were all answered "the Authorization
// header must be 'Bearer <key>': the scheme, a space and the key, nothing
// after it": the key as Basic credentials (curl -u esk_…:, as Stripe's
// documentation writes it), the key alone with no scheme, and another
// scheme (Token esk_…), and the scheme with no key. Each is still 401 invalid_authorization with the
// Bearer challenge, and its message now says which of those it is; the
// key itself is never quoted back.
func TestAuthorizationSchemeMistakesAreNamed(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte(s.APIKey+":"))
	for _, tc := range []struct{ name, header, want string }{
		{"curl -u KEY:", basic,
			"the Authorization header holds Basic credentials (as curl -u sends them); this API takes the key as 'Authorization: Bearer <key>'"},
		{"basic in lower case", strings.ToLower(basic[:5]) + basic[5:],
			"the Authorization header holds Basic credentials (as curl -u sends them); this API takes the key as 'Authorization: Bearer <key>'"},
		{"the key alone", s.APIKey,
			"the Authorization header has no scheme before the key: send 'Authorization: Bearer <key>', with Bearer and a space before it"},
		{"another scheme", "Token " + s.APIKey,
			`the Authorization header's scheme is "Token"; this API takes the key as 'Authorization: Bearer <key>'`},
		{"the scheme alone", "Bearer",
			"the Authorization header has the scheme Bearer but no key after it: send 'Authorization: Bearer <key>'"},
		{"the key and a word", "Bearer " + s.APIKey + " extra",
			"the Authorization header must be 'Bearer <key>': the scheme, a space and the key, nothing after it"},
	} {
		req, err := http.NewRequest("GET", s.URL+"/v1/orders", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", tc.header)
		resp, b := doRaw(t, req)
		var e struct {
			Error struct{ Code, Message string }
		}
		if err := json.Unmarshal(b, &e); err != nil {
			t.Fatalf("%s: %d, not the JSON error: %s", tc.name, resp.StatusCode, b)
		}
		if resp.StatusCode != 401 || e.Error.Code != "invalid_authorization" || e.Error.Message != tc.want ||
			resp.Header.Get("WWW-Authenticate") != `Bearer realm="esahayak"` {
			t.Errorf("%s: %d %s %q (WWW-Authenticate %q); want 401 invalid_authorization %q", tc.name, resp.StatusCode, e.Error.Code, e.Error.Message, resp.Header.Get("WWW-Authenticate"), tc.want)
		}
		if strings.Contains(string(b), s.APIKey) || strings.Contains(string(b), basic[6:]) {
			t.Errorf("%s: the answer quotes the credential: %s", tc.name, b)
		}
	}
}
