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

// TestReceiverClosingAKeptAliveConnection: a receiver answers with
// keep-alive and then closes the connection just as the next webhook is
// sent on it (its idle timeout racing our reuse; here: it reads the second
// request of every connection and closes without answering). HTTP/1.1 lets
// a server do that, and the request never reached its handler: it is sent
// again on a new connection within the same attempt, not failed and
// retried on the schedule.
func TestReceiverClosingAKeptAliveConnection(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	answered := map[string]int{} // webhook-id → requests answered 200
	dropped := 0                 // requests read and not answered
	sentMarker := false          // an Idempotency-Key header came on the wire
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
					if n >= 2 {
						dropped++
						mu.Unlock()
						return // closes the connection, as an idle timeout would
					}
					if _, ok := req.Header["Idempotency-Key"]; ok {
						sentMarker = true
					}
					answered[req.Header.Get("webhook-id")]++
					mu.Unlock()
					io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
				}
			}()
		}
	}()
	eachStore(t, func(t *testing.T, open func(testing.TB) store.Store) {
		s := testenv.Start(t, open(t), testenv.Options{Schedule: "1h"})
		ep, _ := createEndpoint(t, s, s.APIKey, "http://"+ln.Addr().String()+"/hooks")
		for i := 0; i < 3; i++ {
			up := upload(t, s, s.APIKey)
			id := deliveryOf(t, s, s.APIKey, up.EventID, ep)
			d := waitDelivery(t, s, s.APIKey, id, 10*time.Second, "attempted", func(d deliveryView) bool { return d.AttemptCount >= 1 && d.Status != store.DeliveryPending })
			if d.Status != store.DeliverySucceeded || d.AttemptCount != 1 {
				t.Fatalf("event %d: delivery %s after %d attempt(s) (%+v); want succeeded at the first", i, d.Status, d.AttemptCount, d.Attempts)
			}
			if _, ok := d.Attempts[0].Request.Headers["Idempotency-Key"]; ok {
				t.Errorf("the attempt log shows an Idempotency-Key header: %v", d.Attempts[0].Request.Headers)
			}
			mu.Lock()
			n := answered[up.EventID]
			mu.Unlock()
			if n != 1 {
				t.Errorf("event %d answered %d times, want once", i, n)
			}
		}
		mu.Lock()
		defer mu.Unlock()
		if sentMarker {
			t.Errorf("an Idempotency-Key header was sent: webhooks carry the guide's and Standard Webhooks' headers only")
		}
		if dropped == 0 {
			t.Errorf("no request came on a kept-alive connection: the test proved nothing")
		}
	})
}
