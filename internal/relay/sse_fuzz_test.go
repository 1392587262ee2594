package relay

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
)

// sseSeeds are streams a server (or something posing as one) may send.
var sseSeeds = []string{
	"event: ready\ndata: {}\n\n", "data: a\ndata: b\n\n", ":ping\n\n", "id: 1\r\n\r\n", "event\n\n", "data\n\n", "data:no-space\n\n",
	"data:  two spaces\n\n", "event: message\r\ndata: x\r\n\r\n", "data: a\rdata: b\r\r", "data: no end", "\n\n\n", "event: e\n",
	"data: \xff\xfe\n\n", "data: \x00\n\n", "\ufeffdata: bom\n\n", "id: evt_1\nevent: stamp.uploaded\ndata: {\"a\": 1e400}\n\n",
	"retry: 10\nfoo: bar\n:comment\ndata: x\n\n", "data\ndata\n\n", ": \n\n", "event:\n\n", "event: \ndata: \n\n",
}

// FuzzReadSSE: readSSE gives the messages of any stream as the grammar it
// implements says (lines end in "\n" with an optional "\r" before it; a
// blank line ends a message that has data or an event; "field: value",
// one space dropped; comments and unknown fields skipped), the same ones
// however the stream is split into reads, and never more than its cap.
func FuzzReadSSE(f *testing.F) {
	for i, s := range sseSeeds {
		f.Add([]byte(s), uint64(i)*7919+1)
	}
	f.Fuzz(func(t *testing.T, stream []byte, splits uint64) {
		want := sseModel(stream)
		whole, err := collectSSE(bytes.NewReader(stream))
		if err != nil {
			t.Fatalf("readSSE(%q): %v", stream, err)
		}
		checkSameMessages(t, stream, "in one read", whole, want)
		byByte, err := collectSSE(&splitReader{data: stream, sizes: []int{1}})
		if err != nil {
			t.Fatalf("readSSE(%q) a byte at a time: %v", stream, err)
		}
		checkSameMessages(t, stream, "a byte at a time", byByte, want)
		chunked, err := collectSSE(&splitReader{data: stream, sizes: sizesOf(splits)})
		if err != nil {
			t.Fatalf("readSSE(%q) in reads of %v: %v", stream, sizesOf(splits), err)
		}
		checkSameMessages(t, stream, fmt.Sprint("in reads of ", sizesOf(splits)), chunked, want)
		for _, m := range whole {
			if len(m.data) > maxSSEMessage || len(m.event) > maxSSEMessage || len(m.id) > maxSSEMessage {
				t.Fatalf("a message past the cap: %d bytes", len(m.data))
			}
		}
	})
}

// TestReadSSEStopsAtItsCap: a message of up to maxSSEMessage bytes of data
// is read, however it is split into lines and reads; one byte more, or a
// line longer than that, is an error instead of memory without bound.
func TestReadSSEStopsAtItsCap(t *testing.T) {
	half := strings.Repeat("x", maxSSEMessage/2-1) // each line counts its newline
	atCap := "data: " + half + "\ndata: " + half + "\n\n"
	for name, r := range map[string]io.Reader{"one read": strings.NewReader(atCap), "odd reads": &splitReader{data: []byte(atCap), sizes: []int{4093, 1, 65537}}} {
		msgs, err := collectSSE(r)
		if err != nil || len(msgs) != 1 || len(msgs[0].data) != maxSSEMessage-1 {
			t.Fatalf("%s: a message at the cap: %d messages, err %v", name, len(msgs), err)
		}
	}
	over := "data: " + half + "\ndata: " + half + "x\n\n"
	if _, err := collectSSE(strings.NewReader(over)); err == nil {
		t.Fatal("a message one byte past the cap was read")
	}
	line := "data: " + strings.Repeat("x", maxSSEMessage) + "\n\n"
	if _, err := collectSSE(&splitReader{data: []byte(line), sizes: []int{65536}}); err == nil {
		t.Fatal("a line past the cap was read")
	}
	// The cap is per message: many messages at half of it are all read.
	many := strings.Repeat("data: "+half+"\n\n", 3)
	if msgs, err := collectSSE(strings.NewReader(many)); err != nil || len(msgs) != 3 {
		t.Fatalf("three messages at half the cap: %d, err %v", len(msgs), err)
	}
}

// collectSSE runs readSSE to the end of r and returns what it sent.
func collectSSE(r io.Reader) ([]sseMessage, error) {
	msgs := make(chan sseMessage)
	activity := make(chan struct{}, 1)
	done := make(chan struct{})
	errc := make(chan error, 1)
	go func() {
		errc <- readSSE(r, msgs, activity, done)
		close(msgs)
	}()
	var out []sseMessage
	for m := range msgs {
		out = append(out, m)
	}
	return out, <-errc
}

// sseModel is the grammar readSSE implements, written plainly.
func sseModel(stream []byte) []sseMessage {
	lines := strings.Split(string(stream), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1] // the stream ended with its line
	}
	var out []sseMessage
	var m sseMessage
	var data []string
	for _, line := range lines {
		line = strings.TrimSuffix(line, "\r")
		switch {
		case line == "":
			if len(data) > 0 || m.event != "" {
				m.data = strings.Join(data, "\n")
				out = append(out, m)
			}
			m, data = sseMessage{}, nil
		case line[0] == ':':
		default:
			field, value, _ := strings.Cut(line, ":")
			value = strings.TrimPrefix(value, " ")
			switch field {
			case "event":
				m.event = value
			case "data":
				data = append(data, value)
			case "id":
				m.id = value
			}
		}
	}
	return out
}

func checkSameMessages(t *testing.T, stream []byte, how string, got, want []sseMessage) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("readSSE(%q) %s: %d messages %q; want %d %q", stream, how, len(got), got, len(want), want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("readSSE(%q) %s: message %d is %+v; want %+v", stream, how, i, got[i], want[i])
		}
	}
}

// splitReader returns data in reads of the sizes given, in turn.
type splitReader struct {
	data  []byte
	sizes []int
	i     int
}

func (r *splitReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	n := max(1, r.sizes[r.i%len(r.sizes)])
	r.i++
	n = min(n, len(p), len(r.data))
	copy(p, r.data[:n])
	r.data = r.data[n:]
	return n, nil
}

// sizesOf turns a fuzzed number into read sizes from 1 to 16.
func sizesOf(seed uint64) []int {
	sizes := make([]int, 8)
	for i := range sizes {
		sizes[i] = int(seed&15) + 1
		seed >>= 4
	}
	return sizes
}

// idGrammar is an id's documented shape (package ids): a prefix, then 26
// characters of lower-case Crockford base32 of which the first carries
// only 3 bits (the 48-bit millisecond time has 2 zero bits above it).
var idGrammar = regexp.MustCompile(`^evt_[0-7][0-9a-hjkmnp-tv-z]{25}$`)

// FuzzIDTime: IDTime reads a time exactly from the ids the grammar
// allows, and the time it reads is the one ids.Floor would write into
// an id: reading an id made at t gives t back.
func FuzzIDTime(f *testing.F) {
	for _, s := range []string{ids.New(ids.Event), ids.Floor(ids.Event, time.Unix(0, 0)), "evt_7zzzzzzzzzzzzzzzzzzzzzzzzz", "evt_8zzzzzzzzzzzzzzzzzzzzzzzzz",
		"evt_0000000000000000000000000i", "evt_01M8TG5S4M449JDMYZEKMPJSYR", "evt_", "", "order_01m8tg5s4m449jdmyzekmpjsyr",
		"evt_01m8tg5s4m449jdmyzekmpjsy\xff", "evt_０1m8tg5s4m449jdmyzekmpjsy"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		at, ok := IDTime(ids.Event, id)
		if ok != idGrammar.MatchString(id) {
			t.Fatalf("IDTime(%q) ok = %v; the grammar says %v", id, ok, !ok)
		}
		if !ok {
			if !at.IsZero() {
				t.Fatalf("IDTime(%q) = %v, false", id, at)
			}
			return
		}
		if floor := ids.Floor(ids.Event, at); floor[:len(ids.Event)+10] != id[:len(ids.Event)+10] {
			t.Fatalf("IDTime(%q) = %v, whose id starts %q", id, at, floor[:len(ids.Event)+10])
		}
		if at.Location() != time.UTC || at.UnixMilli() < 0 || at.UnixMilli() >= 1<<48 {
			t.Fatalf("IDTime(%q) = %v", id, at)
		}
	})
}
