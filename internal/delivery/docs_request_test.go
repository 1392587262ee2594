package delivery_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestDocsShowTheRequestAsSent holds what the README ("What a webhook
// request looks like") and docs/receiving.md show customers of a webhook
// request to one that a server really sends: the same header names, none
// more and none missing (but Host and Content-Length, which every HTTP
// client adds), the fixed values as sent, the ids' and the signature's
// shapes, and, for the README's body and docs/api.md's stamp.failed
// example, the payload's fields in their order. A header added, renamed or
// dropped, or a payload field moved, in the product or in a document alone
// fails here, so the documents cannot drift from the wire unnoticed.
func TestDocsShowTheRequestAsSent(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	rc := newReceiver(t, nil)
	createEndpoint(t, s, s.APIKey, rc.URL("/webhooks/esahayak"), "stamp.uploaded", "stamp.failed")
	up := upload(t, s, s.APIKey)
	st, b := s.Do(t, "POST", "/v1/orders", s.APIKey, orderBody)
	if st != http.StatusCreated {
		t.Fatalf("create order: %d %s", st, b)
	}
	failed := testenv.JSON(t, b)["id"].(string)
	if st, b := s.Do(t, "POST", "/v1/orders/"+failed+"/fail", s.Operator,
		`{"error": {"code": "PORTAL_DOWN", "message": "Government portal unavailable"}}`); st != http.StatusOK {
		t.Fatalf("fail: %d %s", st, b)
	}
	sent := map[string]received{}
	for _, r := range rc.waitCount(t, 2, 10*time.Second) {
		sent[r.Header.Get("X-eSahayak-Event")] = r
	}
	uploaded, ok := sent["stamp.uploaded"]
	if !ok || sent["stamp.failed"].Body == nil {
		t.Fatalf("received %v; want a stamp.uploaded and a stamp.failed", slices.Sorted(maps.Keys(sent)))
	}
	if uploaded.Header.Get("webhook-id") != up.EventID {
		t.Fatalf("stamp.uploaded request is of event %s, want %s", uploaded.Header.Get("webhook-id"), up.EventID)
	}

	readme := readDoc(t, "../../README.md")
	_, section, ok := strings.Cut(readme, "\n## What a webhook request looks like\n")
	if !ok {
		t.Fatal(`README.md has no "## What a webhook request looks like" section`)
	}
	readmeBlock := fenced(t, "README.md", section, "http")
	receivingBlock := fenced(t, "docs/receiving.md", readDoc(t, "../../docs/receiving.md"), "http")

	for _, doc := range []struct{ name, block string }{{"README.md", readmeBlock}, {"docs/receiving.md", receivingBlock}} {
		shown := docHeaders(doc.block)
		var names []string
		for name, value := range shown {
			names = append(names, http.CanonicalHeaderKey(name))
			got := uploaded.Header.Get(name)
			if got == "" {
				t.Errorf("%s shows header %s, which the request does not carry", doc.name, name)
				continue
			}
			// "evt_01k…": an id of the kind shown (its time-ordered
			// characters are the documents' day, not today's).
			if prefix, _, cut := strings.Cut(value, "…"); cut && !strings.HasPrefix(got, prefix[:strings.LastIndex(prefix, "_")+1]) {
				t.Errorf("%s shows %s: %s; the request has %q", doc.name, name, value, got)
			} else if !cut && !docVariable[strings.ToLower(name)] && got != value {
				t.Errorf("%s shows %s: %s; the request has %q", doc.name, name, value, got)
			}
		}
		for name := range uploaded.Header {
			if name != "Content-Length" && !slices.Contains(names, name) {
				t.Errorf("the request carries %s: %q, which %s does not show", name, uploaded.Header.Get(name), doc.name)
			}
		}
		if ts := shown["webhook-timestamp"]; ts != "" {
			if _, err := json.Number(ts).Int64(); err != nil {
				t.Errorf("%s shows webhook-timestamp %q; it is Unix seconds", doc.name, ts)
			}
		}
		if sig := shown["webhook-signature"]; !strings.HasPrefix(sig, "v1,") {
			t.Errorf("%s shows webhook-signature %q; it is v1,<base64>", doc.name, sig)
		}
	}
	if first, _, _ := strings.Cut(readmeBlock, "\n"); first != "POST /webhooks/esahayak HTTP/1.1" || uploaded.Method != "POST" || uploaded.URI != "/webhooks/esahayak" {
		t.Errorf("README.md's request line %q; the request was %s %s", first, uploaded.Method, uploaded.URI)
	}
	// The body, the last line of the README's block after its blank line.
	_, body, ok := strings.Cut(readmeBlock, "\n\n")
	if !ok {
		t.Fatal("README.md's request shows no body")
	}
	sameFields(t, "README.md's request body", []byte(strings.TrimSpace(body)), uploaded.Body)

	_, events, ok := strings.Cut(readDoc(t, "../../docs/api.md"), "\n## Events\n")
	if !ok {
		t.Fatal(`docs/api.md has no "## Events" section`)
	}
	sameFields(t, "docs/api.md's stamp.failed event", []byte(fenced(t, "docs/api.md", events, "json")), sent["stamp.failed"].Body)
}

// docVariable are the headers whose value differs from request to
// request: the documents show an example.
var docVariable = map[string]bool{"webhook-timestamp": true, "webhook-signature": true}

func readDoc(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// fenced returns the first ```lang block of text.
func fenced(t *testing.T, doc, text, lang string) string {
	t.Helper()
	_, block, ok := strings.Cut(text, "\n```"+lang+"\n")
	if !ok {
		t.Fatalf("%s has no ```%s block where expected", doc, lang)
	}
	block, _, ok = strings.Cut(block, "\n```")
	if !ok {
		t.Fatalf("%s: a ```%s block is not closed", doc, lang)
	}
	return block
}

// docHeaders reads "Name: value   (a remark)" lines, up to a blank line,
// skipping a request line.
func docHeaders(block string) map[string]string {
	h := map[string]string{}
	head, _, _ := strings.Cut(block, "\n\n")
	for _, line := range strings.Split(head, "\n") {
		name, value, ok := strings.Cut(line, ": ")
		if !ok || strings.Contains(name, " ") {
			continue
		}
		value, _, _ = strings.Cut(strings.TrimSpace(value), "  ")
		h[strings.ToLower(name)] = value
	}
	return h
}

// sameFields fails unless doc and sent are JSON objects with the same
// fields, nested alike, in the same order (values aside).
func sameFields(t *testing.T, what string, doc, sent []byte) {
	t.Helper()
	d, err := fieldPaths(doc)
	if err != nil {
		t.Fatalf("%s is not JSON: %v\n%s", what, err, doc)
	}
	s, err := fieldPaths(sent)
	if err != nil {
		t.Fatalf("the request body is not JSON: %v\n%s", err, sent)
	}
	if !slices.Equal(d, s) {
		t.Errorf("%s has the fields\n %v\nthe request sent\n %v", what, d, s)
	}
}

// fieldPaths lists an object's fields as dotted paths, in document order.
func fieldPaths(b []byte) ([]string, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	var paths []string
	var walk func(prefix string) error
	walk = func(prefix string) error {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		open, _ := tok.(json.Delim)
		if open != '{' && open != '[' {
			return nil
		}
		for dec.More() {
			path := prefix + "[]"
			if open == '{' {
				key, err := dec.Token()
				if err != nil {
					return err
				}
				path = strings.TrimPrefix(prefix+"."+key.(string), ".")
				paths = append(paths, path)
			}
			if err := walk(path); err != nil {
				return err
			}
		}
		_, err = dec.Token() // the closing delimiter
		return err
	}
	if err := walk(""); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("more than one value")
	}
	return paths, nil
}
