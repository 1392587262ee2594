package delivery_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// TestEvery2xxIsASuccess: the guide asks endpoints to "Respond with 2xx
// status code (200, 201, 204)", so every 2xx ends a delivery on its first
// attempt, those three and the rest of the range to 299 alike; the first
// status past it (300, which is no redirect Go would follow either) and
// the usual failures are retried.
func TestEvery2xxIsASuccess(t *testing.T) {
	eachStore(t, func(t *testing.T, open func(testing.TB) store.Store) {
		s := testenv.Start(t, open(t), testenv.Options{Schedule: "1h"})
		succeed := []int{200, 201, 202, 204, 299}
		fail := []int{300, 404, 500}
		endpoint := map[int]string{}
		receivers := map[int]*receiver{}
		for _, code := range append(append([]int{}, succeed...), fail...) {
			rc := newReceiver(t, func(n int, w http.ResponseWriter, r *http.Request, _ []byte) {
				w.WriteHeader(code)
			})
			receivers[code] = rc
			endpoint[code], _ = createEndpoint(t, s, s.APIKey, rc.URL("/webhooks/esahayak/"+strconv.Itoa(code)), "stamp.uploaded")
		}
		up := upload(t, s, s.APIKey)
		for _, code := range succeed {
			d := waitStatus(t, s, s.APIKey, deliveryOf(t, s, s.APIKey, up.EventID, endpoint[code]), store.DeliverySucceeded, 10*time.Second)
			if d.AttemptCount != 1 || len(d.Attempts) != 1 || !d.Attempts[0].Succeeded || d.Attempts[0].Response == nil ||
				d.Attempts[0].Response.Status != code {
				t.Errorf("answered %d: delivery = %+v; want succeeded on its one attempt", code, d)
			}
		}
		for _, code := range fail {
			d := waitDelivery(t, s, s.APIKey, deliveryOf(t, s, s.APIKey, up.EventID, endpoint[code]), 10*time.Second, "attempted once",
				func(d deliveryView) bool { return d.AttemptCount >= 1 })
			if d.Status != store.DeliveryRetrying || len(d.Attempts) != 1 || d.Attempts[0].Succeeded || d.Attempts[0].Response == nil ||
				d.Attempts[0].Response.Status != code {
				t.Errorf("answered %d: delivery = %+v; want a failed attempt and a retry", code, d)
			}
		}
		for code, rc := range receivers {
			if n := rc.Count(); n != 1 {
				t.Errorf("the endpoint answering %d got %d requests, want 1", code, n)
			}
		}
	})
}
