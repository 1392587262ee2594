package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
)

// raced is one answer of requests sent at once.
type raced struct {
	status int
	body   []byte
	code   string // the error's code, for a status of 300 or more
	err    error
}

// sendRaw sends one request without a *testing.T, for goroutines.
func sendRaw(method, url, key, body string, h map[string]string) raced {
	var r io.Reader
	if body != "" {
		r = bytes.NewReader([]byte(body))
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		return raced{err: err}
	}
	req.Header.Set("Authorization", "Bearer "+key)
	for k, v := range h {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return raced{err: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	a := raced{status: resp.StatusCode, body: b, err: err}
	if resp.StatusCode >= 300 {
		var e struct{ Error struct{ Code string } }
		json.Unmarshal(b, &e)
		a.code = e.Error.Code
	}
	return a
}

// atOnce runs f(0) … f(n-1) in goroutines released together and returns
// their answers in that order; a transport error fails t.
func atOnce(t *testing.T, n int, f func(i int) raced) []raced {
	t.Helper()
	out := make([]raced, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			out[i] = f(i)
		}()
	}
	close(start)
	wg.Wait()
	for i, a := range out {
		if a.err != nil {
			t.Fatalf("request %d: %v", i, a.err)
		}
	}
	return out
}

// TestConcurrentRotationsLoseNone: rotations of one endpoint at once are
// made one after another, none lost: each answer's previous_secret is the
// secret one other rotation (or the create) made, never the same one
// twice (two rotations that read the same current secret would each
// retire it, and one of their new secrets would never sign), and the
// endpoint ends with one of the answers' secrets.
func TestConcurrentRotationsLoseNone(t *testing.T) {
	eachStore(t, testenv.Options{}, func(t *testing.T, s *testenv.Server) {
		st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, `{"url": "http://127.0.0.1:9/h"}`)
		if st != 201 {
			t.Fatalf("create: %d %s", st, b)
		}
		ep := testenv.JSON(t, b)
		id := ep["id"].(string)
		made := map[string]bool{ep["secret"].(string): true}
		const n = 20
		answers := atOnce(t, n, func(int) raced {
			return sendRaw("POST", s.URL+"/v1/webhook_endpoints/"+id+"/rotate_secret", s.APIKey, "", nil)
		})
		retired := map[string]int{}
		for _, a := range answers {
			if a.status != 200 {
				t.Fatalf("rotate: %d %s", a.status, a.body)
			}
			m := testenv.JSON(t, a.body)
			made[m["secret"].(string)] = true
			retired[m["previous_secret"].(string)]++
		}
		if len(made) != n+1 {
			t.Fatalf("%d distinct secrets from the create and %d rotations", len(made), n)
		}
		for sec, times := range retired {
			if times != 1 || !made[sec] {
				t.Errorf("a secret retired by %d rotations (made by one of them or the create: %v); each is retired once", times, made[sec])
			}
		}
		_, b = s.Do(t, "GET", "/v1/webhook_endpoints/"+id+"/secret", s.APIKey, nil)
		cur := testenv.JSON(t, b)["secret"].(string)
		if !made[cur] || retired[cur] != 0 {
			t.Errorf("the endpoint's secret after the rotations is not the last one made (made %v, retired %d times)", made[cur], retired[cur])
		}
	})
}

// TestConcurrentListenResultsRecordOnce: results for one event sent to a
// listen session at once (a listener resending after a lost answer, twice
// over) record one delivery with one attempt: one answer is 201, every
// other 200 with that same delivery.
func TestConcurrentListenResultsRecordOnce(t *testing.T) {
	eachStore(t, testenv.Options{}, func(t *testing.T, s *testenv.Server) {
		st, b := s.Do(t, "POST", "/v1/listen_sessions", s.APIKey, `{"events": ["stamp.uploaded"]}`)
		if st != 201 {
			t.Fatalf("create session: %d %s", st, b)
		}
		ls := testenv.JSON(t, b)["id"].(string)
		time.Sleep(2 * time.Millisecond) // ids order by the millisecond: the event comes in a later one
		ev := newEvent(t, s, "upload")
		answers := atOnce(t, 20, func(i int) raced {
			return sendRaw("POST", s.URL+"/v1/listen_sessions/"+ls+"/results", s.APIKey, fmt.Sprintf(
				`{"event_id": %q, "started_at": %q, "duration_ms": 3, "request_headers": {}, "status": %d}`,
				ev, time.Now().UTC().Format(time.RFC3339Nano), 200+i%2*300), nil)
		})
		created, ids := 0, map[string]bool{}
		for _, a := range answers {
			if a.status != 201 && a.status != 200 {
				t.Fatalf("result: %d %s", a.status, a.body)
			}
			if a.status == 201 {
				created++
			}
			ids[testenv.JSON(t, a.body)["id"].(string)] = true
		}
		if created != 1 || len(ids) != 1 {
			t.Fatalf("%d results answered 201, naming %d deliveries; want one", created, len(ids))
		}
		_, b = s.Do(t, "GET", "/v1/deliveries?endpoint_id="+ls, s.APIKey, nil)
		d := testenv.JSON(t, b)["data"].([]any)
		if len(d) != 1 || d[0].(map[string]any)["attempt_count"] != float64(1) {
			t.Fatalf("deliveries of the session: %s", b)
		}
	})
}

// TestConcurrentIdempotencyKeyTwoBodies: one Idempotency-Key sent at once
// with two different orders makes one order: every request of the body
// that won answers 201 with the same order, every one of the other body
// 422 idempotency_key_reused.
func TestConcurrentIdempotencyKeyTwoBodies(t *testing.T) {
	eachStore(t, testenv.Options{}, func(t *testing.T, s *testenv.Server) {
		other := strings.Replace(goodOrder, "1000", "2000", 1)
		h := map[string]string{"Idempotency-Key": "two-bodies"}
		answers := atOnce(t, 20, func(i int) raced {
			if i%2 == 1 {
				return sendRaw("POST", s.URL+"/v1/orders", s.APIKey, other, h)
			}
			return sendRaw("POST", s.URL+"/v1/orders", s.APIKey, goodOrder, h)
		})
		var won []byte
		for _, a := range answers {
			if a.status == 201 && won == nil {
				won = a.body
			}
		}
		if won == nil {
			t.Fatalf("no request created the order: %d %s", answers[0].status, answers[0].body)
		}
		winner := testenv.JSON(t, won)["stamp_request"].(map[string]any)["amount"]
		for i, a := range answers {
			amount := float64(1000 + i%2*1000)
			switch {
			case amount == winner && (a.status != 201 || !bytes.Equal(a.body, won)):
				t.Errorf("the winning body: %d %s; want 201 %s", a.status, a.body, won)
			case amount != winner && (a.status != 422 || a.code != "idempotency_key_reused"):
				t.Errorf("the other body: %d %s; want 422 idempotency_key_reused", a.status, a.body)
			}
		}
		_, b := s.Do(t, "GET", "/v1/orders", s.APIKey, nil)
		if n := len(testenv.JSON(t, b)["data"].([]any)); n != 1 {
			t.Fatalf("%d orders, want 1", n)
		}
	})
}
