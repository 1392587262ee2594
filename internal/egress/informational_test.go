package egress

import (
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv/loopback"
)

// A receiver that sent an informational answer (a "100 Continue", a "103
// Early Hints") and then nothing before the deadline had the attempt read
// "timed out after 10s (the response headers had not finished)", as if a
// final answer had begun and stalled: the customer looked for a cut-off
// status line or header, where their server had sent a complete 1xx and
// its handler had not answered. The text now names the 1xx (whether the
// final answer had begun after it, the client cannot tell).
func TestTimeoutAfterAnInformationalAnswerNamesIt(t *testing.T) {
	for _, tc := range []struct{ sent, want string }{
		{"HTTP/1.1 100 Continue\r\n\r\n", " (the final response's headers had not finished; an informational 100 Continue had arrived)"},
		{"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n", " (the final response's headers had not finished; an informational 103 Early Hints had arrived)"},
		{"HTTP/1.1 103 Early Hints\r\n\r\nHTTP/1.1 200 OK\r\nX-Slow: a", " (the final response's headers had not finished; an informational 103 Early Hints had arrived)"},
		{"HTTP/1.1 200 OK\r\nX-Slow: a", " (the response headers had not finished)"},
	} {
		s := loopback.Stalling(t, tc.sent)
		c := newClient(t, Options{AllowPrivate: true, Timeout: 300 * time.Millisecond})
		_, err := post(t, c, "http://"+s.Addr()+"/", "{}")
		if got := Classify(err); got != KindTimeout {
			t.Fatalf("%q: Classify(%v) = %q, want %q", tc.sent, err, got, KindTimeout)
		}
		if text := ErrorText(PlainError(err, 300*time.Millisecond)); !strings.HasSuffix(text, tc.want) {
			t.Errorf("%q: error text %q, want it to end %q", tc.sent, text, tc.want)
		}
	}
}
