package delivery_test

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// TestDroppedRequestIsOneAttempt: a receiver that reads a webhook and drops
// the connection without answering (a handler that panics, a write
// timeout; here the second request of every kept-alive connection) got
// it once, and the attempt log shows that one request as a failed attempt.
// Marking webhooks idempotent to net/http made it resend on every reused
// connection with no cap: 27 runs of one receiver's handler in one logged
// attempt.
func TestDroppedRequestIsOneAttempt(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	seen := map[string]int{} // webhook-id → requests read
	dropped := 0
	var conns []net.Conn
	var wg sync.WaitGroup
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
		wg.Wait()
	})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				br := bufio.NewReader(c)
				for n := 1; ; n++ {
					req, err := http.ReadRequest(br)
					if err != nil {
						return
					}
					io.Copy(io.Discard, req.Body)
					mu.Lock()
					seen[req.Header.Get("webhook-id")]++
					if n >= 2 {
						dropped++
						mu.Unlock()
						return // read, and dropped without an answer
					}
					mu.Unlock()
					io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
				}
			}()
		}
	}()
	eachStore(t, func(t *testing.T, open func(testing.TB) store.Store) {
		s := testenv.Start(t, open(t), testenv.Options{Schedule: "1h"})
		ep, _ := createEndpoint(t, s, s.APIKey, "http://"+ln.Addr().String()+"/hooks")
		failed := 0
		for i := 0; i < 4; i++ {
			up := upload(t, s, s.APIKey)
			id := deliveryOf(t, s, s.APIKey, up.EventID, ep)
			d := waitDelivery(t, s, s.APIKey, id, 15*time.Second, "attempted", func(d deliveryView) bool { return d.AttemptCount >= 1 && d.Status != store.DeliveryPending })
			mu.Lock()
			n := seen[up.EventID]
			mu.Unlock()
			if n != d.AttemptCount {
				t.Errorf("event %d: the receiver read it %d times; the log shows %d attempt(s) (%s)", i, n, d.AttemptCount, d.Status)
			}
			if d.Status != store.DeliverySucceeded {
				failed++
			}
		}
		if failed == 0 {
			t.Errorf("no request came second on a kept-alive connection: the test proved nothing")
		}
	})
}
