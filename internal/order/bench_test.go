package order

import (
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/store"
)

// benchOrder is an order as the API stores it, in the state that event
// type typ leaves it in, with the ids and text of a real one.
func benchOrder(typ string, now time.Time) store.Order {
	created := now.Add(-10 * time.Minute)
	o := store.Order{
		ID: ids.At(ids.Order, created), AccountID: "acct_01hmd8rq3xq4v2n5k7b9c1d3e5", CreatedAt: created,
		StampRequest: store.StampRequest{ID: ids.At(ids.Stamp, created), State: "Assam", Amount: 1000, ArticleCode: "AS-RG-4", Provider: "SHCIL"},
	}
	switch typ {
	case EventStampUploaded:
		o.Status = store.StatusCompleted
	case EventStampFailed:
		o.Status, o.ErrorCode, o.ErrorMessage = store.StatusFailed, "PORTAL_UNAVAILABLE", "Government portal did not respond"
	case EventOrderDelivered:
		o.Status, o.DeliveryPartner, o.TrackingID, o.DeliveredAt = store.StatusDelivered, "India Post", "EE123456789IN", &now
	case EventOrderCancelled:
		o.Status, o.CancelReason, o.RefundAmount, o.RefundStatus = store.StatusCancelled, "customer asked", 1000, "INITIATED"
	}
	return o
}

// BenchmarkPayload is the JSON body of one event, built once per
// transition (every upload, failure, delivery and cancellation) inside
// the request that commits it: one of issue 6's hot paths.
func BenchmarkPayload(b *testing.B) {
	now := time.Date(2024, 1, 15, 10, 30, 0, 0, time.UTC)
	for _, typ := range EventTypes {
		b.Run(typ, func(b *testing.B) {
			o := benchOrder(typ, now)
			id := ids.At(ids.Event, now)
			p, err := Payload(id, typ, now, o, false)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.SetBytes(int64(len(p)))
			for b.Loop() {
				if _, err := Payload(id, typ, now, o, false); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSampleEvent is a test event (the dashboard's and the API's
// "send test event", trigger): a made-up order, its ids and its payload.
func BenchmarkSampleEvent(b *testing.B) {
	now := time.Date(2024, 1, 15, 10, 30, 0, 0, time.UTC)
	for _, typ := range EventTypes {
		b.Run(typ, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := SampleEvent("acct_01hmd8rq3xq4v2n5k7b9c1d3e5", typ, now); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
