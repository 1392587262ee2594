package egress

import (
	"fmt"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv/loopback"
)

// A receiver whose status line has a code below 100 ("HTTP/1.1 000",
// "042"): Go reads any three digits as a status. The attempt recorded
// status 0, which the attempt log, the API and the dashboard take for
// "no response arrived" (the headers and body the receiver sent were
// not shown), beside the error "HTTP 0 (a 2xx status is required)",
// kind http_status. It is an answer that is not valid HTTP, said so.
func TestStatusBelow100IsNotValidHTTP(t *testing.T) {
	for _, code := range []string{"000", "042", "099"} {
		t.Run(code, func(t *testing.T) {
			srv := loopback.Answering(t, "HTTP/1.1 "+code+" Odd\r\nContent-Length: 2\r\n\r\nok")
			c := newClient(t, Options{AllowPrivate: true, Timeout: 10 * time.Second})
			resp, err := post(t, c, "http://"+srv.Addr()+"/hook", "{}")
			if resp != nil || err == nil {
				t.Fatalf("got %+v, error %v; want no response and an error", resp, err)
			}
			want := fmt.Sprintf("the response is not valid HTTP: status code %s is below 100 (an HTTP status code is 100 to 599; a delivery needs a 2xx)", code)
			if got := PlainError(err, 10*time.Second).Error(); got != want {
				t.Errorf("error text %q, want %q", got, want)
			}
			if k := Classify(err); k != KindOther {
				t.Errorf("kind %q, want %q", k, KindOther)
			}
		})
	}
}
