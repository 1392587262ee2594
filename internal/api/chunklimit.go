package api

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
)

// A chunked request body says how long each chunk is before the chunk
// comes: "ffffffffffffffff\r\n" promises 16 EiB, and "200000\r\n" 2 MiB,
// on a route that takes 1 MiB. Go's chunked reader takes the size and
// then waits for the data, and http.MaxBytesReader counts only the bytes
// that arrive, so a client that sent such a size and nothing more was
// answered only when the 60 s read timeout ended, with a 408, although
// the size alone said the body was too large. The bytes Go parses are not
// handed to a handler, so the connection (framingConn) follows the
// requests on it as Go's server frames them (chunkFramer), and adds up
// the chunk sizes of each chunked body: LimitBody refuses a body whose
// sizes already pass its limit at once, and one whose sizes pass it while
// it is read makes its read fail as soon as the data buffered so far is
// read, in both cases with the *http.MaxBytesError a body over the limit
// gets, so that each reader answers with its own 413.
//
// The framer follows Go's server (net/http's readRequest, transfer.go and
// internal/chunked.go): a request line, header lines up to an empty line,
// then a body framed by Transfer-Encoding: chunked (HTTP/1.1; Go ignores
// Transfer-Encoding on HTTP/1.0) or by Content-Length, or none. On
// anything it is not sure Go reads the same way (a folded header line, a
// Transfer-Encoding other than chunked, a Content-Length Go refuses, a
// malformed chunk), it
// stops following the connection for good: Go refuses most of those and
// closes the connection, and the others keep the behaviour from before
// (the limit counted on the bytes that arrive).

// maxFramedLine bounds a line the framer keeps: a request head is at most
// the server's MaxHeaderBytes (64 KiB) and 4 KiB more before Go refuses
// it, and a chunk-size line at most 4 KiB.
const maxFramedLine = 64<<10 + 4<<10 + 1

type framerState uint8

const (
	frRequestLine framerState = iota
	frHeader
	frLengthBody // a body framed by Content-Length: skip left bytes
	frChunkSize
	frChunkData // skip left bytes of the chunk
	frChunkCR   // the CRLF after a chunk's data
	frChunkLF
	frTrailer
	frLost // stopped following the connection
)

// chunkFramer follows the requests read from one connection. Its fields
// are used by the connection's reads alone, which Go's server never makes
// from two goroutines at once; what LimitBody reads of it is in
// chunkTotals.
type chunkFramer struct {
	state framerState
	line  []byte
	left  uint64 // bytes still to skip in frLengthBody and frChunkData
	// Of the head being read:
	http10, optionsStar bool
	cl, te              []string
	// lineRefused says that Go refuses the head's request line, and
	// unreadLine that it refuses one of its header lines (a name that is
	// no token, a control character in a value), both before its Host and
	// Content-Length; hosts counts its Host lines (hostOrLengthFault).
	lineRefused, unreadLine bool
	hosts                   int
	heads                   int64 // request heads read, the one being read included
	totals                  *chunkTotals
	// lineFault, when set, is told what Go's server refuses in a request
	// line read (requestLineFault), or in its head's Host or
	// Content-Length (hostOrLengthFault), and the number that head has
	// among the heads handed to the handler (as heads counts them), for
	// the answer to that refusal.
	lineFault func(head int64, fault string)
}

// chunkTotals is what a chunked body has declared and what it may: shared
// between the connection's reads and the handler that limits the body.
type chunkTotals struct {
	mu       sync.Mutex
	head     int64  // the request head whose chunked body is being framed (0: none)
	declared uint64 // the sum of that body's chunk sizes so far (saturating)
	// limitHead's body may hold at most limit bytes (LimitBody).
	limitHead int64
	limit     int64
	// over is the error the connection's next read returns (once): the
	// body being read passed its limit.
	over error
}

// feed follows b, the bytes just read from the connection.
func (f *chunkFramer) feed(b []byte) {
	for len(b) > 0 && f.state != frLost {
		switch f.state {
		case frLengthBody, frChunkData:
			n := uint64(len(b))
			if n > f.left {
				n = f.left
			}
			f.left -= n
			b = b[n:]
			if f.left == 0 {
				if f.state == frLengthBody {
					f.state = frRequestLine
				} else {
					f.state = frChunkCR
				}
			}
		case frChunkCR, frChunkLF:
			want := byte('\r')
			if f.state == frChunkLF {
				want = '\n'
			}
			if b[0] != want {
				f.lose() // Go: "malformed chunked encoding"
				return
			}
			b = b[1:]
			if f.state == frChunkCR {
				f.state = frChunkLF
			} else {
				f.state = frChunkSize
			}
		default: // a line
			i := bytes.IndexByte(b, '\n')
			part := b
			if i >= 0 {
				part = b[:i+1]
			}
			if len(f.line)+len(part) > maxFramedLine {
				f.lose()
				return
			}
			f.line = append(f.line, part...)
			b = b[len(part):]
			if i >= 0 {
				f.endLine()
				f.line = f.line[:0]
				if cap(f.line) > 8<<10 {
					f.line = nil // a long line's buffer is not kept for the connection's life
				}
			}
		}
	}
}

// midHead reports whether part of a request head has been read but not
// its end: bytes of a request line, or header lines short of the empty
// line (framingConn.headStalled).
func (f *chunkFramer) midHead() bool {
	return f.state == frHeader || f.state == frRequestLine && len(f.line) > 0
}

// lose stops following the connection: nothing more is framed or limited.
func (f *chunkFramer) lose() {
	f.state = frLost
	f.line = nil
	f.endChunked()
}

func (f *chunkFramer) endChunked() {
	f.totals.mu.Lock()
	f.totals.head, f.totals.declared = 0, 0
	f.totals.mu.Unlock()
}

// endLine takes in f.line, a whole line with its '\n'.
func (f *chunkFramer) endLine() {
	switch f.state {
	case frRequestLine:
		// A plain line is passed without the allocations of a whole check.
		f.lineRefused = false
		if line := trimEOL(f.line); f.lineFault != nil && !plainRequestLine(line) {
			if fault := requestLineFault(string(line)); fault != "" {
				f.lineRefused = true
				f.lineFault(f.heads+1, fault)
			}
		}
		// As Go's parseRequestLine reads it: METHOD SP TARGET SP VERSION.
		method, rest, ok1 := bytes.Cut(trimEOL(f.line), []byte(" "))
		target, proto, ok2 := bytes.Cut(rest, []byte(" "))
		if !ok1 || !ok2 {
			f.lose() // Go refuses it and closes the connection
			return
		}
		f.http10 = string(proto) == "HTTP/1.0"
		f.optionsStar = string(method) == http.MethodOptions && string(target) == "*"
		f.cl, f.te = f.cl[:0], f.te[:0]
		f.unreadLine, f.hosts = false, 0
		f.heads++
		f.state = frHeader
	case frHeader:
		line := trimEOL(f.line)
		if len(line) == 0 {
			f.endHead()
			return
		}
		if line[0] == ' ' || line[0] == '\t' {
			f.lose() // a folded line: Go joins it to the one before
			return
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			f.lose()
			return
		}
		if !f.unreadLine && !readableHeaderLine(name, value) {
			f.unreadLine = true
		}
		// Only these two are kept (as strings): the other lines of a
		// head cost no allocation.
		switch {
		case bytes.EqualFold(name, []byte("Host")):
			f.hosts++
		case bytes.EqualFold(name, []byte("Content-Length")):
			f.cl = append(f.cl, string(bytes.Trim(value, " \t")))
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			f.te = append(f.te, string(bytes.Trim(value, " \t")))
		}
	case frChunkSize:
		// Go's readChunkLine: CRLF-ended, no other CR, under 4 KiB.
		line := f.line
		if len(line) < 2 || line[len(line)-2] != '\r' || bytes.IndexByte(line, '\r') != len(line)-2 || len(line)-2 >= 4096 {
			f.lose()
			return
		}
		line = bytes.TrimRight(line[:len(line)-2], " \t")
		line, _, _ = bytes.Cut(line, []byte(";"))
		size, ok := parseChunkSize(line)
		if !ok {
			f.lose()
			return
		}
		f.declare(size)
		if size == 0 {
			f.endChunked()
			f.state = frTrailer
			return
		}
		f.left = size
		f.state = frChunkData
	case frTrailer:
		if len(trimEOL(f.line)) == 0 {
			f.state = frRequestLine
		}
	}
}

// trimEOL is line without its '\n' and a '\r' before it, as Go's
// textproto reads a line.
func trimEOL(line []byte) []byte {
	line = bytes.TrimSuffix(line, []byte("\n"))
	return bytes.TrimSuffix(line, []byte("\r"))
}

// endHead frames the body of the head just read, as Go's readTransfer does.
func (f *chunkFramer) endHead() {
	if fault := f.hostOrLengthFault(); fault != "" && f.lineFault != nil {
		f.lineFault(f.heads, fault)
	}
	if f.optionsStar {
		// Go's server answers OPTIONS * itself (reading up to 4 KiB of
		// its body): the handler never counts it (framingConn.served), so
		// neither does the framer, which frames its body all the same.
		f.heads--
	}
	switch {
	case len(f.te) > 0 && !f.http10:
		if len(f.te) != 1 || !strings.EqualFold(f.te[0], "chunked") {
			f.lose() // Go answers 501 and closes
			return
		}
		head := f.heads
		if f.optionsStar {
			head = 0 // no handler limits it
		}
		f.totals.mu.Lock()
		f.totals.head, f.totals.declared = head, 0
		f.totals.mu.Unlock()
		f.state = frChunkSize
	case len(f.cl) > 0:
		for _, v := range f.cl[1:] {
			if v != f.cl[0] {
				f.lose() // Go refuses differing lengths
				return
			}
		}
		n, ok := parseLength(f.cl[0])
		if !ok {
			f.lose()
			return
		}
		f.left = n
		f.state = frLengthBody
		if n == 0 {
			f.state = frRequestLine
		}
	default:
		f.state = frRequestLine // a request without either has no body
	}
}

// hostOrLengthFault is what Go's server refuses, with a bare 400, in the Host
// and Content-Length headers of the head just read, in words for a
// message, or "" when it reads them or refuses the head for something it
// reads first (its request line, a header line; a Transfer-Encoding it
// does not take is a 501 of its own). It follows net/http's readRequest
// and fixLength, in their order, so that it never names a fault Go did
// not find first.
func (f *chunkFramer) hostOrLengthFault() string {
	switch {
	case f.lineRefused || f.unreadLine:
		return ""
	case f.hosts > 1:
		return "the request has Host twice; send it once, naming the server (RFC 9112 §3.2)"
	case len(f.te) > 0 && !f.http10 && (len(f.te) != 1 || !strings.EqualFold(f.te[0], "chunked")):
		return ""
	case len(f.cl) == 0:
		return ""
	}
	for _, v := range f.cl[1:] {
		if v != f.cl[0] {
			return fmt.Sprintf("the request has Content-Length twice, with different values (%q and %q); send it once, the body's size in bytes (RFC 9112 §6.3)", cutEchoed(f.cl[0]), cutEchoed(v))
		}
	}
	v := f.cl[0]
	if v == "" {
		return "the Content-Length header is empty; it must be the body's size in bytes, in decimal digits, or be left out when there is no body (RFC 9110 §8.6)"
	}
	if _, ok := parseLength(v); ok {
		return ""
	}
	if strings.Trim(v, "0123456789") == "" {
		return fmt.Sprintf("the Content-Length %q is larger than any body can be (at most %d bytes) (RFC 9110 §8.6)", cutEchoed(v), uint64(1<<63-1))
	}
	return fmt.Sprintf("the Content-Length %q is not a length: it must be the body's size in bytes, in decimal digits alone, one value (RFC 9110 §8.6)", cutEchoed(v))
}

// readableHeaderLine reports whether Go's textproto reads a header line
// with name and value (after its colon): a name of token bytes, and a
// value without control characters but tab.
func readableHeaderLine(name, value []byte) bool {
	if len(name) == 0 {
		return false
	}
	for _, b := range name {
		if !isTokenByte(b) {
			return false
		}
	}
	for _, b := range value {
		if b < 0x20 && b != '\t' || b == 0x7f {
			return false
		}
	}
	return true
}

// declare adds a chunk's size to its body's total, and arms the
// connection's next read with the limit's error when the total passes
// the limit set for that body.
func (f *chunkFramer) declare(size uint64) {
	t := f.totals
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.declared+size < t.declared {
		t.declared = ^uint64(0)
	} else {
		t.declared += size
	}
	if t.head != 0 && t.limitHead == t.head && t.declared > uint64(t.limit) && t.over == nil {
		t.over = &http.MaxBytesError{Limit: t.limit}
	}
}

// parseChunkSize reads a chunk size as Go's parseHexUint does: 1 to 16
// hexadecimal digits.
func parseChunkSize(v []byte) (uint64, bool) {
	if len(v) == 0 || len(v) > 16 {
		return 0, false
	}
	var n uint64
	for _, c := range v {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		n = n<<4 | uint64(c)
	}
	return n, true
}

// parseLength reads a Content-Length as Go's parseContentLength does:
// decimal digits, under 2⁶³.
func parseLength(v string) (uint64, bool) {
	if v == "" || len(v) > 19 {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return 0, false
		}
		n = n*10 + uint64(v[i]-'0')
	}
	return n, n < 1<<63
}

// limitChunked sets limit for the chunked body of the request head-th on
// the connection, and reports whether the sizes its chunks declared so far
// already pass it.
func (t *chunkTotals) limitChunked(head, limit int64) (over bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.head != head {
		// Its chunks are all framed (or the framer stopped following the
		// connection): the bytes that arrive are counted as before.
		return false
	}
	t.limitHead, t.limit = head, limit
	return t.declared > uint64(limit)
}

// takeOver returns, once, the error a read armed by declare must return.
func (t *chunkTotals) takeOver() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	err := t.over
	t.over = nil
	if err != nil {
		t.limitHead = 0
	}
	return err
}

// overLimit is the body of a request whose chunk sizes passed its limit
// before any of it was read: its every read fails as a read past the
// limit does.
type overLimit struct {
	io.Closer
	limit int64
}

func (o overLimit) Read([]byte) (int, error) { return 0, &http.MaxBytesError{Limit: o.limit} }

// release ends the limit set for head's body: its read has ended (at its
// end, or failed), and what the connection reads next (the answer's
// lingering close reads what the client still sends) must not fail for
// it.
func (t *chunkTotals) release(head int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.limitHead == head {
		t.limitHead, t.over = 0, nil
	}
}

// limitDeclared limits body, r's body read through a limit of n, by the
// chunk sizes that r's chunked body declares too (see chunkFramer): the
// body returned fails at once when those declared so far pass n, and
// else gives the limit up once its read ends. A request that is not
// chunked, or whose connection is not followed, keeps body.
func limitDeclared(r *http.Request, body io.ReadCloser, n int64) io.ReadCloser {
	if r.ProtoMajor != 1 || r.ContentLength != -1 {
		return body // not chunked (Go's server sets -1 for a chunked body alone)
	}
	fc, ok := r.Context().Value(framingConnKey{}).(*framingConn)
	if !ok {
		return body
	}
	head := fc.served.Load()
	if fc.totals.limitChunked(head, n) {
		fc.totals.release(head)
		return overLimit{Closer: body, limit: n}
	}
	return &declaredLimit{ReadCloser: body, totals: &fc.totals, head: head}
}

// declaredLimit gives up its body's limit in chunkTotals when its read
// ends or it is closed.
type declaredLimit struct {
	io.ReadCloser
	totals *chunkTotals
	head   int64
}

func (d *declaredLimit) Read(p []byte) (int, error) {
	n, err := d.ReadCloser.Read(p)
	if err != nil {
		d.totals.release(d.head)
	}
	return n, err
}

func (d *declaredLimit) Close() error {
	d.totals.release(d.head)
	return d.ReadCloser.Close()
}
