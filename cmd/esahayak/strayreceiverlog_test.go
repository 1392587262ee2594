package main_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
	"github.com/esahayak/esahayak/internal/testenv/loopback"
)

// TestReceiversStrayBytesAreALogLine: an endpoint that answers 200 and
// then sends more bytes than its Content-Length said makes Go's HTTP
// client report them ("Unsolicited response received on idle HTTP
// channel starting with …", quoting up to 4 KiB of them) through the
// standard log package. That wrote a plain line beside serve's log, with
// no level and no instance, and not JSON under --log-format json: any
// endpoint could put one line of its own bytes into an operator's JSON
// log per attempt, whatever --log-level said. It is now a line of serve's
// log like any other, at warn, its text cut as an attempt's error is.
func TestReceiversStrayBytesAreALogLine(t *testing.T) {
	for _, format := range []string{"json", "text"} {
		t.Run(format, func(t *testing.T) {
			rcv := loopback.Serve(t, func(conn net.Conn) {
				defer conn.Close()
				br := bufio.NewReader(conn)
				for {
					req, err := http.ReadRequest(br)
					if err != nil {
						return
					}
					io.Copy(io.Discard, req.Body)
					io.WriteString(conn, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"+strings.Repeat("stray\x01", 1000))
				}
			})
			db := "sqlite:" + filepath.Join(t.TempDir(), "s.db")
			_, key := createAccount(t, db)
			p := startServe(t, "--db", db, "--instance-id", "x1", "--log-format", format)
			mustCall(t, p.base, "POST", "/v1/webhook_endpoints", key, `{"url": "http://`+rcv.Addr()+`/hook"}`, 201)
			var o struct{ ID string }
			json.Unmarshal(mustCall(t, p.base, "POST", "/v1/orders", key, fmt.Sprintf(orderBody, false), 201), &o)
			mustCall(t, p.base, "POST", "/v1/orders/"+o.ID+"/upload", "op", "", 200)
			var line string
			testenv.Eventually(t, 30*time.Second, "Go's line about the receiver's stray bytes", func() bool {
				for _, l := range strings.Split(p.output(), "\n") {
					if strings.Contains(l, "Unsolicited response") {
						line = l
						return true
					}
				}
				return false
			})
			switch format {
			case "json":
				var m map[string]any
				if err := json.Unmarshal([]byte(line), &m); err != nil || m["level"] != "WARN" || m["instance"] != "x1" {
					t.Errorf("the line is not a warning of the JSON log naming the instance (%v):\n%.300s", err, line)
				}
			case "text":
				if !strings.HasPrefix(line, "time=") || !strings.Contains(line, " level=WARN ") || !strings.Contains(line, " instance=x1") {
					t.Errorf("the line is not a warning of the text log naming the instance:\n%.300s", line)
				}
			}
			if len(line) > 1500 {
				t.Errorf("the line holds %d bytes, most of them the receiver's: want its text cut as an attempt's error is (900 bytes)", len(line))
			}
		})
	}
}
