package egress

import (
	"crypto/tls"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/http2"
)

// An HTTP/2 receiver that reset the request's stream, or closed the
// connection with GOAWAY, had the attempt's error in Go's words: "stream
// error: stream ID 7; INTERNAL_ERROR; received from peer", "http2: server
// sent GOAWAY and closed the connection; LastStreamID=1, ErrCode=NO_ERROR,
// debug=\"\"", "http2: Transport received GOAWAY from server
// ErrCode:ENHANCE_YOUR_CALM": a stream number the customer cannot use, and
// no word of who did what. Each now says it in words, with the frame and
// its error code, as the same failures over HTTP/1.1 read.
func TestHTTP2ResetsAreSaidInPlainWords(t *testing.T) {
	check := func(t *testing.T, err error, want string) {
		t.Helper()
		if Classify(err) != KindConnectionReset {
			t.Fatalf("Classify(%v) = %q, want %q", err, Classify(err), KindConnectionReset)
		}
		got := ErrorText(PlainError(err, 10*time.Second))
		if got != want {
			t.Errorf("error text\n %q\nwant\n %q", got, want)
		}
		for _, goWords := range []string{"stream ID", "received from peer", "http2:", "LastStreamID", "ErrCode"} {
			if strings.Contains(got, goWords) {
				t.Errorf("error text %q is in Go's words (%q)", got, goWords)
			}
		}
	}

	t.Run("handler panics before answering", func(t *testing.T) {
		ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			io.Copy(io.Discard, r.Body)
			panic(http.ErrAbortHandler)
		}))
		startHTTP2(t, ts)
		c := clientTrusting(t, ts, Options{})
		_, err := post(t, c, ts.URL+"/hook", "{}")
		check(t, err, "the endpoint reset the request's HTTP/2 stream before any response (RST_STREAM INTERNAL_ERROR)")
	})

	for _, tc := range []struct {
		name string
		want string
		then func(t *testing.T, h2 *rawH2Conn, stream uint32)
	}{
		{"RST_STREAM mid-answer", "reading response body: the endpoint reset the request's HTTP/2 stream before the end of the body (RST_STREAM CANCEL)",
			func(t *testing.T, h2 *rawH2Conn, stream uint32) {
				h2.writeStatus(t, stream, "200")
				h2.check(t, h2.fr.WriteData(stream, false, []byte("partial")))
				h2.check(t, h2.fr.WriteRSTStream(stream, http2.ErrCodeCancel))
			}},
		{"GOAWAY and close mid-answer", "reading response body: the endpoint closed the HTTP/2 connection before the end of the body (GOAWAY NO_ERROR)",
			func(t *testing.T, h2 *rawH2Conn, stream uint32) {
				h2.writeStatus(t, stream, "200")
				h2.check(t, h2.fr.WriteData(stream, false, []byte("partial")))
				h2.check(t, h2.fr.WriteGoAway(stream, http2.ErrCodeNo, nil))
				h2.check(t, h2.tls.CloseWrite())
			}},
		{"GOAWAY with debug data mid-answer", `reading response body: the endpoint closed the HTTP/2 connection before the end of the body (GOAWAY INTERNAL_ERROR, debug data "worker died")`,
			func(t *testing.T, h2 *rawH2Conn, stream uint32) {
				h2.writeStatus(t, stream, "200")
				h2.check(t, h2.fr.WriteData(stream, false, []byte("partial")))
				h2.check(t, h2.fr.WriteGoAway(stream, http2.ErrCodeInternal, []byte("worker died")))
				h2.check(t, h2.tls.CloseWrite())
			}},
		{"GOAWAY refusing the request", "the endpoint refused the request before any response (HTTP/2 GOAWAY ENHANCE_YOUR_CALM)",
			func(t *testing.T, h2 *rawH2Conn, stream uint32) {
				h2.check(t, h2.fr.WriteGoAway(0, http2.ErrCodeEnhanceYourCalm, []byte("too many requests")))
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := startRawH2(t, tc.then)
			c := newClient(t, Options{AllowPrivate: true, TLSConfig: &tls.Config{RootCAs: srv.pool}})
			_, err := post(t, c, "https://"+srv.Addr()+"/hook", "{}")
			check(t, err, tc.want)
		})
	}
}

// net/http's error once it has tried a request on connections that each
// answered a graceful shutdown's GOAWAY is said in words too.
func TestHTTP2GracefulShutdownRefusalIsSaidInPlainWords(t *testing.T) {
	err := &url.Error{Op: "Post", URL: "https://hooks.example/x", Err: errors.New("http2: Transport received Server's graceful shutdown GOAWAY")}
	const want = "the endpoint refused the request before any response: it was shutting down (HTTP/2 GOAWAY), on each connection the request was tried on"
	if got := ErrorText(PlainError(err, 10*time.Second)); got != want {
		t.Errorf("error text %q, want %q", got, want)
	}
}
