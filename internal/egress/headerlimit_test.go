package egress

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A receiver's response headers are read up to MaxResponseHeaderBytes,
// 64 KiB, as the API reads a request's: past it the attempt fails. At the
// 1 MiB allowed before, each attempt in flight held about 3 MiB while the
// headers were parsed, and one account's 20 endpoints answering 900 KiB
// of headers took a server to 1.2 GB (100 endpoints are allowed).
func TestResponseHeadersOverTheLimitFailTheAttempt(t *testing.T) {
	ts := startServer(t, "127.0.0.1:0", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		n, _ := strconv.Atoi(r.URL.Query().Get("kib"))
		w.Header().Set("X-Big", strings.Repeat("h", n<<10))
		io.WriteString(w, "ok")
	})
	c := newClient(t, Options{AllowPrivate: true})
	base := "http://127.0.0.1:" + port(t, ts) + "/hook?kib="

	resp, err := post(t, c, base+"48", "{}")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("48 KiB of headers: resp=%v err=%v, want 200", resp, err)
	}
	resp, err = post(t, c, base+"100", "{}")
	if err == nil {
		t.Fatalf("100 KiB of headers: status %d, want the attempt to fail", resp.StatusCode)
	}
	if !strings.Contains(err.Error(), "server response headers exceeded 65536 bytes") {
		t.Errorf("err = %v, want it to say the headers exceeded 65536 bytes", err)
	}
	// The attempt log says it in plain words: the answer was valid HTTP,
	// longer than an attempt reads. It read "the response is not valid
	// HTTP: net/http: server response headers exceeded 65536 bytes;
	// aborted", and the customer looked for a fault in their framing.
	const want = "the response headers were longer than 65536 bytes, the most an attempt reads (the attempt fails whatever its status)"
	if got := ErrorText(PlainError(err, 10*time.Second)); got != want {
		t.Errorf("error text %q, want %q", got, want)
	}
}

// Over HTTP/2 the limit is HTTP/2's header list size (each header's name
// and value plus 32 bytes), so 600 headers of 100 bytes, about 60 KiB of
// text, are over it; and Go's client ends the whole connection for a list
// that passes it with headers still to come, so an attempt of another
// endpoint on the same host, in flight on that connection, fails with
// it. docs/api.md says both.
func TestResponseHeadersOverTheLimitOverHTTP2(t *testing.T) {
	release, slowArrived := make(chan struct{}), make(chan struct{}, 1)
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if r.ProtoMajor != 2 {
			http.Error(w, "HTTP/2 expected", http.StatusHTTPVersionNotSupported)
			return
		}
		if r.URL.Path == "/slow" {
			slowArrived <- struct{}{}
			<-release
			return
		}
		for i := range 600 {
			w.Header().Set(fmt.Sprintf("X-H%03d", i), strings.Repeat("v", 100))
		}
		io.WriteString(w, "ok")
	}))
	startHTTP2(t, ts)
	defer close(release)
	c := clientTrusting(t, ts, Options{})

	slow := make(chan error, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, ts.URL+"/slow", strings.NewReader("{}"))
		_, err := c.Do(context.Background(), req)
		slow <- err
	}()
	// The slow attempt's stream is open on the connection. (A fixed 200 ms
	// here, on a loaded machine, sent the next attempt first, and the slow
	// one then opened a connection of its own and was not cut.)
	select {
	case <-slowArrived:
	case err := <-slow:
		t.Fatalf("the slow attempt ended before the server held it: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("the slow attempt did not reach the server within 10 s")
	}
	_, err := post(t, c, ts.URL+"/many", "{}")
	if err == nil {
		t.Fatal("600 headers of 100 bytes over HTTP/2: the attempt succeeded, want it to fail")
	}
	if Classify(err) != KindOther || !strings.Contains(err.Error(), "PROTOCOL_ERROR") {
		t.Errorf("err = %v (%s), want other, a PROTOCOL_ERROR", err, Classify(err))
	}
	select {
	case err := <-slow:
		t.Logf("the other attempt: %v", err)
		if err == nil {
			t.Error("the other attempt on the connection succeeded; docs/api.md says it fails with it")
		}
	case <-time.After(5 * time.Second):
		t.Error("the other attempt on the connection is still waiting; docs/api.md says it fails with it")
	}
}
