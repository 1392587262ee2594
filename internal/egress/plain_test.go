package egress

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"syscall"
	"testing"
	"time"
)

// refusedText is what a person reads for a connection addr refused.
func refusedText(addr string) string {
	return "connection refused by " + addr + " (nothing is listening on that port, or a firewall refused the connection)"
}

// A refused connection is said in plain words naming the address that
// refused (the endpoint's), not as "dial tcp ADDR: connect: connection
// refused", and error_kind stays connection_refused.
func TestPlainErrorSaysARefusalInWords(t *testing.T) {
	addr := closedPort(t)
	c := newClient(t, Options{AllowPrivate: true})
	_, err := post(t, c, "http://"+addr+"/hook", "{}")
	plain := PlainError(err, time.Second)
	if got := c.ErrorText(plain); got != refusedText(addr) {
		t.Errorf("error text %q; want %q", got, refusedText(addr))
	}
	if Classify(plain) != KindConnectionRefused || !errors.Is(plain, syscall.ECONNREFUSED) {
		t.Errorf("Classify = %q, errors.Is(ECONNREFUSED) = %v; want the kind and the tree kept", Classify(plain), errors.Is(plain, syscall.ECONNREFUSED))
	}
}

// A dial that names its source (a bound local address) is said without
// it: the sending machine's address is the operator's network. (A
// constructed error: nothing is dialled.)
func TestPlainErrorRefusalLeavesOutOurAddress(t *testing.T) {
	src := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2), Port: 40564}
	dst := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1}
	err := &url.Error{Op: "Post", URL: "https://localhost:1/x", Err: &net.OpError{Op: "dial", Net: "tcp", Source: src, Addr: dst,
		Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}}
	if got := ErrorText(PlainError(err, time.Second)); got != refusedText(dst.String()) {
		t.Errorf("error text %q; want %q", got, refusedText(dst.String()))
	}
	if PlainError(nil, time.Second) != nil {
		t.Error("PlainError(nil) is not nil")
	}
}

// A pooled connection that received bytes while idle, before the request
// was written (an SMTP or SSH greeting), ends with net/http's internal
// words, which the request meets: they are said as what happened. (A
// constructed error, as net/http makes it: nothing is dialled.)
func TestPlainErrorSaysAnUnsolicitedGreeting(t *testing.T) {
	err := &url.Error{Op: "Post", URL: "http://127.0.0.1:1/x", Err: fmt.Errorf("readLoopPeekFailLocked: %w", nil)}
	want := "the server at that address sent data before the request was sent, as SSH and mail servers do on connecting " +
		"and HTTP servers never do (is the URL's port the HTTP server's?)"
	if got := ErrorText(PlainError(err, time.Second)); got != want {
		t.Errorf("error text %q; want %q", got, want)
	}
}
