package api_test

import (
	"context"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// deleteOnRead is the real store, with one DELETE of an endpoint that
// lands right after the handler's first read of it: the moment a
// concurrent DELETE request can land.
type deleteOnRead struct {
	store.Store
	account string
	once    oneRead
}

func (d *deleteOnRead) GetEndpoint(ctx context.Context, accountID, id string) (store.Endpoint, error) {
	e, err := d.Store.GetEndpoint(ctx, accountID, id)
	if d.once.take(id) {
		if derr := d.Store.DeleteEndpoint(ctx, d.account, id, time.Now().UTC()); derr != nil {
			return e, derr
		}
	}
	return e, err
}

// TestRecoverRacingADeleteIsNeverEndpointDeleted: a recover whose endpoint
// is deleted while it runs answers as if the delete came first (404) or
// last (202), never 409 endpoint_deleted ("the delivery's webhook
// endpoint has been deleted"), a resend's code that a recover never
// documents. Found by racing 30 recovers with a DELETE against a real
// serve on PostgreSQL: 11 of 150 answered it. The handler read the
// endpoint twice, and a delete between the two reads made the second
// one's not-found a 409.
func TestRecoverRacingADeleteIsNeverEndpointDeleted(t *testing.T) {
	for name, open := range testenv.Stores() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			st := &deleteOnRead{Store: open(t)}
			s := testenv.Start(t, st, testenv.Options{})
			st.account = s.AccountID
			code, b := s.Do(t, "POST", "/v1/webhook_endpoints", s.APIKey, map[string]any{"url": "http://127.0.0.1:9/hook"})
			if code != 201 {
				t.Fatalf("create: %d %s", code, b)
			}
			id := testenv.JSON(t, b)["id"].(string)
			st.once.arm(id)
			code, b = s.Do(t, "POST", "/v1/webhook_endpoints/"+id+"/recover", s.APIKey, map[string]any{"since": "2024-01-01T00:00:00Z"})
			if code != 202 && code != 404 {
				t.Fatalf("recover beside a delete: %d %s, want 202 or 404", code, b)
			}
			if code, b = s.Do(t, "GET", "/v1/webhook_endpoints/"+id, s.APIKey, nil); code != 404 {
				t.Fatalf("the endpoint after its delete: %d %s", code, b)
			}
		})
	}
}
