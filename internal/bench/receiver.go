package bench

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Mode is how a receiver endpoint answers.
type Mode int32

const (
	// ModeOK answers 200 at once.
	ModeOK Mode = iota
	// ModeHold keeps each request open until Release (then answers 200 and
	// records it) or until the client gives up: an endpoint that is down
	// without failing fast, so the server's backlog grows in the store.
	ModeHold
	// ModeSlow keeps each request open until the client gives up (its
	// attempt timeout) or the receiver closes, then answers 503; it never
	// records an arrival.
	ModeSlow
	// ModeDown answers 503 with Retry-After: 3600 at once: an endpoint that
	// is down and says so. Its deliveries wait in the store, not due, for an
	// hour.
	ModeDown
)

// arrival is one request that a receiver endpoint answered 200.
type arrival struct {
	ep      int32
	at      int64 // arrival, Unix nanoseconds
	created int64 // payload created_at, Unix nanoseconds (millisecond precision); 0 if absent
	id      string
}

// Receiver is the built-in webhook receiver: one loopback listener per
// endpoint, so each endpoint is a distinct host:port for the server's
// connection pools.
type Receiver struct {
	mu       sync.Mutex
	arrivals []arrival
	sample   []byte
	eps      []*RecvEndpoint
	closing  chan struct{}
	closeOne sync.Once
}

// RecvEndpoint is one listener of the receiver.
type RecvEndpoint struct {
	r       *Receiver
	idx     int32
	Name    string
	URL     string
	mode    atomic.Int32
	count   atomic.Int64
	refused atomic.Int64 // 503 answers of ModeDown
	release chan struct{}
	relOnce sync.Once
	srv     *http.Server
	ln      net.Listener
}

// NewReceiver makes an empty receiver; add endpoints with Add.
func NewReceiver() *Receiver {
	return &Receiver{closing: make(chan struct{}), arrivals: make([]arrival, 0, 1<<16)}
}

// Add starts a listener on 127.0.0.1 answering in mode.
func (r *Receiver) Add(name string, mode Mode) (*RecvEndpoint, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("receiver listen: %w", err)
	}
	e := &RecvEndpoint{r: r, idx: int32(len(r.eps)), Name: name, ln: ln, release: make(chan struct{}),
		URL: "http://" + ln.Addr().String() + "/hooks/" + name}
	e.mode.Store(int32(mode))
	e.srv = &http.Server{Handler: e, ReadHeaderTimeout: 30 * time.Second, IdleTimeout: 5 * time.Minute,
		ErrorLog: nil}
	r.eps = append(r.eps, e)
	go e.srv.Serve(ln)
	return e, nil
}

// Release answers every held request of the endpoint and makes it answer
// 200 at once from now on.
func (e *RecvEndpoint) Release() {
	e.mode.Store(int32(ModeOK))
	e.relOnce.Do(func() { close(e.release) })
}

// SetMode changes how the endpoint answers from now on.
func (e *RecvEndpoint) SetMode(m Mode) { e.mode.Store(int32(m)) }

// Refused is the number of 503 answers given in ModeDown.
func (e *RecvEndpoint) Refused() int64 { return e.refused.Load() }

// Count is the number of 200 answers (duplicates included).
func (e *RecvEndpoint) Count() int64 { return e.count.Load() }

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func (e *RecvEndpoint) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	_, err := buf.ReadFrom(io.LimitReader(req.Body, 1<<20))
	if err != nil {
		return
	}
	switch Mode(e.mode.Load()) {
	case ModeHold:
		select {
		case <-e.release:
		case <-e.r.closing:
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		case <-req.Context().Done():
			return
		}
	case ModeDown:
		e.refused.Add(1)
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	case ModeSlow:
		select {
		case <-e.r.closing:
		case <-req.Context().Done():
		}
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	now := time.Now().UnixNano()
	a := arrival{ep: e.idx, at: now, created: createdAt(buf.Bytes()), id: req.Header.Get("X-eSahayak-Delivery")}
	e.r.mu.Lock()
	e.r.arrivals = append(e.r.arrivals, a)
	if e.r.sample == nil {
		e.r.sample = bytes.Clone(buf.Bytes())
	}
	e.r.mu.Unlock()
	e.count.Add(1)
	w.WriteHeader(http.StatusOK)
}

var createdKey = []byte(`"created_at":"`)

// createdAt finds the payload's top-level created_at (the first one: the
// payload's field order is id, type, created_at, data) without decoding
// the JSON.
func createdAt(body []byte) int64 {
	i := bytes.Index(body, createdKey)
	if i < 0 {
		return 0
	}
	rest := body[i+len(createdKey):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 {
		return 0
	}
	t, err := time.Parse(time.RFC3339Nano, string(rest[:j]))
	if err != nil {
		return 0
	}
	return t.UnixNano()
}

// Sample is the first body answered 200, for the ceiling's requests.
func (r *Receiver) Sample() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.sample
}

// Reset forgets every arrival (between the measured phase and the ceiling).
func (r *Receiver) snapshot() []arrival {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.arrivals
	r.arrivals = make([]arrival, 0, 1<<16)
	return out
}

// Unblock answers every held and slow request at once (503), so the
// servers' attempts end and they can stop promptly.
func (r *Receiver) Unblock() {
	r.closeOne.Do(func() { close(r.closing) })
}

// Close unblocks and closes every listener and connection at once.
func (r *Receiver) Close() {
	r.Unblock()
	for _, e := range r.eps {
		e.srv.Close()
	}
}

// endpointStats summarises one endpoint's arrivals.
type endpointStats struct {
	unique, duplicates int
	first, last        int64 // arrival times, Unix ns
	latencies          []time.Duration
}

// tally groups arrivals per endpoint, counting each (endpoint, event) once
// (its first arrival) and the rest as duplicates.
func tally(arr []arrival, endpoints int) []endpointStats {
	out := make([]endpointStats, endpoints)
	seen := make([]map[string]struct{}, endpoints)
	for i := range seen {
		seen[i] = map[string]struct{}{}
	}
	for _, a := range arr {
		if int(a.ep) >= endpoints {
			continue
		}
		st := &out[a.ep]
		if _, dup := seen[a.ep][a.id]; dup {
			st.duplicates++
			continue
		}
		seen[a.ep][a.id] = struct{}{}
		st.unique++
		if st.first == 0 || a.at < st.first {
			st.first = a.at
		}
		if a.at > st.last {
			st.last = a.at
		}
		if a.created > 0 {
			st.latencies = append(st.latencies, time.Duration(a.at-a.created))
		}
	}
	return out
}
