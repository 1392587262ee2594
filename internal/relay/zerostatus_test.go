package relay_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/order"
	"github.com/esahayak/esahayak/internal/testenv"
)

// A handler whose status line says "000" (net/http reads any three
// digits as a status) was recorded, by a delivery and by listen alike,
// with status 0, which the attempt log, the API and the dashboard take for
// "no response arrived" (the attempt's response null, its headers and
// body not shown), beside the error "HTTP 0 (a 2xx status is required)".
// Both now record it as an answer that is not valid HTTP, in the same
// words; statuses from 001 up are recorded as they came
// (TestListenRecordsStatusesOutsideTheStandardRange).
func TestListenAndDeliveryRecordAZeroStatusAsNotValidHTTP(t *testing.T) {
	t.Parallel()
	s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
	handler := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		defer conn.Close()
		if r.Header.Get("X-eSahayak-Event") == order.EventStampUploaded {
			buf.WriteString("HTTP/1.1 100 Continue\r\n\r\n") // a 1xx before it changes nothing
		}
		fmt.Fprintf(buf, "HTTP/1.1 000 Zero\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
		buf.Flush()
	}))
	endpoint, l, _ := sideBySide(t, s, handler)
	const want = "the response is not valid HTTP: its status code is 000 (a delivery needs a 2xx)"
	for _, typ := range []string{order.EventStampFailed, order.EventStampUploaded} {
		ev := emit(t, s.URL, s.APIKey, s.Operator, typ)
		for who, ep := range map[string]string{"the engine": endpoint, "listen": l.Session().ID} {
			var got map[string]any
			testenv.Eventually(t, 30*time.Second, who+" recorded "+typ, func() bool {
				for _, d := range deliveriesOf(t, s.URL, s.APIKey, ep) {
					if d["event_id"] == ev && d["last_error"] != nil {
						got = d
						return true
					}
				}
				return false
			})
			if got["last_error"] != want || got["last_status_code"] != nil {
				t.Errorf("%s (%s) recorded status %v, error %q; want no status and %q", who, typ, got["last_status_code"], got["last_error"], want)
			}
		}
	}
}
