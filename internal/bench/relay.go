package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The relay floor.
//
// The ceiling is one plain POST per delivery. An event that arrives by one
// HTTP request and leaves by another costs at least two, plus whatever
// moving it from the first to the second costs. The relay floor measures
// exactly that and nothing else: a child process that answers each POST at
// once, queues it in memory, and has workers POST a delivery-sized body to
// each target (PerEndpoint workers per target, as the engine's lanes have).
// No store, no signing, no retries, nothing durable: no webhook system can
// beat it on this machine, so deliveries/s ÷ relay floor is how much of what
// is possible the server achieves, and relay floor ÷ ceiling is the ratio's
// own physical limit here.

// RelayCommand is the hidden `esahayak bench` subcommand that runs Relay in
// a child process.
const RelayCommand = "relay-floor"

// relayWorkers is each target's concurrent POSTs: the engine's PerEndpoint
// default.
const relayWorkers = 16

// RelayInfo is the line the relay prints once it listens.
type RelayInfo struct {
	URL string `json:"url"`
}

// Relay listens on ln and, for every request, answers 200 with body at once
// and queues one POST of body to each of targets; workers goroutines per
// target send them. It returns when ctx ends.
func Relay(ctx context.Context, ln net.Listener, targets []string, body []byte, workers int) error {
	hc := newHTTPClient(workers)
	defer hc.CloseIdleConnections()
	queues := make([]chan int64, len(targets))
	var seq atomic.Int64
	var wg sync.WaitGroup
	for i, target := range targets {
		queues[i] = make(chan int64, 1<<16)
		for range workers {
			wg.Add(1)
			go func(q chan int64) {
				defer wg.Done()
				for n := range q {
					req, err := http.NewRequestWithContext(ctx, "POST", target, bytes.NewReader(body))
					if err != nil {
						continue
					}
					req.Header.Set("Content-Type", "application/json")
					req.Header.Set("X-eSahayak-Delivery", "relay_"+strconv.FormatInt(n, 10))
					resp, err := hc.Do(req)
					if err != nil {
						continue
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}(queues[i])
		}
	}
	srv := &http.Server{ReadHeaderTimeout: 30 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		n := seq.Add(1)
		for _, q := range queues {
			q <- n
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	})}
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	err := srv.Serve(ln)
	for _, q := range queues {
		close(q)
	}
	wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// relayFloor measures the relay floor of a throughput scenario: as many
// events as the run's, sent by the bench's load generator at the same
// concurrency as its uploads, each relayed to endpoints fresh receiver
// endpoints. It sets r.RelayPerSec and r.RelayRatio (relay ÷ ceiling).
func (b *bencher) relayFloor(ctx context.Context, e *env, r *Figures, endpoints int) error {
	body := e.rcv.Sample()
	if body == nil {
		return errors.New("relay floor: no delivery arrived to copy the body of")
	}
	var targets []string
	idx := map[int32]bool{}
	var eps []*RecvEndpoint
	for i := range endpoints {
		ep, err := e.rcv.Add(fmt.Sprintf("relay%d", i), ModeOK)
		if err != nil {
			return err
		}
		targets = append(targets, ep.URL)
		idx[ep.idx] = true
		eps = append(eps, ep)
	}
	f := filepath.Join(b.dir, "relay-body.json")
	if err := os.WriteFile(f, body, 0o600); err != nil {
		return err
	}
	n := r.Events
	b.logf("relay floor: %d events relayed to %d endpoint(s) by a plain in-memory relay in a child process", n, endpoints)
	cctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	cmd := childCommand(cctx, b.cfg.Binary, "bench", RelayCommand, "--body", f, "--to", strings.Join(targets, ","),
		"--workers", strconv.Itoa(relayWorkers))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("relay floor: %w", err)
	}
	defer func() {
		cancel()
		cmd.Wait()
	}()
	var info RelayInfo
	line, err := bufio.NewReader(out).ReadBytes('\n')
	if err == nil {
		err = json.Unmarshal(line, &info)
	}
	if err != nil || !strings.HasPrefix(info.URL, "http://127.0.0.1:") {
		return fmt.Errorf("relay floor: the relay printed %q (%v): %s", line, err, strings.TrimSpace(stderr.String()))
	}
	e.rcv.snapshot()
	start := time.Now()
	if _, err := Ceiling(ctx, info.URL, nil, n, b.cfg.Concurrency, time.Minute); err != nil {
		return fmt.Errorf("relay floor: load: %w", err)
	}
	if !waitArrivals(ctx, eps, n, time.Minute, 10*time.Second) {
		return fmt.Errorf("relay floor: not every relayed POST arrived within a minute")
	}
	var last int64
	got := 0
	for _, a := range e.rcv.snapshot() {
		if idx[a.ep] {
			got++
			last = max(last, a.at)
		}
	}
	if el := time.Duration(last - start.UnixNano()); el > 0 {
		r.RelayPerSec = float64(got) / el.Seconds()
	}
	if r.CeilingPerSec > 0 {
		r.RelayRatio = r.RelayPerSec / r.CeilingPerSec
	}
	return nil
}
