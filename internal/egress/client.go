package egress

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"golang.org/x/net/idna"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/netip"
	"net/textproto"
	"net/url"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// Defaults applied by [NewClient] for zero (or negative) Options fields.
const (
	DefaultTimeout             = 10 * time.Second
	DefaultMaxIdleConnsPerHost = 64
	DefaultMaxResponseBytes    = 64 << 10

	// drainLimit is how much of an over-long response body is read and
	// discarded after the cap so the connection can go back to the pool.
	// Longer bodies cause the connection to be closed instead.
	drainLimit = 64 << 10
	// drainWait bounds that reading in time: the answer is complete at the
	// cap, and a receiver whose body stalls after it must not hold the
	// endpoint's lane slot until the attempt timeout for a connection
	// that is only worth keeping if the rest arrives at once. It is also
	// how long a body that reached the cap has to show that it ends there.
	drainWait = 250 * time.Millisecond

	// MaxResponseHeaderBytes bounds a receiver's response headers; a
	// longer header block fails the attempt. esahayak listen applies it
	// too, so that a local handler fails where its deployment would.
	// It is the API's own limit for a request's headers: parsing holds
	// about three times the block, in every attempt in flight, and at
	// 1 MiB one account's endpoints answering 900 KiB of headers took a
	// server past a gigabyte.
	MaxResponseHeaderBytes = 64 << 10
	// idleConnTimeout closes a kept-alive connection to a receiver
	// before the receiver would: Node's server closes idle connections
	// after 5 s (keepAliveTimeout), Apache's after 5 s, and a close that
	// meets our next request on that connection failed the attempt
	// (connection_reset) although the receiver never saw it. Under load
	// connections are never idle that long; an endpoint with an event
	// every few seconds pays a new connection (and TLS handshake) for each.
	idleConnTimeout = 4 * time.Second
	// h2PingAfter bounds how long an HTTP/2 connection may stay silent
	// (no frame from the receiver) before it is asked for a PING, and
	// h2PingTimeout how long the answer may take before the connection
	// is closed; each is at most half the attempt timeout. All of an
	// endpoint's attempts, and its host's other endpoints', share one
	// HTTP/2 connection: one that went dead without a close (a load
	// balancer or NAT that dropped it in silence, a host that vanished)
	// took every attempt to the host to its timeout while the receiver
	// was healthy on a new connection, until a pause of 4 s
	// (idleConnTimeout) or the server's stream limit (250 of them for
	// Go's server: 40 minutes of failures one timeout at a time).
	h2PingAfter   = 5 * time.Second
	h2PingTimeout = 5 * time.Second
)

// Options configures a [Client].
type Options struct {
	// AllowPrivate lifts the private-address guard entirely
	// (--allow-insecure-urls; local development only).
	AllowPrivate bool

	// Proxy, if set, is an HTTP(S) (or SOCKS5) proxy every request goes
	// through (--egress-proxy); https targets are tunnelled with CONNECT.
	// The proxy may be on a private address. It makes the real connection,
	// so it must enforce destination policy itself; the client additionally
	// pre-resolves the target and refuses forbidden addresses (best effort)
	// unless AllowPrivate is set.
	Proxy *url.URL

	// Timeout bounds the whole attempt: DNS, connect, TLS, waiting for the
	// response headers and reading the (capped) body. Default 10s.
	Timeout time.Duration

	// MaxConnsPerHost limits connections per host (dialing, active and
	// idle). Default 0: no limit. The delivery engine bounds each
	// endpoint's attempts itself (its lane), and several endpoints often
	// share a host and port (or, through --egress-proxy, the proxy): a cap
	// per host would make a healthy endpoint wait for a connection that
	// its slow neighbours on the same host hold.
	MaxConnsPerHost int

	// MaxIdleConnsPerHost is how many kept-alive connections per host wait
	// for reuse. Default 64.
	MaxIdleConnsPerHost int

	// MaxResponseBytes caps how much of a response body is read. Default 64 KiB.
	MaxResponseBytes int64

	// TLSConfig is optional (tests inject a RootCAs pool). It is cloned.
	// Certificates are always verified: InsecureSkipVerify is ignored.
	TLSConfig *tls.Config

	// Resolver is optional; nil means net.DefaultResolver.
	Resolver *net.Resolver
}

// Client sends webhook deliveries. It is safe for concurrent use and keeps
// connections alive between requests; create one and share it.
type Client struct {
	allowPrivate bool
	proxy        *url.URL
	proxyAddr    string // canonical host:port of proxy, "" if none
	timeout      time.Duration
	maxBody      int64

	plainDialer   *net.Dialer // unguarded: the proxy, or everything with AllowPrivate
	guardedDialer *net.Dialer // dials only checked IP literals; Control re-checks
	transport     *http.Transport
	hc            *http.Client
	closing       *closingHosts // hosts sent "Connection: close"

	// Seams for tests (so they never need real DNS or non-loopback hosts).
	lookup func(ctx context.Context, network, host string) ([]netip.Addr, error)
	dialIP func(ctx context.Context, network, addr string) (net.Conn, error)
}

// Response is a delivery response with its body read (up to the cap) and
// the connection released.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte // at most Options.MaxResponseBytes
	Truncated  bool   // the body was longer than the cap, or did not end with it within the drain window
	// Complete is when the answer was complete: its body ended, or its
	// first MaxResponseBytes arrived. What follows the cap is read (for
	// at most 250 ms) only so that the connection can be used again, so
	// an attempt's duration ends here, not after that reading: a receiver
	// that answered at once must not show our wait for the rest of its
	// body as its response time. When reading the body failed, it is when
	// it failed; zero when there is no body to read (a 101).
	Complete time.Time
}

// NewClient returns a Client configured by o, with defaults filled in.
func NewClient(o Options) *Client {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxConnsPerHost < 0 {
		o.MaxConnsPerHost = 0
	}
	if o.MaxIdleConnsPerHost <= 0 {
		o.MaxIdleConnsPerHost = DefaultMaxIdleConnsPerHost
	}
	if o.MaxResponseBytes <= 0 {
		o.MaxResponseBytes = DefaultMaxResponseBytes
	}
	resolver := o.Resolver
	if resolver == nil {
		resolver = net.DefaultResolver
	}
	var tlsConf *tls.Config
	if o.TLSConfig != nil {
		tlsConf = o.TLSConfig.Clone()
	} else {
		tlsConf = &tls.Config{}
	}
	tlsConf.InsecureSkipVerify = false
	if tlsConf.MinVersion == 0 {
		tlsConf.MinVersion = tls.VersionTLS12
	}

	c := &Client{
		allowPrivate: o.AllowPrivate,
		timeout:      o.Timeout,
		maxBody:      o.MaxResponseBytes,
		plainDialer:  &net.Dialer{Resolver: resolver},
		closing:      &closingHosts{},
	}
	c.guardedDialer = &net.Dialer{Resolver: resolver, Control: guardControl}
	c.lookup = resolver.LookupNetIP
	c.dialIP = c.guardedDialer.DialContext

	t := &http.Transport{
		DialContext:            c.dialAnswerFirst,
		TLSClientConfig:        tlsConf,
		ForceAttemptHTTP2:      true,
		DisableCompression:     true,
		MaxConnsPerHost:        o.MaxConnsPerHost,
		MaxIdleConnsPerHost:    o.MaxIdleConnsPerHost,
		IdleConnTimeout:        idleConnTimeout,
		TLSHandshakeTimeout:    o.Timeout,
		ExpectContinueTimeout:  time.Second,
		MaxResponseHeaderBytes: MaxResponseHeaderBytes,
		HTTP2: &http.HTTP2Config{
			SendPingTimeout: min(h2PingAfter, o.Timeout/2),
			PingTimeout:     min(h2PingTimeout, o.Timeout/2),
		},
	}
	if o.Proxy != nil {
		p := *o.Proxy
		c.proxy = &p
		c.proxyAddr = canonicalAddr(&p)
		t.Proxy = http.ProxyURL(&p)
		t.OnProxyConnectResponse = func(_ context.Context, _ *url.URL, _ *http.Request, resp *http.Response) error {
			if resp.StatusCode != http.StatusOK {
				return &ProxyError{StatusCode: resp.StatusCode, Status: resp.Status}
			}
			return nil
		}
	}
	c.transport = t
	c.hc = &http.Client{
		Transport: t,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	return c
}

// ErrorText is [ErrorText] for an error of c's [Client.Do]: through an
// egress proxy it says "(egress proxy)" where the proxy's address or name
// would be, whatever failed (the proxy refused, reset the connection, or
// could not be found). The proxy is the operator's, and attempt logs are
// shown to customers.
func (c *Client) ErrorText(err error) string {
	if c.proxy == nil {
		return ErrorText(err)
	}
	return errorText(err, c.proxy.Hostname(), c.proxyAddr)
}

// CloseIdleConnections closes pooled keep-alive connections.
func (c *Client) CloseIdleConnections() { c.transport.CloseIdleConnections() }

// Do sends req and returns the response with at most MaxResponseBytes of its
// body read. Redirects are never followed: a 3xx is returned as-is. The
// Timeout covers the whole attempt including the body read; ctx can shorten
// it or cancel it. req is not modified (its Body is consumed and closed, as
// with http.Client.Do); non-ASCII bytes of its query are percent-encoded on
// the wire. A non-nil error can be passed to [Classify]. When the response
// headers arrived but reading the body failed (it did not finish within
// the Timeout, or the connection broke), Do returns both: the Response,
// with the part of the body that was read, and the error.
func (c *Client) Do(ctx context.Context, req *http.Request) (*Response, error) {
	if req == nil || req.URL == nil {
		return nil, errors.New("egress: nil request or URL")
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()

	if c.proxy != nil && !c.allowPrivate {
		// The name the proxy will be asked for: net/http sends CONNECT
		// for the host in its ASCII form ("ｖｍ" and "v\u00adm" are "vm"),
		// so that is the name to check, not the spelling in the URL.
		host := req.URL.Hostname()
		if a, err := idna.Lookup.ToASCII(host); err == nil {
			host = a
		}
		if err := c.precheck(ctx, host); err != nil {
			if req.Body != nil {
				req.Body.Close()
			}
			return nil, err
		}
	}

	target := req.URL
	if q := EscapeNonASCII(req.URL.RawQuery); q != req.URL.RawQuery {
		// net/http writes RawQuery as it is, and a request target must be
		// ASCII (RFC 9112): the path it encodes itself, the query not.
		u := *req.URL
		u.RawQuery = q
		target = &u
	}
	resp, reached, err := sendPastStaleConns(ctx, c.hc, req, target, c.transport.MaxIdleConnsPerHost, c.proxy != nil, c.closing)
	if err != nil {
		return nil, explainSendError(ctx, err, reached, c.proxy != nil)
	}
	defer resp.Body.Close() // runs before cancel, so a drained conn is reused
	if resp.StatusCode == http.StatusSwitchingProtocols {
		// net/http hands over the raw connection as the body of a 101,
		// and ctx no longer bounds reading it: a receiver that switched
		// and went quiet held the attempt (and a shutdown) for as long
		// as it kept the socket. A 101 is no answer to a webhook.
		return &Response{StatusCode: resp.StatusCode, Header: resp.Header}, nil
	}

	// Ending ctx ends a drain that waits; the answer is already read.
	body, truncated, complete, err := readBody(resp.Body, c.maxBody, cancel)
	res := &Response{
		StatusCode: resp.StatusCode,
		Header:     resp.Header,
		Body:       body,
		Truncated:  truncated,
		Complete:   complete,
	}
	if err != nil {
		// The status and headers did arrive: the attempt log shows them,
		// with what came of the body, beside the error that ended it.
		// Spelt as Go's own *url.Error spells the rest of an attempt's
		// errors ("Post \"https://…\": …"), so one receiver's failures
		// read alike in the attempt log.
		err = fmt.Errorf("%s %q: reading response body: %w", urlErrorOp(req.Method), req.URL.Redacted(), err)
		return res, withCtxErr(ctx, err)
	}
	return res, nil
}

// sendPastStaleConns sends req (to target) with hc, and again when it met
// a kept-alive connection its server had closed before the request was
// on it (staleConn): a request the server never read. Each try that
// meets a closed connection takes it out of the pool, which holds at most
// maxIdle for the host: so many tries, and one more on a new connection,
// end the stale ones. A request whose body cannot be made again (no
// GetBody) is sent once. It returns the phase the last try reached. An
// endpoint that closed the connection while the request was still being
// sent is said so (sendCutError); proxied says that the connection was
// the egress proxy's. A host that closing remembers (nil: none) is sent
// "Connection: close", and one whose server closes a connection right
// after its answer is remembered.
func sendPastStaleConns(ctx context.Context, hc *http.Client, req *http.Request, target *url.URL, maxIdle int, proxied bool, closing *closingHosts) (*http.Response, *phase, error) {
	var (
		reached *phase
		resp    *http.Response
		err     error
	)
	resendable := req.Body == nil || req.Body == http.NoBody || req.GetBody != nil
	host := canonicalAddr(target)
	shielded := *hc
	shielded.Transport = locationShield{hc.Transport}
	hc = &shielded
	for try := 0; ; try++ {
		tryCtx, stop := context.WithCancel(ctx)
		reached = &phase{stop: stop, ctx: tryCtx}
		out := req.WithContext(httptrace.WithClientTrace(tryCtx, reached.trace()))
		out.URL = target
		if closing.closes(host, time.Now()) {
			out.Close = true
		}
		if try > 0 && req.GetBody != nil {
			if out.Body, err = req.GetBody(); err != nil {
				break
			}
		}
		resp, err = hc.Do(out)
		if resp != nil {
			unshieldLocation(resp.Header)
			reached.closeAfterStrayBody(resp)
		}
		reached.release()
		if err != nil {
			stop() // on success tryCtx ends with ctx, once the body is read
			if reached.closedAfterAnswer(ctx, err) {
				closing.mark(host, time.Now())
			}
			if reached.refused.Load() && ctx.Err() == nil {
				err = &refusedError{sends: maxHTTP2Sends}
			}
		}
		if err == nil || try > maxIdle || !resendable || !reached.staleConn(ctx, err) {
			break
		}
	}
	if err != nil && reached.cutWhileSending(ctx, err) {
		err = &sendCutError{err: err, bodyBytes: req.ContentLength, proxy: proxied, answering: reached.at.Load() >= phaseAnswering}
	}
	if err == nil && resp.StatusCode == 0 {
		// net/http reads any three digits as a status, "000" too, and a
		// status of 0 is what the attempt log, the API and the dashboard
		// take for "no response arrived": the attempt read "HTTP 0 (a
		// 2xx status is required)" with no response shown. Statuses from
		// 001 up are recorded as they came.
		resp.Body.Close()
		return nil, reached, &url.Error{Op: urlErrorOp(req.Method), URL: req.URL.Redacted(), Err: errZeroStatus}
	}
	return resp, reached, err
}

// errZeroStatus is an answer whose status line says "000".
var errZeroStatus = errors.New("the response is not valid HTTP: its status code is 000 (a delivery needs a 2xx)")

// shieldedLocation holds a 3xx answer's Location while net/http's client
// has the answer: a header name with a space, which no response can
// carry (HTTP/1 and HTTP/2 refuse it), so it never meets a receiver's own.
const shieldedLocation = "Esahayak Location"

// locationShield moves a 3xx answer's Location out of net/http's sight
// (to shieldedLocation; unshieldLocation puts it back). Redirects are
// never followed, but net/http's client parses the Location before it
// asks CheckRedirect, and one that is no URL ("http://[::1") made it drop
// the answer for an error: the attempt log lost the receiver's status,
// headers and body. Without a Location the client returns the answer as
// it came.
type locationShield struct{ rt http.RoundTripper }

func (s locationShield) RoundTrip(req *http.Request) (*http.Response, error) {
	rt := s.rt
	if rt == nil {
		rt = http.DefaultTransport
	}
	resp, err := rt.RoundTrip(req)
	if resp != nil && resp.StatusCode >= 300 && resp.StatusCode < 400 {
		if loc, ok := resp.Header["Location"]; ok {
			delete(resp.Header, "Location")
			resp.Header[shieldedLocation] = loc
		}
	}
	return resp, err
}

// unshieldLocation puts back the Location that locationShield moved.
func unshieldLocation(h http.Header) {
	if loc, ok := h[shieldedLocation]; ok {
		delete(h, shieldedLocation)
		h["Location"] = loc
	}
}

// DoPastStaleConns sends req with hc as [Client.Do] sends an attempt: a
// request that met a kept-alive connection its server had closed before
// the request was on it (net/http's "server closed idle connection",
// which it sends again by itself only for idempotent methods) is sent
// again on another connection, at most maxIdle+1 more times, maxIdle
// being the transport's MaxIdleConnsPerHost; any other error is returned
// at once, since the server may have read the request. req's body is
// made again with its GetBody (http.NewRequest sets it for a
// bytes.Reader); without one, req is sent once. `esahayak listen`
// forwards to a local handler with it.
// Its errors say what [Client.Do]'s say beside the error: where a
// timeout found the attempt, and that a connection closed before any
// answer was a kept-alive one, so that one answer reads the same in a
// delivery's log and in listen's.
func DoPastStaleConns(hc *http.Client, req *http.Request, maxIdle int) (*http.Response, error) {
	resp, reached, err := sendPastStaleConns(req.Context(), hc, req, req.URL, maxIdle, false, nil)
	if err != nil {
		return resp, explainSendError(req.Context(), err, reached, false)
	}
	return resp, nil
}

// explainSendError is err, the error of sendPastStaleConns, with what
// the attempt log says beside it: a timeout says where the attempt stood
// (reached.timedOut), a connection closed or reset before any answer
// that it was a kept-alive one (reached.cutOff; not through the egress
// proxy, whose connection it was, and whose close it was), and an
// HTTP/2 connection the health check closed is a timeout.
func explainSendError(ctx context.Context, err error, reached *phase, proxied bool) error {
	err = withCtxErr(ctx, err)
	if isSilentConn(err) {
		err = &silentConnError{err}
	}
	// The transport's own TLS handshake timeout (Options.Timeout, as
	// the attempt's deadline) can fire a moment before the deadline
	// does, so any timeout gets the text, not only the context's.
	switch Classify(err) {
	case KindTimeout:
		err = fmt.Errorf("%w (%s)", err, reached.timedOut())
	case KindConnectionReset:
		if reached.at.Load() == phaseTLS {
			err = &cutOffError{err: err, note: handshakeCutNote(proxied)}
		} else if note := reached.cutOff(); note != "" && !proxied {
			err = &cutOffError{err: err, note: note}
		}
	}
	return err
}

// handshakeCutNote says, for an attempt's error text, that the connection
// closed or reset before any answer ended in the TLS handshake. A TLS
// server that refuses a handshake without an alert (as some do for a
// server name they hold no certificate for, or a client they turn away)
// read "the connection was closed before any response (EOF)", the words of
// a handler that died, and the customer searched their application's logs
// for a request that never reached it.
func handshakeCutNote(proxied bool) string {
	who := "the endpoint's TLS server (or something in front of it)"
	if proxied {
		who = "the endpoint's TLS server, or the egress proxy on the way to it,"
	}
	return "it ended during the TLS handshake, before the request was sent: " + who +
		" ended the handshake without a TLS alert, as some do for a host name they hold no certificate for"
}

// EscapeNonASCII percent-encodes the bytes of s outside ASCII (an
// internationalized query, "k=ü" → "k=%C3%BC") and leaves every other
// byte, escapes included, as it is. A URL whose query is ASCII already is
// unchanged.
func EscapeNonASCII(s string) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			n++
		}
	}
	if n == 0 {
		return s
	}
	const hex = "0123456789ABCDEF"
	b := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0x80 {
			b = append(b, '%', hex[c>>4], hex[c&15])
		} else {
			b = append(b, c)
		}
	}
	return string(b)
}

// phase is how far an attempt got before its deadline: a timeout's text
// said only "context deadline exceeded", the same for a receiver whose TLS
// handshake stalled and one whose handler was slow, so a customer looked
// in the wrong place. reused records whether the connection came from the
// pool of kept-alive ones.
type phase struct {
	at     atomic.Int32
	reused atomic.Bool
	conn   atomic.Pointer[net.Conn] // the connection net/http took for the request
	idle   atomic.Int64             // how long a reused connection had been idle (a time.Duration)
	h2     atomic.Bool              // the connection speaks HTTP/2

	// sends counts the HTTP/2 connections net/http took for the request:
	// it sends a request again by itself, on the same connection or a
	// new one, when the receiver refused it untaken (REFUSED_STREAM, or
	// a GOAWAY that leaves its stream out). Past maxHTTP2Sends, stop ends
	// the try and refused says so.
	// informational is the status of the last 1xx answer that came
	// before the final one (0 if none).
	informational atomic.Int32
	// informationalCount and informationalBytes count the 1xx answers
	// and the bytes of their status lines and headers.
	informationalCount atomic.Int32
	informationalBytes atomic.Int64

	sends   atomic.Int32
	refused atomic.Bool
	stop    context.CancelFunc

	// ctx is the try's; held is the HTTP/1 connection it holds (settle)
	// until it has looked at the answer (nil if none).
	ctx  context.Context
	held atomic.Pointer[answerFirstConn]

	// writeFailed says that writing the request failed: net/http
	// reports it to WroteRequest with the error, and the request was not
	// all sent.
	writeFailed atomic.Bool
}

// maxHTTP2Sends is how many times one attempt sends a request that an
// HTTP/2 receiver keeps refusing untaken. net/http sends it again seven
// times over 3 s of backoff after REFUSED_STREAM, and after a GOAWAY on
// each new connection dials another at once, without end: a receiver
// doing so got thousands of connections and requests in one attempt,
// which then read as a timeout. Three let a receiver refuse once or
// twice (a graceful shutdown's GOAWAY, a stream limit reached) and answer.
const maxHTTP2Sends = 3

// informationalFloodError ends an attempt whose receiver sent more than
// MaxResponseHeaderBytes of informational (1xx) answers before its final
// one.
type informationalFloodError struct{ count int32 }

func (e *informationalFloodError) Error() string {
	return fmt.Sprintf("the endpoint sent %d informational (1xx) answers before a final one, with more than %d bytes of status lines and headers in all, "+
		"the most an attempt reads (the attempt fails whatever would have followed)", e.count, MaxResponseHeaderBytes)
}

// refusedError ends an attempt whose HTTP/2 receiver refused the request
// each of the sends times net/http sent it. Not wrapping the
// cancellation that stopped it: that is not the caller's.
type refusedError struct{ sends int }

func (e *refusedError) Error() string {
	return fmt.Sprintf("the endpoint refused the request before any response, each of the %d times it was sent over HTTP/2 "+
		"(a REFUSED_STREAM reset or a GOAWAY leaving it out: it was not processed); it is not sent again within this attempt", e.sends)
}

// staleConn reports whether err, the error of a request whose trace this
// is, is net/http's "server closed idle connection": the receiver closed
// the kept-alive connection after its last answer, and net/http saw that
// close while it expected no answer on it, so before our request was on
// it. The receiver never read the request; net/http sends it again by
// itself only when it is idempotent, and a POST is not. A receiver that
// closes after each answer without "Connection: close" (simple servers,
// some proxies) had about one request in seven fail so under concurrent
// deliveries: failed attempts, retried seconds later, for requests it
// never read. Any other error is not sent again inside an attempt: a reset
// or EOF after the request was written can be a handler that read it and
// died, and the attempt log counts every request a receiver got
// (docs/architecture.md).
func (p *phase) staleConn(ctx context.Context, err error) bool {
	if ctx.Err() != nil || !p.reused.Load() || p.at.Load() >= phaseAnswering {
		return false
	}
	// errServerClosedIdle is not exported; its text is stable
	// (net/http/transport.go).
	return strings.Contains(err.Error(), "http: server closed idle connection")
}

const (
	phaseDialing int32 = iota
	phaseTLS
	phaseConnected
	phaseSent
	phaseAnswering
)

// trace records the phases reached. Its hooks can run on the transport's
// own goroutines (a dial runs detached from the request), hence atomic.
func (p *phase) trace() *httptrace.ClientTrace {
	set := func(v int32) {
		for {
			old := p.at.Load()
			if old >= v || p.at.CompareAndSwap(old, v) {
				return
			}
		}
	}
	return &httptrace.ClientTrace{
		TLSHandshakeStart: func() { set(phaseTLS) },
		GotConn: func(info httptrace.GotConnInfo) {
			p.reused.Store(info.Reused)
			if info.Conn != nil {
				p.conn.Store(&info.Conn)
			}
			if info.WasIdle {
				p.idle.Store(int64(info.IdleTime))
			}
			if tc, ok := info.Conn.(*tls.Conn); ok {
				p.h2.Store(tc.ConnectionState().NegotiatedProtocol == "h2")
			}
			if c := answerFirstOf(info.Conn); c != nil && !p.h2.Load() && p.ctx != nil {
				// HTTP/2 sends a request beside others on its
				// connection, and its frames leave nothing behind.
				if info.Reused {
					c.settle(p.ctx)
				} else {
					c.hold()
				}
				if old := p.held.Swap(c); old != nil && old != c {
					old.release()
				}
			}
			if p.h2.Load() && p.sends.Add(1) > maxHTTP2Sends && p.stop != nil {
				p.refused.Store(true)
				p.stop()
			}
			set(phaseConnected)
		},
		WroteRequest: func(info httptrace.WroteRequestInfo) {
			// net/http reports a write that failed here too: that
			// request was not sent.
			if info.Err != nil {
				p.writeFailed.Store(true)
				return
			}
			set(phaseSent)
		},
		GotFirstResponseByte: func() { set(phaseAnswering) },
		Got1xxResponse: func(code int, header textproto.MIMEHeader) error {
			p.informational.Store(int32(code))
			// With this hook net/http leaves the 1xx answers unbounded
			// (without it their headers count towards the final
			// answer's MaxResponseHeaderBytes): a receiver sending "103
			// Early Hints" without end had the attempt read them for
			// its whole timeout, megabytes of headers parsed.
			n := int64(len("HTTP/1.1 100 \r\n\r\n") + len(http.StatusText(code)))
			for k, vs := range header {
				for _, v := range vs {
					n += int64(len(k) + len(": \r\n") + len(v))
				}
			}
			count := p.informationalCount.Add(1)
			if p.informationalBytes.Add(n) > MaxResponseHeaderBytes {
				return &informationalFloodError{count: count}
			}
			return nil
		},
	}
}

// release ends the hold of the connection the try had, once its answer
// has been looked at (closeAfterStrayBody): a request that took the
// connection from the pool meanwhile can go on (answerFirstConn.settle).
func (p *phase) release() {
	if c := p.held.Swap(nil); c != nil {
		c.release()
	}
}

// timedOut says, for an attempt's error text, where an attempt that ran
// out of time before its response headers stood when its deadline came.
func (p *phase) timedOut() string {
	switch p.at.Load() {
	case phaseDialing:
		return "no connection had been made"
	case phaseTLS:
		return "the TLS handshake had not finished"
	case phaseConnected:
		if p.writeFailed.Load() {
			// The endpoint stopped reading the request (its socket
			// buffers full) and kept the connection open.
			return "the request was still being sent: the endpoint had stopped reading it before its end"
		}
		return "the request had not been sent"
	case phaseSent:
		return "the request was sent; no response had begun"
	}
	if code := int(p.informational.Load()); code != 0 {
		// A complete 1xx, and then nothing, or part of the final
		// answer: the trace does not tell which.
		return fmt.Sprintf("the final response's headers had not finished; an informational %d %s had arrived", code, http.StatusText(code))
	}
	return "the response headers had not finished"
}

// cutOff says, for an attempt's error text, what the receiver may not
// have seen of a request whose connection was closed or reset before an
// answer began, when that connection was a kept-alive one ("" otherwise).
// A receiver that answers without "Connection: close" and then closes
// the connection resets the next request sent on it, which it never read:
// the attempt failed, and the customer looked in their logs for a request
// that had not arrived.
//
// Not over HTTP/2, where "Connection: close" has no part: a stream's
// reset or a GOAWAY is a frame of the server's, which the error names.
func (p *phase) cutOff() string {
	if !p.reused.Load() || p.h2.Load() || p.at.Load() >= phaseAnswering {
		return ""
	}
	return "the request went on a kept-alive connection that the endpoint had answered on before, " +
		"and a server that closes such a connection without answering Connection: close cuts off the next request sent on it unread"
}

// closeAfterStrayBody closes the HTTP/1 connection that resp, a 204 or
// 304, came on when it announced a body anyway (a Content-Length other
// than 0, or a Transfer-Encoding). Those answers have no body, so net/http
// reads none and puts the connection back in the pool with the body's
// bytes still to come on it: the next request sent there, perhaps another
// endpoint's on the same host, read them as the start of its answer, and
// failed ("the response is not valid HTTP: malformed HTTP version
// \"helloHTTP/1.1\"") or took them for its answer. Closed, the connection
// takes no further request; the answer itself stands as it came (the
// status is the receiver's). Not over HTTP/2, whose frames leave nothing
// behind, and whose connection other requests share.
func (p *phase) closeAfterStrayBody(resp *http.Response) {
	if resp.StatusCode != http.StatusNoContent && resp.StatusCode != http.StatusNotModified {
		return
	}
	if resp.ProtoMajor != 1 || p.h2.Load() {
		return
	}
	cl := resp.Header.Values("Content-Length")
	if len(resp.TransferEncoding) == 0 && len(resp.Header.Values("Transfer-Encoding")) == 0 &&
		(len(cl) == 0 || len(cl) == 1 && strings.TrimSpace(cl[0]) == "0") {
		return
	}
	if c := p.conn.Load(); c != nil {
		(*c).Close()
	}
}

// cutWhileSending reports whether err, the error of a request whose
// trace this is, is the endpoint closing or resetting an HTTP/1
// connection while the request was still being written to it: net/http's
// read side saw the close and closed the connection, and its write side
// then failed with "use of closed network connection" (kind other, and
// words that read as our own fault), or the write was reset or met a
// closed socket ("readfrom tcp …: write tcp …: connection reset by peer",
// "… broken pipe"), or the read side's error won ("EOF"). A server or
// proxy that refuses a request body over its size limit does this, with
// no answer or with one that net/http then drops for the write's error.
func (p *phase) cutWhileSending(ctx context.Context, err error) bool {
	if ctx.Err() != nil || p.h2.Load() || !p.writeFailed.Load() {
		return false
	}
	return errors.Is(err, net.ErrClosed) || Classify(err) == KindConnectionReset
}

// sendCutError is a connection that the endpoint closed or reset while
// the request was still being sent ([phase.cutWhileSending]). [Classify]
// reports "connection_reset"; [PlainError] says it in words.
type sendCutError struct {
	err       error
	bodyBytes int64 // the request body's length; 0 or less if not known
	proxy     bool  // through the egress proxy, whose connection it was
	answering bool  // the answer had begun to arrive
}

func (e *sendCutError) Error() string {
	return e.err.Error() + " (the connection was closed while the request was still being sent)"
}
func (e *sendCutError) Unwrap() error { return e.err }

// plain is what PlainError says for e.
func (e *sendCutError) plain() string {
	body := "its body"
	if e.bodyBytes > 0 {
		body = fmt.Sprintf("its %d-byte body", e.bodyBytes)
	}
	who := "the endpoint"
	if e.proxy {
		who = "the endpoint, or the egress proxy on the way to it,"
	}
	text := "the connection was closed while the request was still being sent: " + who +
		" stopped reading the request before the end of " + body
	if e.answering {
		text += "; an answer had begun to arrive, and was lost with the connection"
	} else {
		text += ", with no response"
	}
	return text + " (as a server or proxy may do that refuses a request body over its size limit)"
}

// cutOffError is a connection closed or reset before an answer began,
// with what [phase.cutOff] says of it: PlainError adds the note after the
// text it writes for the error.
type cutOffError struct {
	err  error
	note string
}

func (e *cutOffError) Error() string { return e.err.Error() + "; " + e.note }
func (e *cutOffError) Unwrap() error { return e.err }

// withCtxErr makes sure an error caused by ctx ending carries ctx.Err(), so
// Classify reports "timeout" or "canceled" even if the transport described
// it differently (e.g. "net/http: request canceled").
func withCtxErr(ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		return fmt.Errorf("%w (%w)", err, cerr)
	}
	return err
}

// ReadBody reads a response body as an attempt does: the answer is
// complete once limit bytes have arrived; past them up to 64 KiB more is
// read, for at most 250 ms (then stop is called, which must end the read:
// the cancel of the request's context), only so that the connection can be
// used again, and how that ends is no error. truncated says the body went
// on past limit; complete is when the answer was complete (the body ended
// or failed, or its first limit bytes had arrived and the drain began), as
// [Response.Complete]. esahayak listen reads its local handler's answers
// with it, so that a forward succeeds or fails, and takes as long, as a
// delivery to that handler would.
func ReadBody(r io.Reader, limit int64, stop func()) (body []byte, truncated bool, complete time.Time, err error) {
	return readBody(r, limit, stop)
}

func readBody(r io.Reader, limit int64, stop func()) (body []byte, truncated bool, complete time.Time, err error) {
	var drainTimer *time.Timer
	body, truncated, err = readCapped(r, limit, func() {
		complete = time.Now()
		drainTimer = time.AfterFunc(drainWait, stop)
	})
	if drainTimer != nil {
		drainTimer.Stop()
	} else {
		complete = time.Now()
	}
	return body, truncated, complete, err
}

// readCapped reads up to limit bytes. The answer is complete once those
// have arrived, so it never waits for byte limit+1 longer than the drain
// window: a receiver that sends exactly limit bytes and then goes quiet
// (a declared length past the cap, or a chunked body whose end is late)
// would otherwise hold the attempt until its timeout and fail it. Past the
// cap it calls beforeDrain (which bounds the drain's time) and discards up
// to drainLimit more bytes so that, if that reaches the end, the
// connection can be reused; otherwise the caller's Close drops the
// connection. The body is marked truncated unless its end came right at
// the cap.
func readCapped(r io.Reader, limit int64, beforeDrain func()) ([]byte, bool, error) {
	body, err := io.ReadAll(io.LimitReader(r, limit))
	if err != nil || int64(len(body)) < limit {
		// What arrived before the error is kept: it is what the receiver
		// said, and often why it failed.
		return body, false, err
	}
	if beforeDrain != nil {
		beforeDrain()
	}
	n, err := io.CopyN(io.Discard, r, drainLimit) // best effort: only its first byte matters
	endedAtCap := n == 0 && errors.Is(err, io.EOF)
	return body[:limit:limit], !endedAtCap, nil
}

// precheck is the best-effort target check used when a proxy makes the
// actual connection. Resolution failures are not errors: the proxy may be
// able to resolve names this host cannot.
func (c *Client) precheck(ctx context.Context, host string) error {
	if host == "" {
		return nil // the transport reports a missing host
	}
	ips, err := c.resolve(ctx, "ip", host)
	if err != nil {
		return nil
	}
	return checkAll(host, ips)
}

// dialAnswerFirst is dialContext with the connection made an
// [answerFirstConn].
func (c *Client) dialAnswerFirst(ctx context.Context, network, addr string) (net.Conn, error) {
	conn, err := c.dialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	return newAnswerFirstConn(conn), nil
}

// dialContext is the transport's dialer. Dials to the configured proxy and,
// with AllowPrivate, all dials are unguarded. Otherwise the host is resolved
// once, every address is checked, and only checked addresses are dialled.
//
// net/http dials with a context detached from the request (so a dial can
// finish and pool its connection after the request gave up), so the dial
// is bounded here by Timeout, and TLS handshakes by TLSHandshakeTimeout.
func (c *Client) dialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	if c.allowPrivate || (c.proxyAddr != "" && strings.EqualFold(addr, c.proxyAddr)) {
		return c.plainDialer.DialContext(ctx, network, addr)
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, &net.OpError{Op: "dial", Net: network, Err: err}
	}
	lookupNet := "ip"
	switch network {
	case "tcp4":
		lookupNet = "ip4"
	case "tcp6":
		lookupNet = "ip6"
	}
	ips, err := c.resolve(ctx, lookupNet, host)
	if err != nil {
		return nil, &net.OpError{Op: "dial", Net: network, Err: err}
	}
	if err := checkAll(host, ips); err != nil {
		return nil, err
	}
	return c.dialParallel(ctx, network, host, port, ips)
}

// fallbackDelay is how long the addresses of a host's first family (the
// resolver puts IPv6 first where this machine can reach it) are tried
// alone before those of the other family start beside them: the net
// package's default, after RFC 8305 (Happy Eyeballs).
const fallbackDelay = 300 * time.Millisecond

// dialParallel dials the checked addresses of host as the net package's
// dialer does: those of the first address's family one after another
// and, from fallbackDelay on (or once they have all failed), those of the
// other family beside them; the first connection made wins. One after
// another across families, a route that drops IPv6 packets (a broken AAAA
// record, or IPv6 filtered on the way) took half of the attempt's time
// before the IPv4 dial began, every new connection, and left the
// receiver half of its 10 seconds to answer. It returns the first
// family's error when no dial succeeds.
func (c *Client) dialParallel(ctx context.Context, network, host, port string, ips []netip.Addr) (net.Conn, error) {
	var primaries, fallbacks []netip.Addr
	for _, ip := range ips {
		if ip.Is4() == ips[0].Is4() {
			primaries = append(primaries, ip)
		} else {
			fallbacks = append(fallbacks, ip)
		}
	}
	if len(fallbacks) == 0 {
		return c.dialSerial(ctx, network, host, port, primaries)
	}
	type dialResult struct {
		conn    net.Conn
		err     error
		primary bool
	}
	results := make(chan dialResult)
	returned := make(chan struct{})
	defer close(returned)
	ctx, cancel := context.WithCancel(ctx) // ends the losing dial
	defer cancel()
	start := func(ips []netip.Addr, primary bool) {
		conn, err := c.dialSerial(ctx, network, host, port, ips)
		select {
		case results <- dialResult{conn, err, primary}:
		case <-returned:
			if conn != nil {
				conn.Close()
			}
		}
	}
	go start(primaries, true)
	fallback := time.NewTimer(fallbackDelay)
	defer fallback.Stop()
	fallbackStarted := false
	var primaryErr, fallbackErr error
	for {
		select {
		case <-fallback.C:
			fallbackStarted = true
			go start(fallbacks, false)
		case res := <-results:
			if res.err == nil {
				return res.conn, nil
			}
			if res.primary {
				primaryErr = res.err
				if !fallbackStarted && fallback.Stop() {
					fallbackStarted = true
					go start(fallbacks, false)
				}
			} else {
				fallbackErr = res.err
			}
			if primaryErr != nil && fallbackErr != nil {
				return nil, primaryErr
			}
		}
	}
}

// dialSerial dials ips one after another, each with an equal share of the
// time left, until one answers; it returns the first error.
func (c *Client) dialSerial(ctx context.Context, network, host, port string, ips []netip.Addr) (net.Conn, error) {
	var firstErr error
	for i, ip := range ips {
		dctx := ctx
		if deadline, ok := ctx.Deadline(); ok && len(ips)-i > 1 {
			var cancel context.CancelFunc
			dctx, cancel = context.WithDeadline(ctx, partialDeadline(time.Now(), deadline, len(ips)-i))
			defer cancel()
		}
		conn, err := c.dialIP(dctx, network, net.JoinHostPort(ip.String(), port))
		if err == nil {
			return conn, nil
		}
		var be *BlockedError
		if errors.As(err, &be) {
			be.Host = host
		}
		if firstErr == nil {
			firstErr = err
		}
		if ctx.Err() != nil {
			break
		}
	}
	return nil, firstErr
}

// resolve returns the addresses for host (an IP literal is returned as is),
// with IPv4-mapped addresses unmapped.
func (c *Client) resolve(ctx context.Context, network, host string) ([]netip.Addr, error) {
	if ip, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{ip.Unmap()}, nil
	}
	ips, err := c.lookup(ctx, network, host)
	if err != nil {
		return nil, err
	}
	if len(ips) == 0 {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	for i := range ips {
		ips[i] = ips[i].Unmap()
	}
	return ips, nil
}

// checkAll refuses if any of the addresses is forbidden: a name with one
// private address among public ones is treated as hostile.
func checkAll(host string, ips []netip.Addr) error {
	for _, ip := range ips {
		if reason, bad := Forbidden(ip); bad {
			return &BlockedError{Host: host, IP: ip, Reason: reason}
		}
	}
	return nil
}

// guardControl runs just before connect(2) on every guarded socket, checking
// the exact address the kernel is about to connect to.
func guardControl(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("egress: unexpected dial address %q: %w", address, err)
	}
	if reason, bad := Forbidden(ap.Addr()); bad {
		return &BlockedError{IP: ap.Addr(), Reason: reason}
	}
	return nil
}

// partialDeadline gives each remaining address an equal share of the time
// left, but at least 2s when possible (mirrors the net package's dialSerial).
func partialDeadline(now, deadline time.Time, remaining int) time.Time {
	left := deadline.Sub(now)
	if left <= 0 {
		return deadline
	}
	share := left / time.Duration(remaining)
	const saneMinimum = 2 * time.Second
	if share < saneMinimum {
		share = min(left, saneMinimum)
	}
	return now.Add(share)
}

// canonicalAddr is the host:port the transport dials for the proxy URL.
func canonicalAddr(u *url.URL) string {
	port := u.Port()
	if port == "" {
		switch u.Scheme {
		case "https":
			port = "443"
		case "socks5", "socks5h":
			port = "1080"
		default:
			port = "80"
		}
	}
	return net.JoinHostPort(u.Hostname(), port)
}

// urlErrorOp is a method as net/http's client names it in its errors:
// "Post", not "POST".
func urlErrorOp(method string) string {
	if method == "" {
		return "Get"
	}
	if lower := strings.ToLower(method); len(lower) > 1 {
		return method[:1] + lower[1:]
	}
	return method
}
