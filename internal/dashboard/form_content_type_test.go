package dashboard_test

import (
	"bytes"
	"context"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/store"
)

// TestFormNotURLEncodedIsRefused: a dashboard form whose body is not
// application/x-www-form-urlencoded (multipart/form-data, text/plain,
// JSON, or a body with no Content-Type) is refused with 415 and a page
// that says how to send it, and nothing is done. The dashboard read such a
// body as a form without fields: with the token in X-CSRF-Token, Create
// API key sent as text/plain made a key without the name it gave, and
// Save Webhook sent as multipart was told "Enter the URL of your
// endpoint." of the URL it held.
func TestFormNotURLEncodedIsRefused(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	token := b.csrf("/dashboard/settings/api-access")
	keys := func() int {
		t.Helper()
		ks, err := e.Store.ListAPIKeys(context.Background(), e.AccountID)
		if err != nil {
			t.Fatal(err)
		}
		return len(ks)
	}
	endpoints := func() int {
		t.Helper()
		es, _, err := e.Store.ListEndpoints(context.Background(), store.ListParams{AccountID: e.AccountID, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		return len(es)
	}
	post := func(path, contentType string, body []byte, chunked bool) (int, string) {
		t.Helper()
		var r io.Reader = bytes.NewReader(body)
		if chunked {
			r = io.MultiReader(r) // no length known: sent chunked
		}
		req, _ := http.NewRequest("POST", e.URL+path, r)
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		req.Header.Set("Origin", e.URL)
		req.Header.Set("X-CSRF-Token", token)
		for _, c := range b.cookies {
			req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, html.UnescapeString(string(out))
	}
	var multi bytes.Buffer
	mw := multipart.NewWriter(&multi)
	mw.WriteField("csrf", token)
	mw.WriteField("url", "http://127.0.0.1:9/multipart")
	mw.Close()
	keyForm := url.Values{"csrf": {token}, "name": {"sent as text"}}.Encode()
	beforeKeys, beforeEndpoints := keys(), endpoints()
	for _, c := range []struct {
		path, contentType string
		body              []byte
		chunked           bool
		want              string
	}{
		{"/dashboard/settings/webhooks", mw.FormDataContentType(), multi.Bytes(), false, `The form is sent as multipart/form-data, which the dashboard does not read: send it as application/x-www-form-urlencoded, as its pages do. Nothing was saved.`},
		{"/dashboard/settings/api-keys", "text/plain", []byte(keyForm), false, `The form is sent as text/plain, which the dashboard does not read`},
		{"/dashboard/settings/api-keys", "application/json", []byte(`{"name": "json"}`), false, `The form is sent as application/json, which the dashboard does not read`},
		{"/dashboard/settings/api-keys", "", []byte(keyForm), false, `The form is sent without a Content-Type: send it as application/x-www-form-urlencoded`},
		{"/dashboard/settings/api-keys", "", []byte(keyForm), true, `The form is sent without a Content-Type`},
	} {
		st, body := post(c.path, c.contentType, c.body, c.chunked)
		if st != http.StatusUnsupportedMediaType || !strings.Contains(body, c.want) {
			t.Errorf("POST %s as %q: %d, want 415 saying %q:\n%.3000s", c.path, c.contentType, st, c.want, body)
		}
	}
	if n := keys(); n != beforeKeys {
		t.Errorf("%d API keys after the refused forms, want %d", n, beforeKeys)
	}
	if n := endpoints(); n != beforeEndpoints {
		t.Errorf("%d endpoints after the refused forms, want %d", n, beforeEndpoints)
	}
	// The sign-in form is held to the same.
	st, body := post("/dashboard/signin", "text/plain", []byte(url.Values{"email": {e.Email}, "password": {e.Password}}.Encode()), false)
	if st != http.StatusUnsupportedMediaType || !strings.Contains(body, "The form is sent as text/plain") {
		t.Errorf("sign-in as text/plain: %d:\n%.2000s", st, body)
	}
	// A form as the pages send it, with its charset or in another case,
	// and a post with no body (a button sent by a script with the token
	// in its header) need nothing more.
	for _, ct := range []string{"application/x-www-form-urlencoded; charset=UTF-8", "Application/X-WWW-Form-URLEncoded"} {
		if st, body := post("/dashboard/settings/api-keys", ct, []byte(keyForm), false); st != http.StatusOK {
			t.Errorf("POST as %q: %d:\n%.2000s", ct, st, body)
		}
	}
	if st, body := post("/dashboard/settings/api-keys", "", nil, false); st != http.StatusOK {
		t.Errorf("POST with no body: %d:\n%.2000s", st, body)
	}
	if n := keys(); n != beforeKeys+3 {
		t.Errorf("%d API keys after three accepted forms, want %d", n, beforeKeys+3)
	}
}
