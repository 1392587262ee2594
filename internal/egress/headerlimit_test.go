package egress

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
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
}
