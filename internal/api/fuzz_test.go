package api

import (
	"errors"
	"testing"

	"github.com/esahayak/esahayak/internal/order"
)

// The parsers of outside input must answer every body with a value or a
// precise *Error (or a FieldError/ TransitionError the API maps) — never a
// panic, never an unclassified error that would become a 500.

func classified(err error) bool {
	var e *Error
	var fe *order.FieldError
	return err == nil || errors.As(err, &e) || errors.As(err, &fe)
}

func FuzzParseCreateOrder(f *testing.F) {
	for _, s := range []string{
		`{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}, "delivery_requested": false}`,
		`{"stamp_request": {"state": "assam", "amount": 1e3}}`, `{"stamp_request": null}`, `[]`, `{`, ``, `{"stamp_request": {"amount": -0}}`,
		`{"stamp_request": {"amount": 99999999999999999999}}`, "{\"stamp_request\": {\"state\": \"\xff\"}}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		sr, _, err := ParseCreateOrder(body)
		if !classified(err) {
			t.Fatalf("unclassified error %T: %v", err, err)
		}
		if err == nil && (sr.Amount <= 0 || sr.Amount > order.MaxAmount || !order.ValidArticleCode(sr.ArticleCode)) {
			t.Fatalf("accepted an invalid request: %+v", sr)
		}
	})
}

func FuzzParseMove(f *testing.F) {
	for _, s := range []string{`{"reason": "x"}`, `{"error": {"code": "A", "message": "b"}}`, `{"delivery": {"partner": "P", "tracking_id": "T"}}`, ``, `null`, `{"error": null}`} {
		f.Add([]byte(s), uint8(0))
	}
	f.Fuzz(func(t *testing.T, body []byte, m uint8) {
		move := order.Moves[int(m)%len(order.Moves)]
		if _, err := ParseMove(move, body); !classified(err) {
			t.Fatalf("unclassified error %T: %v", err, err)
		}
	})
}

func FuzzParseEndpointRequest(f *testing.F) {
	for _, s := range []string{`{"url": "https://a.example/x", "events": ["stamp.uploaded"]}`, `{"url": "http://[::1]:80/"}`, `{"status": "enabled"}`, `{"url": "https://%zz"}`} {
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, body []byte, create bool) {
		req, err := ParseEndpointRequest(body, create, false)
		if !classified(err) {
			t.Fatalf("unclassified error %T: %v", err, err)
		}
		if err == nil && req.URL != nil && ValidateEndpointURL(*req.URL, false) != nil {
			t.Fatal("accepted an invalid URL")
		}
	})
}
