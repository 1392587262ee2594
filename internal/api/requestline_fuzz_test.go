package api

import (
	"bufio"
	"net/http"
	"strings"
	"testing"
)

var httpReadRequest = http.ReadRequest

// FuzzRequestLineFault: requestLineFault names a fault in a request line
// exactly when Go's own reading of a request (http.ReadRequest, the
// server's readRequest) refuses that line, so that the answer to Go's
// bare 400 never blames a line Go read; and plainRequestLine, its
// allocation-free shortcut, passes only lines Go reads.
func FuzzRequestLineFault(f *testing.F) {
	for _, seed := range []string{
		"GET /v1/orders HTTP/1.1", "GET /dashboard/100% HTTP/1.1", "GET /v1/orders/%zz HTTP/1.1",
		"GET /v1/my orders HTTP/1.1", "G@T / HTTP/1.1", "GET v1/orders HTTP/1.1", "GET\t/ HTTP/1.1",
		"GET / HTTP/1.1 x", "GET", "", " GET / HTTP/1.1", "GET  HTTP/1.1", "GET /a\x01b HTTP/1.1",
		"GET http://[::1/v1 HTTP/1.1", "CONNECT a:b:c HTTP/1.1", "CONNECT example.com:443 HTTP/1.1",
		"OPTIONS * HTTP/1.1", "GET /?q=100% HTTP/1.1", "GET /%e9 HTTP/1.0", "GET / HTTP/2.0", "GET / http/1.1",
		"GET /\x80 HTTP/1.1", "G\xe9T / HTTP/1.1", "GET http://x/y HTTP/1.1",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if strings.ContainsAny(line, "\r\n") {
			return // a line end ends the line: not one line
		}
		_, err := readLine(line)
		fault := requestLineFault(line)
		if (err != nil) != (fault != "") {
			t.Fatalf("line %q: Go's reading says %v, requestLineFault %q", line, err, fault)
		}
		if plainRequestLine([]byte(line)) && err != nil {
			t.Fatalf("line %q: plainRequestLine passed it, Go refuses it: %v", line, err)
		}
	})
}

// readLine is Go's reading of a request whose head is line and a Host.
func readLine(line string) (struct{}, error) {
	_, err := httpReadRequest(bufio.NewReader(strings.NewReader(line + "\r\nHost: x\r\n\r\n")))
	return struct{}{}, err
}

// BenchmarkPlainRequestLine is what every request's line costs the
// framer since it checks for a line Go's server refuses: the upload
// route's line, passed by the allocation-free shortcut.
func BenchmarkPlainRequestLine(b *testing.B) {
	line := []byte("POST /v1/orders/order_01m98fqz6r8nm5g76v5pc3n7n1/upload HTTP/1.1")
	b.ReportAllocs()
	for b.Loop() {
		if !plainRequestLine(line) {
			b.Fatal("the upload route's line is not plain")
		}
	}
}

// BenchmarkFramerHead is what the framer costs one ordinary API request:
// an upload's head, as a client library sends it, with a short JSON body
// (the lines it reads, the checks of the request line, the header lines,
// and the Host and Content-Length Go would refuse).
func BenchmarkFramerHead(b *testing.B) {
	req := []byte("POST /v1/orders/order_01m98fqz6r8nm5g76v5pc3n7n1/upload HTTP/1.1\r\n" +
		"Host: api.esahayak.example:8080\r\nUser-Agent: Go-http-client/1.1\r\nContent-Length: 2\r\n" +
		"Accept: application/json\r\nAuthorization: Bearer esk_live_3kq9Y2wW0xGm7sVbR4tNpJ8uLzQeHdCf\r\n" +
		"Content-Type: application/json\r\nIdempotency-Key: 0b6f3a4e-8d2c-4f19-9a57-2c1e6d8b7f30\r\n" +
		"Accept-Encoding: gzip\r\n\r\n{}")
	var totals chunkTotals
	fr := chunkFramer{totals: &totals, lineFault: func(int64, string) { b.Fatal("an ordinary head was refused") }}
	b.ReportAllocs()
	b.SetBytes(int64(len(req)))
	for b.Loop() {
		fr.feed(req)
	}
	if fr.state != frRequestLine {
		b.Fatalf("the framer ended in state %v, not at the next request line", fr.state)
	}
}
