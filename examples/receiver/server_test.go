package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/testenv"
	"github.com/esahayak/esahayak/webhook"
)

// receiverFor starts the example receiver, configured the way its users do
// (the endpoint's secret in ESAHAYAK_WEBHOOK_SECRET), on a loopback port that
// an endpoint of s points at. It returns the endpoint's id and the
// receiver's log. The receiver stops, finishing what it acknowledged, when t
// ends.
func receiverFor(t *testing.T, s *testenv.Server, workers int) (endpointID string, logs *syncBuffer) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	st, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey,
		map[string]any{"url": "http://" + ln.Addr().String() + "/webhooks/esahayak"})
	if st != 201 {
		t.Fatalf("create endpoint: %d %s", st, b)
	}
	ep := testenv.JSON(t, b)
	endpointID = ep["id"].(string)

	cfg, err := parseConfig([]string{"-background", fmt.Sprint(workers)},
		env(map[string]string{envSecret: ep["secret"].(string)}), &syncBuffer{})
	if err != nil {
		t.Fatal(err)
	}
	logs = &syncBuffer{}
	a, err := newApp(cfg, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("receiver: %v", err)
		}
		if t.Failed() {
			t.Logf("receiver log:\n%s", logs.String())
		}
	})
	return endpointID, logs
}

const orderJSON = `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}, "delivery_requested": true}`

// move makes the server emit an event of a real order: it creates the order
// and posts each move (upload, deliver, fail: operator routes; cancel: the
// customer's), returning the order id and the id of the last move's event.
func move(t *testing.T, s *testenv.Server, moves ...string) (orderID, eventID string) {
	t.Helper()
	st, b := s.Do(t, "POST", "/v1/orders", s.APIKey, orderJSON)
	if st != 201 {
		t.Fatalf("create order: %d %s", st, b)
	}
	orderID = testenv.JSON(t, b)["id"].(string)
	bodies := map[string]string{
		"fail":    `{"error": {"code": "PORTAL_UNAVAILABLE", "message": "Government portal did not respond"}}`,
		"deliver": `{"delivery": {"partner": "BlueDart", "tracking_id": "BD123"}}`,
		"cancel":  `{"reason": "Customer request"}`,
	}
	for _, m := range moves {
		cred := s.Operator
		if m == "cancel" {
			cred = s.APIKey
		}
		var body any
		if b := bodies[m]; b != "" {
			body = b
		}
		st, b := s.Do(t, "POST", "/v1/orders/"+orderID+"/"+m, cred, body)
		if st != 200 {
			t.Fatalf("%s %s: %d %s", m, orderID, st, b)
		}
		eventID = testenv.JSON(t, b)["event"].(map[string]any)["id"].(string)
	}
	return orderID, eventID
}

type deliveryView struct {
	ID           string `json:"id"`
	Status       string `json:"status"`
	AttemptCount int    `json:"attempt_count"`
	Attempts     []struct {
		Succeeded bool `json:"succeeded"`
		Response  *struct {
			Status int    `json:"status"`
			Body   string `json:"body"`
		} `json:"response"`
	} `json:"attempts"`
}

// delivered waits until the server has delivered eventID to the endpoint
// with attempts attempts, the last one answered 200, and returns the
// delivery with its attempt log.
func delivered(t *testing.T, s *testenv.Server, endpointID, eventID string, attempts int) deliveryView {
	t.Helper()
	var d deliveryView
	testenv.Eventually(t, 20*time.Second, "delivery of "+eventID, func() bool {
		st, b := s.Do(t, "GET", "/v1/deliveries?event_id="+eventID+"&endpoint_id="+endpointID, s.APIKey, nil)
		if st != 200 {
			t.Fatalf("list deliveries: %d %s", st, b)
		}
		var list struct{ Data []deliveryView }
		if err := json.Unmarshal(b, &list); err != nil {
			t.Fatal(err)
		}
		if len(list.Data) != 1 {
			return false
		}
		st, b = s.Do(t, "GET", "/v1/deliveries/"+list.Data[0].ID, s.APIKey, nil)
		if st != 200 {
			t.Fatalf("get delivery: %d %s", st, b)
		}
		d = deliveryView{}
		if err := json.Unmarshal(b, &d); err != nil {
			t.Fatal(err)
		}
		if d.Status == "failed" {
			t.Fatalf("the server gave up delivering %s to the receiver after %d attempts (see the receiver log)", eventID, d.AttemptCount)
		}
		return d.Status == "succeeded" && len(d.Attempts) == attempts
	})
	last := d.Attempts[len(d.Attempts)-1]
	if !last.Succeeded || last.Response == nil || last.Response.Status != 200 {
		t.Fatalf("delivery %s of %s: last attempt %+v", d.ID, eventID, last)
	}
	return d
}

// TestReceiverAgainstServer runs the example receiver against a real
// eSahayak server (API and delivery engine, in process, on loopback): the
// server's real deliveries of real order events verify with the endpoint's
// secret, parse, and reach the guide's handlers; a dashboard test event is
// acknowledged without side effects; and a resend of a handled event is
// acknowledged as a duplicate without running its handler again.
func TestReceiverAgainstServer(t *testing.T) {
	t.Parallel()
	for _, workers := range []int{0, 2} {
		t.Run(fmt.Sprintf("background=%d", workers), func(t *testing.T) {
			t.Parallel()
			s := testenv.Start(t, testenv.SQLite(t), testenv.Options{})
			endpointID, logs := receiverFor(t, s, workers)
			handled := func(what string, want string) {
				t.Helper()
				testenv.Eventually(t, 10*time.Second, what, func() bool { return strings.Contains(logs.String(), want) })
			}

			uploaded, upEvent := move(t, s, "upload")
			up := delivered(t, s, endpointID, upEvent, 1)
			handled("stamp.uploaded handled", `msg="stamp uploaded" order_id=`+uploaded+` stamp_request_id=stamp_`)
			handled("stamp.uploaded side effect", `msg="order status updated" order_id=`+uploaded+` status=COMPLETED`)

			failed, failEvent := move(t, s, "fail")
			delivered(t, s, endpointID, failEvent, 1)
			handled("stamp.failed handled", `msg="stamp failed" order_id=`+failed+` code=PORTAL_UNAVAILABLE reason="Government portal did not respond"`)

			// Its stamp.uploaded is handled before the order moves on: sent
			// together, the two may arrive in either order, and the receiver
			// rightly leaves the status alone for an older event that comes
			// second (orderService.current), which the count below would miss.
			shipped, shipEvent := move(t, s, "upload")
			delivered(t, s, endpointID, shipEvent, 1)
			handled("second stamp.uploaded side effect", `msg="order status updated" order_id=`+shipped+` status=COMPLETED`)
			st, b := s.Do(t, "POST", "/v1/orders/"+shipped+"/deliver", s.Operator, `{"delivery": {"partner": "BlueDart", "tracking_id": "BD123"}}`)
			if st != 200 {
				t.Fatalf("deliver %s: %d %s", shipped, st, b)
			}
			delEvent := testenv.JSON(t, b)["event"].(map[string]any)["id"].(string)
			delivered(t, s, endpointID, delEvent, 1)
			handled("order.delivered handled", `order_id=`+shipped+` status=DELIVERED partner=BlueDart tracking_id=BD123`)

			cancelled, canEvent := move(t, s, "cancel")
			delivered(t, s, endpointID, canEvent, 1)
			handled("order.cancelled handled", `msg="order cancelled" order_id=`+cancelled+` reason="Customer request"`)

			// A dashboard test event: verified and acknowledged, no side effect.
			st, b = s.Do(t, "POST", "/v1/webhook_endpoints/"+endpointID+"/test", s.APIKey, map[string]any{"type": webhook.EventStampUploaded})
			if st != 202 {
				t.Fatalf("test event: %d %s", st, b)
			}
			testEvent := testenv.JSON(t, b)["event_id"].(string)
			delivered(t, s, endpointID, testEvent, 1)
			handled("test event acknowledged", `msg="test event received; no action taken" event_id=`+testEvent)

			// Resend the stamp.uploaded delivery, as from the dashboard: the
			// receiver answers 200 as a duplicate and does not run the
			// handler, nor its side effects, a second time.
			if st, b := s.Do(t, "POST", "/v1/deliveries/"+up.ID+"/retry", s.APIKey, nil); st != 202 {
				t.Fatalf("resend: %d %s", st, b)
			}
			again := delivered(t, s, endpointID, upEvent, 2)
			var answer map[string]any
			if err := json.Unmarshal([]byte(again.Attempts[1].Response.Body), &answer); err != nil {
				t.Fatalf("resend answer %q: %v", again.Attempts[1].Response.Body, err)
			}
			if answer["received"] != true || answer["event_id"] != upEvent || answer["duplicate"] != true {
				t.Fatalf("resend answered %v, want an acknowledged duplicate of %s", answer, upEvent)
			}

			// Nothing was refused, each event ran once, the test event had
			// no side effect.
			out := logs.String()
			if strings.Contains(out, "webhook rejected") {
				t.Fatalf("the receiver refused a delivery of the server:\n%s", out)
			}
			for _, want := range []string{
				`msg="stamp uploaded" order_id=` + uploaded,
				`msg="order status updated" order_id=` + uploaded + ` status=COMPLETED`,
				`msg="stamp failed" order_id=` + failed,
				`msg="order delivered" order_id=` + shipped,
				`msg="order cancelled" order_id=` + cancelled,
			} {
				if n := strings.Count(out, want); n != 1 {
					t.Errorf("%q logged %d times, want once", want, n)
				}
			}
			// COMPLETED twice (both uploads), FAILED, CANCELLED; none for the
			// test event nor for the resend.
			if n := strings.Count(out, `msg="order status updated"`); n != 4 {
				t.Errorf("%d order status updates, want 4", n)
			}
		})
	}
}
