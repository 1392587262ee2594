package api_test

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/esahayak/esahayak/internal/testenv"
)

// Every /v1 request answers by its deadline while the database does not
// answer: a path that merely ends in "/stream" (an escaped slash) and a
// listen stream that has not started included. A stream that has started
// outlives the deadline.
func TestStreamsKeepTheDeadlineUntilTheyStart(t *testing.T) {
	schema := testenv.NewSchema(t)
	const timeout = time.Second
	srv := testenv.Start(t, testenv.PostgresOn(t, schema), testenv.Options{RequestTimeout: timeout})
	session := srv.NewListenSession(t, srv.APIKey, map[string]any{"events": []string{"order.cancelled"}})

	ctx := context.Background()
	conn, err := pgx.Connect(ctx, testenv.PostgresURL(schema))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "LOCK TABLE api_keys, listen_sessions IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}
	// Released after 10 s whatever happens (the socket closed, the
	// transaction ends): a request still waiting then has missed its
	// deadline by 9 s.
	release := time.AfterFunc(10*time.Second, func() { conn.PgConn().Conn().Close() })
	defer release.Stop()
	unlocked := false
	unlock := func() {
		if !unlocked {
			unlocked = true
			if release.Stop() {
				tx.Rollback(ctx)
			}
		}
	}
	defer unlock()

	for _, path := range []string{
		"/v1/orders/order_01m8s1wyypk0y6r82m2j1wh4g8",
		"/v1/orders/order_01m8s1wyypk0y6r82m2j1wh4g8%2Fstream",
		"/v1/listen_sessions/" + session + "/stream",
	} {
		start := time.Now()
		code, body := getWithin(t, 15*time.Second, srv.URL+path, srv.APIKey)
		took := time.Since(start)
		if code != http.StatusServiceUnavailable || !strings.Contains(string(body), `"unavailable"`) || took > 5*timeout {
			t.Errorf("GET %s with the database locked: %d %s after %v; want 503 unavailable by the %v deadline", path, code, body, took.Round(time.Millisecond), timeout)
		}
	}
	unlock()

	// The stream's first read (the replay of missed events) keeps the
	// deadline too: no headers, then 503, while events cannot be read.
	tx2, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx2.Exec(ctx, "LOCK TABLE events IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}
	release2 := time.AfterFunc(10*time.Second, func() { conn.PgConn().Conn().Close() })
	start := time.Now()
	code, body := getWithin(t, 15*time.Second, srv.URL+"/v1/listen_sessions/"+session+"/stream", srv.APIKey)
	if took := time.Since(start); code != http.StatusServiceUnavailable || took > 5*timeout {
		t.Errorf("a new stream while events are locked: %d %.200s after %v; want 503 by the %v deadline", code, body, took.Round(time.Millisecond), timeout)
	}
	if release2.Stop() {
		tx2.Rollback(ctx)
	}

	// Unlocked, the stream starts and goes on past the deadline.
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v1/listen_sessions/"+session+"/stream", nil)
	req.Header.Set("Authorization", "Bearer "+srv.APIKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("stream: %d", resp.StatusCode)
	}
	time.Sleep(2 * timeout)
	code, body = srv.Do(t, http.MethodPost, "/v1/orders", srv.APIKey, map[string]any{
		"stamp_request": map[string]any{"state": "Goa", "amount": 100, "article_code": "A", "provider": "SHCIL"}})
	if code != http.StatusCreated {
		t.Fatalf("create order: %d %s", code, body)
	}
	order := testenv.JSON(t, body)["id"].(string)
	if code, body := srv.Do(t, http.MethodPost, "/v1/orders/"+order+"/cancel", srv.APIKey, map[string]any{"reason": "test"}); code != http.StatusOK {
		t.Fatalf("cancel: %d %s", code, body)
	}
	got := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "order.cancelled") {
				got <- true
				return
			}
		}
		got <- false
	}()
	select {
	case ok := <-got:
		if !ok {
			t.Fatalf("the stream ended before the event (it must outlive the %v request deadline)", timeout)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("no event on the stream within 10 s")
	}
}

// getWithin is a GET that gives up after d (a stream that started would
// never end), answering 0 then.
func getWithin(t *testing.T, d time.Duration, url, key string) (int, []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, []byte(err.Error())
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, append(body, " (body: "+err.Error()+")"...)
	}
	return resp.StatusCode, body
}

// A body slow to arrive is bounded by the server's read timeout, not by
// the request's deadline, which is there for the database: an order whose
// body took longer than the deadline to arrive is created, where it was
// answered 503 "the database did not answer in time".
func TestSlowBodyGetsTheWholeDeadlineAfterIt(t *testing.T) {
	const timeout = time.Second
	srv := testenv.Start(t, testenv.SQLite(t), testenv.Options{RequestTimeout: timeout})
	body := `{"stamp_request": {"state": "Assam", "amount": 1000, "article_code": "AS-RG-4", "provider": "SHCIL"}}`
	pr, pw := io.Pipe()
	go func() {
		// Spread over 2.5 deadlines, a piece every 250 ms.
		step := len(body) / 10
		for i := 0; i < len(body); i += step {
			time.Sleep(timeout / 4)
			if _, err := pw.Write([]byte(body[i:min(i+step, len(body))])); err != nil {
				return
			}
		}
		pw.Close()
	}()
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/v1/orders", pr)
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = int64(len(body))
	req.Header.Set("Authorization", "Bearer "+srv.APIKey)
	req.Header.Set("Content-Type", "application/json")
	start := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("an order whose body took %v (deadline %v): %d %s; want 201", time.Since(start).Round(time.Millisecond), timeout, resp.StatusCode, got)
	}
}
