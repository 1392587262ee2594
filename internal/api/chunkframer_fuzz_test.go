package api

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"testing"
)

// FuzzChunkFramerFollowsGo: the framer (chunklimit.go) reads a
// connection's bytes as Go's server does, however they are split into
// reads: where Go reads every request of a stream and its body to the
// stream's end, a framer that still follows the stream counts the same
// requests (OPTIONS * aside, as the server's handler never sees it) and
// waits for the next request line. A framer that drifted would take a
// body's bytes for chunk sizes, and refuse a request that fits.
func FuzzChunkFramerFollowsGo(f *testing.F) {
	for _, seed := range []string{
		"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
		"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
		"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n",
		"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1 \r\nhello\r\n0\r\nX-T: 1\r\n\r\n",
		"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
		"POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n",
		"OPTIONS * HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nabGET / HTTP/1.1\r\nHost: x\r\n\r\n",
		"POST / HTTP/1.1\r\nHost: x\r\ncontent-length: 2\r\nContent-Length: 2\r\n\r\n\r\n",
		"POST / HTTP/1.1\nHost: x\ntransfer-encoding: Chunked\n\n1\r\n\n\r\n0\r\n\n",
	} {
		f.Add([]byte(seed), uint8(7))
	}
	f.Fuzz(func(t *testing.T, data []byte, split uint8) {
		var totals chunkTotals
		fr := chunkFramer{totals: &totals}
		step := int(split%64) + 1
		for b := data; len(b) > 0; {
			n := min(step, len(b))
			fr.feed(b[:n])
			b = b[n:]
		}
		if fr.state == frLost {
			return // it stopped following the stream: nothing is limited
		}
		br := bufio.NewReader(bytes.NewReader(data))
		var served int64
		for {
			if _, err := br.Peek(1); err == io.EOF {
				break // Go read every request, to the stream's end
			}
			req, err := http.ReadRequest(br)
			if err != nil {
				return // Go refuses the stream: its server closes the connection
			}
			if !(req.Method == http.MethodOptions && req.RequestURI == "*") {
				served++
			}
			if _, err := io.Copy(io.Discard, req.Body); err != nil {
				return
			}
		}
		if fr.heads != served || fr.state != frRequestLine || len(fr.line) != 0 {
			t.Fatalf("Go read %d requests to the end; the framer counted %d, in state %d with %q pending", served, fr.heads, fr.state, fr.line)
		}
	})
}
