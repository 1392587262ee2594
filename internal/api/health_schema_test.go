package api_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/esahayak/esahayak/internal/testenv"
)

// TestHealthWithTheSchemaDroppedUnderIt: a schema dropped under a running
// server (a pg_restore --clean, an operator's DROP SCHEMA on the wrong
// installation) answered every /v1 request 503 unavailable while
// /healthz, which sent PostgreSQL an empty statement, stayed 200
// healthy: a load balancer kept the instance and README's Database alert
// ("GET /healthz not 200") never fired. /healthz now reads the schema,
// and says that the database answered but its tables could not be read.
func TestHealthWithTheSchemaDroppedUnderIt(t *testing.T) {
	schema := testenv.NewSchema(t)
	s := testenv.Start(t, testenv.PostgresOn(t, schema), testenv.Options{})
	if code, b := s.Do(t, "GET", "/healthz", "", nil); code != http.StatusOK {
		t.Fatalf("healthz before: %d %s", code, b)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, testenv.PostgresDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "DROP SCHEMA "+pgx.Identifier{schema}.Sanitize()+" CASCADE"); err != nil {
		t.Fatal(err)
	}
	if code, b := s.Do(t, "GET", "/v1/orders", s.APIKey, nil); code != http.StatusServiceUnavailable {
		t.Fatalf("GET /v1/orders with the schema dropped: %d %s", code, b)
	}
	code, b := s.Do(t, "GET", "/healthz", "", nil)
	h := testenv.JSON(t, b)
	if code != http.StatusServiceUnavailable || h["status"] != "unhealthy" || h["error"] != "database tables unreadable" {
		t.Fatalf("healthz with the schema dropped: %d %s", code, b)
	}
}
