package main

import (
	"errors"
	"testing"
)

// TestEventsPatternNamesTheTypes: --events "stamp.*" (a glob, as other
// tools take) or "stamp" (the first part of two types) was refused with
// the four known types alone, leaving the reader to work out which of them
// the pattern meant. It is refused at once, saying it is a pattern (or not
// a type) and the --events to give instead, the rest of the list kept.
func TestEventsPatternNamesTheTypes(t *testing.T) {
	const known = "; known types: stamp.uploaded, stamp.failed, order.delivered, order.cancelled"
	for _, c := range []struct{ events, want string }{
		{"stamp.*", `--events: "stamp.*" is a pattern, and listen takes event types, not patterns (did you mean --events stamp.uploaded,stamp.failed?)` + known},
		{"order.*", `--events: "order.*" is a pattern, and listen takes event types, not patterns (did you mean --events order.delivered,order.cancelled?)` + known},
		{"*.failed", `--events: "*.failed" is a pattern, and listen takes event types, not patterns (did you mean --events stamp.failed?)` + known},
		{"STAMP_*", `--events: "STAMP_*" is a pattern, and listen takes event types, not patterns (did you mean --events stamp.uploaded,stamp.failed?)` + known},
		{"stamp.uploaded, order.*", `(did you mean --events stamp.uploaded,order.delivered,order.cancelled?)` + known},
		{"order.*,stamp.uploded", `(did you mean --events stamp.uploaded,order.delivered,order.cancelled?)` + known},
		{"stamp", `--events: "stamp" is not an event type (did you mean --events stamp.uploaded,stamp.failed?)` + known},
		{"order.", `--events: "order." is not an event type (did you mean --events order.delivered,order.cancelled?)` + known},
		{"refund.*", `--events: "refund.*" is a pattern, and listen takes event types, not patterns; it matches none of them: stamp.uploaded, stamp.failed, order.delivered, order.cancelled`},
		// A slip in a type is still said as one.
		{"stamp.uploded", `--events: unknown event type "stamp.uploded" (did you mean stamp.uploaded?)` + known},
	} {
		_, err := parseEventTypes(c.events)
		var ue usageError
		if !errors.As(err, &ue) {
			t.Errorf("--events %q: %v; want a usage error", c.events, err)
			continue
		}
		if !endsWithOrIs(ue.msg, c.want) {
			t.Errorf("--events %q:\n got %s\nwant %s", c.events, ue.msg, c.want)
		}
	}
}

// endsWithOrIs reports whether msg is want, or, for a want starting with
// "(", ends with it.
func endsWithOrIs(msg, want string) bool {
	if want[0] == '(' {
		return len(msg) >= len(want) && msg[len(msg)-len(want):] == want
	}
	return msg == want
}
