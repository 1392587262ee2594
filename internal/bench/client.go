package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// apiClient talks to the server's public API.
type apiClient struct {
	hc       *http.Client
	key      string // the account's API key
	operator string // the operator token
}

func newHTTPClient(conns int) *http.Client {
	return &http.Client{
		Timeout: 60 * time.Second,
		Transport: &http.Transport{
			MaxIdleConns: conns * 4, MaxIdleConnsPerHost: conns, IdleConnTimeout: time.Minute,
			DisableCompression: true, ForceAttemptHTTP2: false,
		},
	}
}

// do sends one request and returns status and body; non-2xx is an error.
func (c *apiClient) do(ctx context.Context, method, url, token string, body []byte, out any) error {
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, r)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, url, err)
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: HTTP %d: %s", method, url, resp.StatusCode, bytes.TrimSpace(b))
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			return fmt.Errorf("%s %s: %w", method, url, err)
		}
	}
	return nil
}

func (c *apiClient) createEndpoint(ctx context.Context, base, url string) (string, error) {
	body, _ := json.Marshal(map[string]any{"url": url, "events": []string{"stamp.uploaded"}, "description": "bench"})
	var out struct{ ID string }
	if err := c.do(ctx, "POST", base+"/v1/webhook_endpoints", c.key, body, &out); err != nil {
		return "", err
	}
	return out.ID, nil
}

// setEndpointStatus PATCHes the endpoint's status (enabled or disabled).
func (c *apiClient) setEndpointStatus(ctx context.Context, base, id, status string) error {
	body, _ := json.Marshal(map[string]string{"status": status})
	return c.do(ctx, "PATCH", base+"/v1/webhook_endpoints/"+id, c.key, body, nil)
}

// recordedAttempts is how many attempts the server has recorded for the
// endpoint (its stats' attempts, over the last 24 h).
func (c *apiClient) recordedAttempts(ctx context.Context, base, id string) (int, error) {
	var out struct{ Attempts int }
	err := c.do(ctx, "GET", base+"/v1/webhook_endpoints/"+id+"/stats", c.key, nil, &out)
	return out.Attempts, err
}

var orderBody = []byte(`{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}, "delivery_requested": true}`)

// createOrders creates n orders with conc requests in flight, spread over
// the servers, and returns their ids.
func (c *apiClient) createOrders(ctx context.Context, bases []string, n, conc int) ([]string, error) {
	ids := make([]string, n)
	err := parallel(ctx, n, conc, func(ctx context.Context, i int) error {
		var out struct{ ID string }
		if err := c.do(ctx, "POST", bases[i%len(bases)]+"/v1/orders", c.key, orderBody, &out); err != nil {
			return err
		}
		ids[i] = out.ID
		return nil
	})
	return ids, err
}

// upload emits the order's stamp.uploaded event.
func (c *apiClient) upload(ctx context.Context, base, id string) error {
	return c.do(ctx, "POST", base+"/v1/orders/"+id+"/upload", c.operator, nil, nil)
}

// parallel runs fn(0..n-1) on conc goroutines and returns the first error
// (which stops the rest).
func parallel(ctx context.Context, n, conc int, fn func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(conc, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				if err := fn(ctx, i); err != nil {
					cancel(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil && err != context.Canceled {
		return err
	}
	return ctx.Err()
}

// uploadPhase uploads every order: as fast as conc requests in flight allow
// (rate 0) or paced at rate per second. It returns when the first upload
// started and the last one finished (Unix ns), and each upload's round trip.
func (c *apiClient) uploadPhase(ctx context.Context, bases []string, ids []string, conc int, rate float64) (start, end int64, lat []time.Duration, err error) {
	t0 := time.Now()
	var last atomic.Int64
	lat = make([]time.Duration, len(ids))
	err = parallel(ctx, len(ids), conc, func(ctx context.Context, i int) error {
		if rate > 0 {
			at := t0.Add(time.Duration(float64(i) / rate * float64(time.Second)))
			if d := time.Until(at); d > 0 {
				select {
				case <-time.After(d):
				case <-ctx.Done():
					return ctx.Err()
				}
			}
		}
		t := time.Now()
		if err := c.upload(ctx, bases[i%len(bases)], ids[i]); err != nil {
			return err
		}
		lat[i] = time.Since(t)
		now := time.Now().UnixNano()
		for {
			l := last.Load()
			if now <= l || last.CompareAndSwap(l, now) {
				break
			}
		}
		return nil
	})
	return t0.UnixNano(), last.Load(), lat, err
}

// CeilingResult is what the ceiling client reports.
type CeilingResult struct {
	PerSec float64 `json:"per_sec"`
	P50Ms  float64 `json:"p50_ms"`
	P99Ms  float64 `json:"p99_ms"`
	Sent   int     `json:"sent"`
}

// Ceiling sends n POSTs of body to url (conc in flight) with a plain
// net/http client, bounded by limit: the rate no delivery system can beat
// on this machine, since each delivery is at least one such request. The
// bench runs it in a child process (esahayak bench ceiling-client), so the
// client and the receiver are separate processes, as the server and the
// receiver are.
func Ceiling(ctx context.Context, url string, body []byte, n, conc int, limit time.Duration) (CeilingResult, error) {
	hc := newHTTPClient(conc)
	defer hc.CloseIdleConnections()
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	lat := make([]time.Duration, n)
	var done atomic.Int64
	start := time.Now()
	err := parallel(ctx, n, conc, func(ctx context.Context, i int) error {
		req, err := http.NewRequestWithContext(ctx, "POST", url, bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-eSahayak-Delivery", "ceil_"+strconv.Itoa(i))
		t := time.Now()
		resp, err := hc.Do(req)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("ceiling: HTTP %d", resp.StatusCode)
		}
		lat[i] = time.Since(t)
		done.Add(1)
		return nil
	})
	el := time.Since(start)
	k := int(done.Load())
	if errors.Is(err, context.DeadlineExceeded) && k > 0 {
		err = nil // time-bounded: the rate over what was sent stands
	}
	if err != nil {
		return CeilingResult{}, err
	}
	out := lat[:0]
	for _, d := range lat {
		if d > 0 {
			out = append(out, d)
		}
	}
	slices.Sort(out)
	return CeilingResult{PerSec: float64(k) / el.Seconds(), P50Ms: ms(pct(out, 0.5)), P99Ms: ms(pct(out, 0.99)), Sent: k}, nil
}
