package order

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

// TestReceivingDocsEventTypesTable holds docs/receiving.md's "Event types"
// table to the state machine. A receiver's author reads there when each of
// the guide's four events is sent (from which status, by whom), the
// order's status in its body and the object its data adds; the API's
// moves table (docs/api.md) is written for whoever makes the moves, and
// until this table neither README.md nor receiving.md said that a
// stamp.failed is followed by more events once the order is retried, or
// that an order.cancelled can follow a stamp.uploaded. Every (status,
// move, actor) that Apply lets through with an event must be a row's, and
// every row's must be one Apply lets through, with the row's status and
// data keys.
func TestReceivingDocsEventTypesTable(t *testing.T) {
	rows := eventTypeRows(t)

	type key struct {
		event, from string
		actor       Actor
	}
	documented := map[key]eventTypeRow{}
	for _, r := range rows {
		for _, from := range r.from {
			for _, a := range r.by {
				documented[key{r.event, from, a}] = r
			}
		}
	}

	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	emitted := map[key]bool{}
	for _, status := range Statuses {
		for _, m := range Moves {
			for _, actor := range []Actor{Customer, Operator} {
				cur := store.Order{ID: "order_x", AccountID: "acct_x", Status: status, DeliveryRequested: true, Version: 1,
					CreatedAt:    now.Add(-time.Hour),
					StampRequest: store.StampRequest{ID: "stamp_x", State: "Assam", Amount: 1000, ArticleCode: "AS-RG-4", Provider: "SHCIL"}}
				tr, err := Apply(cur, Request{Move: m, Actor: actor, Now: now, Reason: "r",
					Error: ErrorDetail{Code: "C", Message: "M"}, Delivery: DeliveryDetail{Partner: "P", TrackingID: "T"}})
				if err != nil || tr.Event == nil {
					continue
				}
				k := key{tr.Event.Type, status, actor}
				emitted[k] = true
				row, ok := documented[k]
				if !ok {
					t.Errorf("%s by %s from %s sends %s; docs/receiving.md's event types table has no row for it", m, actorWord(actor), status, tr.Event.Type)
					continue
				}
				checkEventBody(t, row, tr.Event.Payload)
			}
		}
	}
	for k := range documented {
		if !emitted[k] {
			t.Errorf("docs/receiving.md says %s is sent from %s by the %s; no move does that", k.event, k.from, actorWord(k.actor))
		}
	}
	for _, e := range EventTypes {
		if !slices.ContainsFunc(rows, func(r eventTypeRow) bool { return r.event == e }) {
			t.Errorf("docs/receiving.md's event types table has no row for %s", e)
		}
	}

	// README.md names the four and sends its reader to the table.
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(readme), "(docs/receiving.md#event-types)") {
		t.Error("README.md does not link to docs/receiving.md's event types")
	}
	for _, e := range EventTypes {
		if !strings.Contains(string(readme), "`"+e+"` (") {
			t.Errorf("README.md does not say what %s is", e)
		}
	}
}

// eventTypeRow is one row of docs/receiving.md's event types table.
type eventTypeRow struct {
	event    string
	from     []string
	by       []Actor
	status   string
	adds     string   // the object data adds beside order and stamp_request; "" for none
	addsKeys []string // every key the cell names inside it
}

// eventTypeRows reads the table under "## Event types" in
// docs/receiving.md: | type | sent when | from | by | data.order.status | data adds |.
func eventTypeRows(t *testing.T) []eventTypeRow {
	t.Helper()
	b, err := os.ReadFile("../../docs/receiving.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	start := strings.Index(doc, "\n## Event types\n")
	if start < 0 {
		t.Fatal(`docs/receiving.md has no "## Event types" section`)
	}
	section := doc[start+1:]
	if end := strings.Index(section[1:], "\n## "); end >= 0 {
		section = section[:end+1]
	}
	code := regexp.MustCompile("`([^`]*)`")
	ticked := func(cell string) []string {
		var out []string
		for _, m := range code.FindAllStringSubmatch(cell, -1) {
			out = append(out, m[1])
		}
		return out
	}
	var rows []eventTypeRow
	for _, line := range strings.Split(section, "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), " | ")
		if len(cells) != 6 {
			t.Fatalf("a row of the event types table has %d cells, want 6: %s", len(cells), line)
		}
		r := eventTypeRow{from: ticked(cells[2])}
		if ev := ticked(cells[0]); len(ev) == 1 {
			r.event = ev[0]
		}
		for _, w := range strings.Fields(cells[3]) {
			switch w {
			case "customer":
				r.by = append(r.by, Customer)
			case "operator":
				r.by = append(r.by, Operator)
			case "or":
			default:
				t.Errorf("row %s: %q in the by column is neither customer nor operator", r.event, w)
			}
		}
		if st := ticked(cells[4]); len(st) == 1 {
			r.status = st[0]
		}
		if adds := ticked(cells[5]); len(adds) > 0 {
			r.adds, r.addsKeys = adds[0], adds[1:]
		} else if strings.TrimSpace(cells[5]) != "nothing" {
			t.Errorf("row %s: the data adds cell %q names no object and is not \"nothing\"", r.event, cells[5])
		}
		if r.event == "" || len(r.from) == 0 || len(r.by) == 0 || r.status == "" {
			t.Errorf("a row of the event types table lacks its type, from, by or status: %s", line)
		}
		rows = append(rows, r)
	}
	if len(rows) == 0 {
		t.Fatal("docs/receiving.md's event types section has no table rows")
	}
	return rows
}

// checkEventBody holds an event's JSON body to its row: the order's
// status, and the one object data adds with every key the row names in it.
func checkEventBody(t *testing.T, row eventTypeRow, payload []byte) {
	t.Helper()
	var body struct {
		Data map[string]json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(payload, &body); err != nil {
		t.Fatalf("%s: %v", row.event, err)
	}
	var ord struct{ Status string }
	_ = json.Unmarshal(body.Data["order"], &ord)
	if ord.Status != row.status {
		t.Errorf("%s from %v: data.order.status is %q; docs/receiving.md says %s", row.event, row.from, ord.Status, row.status)
	}
	var extra []string
	for k := range body.Data {
		if k != "order" && k != "stamp_request" {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	want := []string{}
	if row.adds != "" {
		want = []string{row.adds}
	}
	if !slices.Equal(extra, want) {
		t.Errorf("%s: data adds %v; docs/receiving.md says %v", row.event, extra, want)
		return
	}
	if row.adds == "" {
		return
	}
	var keys []string
	var walk func(raw json.RawMessage)
	walk = func(raw json.RawMessage) {
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) != nil {
			return
		}
		for k, v := range obj {
			keys = append(keys, k)
			walk(v)
		}
	}
	walk(body.Data[row.adds])
	for _, k := range keys {
		if !slices.Contains(row.addsKeys, k) {
			t.Errorf("%s: data.%s has %q, which docs/receiving.md's table does not name", row.event, row.adds, k)
		}
	}
}

func actorWord(a Actor) string {
	if a == Customer {
		return "customer"
	}
	return "operator"
}
