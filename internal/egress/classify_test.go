package egress

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/netip"
	"net/url"
	"os"
	"syscall"
	"testing"
)

func mustAddr(s string) netip.Addr { return netip.MustParseAddr(s) }

// Classify on constructed errors, shaped like those net/http returns.
func TestClassify(t *testing.T) {
	urlErr := func(err error) error { return &url.Error{Op: "Post", URL: "https://hooks.example/x", Err: err} }
	dialErr := func(err error) error { return &net.OpError{Op: "dial", Net: "tcp", Err: err} }
	sysErr := func(errno syscall.Errno) error {
		return dialErr(&os.SyscallError{Syscall: "connect", Err: errno})
	}
	blocked := &BlockedError{Host: "localhost", IP: mustAddr("127.0.0.1"), Reason: ReasonLoopback}

	tests := []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, ""},
		{"blocked", urlErr(blocked), KindBlocked},
		{"blocked via control", urlErr(dialErr(blocked)), KindBlocked},
		{"blocked beats deadline", fmt.Errorf("%w (%w)", urlErr(blocked), context.DeadlineExceeded), KindBlocked},
		{"canceled", urlErr(context.Canceled), KindCanceled},
		{"deadline", urlErr(context.DeadlineExceeded), KindTimeout},
		{"net timeout", urlErr(dialErr(&timeoutErr{})), KindTimeout},
		{"os deadline", urlErr(os.ErrDeadlineExceeded), KindTimeout},
		{"body read deadline", fmt.Errorf("reading body: %w (%w)", errors.New("net/http: request canceled"), context.DeadlineExceeded), KindTimeout},
		{"dns not found", urlErr(dialErr(&net.DNSError{Err: "no such host", Name: "hooks.example", IsNotFound: true})), KindDNS},
		{"dns timeout", urlErr(dialErr(&net.DNSError{Err: "i/o timeout", Name: "hooks.example", IsTimeout: true})), KindDNS},
		{"proxyconnect refused", urlErr(&net.OpError{Op: "proxyconnect", Net: "tcp", Err: sysErr(syscall.ECONNREFUSED)}), KindProxy},
		{"proxyconnect timeout", urlErr(&net.OpError{Op: "proxyconnect", Net: "tcp", Err: &timeoutErr{}}), KindProxy},
		{"proxy CONNECT status", urlErr(&ProxyError{StatusCode: 403, Status: "403 Forbidden"}), KindProxy},
		{"unknown CA", urlErr(&tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}), KindTLS},
		{"hostname", urlErr(x509.HostnameError{Host: "x"}), KindTLS},
		{"record header", urlErr(tls.RecordHeaderError{Msg: "tls: first record does not look like a TLS handshake"}), KindTLS},
		{"alert", urlErr(tls.AlertError(40)), KindTLS},
		{"plain tls error", urlErr(errors.New("tls: no supported versions satisfy MinVersion and MaxVersion")), KindTLS},
		{"refused", urlErr(sysErr(syscall.ECONNREFUSED)), KindConnectionRefused},
		{"reset", urlErr(&net.OpError{Op: "read", Net: "tcp", Err: &os.SyscallError{Syscall: "read", Err: syscall.ECONNRESET}}), KindConnectionReset},
		{"broken pipe", urlErr(&net.OpError{Op: "write", Net: "tcp", Err: &os.SyscallError{Syscall: "write", Err: syscall.EPIPE}}), KindConnectionReset},
		{"EOF", urlErr(io.EOF), KindConnectionReset},
		{"unexpected EOF", fmt.Errorf("reading body: %w", io.ErrUnexpectedEOF), KindConnectionReset},
		// Real HTTP/2 resets: TestHTTP2AbortIsAConnectionReset. This one
		// net/http retries, and returns only once its retries are spent.
		{"HTTP/2 GOAWAY, retries spent", urlErr(errors.New("http2: Transport received Server's graceful shutdown GOAWAY")), KindConnectionReset},
		{"unreachable", urlErr(sysErr(syscall.ENETUNREACH)), KindOther},
		{"other", errors.New("unsupported protocol scheme"), KindOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Classify(tt.err); got != tt.want {
				t.Errorf("Classify(%v) = %q, want %q", tt.err, got, tt.want)
			}
		})
	}
}

type timeoutErr struct{}

func (*timeoutErr) Error() string   { return "i/o timeout" }
func (*timeoutErr) Timeout() bool   { return true }
func (*timeoutErr) Temporary() bool { return true }
