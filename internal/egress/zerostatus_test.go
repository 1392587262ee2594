package egress

import (
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv/loopback"
)

// A receiver whose status line says "000" (Go reads any three digits as
// a status) gave an attempt with status 0, which the attempt log takes
// for "no response arrived", beside "HTTP 0 (a 2xx status is required)".
// It is an answer that is not valid HTTP, kind other, said so; a status
// from 001 up is an answer, recorded as it came (esahayak listen records
// the same; relay's TestListenRecordsStatusesOutsideTheStandardRange).
func TestZeroStatusIsNotValidHTTP(t *testing.T) {
	c := newClient(t, Options{AllowPrivate: true, Timeout: 10 * time.Second})
	srv := loopback.Answering(t, "HTTP/1.1 000 Zero\r\nContent-Length: 2\r\n\r\nok")
	resp, err := post(t, c, "http://"+srv.Addr()+"/hook", "{}")
	if resp != nil || err == nil {
		t.Fatalf("000: got %+v, error %v; want no response and an error", resp, err)
	}
	const want = "the response is not valid HTTP: its status code is 000 (a delivery needs a 2xx)"
	if got := ErrorText(PlainError(err, 10*time.Second)); got != want {
		t.Errorf("000: error text %q, want %q", got, want)
	}
	if k := Classify(err); k != KindOther {
		t.Errorf("000: kind %q, want %q", k, KindOther)
	}
	srv = loopback.Answering(t, "HTTP/1.1 001 One\r\nContent-Length: 2\r\n\r\nok")
	if resp, err := post(t, c, "http://"+srv.Addr()+"/hook", "{}"); err != nil || resp.StatusCode != 1 || string(resp.Body) != "ok" {
		t.Errorf("001: got %+v, error %v; want the answer with status 1", resp, err)
	}
}
