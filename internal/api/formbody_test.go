package api_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestFormBodyIsNamed: a body sent as a form (curl -d url=…, or -F, as
// many APIs take) was answered "malformed JSON at byte 1: invalid
// character 'u' looking for beginning of value", or of a multipart one
// "invalid character '-' in numeric literal", which reads as a fault in
// JSON the client never meant to send. Each now says the body is a form
// and that the API takes a JSON object (400 invalid_json as before), and
// nothing is created.
func TestFormBodyIsNamed(t *testing.T) {
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{AllowInsecureURLs: true})
	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	_ = mw.WriteField("url", "http://127.0.0.1:3000/webhooks")
	_ = mw.Close()
	for _, c := range []struct {
		name, ctype, body, want string
	}{
		{"urlencoded", "application/x-www-form-urlencoded", "url=http%3A%2F%2F127.0.0.1%3A3000%2Fwebhooks&events=stamp.uploaded", "form-encoded"},
		{"urlencoded, one field", "application/x-www-form-urlencoded", "url=http://127.0.0.1:3000/webhooks", "form-encoded"},
		{"multipart", mw.FormDataContentType(), mp.String(), "multipart form"},
	} {
		st, b := testenv.DoHeaders(t, http.MethodPost, s.URL+"/v1/webhook_endpoints", s.APIKey, c.body, map[string]string{"Content-Type": c.ctype})
		code, _ := apiError(b)
		if st != 400 || code != "invalid_json" || !strings.Contains(string(b), c.want) || !strings.Contains(string(b), "JSON object") {
			t.Errorf("%s: %d %s; want 400 invalid_json saying the body is %s, not a JSON object", c.name, st, b, c.want)
		}
	}
	// JSON that is malformed is still told where.
	st, b := s.Do(t, http.MethodPost, "/v1/webhook_endpoints", s.APIKey, `{"url": "http://127.0.0.1:3000/webhooks",}`)
	if code, _ := apiError(b); st != 400 || code != "invalid_json" || !strings.Contains(string(b), "malformed JSON at byte") {
		t.Errorf("a trailing comma: %d %s", st, b)
	}
	if _, b := s.Do(t, http.MethodGet, "/v1/webhook_endpoints", s.APIKey, nil); strings.Contains(string(b), `"we_`) {
		t.Errorf("an endpoint was created: %s", b)
	}
}
