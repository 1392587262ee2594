package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestDroppedNoticeIsALogLine: the notice of dropped lines is a line of
// the log it stands in, in its format (a shipper of JSON lines parses
// it), at warn, naming the instance as every line does.
func TestDroppedNoticeIsALogLine(t *testing.T) {
	c := serveConfig{instanceID: "web-1", logFormat: "json"}
	line := droppedNotice(c)(42)
	var rec map[string]any
	if err := json.Unmarshal(line, &rec); err != nil {
		t.Fatalf("the JSON log's notice %q does not parse: %v", line, err)
	}
	if rec["level"] != "WARN" || rec["msg"] != droppedNoticeMsg || rec["instance"] != "web-1" || rec["dropped"] != 42.0 {
		t.Fatalf("notice %s: want level WARN, the message, instance web-1 and dropped 42", line)
	}
	c.logFormat = "TEXT" // as --log-format takes it, in any case
	text := string(droppedNotice(c)(7))
	if !strings.Contains(text, "level=WARN") || !strings.Contains(text, "instance=web-1 dropped=7\n") || strings.Count(text, "\n") != 1 {
		t.Fatalf("text notice %q: want one line at WARN with instance=web-1 dropped=7", text)
	}
}
