package egress

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestBodyStallKeepsResponse: the status line and headers arrived, the body
// did not finish within the Timeout. The attempt fails (a timeout), and Do
// still returns what did arrive: status, headers and the body so far.
func TestBodyStallKeepsResponse(t *testing.T) {
	ts := startServer(t, "127.0.0.1:0", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Receiver", "slow")
		w.Header().Set("Content-Length", "100")
		w.WriteHeader(http.StatusAccepted)
		io.WriteString(w, `{"received":`)
		w.(http.Flusher).Flush()
		sleepUntil(r, 5*time.Second) // the rest never comes while the client waits
	})
	// 3 s: the status, headers and first bytes must arrive before the
	// deadline, also under -race on a loaded machine.
	c := newClient(t, Options{AllowPrivate: true, Timeout: 3 * time.Second})
	resp, err := post(t, c, ts.URL, "{}")
	if got := Classify(err); got != KindTimeout {
		t.Fatalf("Classify(%v) = %q, want %q", err, got, KindTimeout)
	}
	if resp == nil {
		t.Fatalf("no Response with the error %v, although the status and headers arrived", err)
	}
	if resp.StatusCode != http.StatusAccepted || resp.Header.Get("X-Receiver") != "slow" || string(resp.Body) != `{"received":` || resp.Truncated {
		t.Errorf("response = %d %v %q truncated=%v; want 202, X-Receiver, the first 12 bytes", resp.StatusCode, resp.Header, resp.Body, resp.Truncated)
	}
	if want := `Post "` + ts.URL + `": reading response body`; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %q does not start %q, as the client's other errors do", err, want)
	}
}

// TestBodyBrokenKeepsResponse: the same when the connection breaks in the
// middle of the body (shorter than its Content-Length).
func TestBodyBrokenKeepsResponse(t *testing.T) {
	ts := startServer(t, "127.0.0.1:0", func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		buf.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 100\r\nX-Receiver: broken\r\n\r\npartial")
		buf.Flush()
		conn.Close()
	})
	c := newClient(t, Options{AllowPrivate: true, Timeout: 5 * time.Second})
	resp, err := post(t, c, ts.URL, "{}")
	if err == nil || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("error = %v, want an unexpected EOF", err)
	}
	if resp == nil || resp.StatusCode != 200 || resp.Header.Get("X-Receiver") != "broken" || string(resp.Body) != "partial" {
		t.Fatalf("response = %+v, want 200 with the part of the body read", resp)
	}
}

// TestReadCappedKeepsWhatArrived: a read error keeps the bytes before it,
// within the cap.
func TestReadCappedKeepsWhatArrived(t *testing.T) {
	boom := errors.New("boom")
	for _, tc := range []struct {
		data      string
		limit     int64
		want      string
		truncated bool
	}{
		{"abc", 10, "abc", false},
		{"abcdefghij", 4, "abcd", true},
		{"", 4, "", false},
	} {
		body, truncated, err := readCapped(io.MultiReader(strings.NewReader(tc.data), &failingReader{boom}), tc.limit, nil)
		if tc.truncated {
			// The cap was reached before the error: the body ends there,
			// and the rest is only drained.
			if string(body) != tc.want || !truncated {
				t.Errorf("%q cap %d: %q truncated=%v err=%v", tc.data, tc.limit, body, truncated, err)
			}
			continue
		}
		if !errors.Is(err, boom) || string(body) != tc.want || truncated != tc.truncated {
			t.Errorf("%q cap %d: %q truncated=%v err=%v; want %q and the error", tc.data, tc.limit, body, truncated, err, tc.want)
		}
	}
}

type failingReader struct{ err error }

func (r *failingReader) Read([]byte) (int, error) { return 0, r.err }

// TestQueryEscapedOnTheWire: a request target must be ASCII (RFC 9112);
// net/http encodes the path but writes RawQuery as it is. Do sends the
// query's non-ASCII bytes percent-encoded, whatever was stored, and
// leaves the rest, and the caller's request, alone.
func TestQueryEscapedOnTheWire(t *testing.T) {
	got := make(chan string, 1)
	ts := startServer(t, "127.0.0.1:0", func(w http.ResponseWriter, r *http.Request) {
		got <- r.RequestURI
		okHandler(w, r)
	})
	c := newClient(t, Options{AllowPrivate: true})
	req, err := http.NewRequest(http.MethodPost, ts.URL+"/q/sp%20ace/ü?k=ü&t=%7e&x", strings.NewReader("{}"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Do(t.Context(), req); err != nil {
		t.Fatal(err)
	}
	if uri, want := <-got, "/q/sp%20ace/%C3%BC?k=%C3%BC&t=%7e&x"; uri != want {
		t.Errorf("request target %q, want %q", uri, want)
	}
	if req.URL.RawQuery != "k=ü&t=%7e&x" {
		t.Errorf("the caller's request was changed: RawQuery %q", req.URL.RawQuery)
	}
}

func TestEscapeNonASCII(t *testing.T) {
	for in, want := range map[string]string{
		"":               "",
		"a=1&b=%20":      "a=1&b=%20",
		"k=ü":            "k=%C3%BC",
		"q=日本&x=%zz":     "q=%E6%97%A5%E6%9C%AC&x=%zz",
		"\xff":           "%FF",
		"a b<>\"{}|\\^`": "a b<>\"{}|\\^`", // ASCII: left to the caller's validation
	} {
		if got := EscapeNonASCII(in); got != want {
			t.Errorf("EscapeNonASCII(%q) = %q, want %q", in, got, want)
		}
	}
}
