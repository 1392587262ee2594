package relay

import (
	"time"

	"github.com/esahayak/esahayak/internal/ids"
)

// SessionPrefix starts every listen session id.
const SessionPrefix = "ls_"

// Bounds and timings of the relay (see the package documentation).
const (
	// ReplayWindow: a reconnecting listener gets the events it missed from
	// at most this far back.
	ReplayWindow = time.Hour
	// ReplayLimit: and at most this many of them (the newest).
	ReplayLimit = 1000
	// Lookback is how far behind its cursor a stream re-reads, for events
	// whose transaction committed after that of a newer event.
	Lookback = 10 * time.Second
	// PollInterval is how often a stream reads the store for events
	// committed by other instances.
	PollInterval = time.Second
	// HeartbeatInterval is how often an idle stream sends a comment.
	HeartbeatInterval = 15 * time.Second
	// IdleTimeout is how long a listener waits without a byte (a ping
	// arrives every HeartbeatInterval) before it reconnects.
	IdleTimeout = 3*HeartbeatInterval + 5*time.Second
)

// SSE event names of the stream.
const (
	EventReady   = "ready"
	EventWebhook = "webhook"
)

// SessionRequest is the body of POST /v1/listen_sessions.
type SessionRequest struct {
	// Events to receive; empty for every type.
	Events []string `json:"events,omitempty"`
	// ForwardTo is the local URL the listener forwards to, shown in the
	// API and dashboard; the server never connects to it.
	ForwardTo string `json:"forward_to,omitempty"`
}

// Session is the listen_session resource.
type Session struct {
	ID        string   `json:"id"`
	Object    string   `json:"object"`
	Events    []string `json:"events"`
	ForwardTo string   `json:"forward_to"`
	// Status is "open" until the listener closes the session.
	Status string `json:"status"`
	// Secret is returned only when the session is created.
	Secret     string  `json:"secret,omitempty"`
	StreamURL  string  `json:"stream_url"`
	CreatedAt  string  `json:"created_at"`
	LastSeenAt *string `json:"last_seen_at"`
	ClosedAt   *string `json:"closed_at"`
}

// Session statuses.
const (
	SessionOpen   = "open"
	SessionClosed = "closed"
)

// Ready is the data of the ready message, the first of each connection.
type Ready struct {
	SessionID string `json:"session_id"`
	// Replayed counts the events after the listener's cursor (Last-Event-ID)
	// that follow at once, missed while it was away.
	Replayed int `json:"replayed"`
	// Truncated: more was missed than the replay bound allows; the oldest
	// events are not replayed.
	Truncated bool `json:"truncated"`
}

// Message is the data of a webhook message.
type Message struct {
	ID        string `json:"id"`
	Type      string `json:"type"`
	CreatedAt string `json:"created_at"`
	// Payload is the exact body to POST: the stored event, byte for byte.
	Payload string `json:"payload"`
}

// Report is the body of POST /v1/listen_sessions/{id}/results: what
// happened when the listener forwarded one event.
type Report struct {
	EventID    string  `json:"event_id"`
	StartedAt  string  `json:"started_at"` // RFC 3339
	DurationMS float64 `json:"duration_ms"`
	// RequestHeaders are the headers the listener sent.
	RequestHeaders map[string]string `json:"request_headers"`
	// Status is the local handler's HTTP status; 0 when none arrived.
	Status          int               `json:"status"`
	ResponseHeaders map[string]string `json:"response_headers,omitempty"`
	// ResponseBody: its first 4 KiB.
	ResponseBody string `json:"response_body,omitempty"`
	// Error says why no 2xx arrived (connection refused, time-out, …).
	Error     string `json:"error,omitempty"`
	ErrorKind string `json:"error_kind,omitempty"`
}

const alphabet = "0123456789abcdefghjkmnpqrstvwxyz" // of package ids

// IDTime returns the creation time encoded in an id with prefix, and false
// when id is not such an id.
func IDTime(prefix, id string) (time.Time, bool) {
	if !ids.Valid(prefix, id) {
		return time.Time{}, false
	}
	// The first 10 characters carry 50 bits: 2 zero bits and the 48-bit
	// millisecond timestamp.
	var ms uint64
	for _, c := range []byte(id[len(prefix) : len(prefix)+10]) {
		v := indexOf(c)
		if v < 0 {
			return time.Time{}, false
		}
		ms = ms<<5 | uint64(v)
	}
	if ms>>48 != 0 {
		return time.Time{}, false
	}
	return time.UnixMilli(int64(ms)).UTC(), true
}

func indexOf(c byte) int {
	for i := 0; i < len(alphabet); i++ {
		if alphabet[i] == c {
			return i
		}
	}
	return -1
}
