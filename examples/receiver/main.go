// Command receiver is a complete eSahayak webhook receiver: the guide's
// "Complete Webhook Handler", done in Go with package webhook.
//
// Compared with the guide's Express version it also verifies signatures
// (so nobody but eSahayak can mark your orders completed), rejects replays,
// drops duplicate deliveries, skips side effects for dashboard test events,
// and on SIGINT/SIGTERM finishes the deliveries in flight (and, with
// -background, the events already acknowledged) before exiting.
//
// Usage:
//
//	ESAHAYAK_WEBHOOK_SECRET=whsec_… receiver [-addr :3000] [-path /webhooks/esahayak] [-background N]
//
// During a secret rotation, put both secrets in ESAHAYAK_WEBHOOK_SECRET,
// separated by a space or a comma. Endpoints:
//
//	POST /webhooks/esahayak   webhook deliveries
//	GET  /webhooks/health     health check
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/esahayak/esahayak/webhook"
)

const (
	envSecret = "ESAHAYAK_WEBHOOK_SECRET"
	envAddr   = "ADDR"
	version   = "1.0.0"

	// shutdownGrace bounds how long in-flight requests and queued background
	// events get to finish once a stop signal arrives.
	shutdownGrace = 20 * time.Second
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stderr, logger); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0) // -h asked for the usage, which is printed
		}
		fmt.Fprintln(os.Stderr, "receiver:", err)
		os.Exit(2)
	}
}

// run parses the configuration, listens, and serves until ctx is done.
func run(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer, logger *slog.Logger) error {
	cfg, err := parseConfig(args, getenv, stderr)
	if err != nil {
		return err
	}
	a, err := newApp(cfg, logger)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return listenError(cfg.addr, err)
	}
	return a.serve(ctx, ln)
}

// listenError says what to do when -addr cannot be listened on: "listen
// tcp: address 3000: missing port in address" (a port alone, as people
// type it) and "bind: address already in use" (a receiver still running
// in another terminal) named neither the flag nor the way out.
func listenError(addr string, err error) error {
	if _, _, splitErr := net.SplitHostPort(addr); splitErr != nil {
		return fmt.Errorf("-addr %q: %w (use HOST:PORT, e.g. -addr 127.0.0.1:3000, or :3000 for every interface)", addr, err)
	}
	if addrInUse(err) {
		// Said in the same words on every system: Go's error was
		// "bind: address already in use" on Linux and macOS, and on
		// Windows "bind: Only one usage of each socket address …", which
		// the check for EADDRINUSE missed, so it came without the way out.
		host, port, _ := net.SplitHostPort(addr)
		other := "3001"
		if n, err := strconv.Atoi(port); err == nil && n > 0 && n < 65535 {
			other = strconv.Itoa(n + 1)
		}
		return fmt.Errorf("-addr %s: port %s is in use (another program listens there, perhaps a receiver in another terminal): stop it, or choose another -addr, e.g. -addr %s, and send to that port", addr, port, net.JoinHostPort(host, other))
	}
	return fmt.Errorf("-addr %s: %w", addr, err)
}

// maxWorkers bounds -background: the Handler starts that many goroutines
// and queues 64 events for each, so -background 100000000 asked for
// billions of queue slots at start and the receiver died with "fatal error:
// runtime: out of memory" and a stack trace instead of a usage error. The
// Handler now takes a larger count as its bound; the receiver refuses it,
// so that what runs is what was asked for.
const maxWorkers = webhook.MaxBackgroundWorkers

type config struct {
	addr    string
	path    string
	secrets []string
	workers int
}

func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("receiver", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := config{}
	addr := getenv(envAddr)
	if addr == "" {
		addr = ":3000" // the guide's port
	}
	fs.StringVar(&cfg.addr, "addr", addr, "listen address (env "+envAddr+")")
	fs.StringVar(&cfg.path, "path", "/webhooks/esahayak", "path webhooks are POSTed to")
	secret := fs.String("secret", "", "signing secret (whsec_…); prefer env "+envSecret+": flags are visible in ps")
	fs.IntVar(&cfg.workers, "background", 0, fmt.Sprintf("handle events on N background workers, answering at once, at most %d (0: handle before answering)", maxWorkers))
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: %s=whsec_… receiver [flags]\n", envSecret)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected arguments %q (try -h)", fs.Args())
	}
	raw := *secret
	if raw == "" {
		raw = getenv(envSecret)
	}
	cfg.secrets = strings.FieldsFunc(raw, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' })
	if len(cfg.secrets) == 0 {
		// Where each way of getting a secret hands it over: README.md's
		// tour reads it from the answer that created the endpoint, and
		// esahayak listen prints its session's; the dashboard alone was
		// named, though the API gives an endpoint's secret again.
		return config{}, fmt.Errorf("no signing secret: set %s to your endpoint's whsec_… secret (in the answer that created it, from GET /v1/webhook_endpoints/{id}/secret, or on the dashboard's Settings → API Access → Webhook Configuration) or to the one esahayak listen prints", envSecret)
	}
	if !strings.HasPrefix(cfg.path, "/") {
		return config{}, fmt.Errorf("-path %q must start with /", cfg.path)
	}
	if cfg.workers < 0 {
		return config{}, fmt.Errorf("-background %d must not be negative", cfg.workers)
	}
	if cfg.workers > maxWorkers {
		return config{}, fmt.Errorf("-background %d: at most %d workers", cfg.workers, maxWorkers)
	}
	return cfg, nil
}

// app is the receiver: the webhook Handler with the guide's event handlers
// registered, and the routes around it.
type app struct {
	hook   *webhook.Handler
	routes http.Handler
	log    *slog.Logger
	now    func() time.Time
}

func newApp(cfg config, logger *slog.Logger, opts ...webhook.VerifyOption) (*app, error) {
	v, err := webhook.NewVerifier(cfg.secrets, opts...)
	if err != nil {
		return nil, err
	}
	hopts := []webhook.HandlerOption{webhook.WithLogger(logger)}
	if cfg.workers > 0 {
		hopts = append(hopts, webhook.WithBackground(cfg.workers))
	}
	a := &app{hook: webhook.NewHandler(v, hopts...), log: logger, now: time.Now}

	orders := &orderService{log: logger}
	a.hook.On(webhook.EventStampUploaded, orders.handleStampUploaded)
	a.hook.On(webhook.EventStampFailed, orders.handleStampFailed)
	a.hook.On(webhook.EventOrderDelivered, orders.handleOrderDelivered)
	a.hook.On(webhook.EventOrderCancelled, orders.handleOrderCancelled)

	mux := http.NewServeMux()
	mux.HandleFunc("GET /webhooks/health", a.health)
	// The webhook path is matched as written, not registered as a
	// ServeMux pattern: -path "/hooks/{id}" or "/a b" would be read as a
	// wildcard or a method (and "/x{" panics). Every method goes to the
	// Handler, which answers other methods itself, with the JSON 405
	// senders and tools expect.
	a.routes = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == cfg.path {
			a.hook.ServeHTTP(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	})
	return a, nil
}

func (a *app) health(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]string{
		"status":    "healthy",
		"timestamp": a.now().UTC().Format(time.RFC3339),
		"server":    "webhook-handler",
		"version":   version,
	})
}

// serve serves on ln until ctx is done, then stops gracefully: first the
// HTTP server (no new deliveries, in-flight ones finish), then the webhook
// Handler (queued background events finish).
func (a *app) serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler: a.routes,
		// Timeouts keep slow or stalled clients from holding connections;
		// eSahayak itself gives up after 10 seconds.
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	a.log.Info("webhook receiver listening", slog.String("addr", ln.Addr().String()))

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
	defer cancel()
	err := srv.Shutdown(sctx)
	if herr := a.hook.Shutdown(sctx); herr != nil {
		err = errors.Join(err, fmt.Errorf("draining queued events: %w", herr))
	}
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	return err
}

// orderService holds the guide's event handlers. Where the guide calls
// updateOrderStatus, notifyUser and friends, this example logs what it would
// do; replace those calls with your database and notification code.
//
// Each handler must be idempotent: an event whose handler failed is
// delivered again, and the steps that succeeded the first time run again.
// Return an error only when a retry can help (the database is down), not
// for events that will never succeed (an unknown order): those are logged
// and acknowledged, or eSahayak would retry them for nothing.
//
// An order's events can arrive out of order (a retry of an earlier event
// after a later one), so a handler acts only on an event no older than the
// last one it acted on for that order (current): the last webhook to
// arrive is not always the order's state.
type orderService struct {
	log *slog.Logger

	mu     sync.Mutex
	latest map[string]eventMark // order id → the newest event acted on
}

// eventMark places an event in its order's history: by created_at, then by
// id (an order's event ids sort as their times do).
type eventMark struct {
	at time.Time
	id string
}

func (m eventMark) after(o eventMark) bool {
	return m.at.After(o.at) || (m.at.Equal(o.at) && m.id > o.id)
}

// current reports whether e is not older than any event of its order acted
// on so far, and if so records it. This example keeps the marks in memory; in
// your database, make it part of the status update, so that it holds
// across processes and restarts:
//
//	UPDATE orders SET status = $1, last_event_at = $3, last_event_id = $4
//	WHERE esahayak_order_id = $2
//	  AND (last_event_at IS NULL OR (last_event_at, last_event_id) <= ($3, $4))
//
// and skip the side effects when it updates no row.
func (s *orderService) current(ctx context.Context, e *webhook.Event) bool {
	order, mark := e.Data.Order.ID, eventMark{e.CreatedAt, e.ID}
	s.mu.Lock()
	defer s.mu.Unlock()
	// The same event again (its handler failed before) is still current.
	if last, ok := s.latest[order]; ok && last.after(mark) {
		s.log.InfoContext(ctx, "older than the order's last event handled; status left as is",
			slog.String("order_id", order), slog.String("event_id", e.ID), slog.String("event_type", e.Type),
			slog.String("last_event_id", last.id))
		return false
	}
	if s.latest == nil {
		s.latest = map[string]eventMark{}
	}
	s.latest[order] = mark
	return true
}

func (s *orderService) handleStampUploaded(ctx context.Context, e *webhook.Event) error {
	if s.skipTest(ctx, e) || !s.current(ctx, e) {
		return nil
	}
	order := e.Data.Order.ID
	s.updateOrderStatus(ctx, order, "COMPLETED")
	s.notifyUser(ctx, order, "Your stamp is ready for download")
	s.log.InfoContext(ctx, "delivery process triggered", slog.String("order_id", order))
	s.log.InfoContext(ctx, "stamp uploaded", slog.String("order_id", order),
		slog.String("stamp_request_id", e.Data.StampRequest.ID),
		slog.String("state", e.Data.StampRequest.State),
		slog.Int64("amount", e.Data.StampRequest.Amount),
		slog.String("article_code", e.Data.StampRequest.ArticleCode))
	return nil
}

func (s *orderService) handleStampFailed(ctx context.Context, e *webhook.Event) error {
	if s.skipTest(ctx, e) || !s.current(ctx, e) {
		return nil
	}
	order := e.Data.Order.ID
	reason, code := "Technical issue", ""
	if e.Data.Error != nil {
		code = e.Data.Error.Code
		if e.Data.Error.Message != "" {
			reason = e.Data.Error.Message
		}
	}
	s.updateOrderStatus(ctx, order, "FAILED")
	s.notifyUser(ctx, order, "Stamp generation failed: "+reason)
	s.log.WarnContext(ctx, "stamp failed", slog.String("order_id", order), slog.String("code", code), slog.String("reason", reason))
	return nil
}

func (s *orderService) handleOrderDelivered(ctx context.Context, e *webhook.Event) error {
	if s.skipTest(ctx, e) || !s.current(ctx, e) {
		return nil
	}
	order := e.Data.Order.ID
	attrs := []any{slog.String("order_id", order), slog.String("status", "DELIVERED")}
	if d := e.Data.Delivery; d != nil {
		attrs = append(attrs, slog.String("partner", d.Partner), slog.String("tracking_id", d.TrackingID),
			slog.Time("delivered_at", d.DeliveredAt))
	}
	s.log.InfoContext(ctx, "delivery status updated", attrs...)
	s.notifyUser(ctx, order, "Your stamp has been delivered successfully")
	s.log.InfoContext(ctx, "feedback requested", slog.String("order_id", order))
	s.log.InfoContext(ctx, "order delivered", slog.String("order_id", order))
	return nil
}

func (s *orderService) handleOrderCancelled(ctx context.Context, e *webhook.Event) error {
	if s.skipTest(ctx, e) || !s.current(ctx, e) {
		return nil
	}
	order := e.Data.Order.ID
	reason := "Unknown"
	var refund webhook.Refund
	if c := e.Data.Cancellation; c != nil {
		if c.Reason != "" {
			reason = c.Reason
		}
		refund = c.Refund
	}
	s.updateOrderStatus(ctx, order, "CANCELLED")
	s.log.InfoContext(ctx, "refund processed", slog.String("order_id", order),
		slog.Int64("amount", refund.Amount), slog.String("refund_status", refund.Status))
	s.notifyUser(ctx, order, "Order cancelled: "+reason+". Refund processed.")
	s.log.InfoContext(ctx, "order cancelled", slog.String("order_id", order), slog.String("reason", reason))
	return nil
}

// skipTest acknowledges dashboard test events without side effects: their
// orders do not exist, and a customer must not be emailed about them.
func (s *orderService) skipTest(ctx context.Context, e *webhook.Event) bool {
	if e.Test {
		s.log.InfoContext(ctx, "test event received; no action taken",
			slog.String("event_id", e.ID), slog.String("event_type", e.Type))
	}
	return e.Test
}

func (s *orderService) updateOrderStatus(ctx context.Context, orderID, status string) {
	// Your database update, e.g. UPDATE orders SET status = $1 WHERE esahayak_order_id = $2.
	s.log.InfoContext(ctx, "order status updated", slog.String("order_id", orderID), slog.String("status", status))
}

func (s *orderService) notifyUser(ctx context.Context, orderID, message string) {
	// Your notification logic (email, SMS, push).
	s.log.InfoContext(ctx, "user notified", slog.String("order_id", orderID), slog.String("message", message))
}
