package egress

import (
	"bufio"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzStoredHeaders: whatever headers a receiver answers with (read by
// net/http, as an attempt reads them), the attempt's log keeps at most
// MaxStoredHeaders entries and MaxStoredHeaderBytes, each value valid
// UTF-8, at most MaxStoredHeaderValue bytes and the start of what was
// sent, under the name net/http gave it; and what it leaves out is
// counted exactly under HeadersCutKey (headers and bytes), which is
// there only when something was left out. A count that is off tells
// whoever reads the delivery's page that less (or more) was lost.
func FuzzStoredHeaders(f *testing.F) {
	for _, s := range []struct {
		block       string
		pads, width uint16
	}{
		{"Content-Type: application/json\r\nVary: Accept\r\nVary: Origin", 0, 0},
		{"Location: " + strings.Repeat("é", 1500), 0, 0},
		{"X-Latin: \xe9\xe9\xe9\r\nX-Bad: \xff", 4, 2000},
		{"", 300, 1},
		{"A: 1", 98, 80},
		{"Set-Cookie: a=1\r\nSet-Cookie: b=2", 9, 900},
		{"X-Empty:", 1, 2100},
	} {
		f.Add(s.block, s.pads, s.width)
	}
	f.Fuzz(func(t *testing.T, block string, pads, width uint16) {
		var raw strings.Builder
		raw.WriteString("HTTP/1.1 200 OK\r\n")
		if block != "" {
			raw.WriteString(block + "\r\n")
		}
		for i := range int(pads % 120) {
			fmt.Fprintf(&raw, "X-Pad-%03d: %s\r\n", i, strings.Repeat("p", int(width%2200)))
		}
		raw.WriteString("Content-Length: 0\r\n\r\n")
		res, err := http.ReadResponse(bufio.NewReader(strings.NewReader(raw.String())), nil)
		if err != nil {
			return // net/http refuses it: no attempt stores it
		}
		h := res.Header
		got := StoredHeaders(h)
		if len(got) > MaxStoredHeaders {
			t.Fatalf("kept %d headers, over %d", len(got), MaxStoredHeaders)
		}
		size, kept, keptBytes := 0, 0, 0
		for k, v := range got {
			size += len(k) + len(v)
			if !utf8.ValidString(k) || !utf8.ValidString(v) {
				t.Fatalf("stored %q: %q, not valid UTF-8", k, v)
			}
			if k == HeadersCutKey {
				continue
			}
			sent, ok := h[k]
			if !ok {
				t.Fatalf("stored a header %q the receiver did not send (sent %q)", k, h)
			}
			whole := strings.ToValidUTF8(strings.Join(sent, ", "), "\uFFFD")
			if len(v) > MaxStoredHeaderValue || !strings.HasPrefix(whole, v) {
				t.Fatalf("header %q stored as %d bytes %.40q…, not a start of at most %d bytes of %.40q…", k, len(v), v, MaxStoredHeaderValue, whole)
			}
			kept++
			keptBytes += len(k) + len(v)
		}
		if size > MaxStoredHeaderBytes {
			t.Fatalf("stored %d bytes of headers, over %d", size, MaxStoredHeaderBytes)
		}
		total := 0
		for k, v := range h {
			total += len(strings.ToValidUTF8(k, "\uFFFD")) + len(strings.ToValidUTF8(strings.Join(v, ", "), "\uFFFD"))
		}
		marker, cut := got[HeadersCutKey]
		if !cut {
			if kept != len(h) || keptBytes != total {
				t.Fatalf("kept %d of %d headers, %d of %d bytes, and says nothing was left out", kept, len(h), keptBytes, total)
			}
			return
		}
		var leftOut, leftBytes int
		if _, err := fmt.Sscanf(marker, "%d more header(s) and %d bytes not kept", &leftOut, &leftBytes); err != nil {
			t.Fatalf("marker %q: %v", marker, err)
		}
		if leftOut == 0 && leftBytes == 0 || kept+leftOut != len(h) || keptBytes+leftBytes != total {
			t.Fatalf("kept %d of %d headers and %d of %d bytes; the marker says %q", kept, len(h), keptBytes, total, marker)
		}
	})
}
