package egress

import (
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv/loopback"
)

// A receiver whose answer's chunked body was broken had the attempt read
// Go's words for it, which named neither the chunked encoding nor, for a
// chunk's size line over 4096 bytes, the body at all ("reading response
// body: header line too long" sent the customer to their headers). Each
// now says that the body is not valid chunked encoding, or that the
// trailer after it is not valid HTTP, before Go's words.
func TestBrokenChunkedBodyIsNamed(t *testing.T) {
	const head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	const chunked = "reading response body: the body is not valid chunked encoding (Transfer-Encoding: chunked): "
	for _, tc := range []struct{ name, sent, want string }{
		{"a size that is no hex number", head + "zz\r\nok\r\n0\r\n\r\n", chunked + "invalid byte in chunk length"},
		{"no size", head + "\r\nok\r\n0\r\n\r\n", chunked + "empty hex number for chunk length"},
		{"a size too large", head + "fffffffffffffffffff\r\nok\r\n0\r\n\r\n", chunked + "http chunk length too large"},
		{"a chunk longer than its size", head + "2\r\nokXX\r\n0\r\n\r\n", chunked + "malformed chunked encoding"},
		{"lines ended by LF alone", head + "2\nok\n0\n\n", chunked + "chunked line ends with bare LF"},
		{"a size line over 4096 bytes", head + "2;" + strings.Repeat("a", 5000) + "\r\nok\r\n0\r\n\r\n",
			chunked + "a chunk's size line is longer than 4096 bytes"},
		{"a malformed trailer", head + "2\r\nok\r\n0\r\nBad trailer\r\n\r\n",
			`reading response body: the trailer after the chunked body is not valid HTTP: malformed MIME header: missing colon: "Bad trailer"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := loopback.Answering(t, tc.sent).Addr()
			c := newClient(t, Options{AllowPrivate: true, Timeout: 2 * time.Second})
			resp, err := post(t, c, "http://"+s+"/hook", "{}")
			if resp == nil || resp.StatusCode != 200 {
				t.Fatalf("response %+v, want its 200 kept (error %v)", resp, err)
			}
			if got := Classify(err); got != KindOther {
				t.Fatalf("Classify(%v) = %q, want %q", err, got, KindOther)
			}
			if got := ErrorText(PlainError(err, 2*time.Second)); got != tc.want {
				t.Errorf("error text\n %q\nwant\n %q", got, tc.want)
			}
		})
	}
}
