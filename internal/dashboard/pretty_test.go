package dashboard

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/esahayak/esahayak/internal/api"
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

// TestBodiesShowBidiControls: a body's bidi controls are shown as escapes,
// not obeyed, whether it is JSON (an event's payload) or not (a receiver's
// answer, a capture): "body\u202ereversed" drew the rest reversed.
func TestBodiesShowBidiControls(t *testing.T) {
	for body, want := range map[string]string{
		`{"m":"a` + "\u202e" + `b"}`:   `"m": "a\u202eb"`,
		"body\u202ereversed":           `body\u202ereversed`,
		"[[[[" + "\u2066" + "not json": `[[[[\u2066not json`,
	} {
		got := prettyJSON([]byte(body))
		if strings.ContainsFunc(got, api.IsBidiControl) || !strings.Contains(got, want) {
			t.Errorf("prettyJSON(%q) = %q, want it to show %q", body, got, want)
		}
	}
}
