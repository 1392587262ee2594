package testenv

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// ServeBounded runs req through h, as a fuzz test does, and fails t if it
// has not answered within within: a request still running then hangs. An
// event stream that has answered is ended at once (the client going
// away): a stream that answered 200 has parsed all it will.
func ServeBounded(t testing.TB, h http.Handler, req *http.Request, within time.Duration) *httptest.ResponseRecorder {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req = req.WithContext(ctx)
	w := &streamStopper{ResponseRecorder: httptest.NewRecorder(), stop: cancel}
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.ServeHTTP(w, req)
	}()
	select {
	case <-done:
	case <-time.After(within):
		cancel()
		t.Fatalf("%s %s did not answer within %s", req.Method, req.RequestURI, within)
	}
	return w.ResponseRecorder
}

// streamStopper ends an event stream once it has started.
type streamStopper struct {
	*httptest.ResponseRecorder
	stop context.CancelFunc
}

func (s *streamStopper) WriteHeader(code int) {
	if strings.HasPrefix(s.Header().Get("Content-Type"), "text/event-stream") {
		s.stop()
	}
	s.ResponseRecorder.WriteHeader(code)
}
