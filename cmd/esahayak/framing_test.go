package main_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// serve closes the connection of a request that has both Content-Length
// and Transfer-Encoding: chunked after answering it (RFC 9112 §6.3), so
// that what a proxy framing by Content-Length sent as its body is never
// answered as a request (api.GuardFraming, which the server's listener
// must have). It kept the connection open for the smuggled GET.
func TestServeClosesAnAmbiguouslyFramedConnection(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the server binary; skipped with -short")
	}
	db := "sqlite:" + filepath.Join(t.TempDir(), "f.db")
	_, key := createAccount(t, db)
	addr := freeAddr(t)
	serveAt(t, addr, db)
	smuggled := "GET /v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + key + "\r\n\r\n"
	body := "0\r\n\r\n" + smuggled
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, "POST /v1/orders HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "+key+"\r\nContent-Length: "+
		strconv.Itoa(len(body))+"\r\nTransfer-Encoding: chunked\r\n\r\n"+body); err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReader(c)
	resp, err := http.ReadResponse(br, nil)
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 400 || !resp.Close {
		t.Fatalf("%d %s (Connection: close %v); want 400 and the connection closed", resp.StatusCode, b, resp.Close)
	}
	if more, err := io.ReadAll(br); len(more) != 0 || err != nil {
		t.Fatalf("after the answer, %q (%v); want the connection's end (EOF)", more, err)
	}
}
