package dashboard_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestFormWithAContentEncodingIsRefused: a dashboard form posted with a
// Content-Encoding other than identity is refused with 415 and a page
// that says why, before anything is done, as the API refuses such a JSON
// body (in the same words). The dashboard read the body as it came: a
// gzip body as a form of garbage, and a plain form labelled gzip was
// accepted.
func TestFormWithAContentEncodingIsRefused(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	keys := func() int {
		t.Helper()
		ks, err := e.Store.ListAPIKeys(context.Background(), e.AccountID)
		if err != nil {
			t.Fatal(err)
		}
		return len(ks)
	}
	before := keys()
	form := url.Values{"name": {"zipped"}, "csrf": {b.csrf("/dashboard/settings/api-access")}}.Encode()
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	io.WriteString(zw, form)
	zw.Close()
	post := func(path, encoding string, body []byte, cookies bool) (int, string, string) {
		t.Helper()
		req, _ := http.NewRequest("POST", e.URL+path, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Content-Encoding", encoding)
		req.Header.Set("Origin", e.URL)
		if cookies {
			for _, c := range b.cookies {
				req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
			}
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Content-Type"), html.UnescapeString(string(out))
	}
	for _, c := range []struct {
		path, encoding string
		body           []byte
		signedIn       bool
		want           string
	}{
		{"/dashboard/settings/api-keys", "gzip", zipped.Bytes(), true, `Content-Encoding "gzip" is not accepted; send the form uncompressed.`},
		{"/dashboard/settings/api-keys", "gzip", []byte(form), true, `Content-Encoding "gzip" is not accepted; send the form uncompressed.`},
		{"/dashboard/settings/api-keys", "identity, br", []byte(form), true, `Content-Encoding "br" is not accepted; send the form uncompressed.`},
		{"/dashboard/signin", "deflate", []byte(url.Values{"email": {e.Email}, "password": {e.Password}}.Encode()), false, `Content-Encoding "deflate" is not accepted`},
	} {
		st, ct, body := post(c.path, c.encoding, c.body, c.signedIn)
		if st != http.StatusUnsupportedMediaType || !strings.HasPrefix(ct, "text/html") || !strings.Contains(body, c.want) {
			t.Errorf("POST %s with Content-Encoding %s: %d %s, want 415 saying %q:\n%.3000s", c.path, c.encoding, st, ct, c.want, body)
		}
		if c.signedIn && !strings.Contains(body, `href="/dashboard/settings/api-access"`) {
			t.Errorf("POST %s with Content-Encoding %s: no way back to the form's page", c.path, c.encoding)
		}
	}
	if n := keys(); n != before {
		t.Errorf("%d API keys after the refused forms, want %d", n, before)
	}
	// identity is the body as it is.
	if st, _, body := post("/dashboard/settings/api-keys", "identity", []byte(form), true); st != http.StatusOK || keys() != before+1 {
		t.Errorf("POST with Content-Encoding identity: %d, %d keys:\n%.2000s", st, keys(), body)
	}
	// The API's refusal, whose words the page's follow.
	var apiErr struct {
		Error struct{ Code, Message string }
	}
	req, _ := http.NewRequest("POST", e.URL+"/v1/webhook_endpoints", strings.NewReader(`{"url": "https://example.com/hook"}`))
	req.Header.Set("Authorization", "Bearer "+e.APIKey)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Content-Encoding", "gzip")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	json.NewDecoder(resp.Body).Decode(&apiErr)
	if resp.StatusCode != http.StatusUnsupportedMediaType || apiErr.Error.Code != "unsupported_content_encoding" ||
		!strings.HasPrefix(apiErr.Error.Message, `Content-Encoding "gzip" is not accepted; send the `) {
		t.Errorf("the API's answer to a gzip body: %d %+v", resp.StatusCode, apiErr)
	}
}
