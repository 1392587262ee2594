package dashboard

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// TestPrettyJSONBounded: deeply nested JSON (anyone can send it to an
// inspector's capture URL) is shown as it came instead of indented: 20 KB
// of brackets made a 200 MB page and took the server's memory with it.
func TestPrettyJSONBounded(t *testing.T) {
	deep := strings.Repeat("[", 9999) + strings.Repeat("]", 9999)
	if got := prettyJSON([]byte(deep)); got != deep {
		t.Fatalf("9,999 levels: %d bytes shown for a %d-byte body", len(got), len(deep))
	}
	// Ordinary bodies are indented as before, and the estimate is never
	// below what json.Indent makes of them.
	for _, body := range []string{
		`{"id":"evt_1","type":"stamp.uploaded","data":{"order":{"id":"o","stamp_request":{"amount":1000,"state":"Goa"}},"list":[1,2,{"a":"b, c: [d]"}]}}`,
		`{"s":"a \"quoted\" {bracket} and a \\ backslash","e":[],"o":{}}`,
		strings.Repeat("[", 50) + strings.Repeat("]", 50),
	} {
		var want bytes.Buffer
		if err := json.Indent(&want, []byte(body), "", "  "); err != nil {
			t.Fatal(err)
		}
		if got := prettyJSON([]byte(body)); got != want.String() {
			t.Errorf("prettyJSON(%s) =\n%s\nwant\n%s", body, got, want.String())
		}
		if est := indentedSize([]byte(body), 2); est < want.Len() {
			t.Errorf("indentedSize(%s) = %d, below the %d json.Indent makes", body, est, want.Len())
		}
	}
}
