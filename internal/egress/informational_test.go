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
		t.Run("", func(t *testing.T) {
			t.Parallel()
			s := loopback.Stalling(t, tc.sent)
			// 3 s: what was sent must arrive before the deadline, also
			// under -race on a loaded machine.
			const timeout = 3 * time.Second
			c := newClient(t, Options{AllowPrivate: true, Timeout: timeout})
			_, err := post(t, c, "http://"+s.Addr()+"/", "{}")
			if got := Classify(err); got != KindTimeout {
				t.Fatalf("%q: Classify(%v) = %q, want %q", tc.sent, err, got, KindTimeout)
			}
			if text := ErrorText(PlainError(err, timeout)); !strings.HasSuffix(text, tc.want) {
				t.Errorf("%q: error text %q, want it to end %q", tc.sent, text, tc.want)
			}
		})
	}
}

// A receiver that sent informational answers without end ("103 Early
// Hints" after "103 Early Hints") had them read for the attempt's whole
// timeout, megabytes of headers parsed, and the attempt read "timed out
// … an informational 103 Early Hints had arrived": net/http leaves the
// number of 1xx answers to a client that looks at them, as attempts do.
// They are now bounded as the final answer's headers are.
func TestEndlessInformationalAnswersEndTheAttempt(t *testing.T) {
	const hint = "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
	s := loopback.Stalling(t, strings.Repeat(hint, 20000))
	c := newClient(t, Options{AllowPrivate: true, Timeout: 5 * time.Second})
	_, err := post(t, c, "http://"+s.Addr()+"/", "{}")
	if got := Classify(err); got != KindOther {
		t.Fatalf("Classify(%v) = %q, want %q", err, got, KindOther)
	}
	// Each answer is counted as its status line and headers, 28 + 33
	// bytes: 1074 of them fit in 65536.
	const want = "the endpoint sent 1075 informational (1xx) answers before a final one, with more than 65536 bytes of status lines and headers in all, " +
		"the most an attempt reads (the attempt fails whatever would have followed)"
	if text := ErrorText(PlainError(err, 5*time.Second)); text != want {
		t.Errorf("error text\n %q\nwant\n %q", text, want)
	}
}
