package main_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestFullDiskIsA503UntilSpaceIsFreed: serve's SQLite file on a small
// file system (a tmpfs, mounted for the test: it needs root) that fills up
// under load. While it is full every write is answered 503 `unavailable`
// in the API's JSON with Retry-After, promptly, never a 500 or a 2xx for
// what was not kept, and the log says the disk is full; deliveries on the
// wire then still reach their receiver. Once space is freed the same
// process takes writes again and delivers what waited, and after a kill
// -9 and a restart every acknowledged order and event is there.
func TestFullDiskIsA503UntilSpaceIsFreed(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a small file system needs root")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs at %s: %v %s", dir, err, out)
	}
	// Registered after TempDir's removal, so it runs before it; and
	// before startServe's kill, so it runs after it.
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	db := "sqlite:" + filepath.Join(dir, "e.db")
	_, key := createAccount(t, db)
	rcv := newReceiver(t, 0)
	rcv.hold()
	p := startServe(t, "--db", db, "--log-level", "info")
	mustCall(t, p.base, "POST", "/v1/webhook_endpoints", key, `{"url": "`+rcv.srv.URL+`/a"}`, 201)
	var orders, events []string
	upload := func(order string) (int, []byte) {
		st, b, err := call(p.base, "POST", "/v1/orders/"+order+"/upload", "op", "")
		if err != nil {
			t.Fatalf("upload: %v", err)
		}
		if st == 200 {
			var r struct{ Event struct{ ID string } }
			json.Unmarshal(b, &r)
			events = append(events, r.Event.ID)
		}
		return st, b
	}
	for _, o := range createOrders(t, p.base, key, 20) {
		orders = append(orders, o)
		if st, b := upload(o); st != 200 {
			t.Fatalf("upload before the disk filled: %d %s", st, b)
		}
	}
	testenv.Eventually(t, 30*time.Second, "the first attempts on the wire", func() bool { return rcv.entered.Load() >= 2 })

	filler := filepath.Join(dir, "filler")
	fillDisk(t, filler)
	rcv.open() // these attempts' outcomes now have nowhere to go

	// Writes while it is full.
	refused, kept := 0, 0
	deadline := time.Now().Add(60 * time.Second)
	for refused < 20 {
		if time.Now().After(deadline) {
			t.Fatalf("%d writes refused in 60 s on a full disk (%d taken)", refused, kept)
		}
		start := time.Now()
		st, hdr, b := post(t, p.base+"/v1/orders", key, fmt.Sprintf(orderBody, false))
		if took := time.Since(start); took > 15*time.Second {
			t.Errorf("a write on a full disk took %s to be answered", took)
		}
		switch st {
		case 201:
			var o struct{ ID string }
			json.Unmarshal(b, &o)
			orders = append(orders, o.ID)
			kept++
			if st, b := upload(o.ID); st != 200 {
				checkFullDiskAnswer(t, st, nil, b)
			}
		default:
			checkFullDiskAnswer(t, st, hdr, b)
			refused++
		}
	}
	out := p.output()
	for _, want := range []string{`msg="database unavailable"`, "database or disk is full", "is the disk full"} {
		if !strings.Contains(out, want) {
			t.Errorf("the log does not say %q:\n%s", want, out)
		}
	}

	// Space freed: the same process takes writes again.
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	testenv.Eventually(t, 30*time.Second, "a write taken once space was freed", func() bool {
		st, _, b := post(t, p.base+"/v1/orders", key, fmt.Sprintf(orderBody, false))
		if st != 201 {
			return false
		}
		var o struct{ ID string }
		json.Unmarshal(b, &o)
		orders = append(orders, o.ID)
		return true
	})
	for _, o := range createOrders(t, p.base, key, 10) {
		orders = append(orders, o)
		if st, b := upload(o); st != 200 {
			t.Fatalf("upload after space was freed: %d %s", st, b)
		}
	}
	// Every acknowledged event reaches the receiver and is recorded,
	// without a restart.
	testenv.Eventually(t, 60*time.Second, "every acknowledged event delivered and recorded", func() bool {
		return countSucceeded(t, p.base, key) == len(events)
	})
	rcv.mu.Lock()
	for _, e := range events {
		if rcv.got[e+" /a"] == 0 {
			t.Errorf("event %s recorded succeeded but never arrived", e)
		}
	}
	rcv.mu.Unlock()

	p.kill(t)
	p = startServe(t, "--db", db)
	for _, o := range orders {
		mustCall(t, p.base, "GET", "/v1/orders/"+o, key, "", 200)
	}
	stored := map[string]bool{}
	for _, e := range listIDs(t, p.base, key, "/v1/events?limit=100") {
		stored[e] = true
	}
	for _, e := range events {
		if !stored[e] {
			t.Errorf("event %s was acknowledged and is gone after the restart", e)
		}
	}
	t.Logf("on the full disk %d writes refused (503) and %d taken; %d orders and %d events acknowledged in all, every one kept and delivered; %d requests reached the receiver",
		refused, kept, len(orders), len(events), rcv.total.Load())
}

// fillDisk writes path until its file system has no space left.
func fillDisk(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 64<<10)
	for {
		if _, err := f.Write(buf); errors.Is(err, syscall.ENOSPC) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
	}
	// What is left is less than one write: fill it too.
	for _, n := range []int{4096, 512, 1} {
		for {
			if _, err := f.Write(buf[:n]); err != nil {
				break
			}
		}
	}
}

// checkFullDiskAnswer wants the API's 503 for a database that cannot be
// written (hdr nil: its headers are not checked).
func checkFullDiskAnswer(t *testing.T, st int, hdr http.Header, b []byte) {
	t.Helper()
	var e struct {
		Error struct{ Type, Code, Message string }
	}
	if err := json.Unmarshal(b, &e); err != nil || st != 503 || e.Error.Code != "unavailable" || e.Error.Type != "api_error" || !strings.Contains(e.Error.Message, "retry") {
		t.Fatalf("a write on a full disk was answered %d %s; want 503 unavailable, saying to retry", st, b)
	}
	if strings.Contains(string(b), "disk") || strings.Contains(string(b), "(13)") {
		t.Errorf("the answer gives the database's error text: %s", b)
	}
	if hdr != nil && (hdr.Get("Retry-After") == "" || !strings.HasPrefix(hdr.Get("Content-Type"), "application/json")) {
		t.Errorf("503 with Retry-After %q, Content-Type %q", hdr.Get("Retry-After"), hdr.Get("Content-Type"))
	}
}

// post sends body to url with the key and returns the status, headers and body.
func post(t *testing.T, url, key, body string) (int, http.Header, []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", url, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("POST %s: reading the answer: %v", url, err)
	}
	return resp.StatusCode, resp.Header, b
}
