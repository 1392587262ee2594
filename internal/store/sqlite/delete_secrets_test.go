package sqlite_test

import (
	"context"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/store/sqlite"
)

// TestDeleteEndpointErasesItsSecrets: a deleted endpoint's row stays for
// its deliveries' history, but no secret it signed with stays in the
// database file (nor in its backups from then on).
func TestDeleteEndpointErasesItsSecrets(t *testing.T) {
	ctx := context.Background()
	s, path := fileStore(t)
	at := time.Date(2026, 1, 16, 10, 0, 0, 0, time.UTC)
	account, e := accountWithEndpoint(t, s, at)
	if _, err := s.UpdateEndpoint(ctx, account, e.ID, func(e *store.Endpoint) error {
		e.Rotate("whsec_bmV3c2VjcmV0", at.Add(time.Minute), 24*time.Hour)
		e.Rotate("whsec_dGhpcmRzZWNyZXQ", at.Add(2*time.Minute), 24*time.Hour)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteEndpoint(ctx, account, e.ID, at.Add(3*time.Minute)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	db := rawDB(t, path)
	var secret, previous, older string
	var expiresNull, deleted bool
	if err := db.QueryRow(`SELECT secret, previous_secret, previous_secret_expires_at IS NULL, older_secrets, deleted_at IS NOT NULL
		FROM endpoints WHERE id = ?`, e.ID).Scan(&secret, &previous, &expiresNull, &older, &deleted); err != nil {
		t.Fatal(err)
	}
	if !deleted {
		t.Fatal("the endpoint's row is not marked deleted")
	}
	if secret != "" || previous != "" || older != "" || !expiresNull {
		t.Errorf("after its deletion the endpoint still holds secrets: secret %q, previous %q (expiry cleared: %v), older %q", secret, previous, expiresNull, older)
	}
}

// TestStartErasesSecretsOlderReleasesKept: a release before the delete
// erased secrets left them on its deleted endpoints, and one before the
// close erased them on its closed listen sessions; a server's start erases
// them, and leaves the endpoints not deleted and the open sessions as they
// are.
func TestStartErasesSecretsOlderReleasesKept(t *testing.T) {
	path, db := migrated(t, "test.db")
	for _, q := range []string{
		`INSERT INTO endpoints (id, account_id, url, events, status, secret, previous_secret, previous_secret_expires_at, created_at, updated_at, deleted_at)
		 VALUES ('we_gone', 'acct_x', 'https://example.test/a', '[]', 'disabled', 'whsec_b2xk', 'whsec_b2xkZXI', 1, 1, 1, 1)`,
		`INSERT INTO endpoints (id, account_id, url, events, status, secret, created_at, updated_at)
		 VALUES ('we_live', 'acct_x', 'https://example.test/b', '[]', 'enabled', 'whsec_bGl2ZQ', 1, 1)`,
		`INSERT INTO listen_sessions (id, account_id, events, secret, created_at, closed_at) VALUES ('ls_closed', 'acct_x', '', 'whsec_Y2xvc2Vk', 1, 2)`,
		`INSERT INTO listen_sessions (id, account_id, events, secret, created_at) VALUES ('ls_open', 'acct_x', '', 'whsec_b3Blbg', 1)`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	s, err := sqlite.Open(context.Background(), path, sqlite.Options{Server: true})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	db = rawDB(t, path)
	var gone, live string
	if err := db.QueryRow(`SELECT secret || previous_secret || COALESCE(previous_secret_expires_at, '') FROM endpoints WHERE id = 'we_gone'`).Scan(&gone); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT secret FROM endpoints WHERE id = 'we_live'`).Scan(&live); err != nil {
		t.Fatal(err)
	}
	if gone != "" {
		t.Errorf("the deleted endpoint still holds %q after a start", gone)
	}
	if live != "whsec_bGl2ZQ" {
		t.Errorf("the live endpoint's secret is %q after a start, want it kept", live)
	}
	var closed, open string
	if err := db.QueryRow(`SELECT secret FROM listen_sessions WHERE id = 'ls_closed'`).Scan(&closed); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT secret FROM listen_sessions WHERE id = 'ls_open'`).Scan(&open); err != nil {
		t.Fatal(err)
	}
	if closed != "" {
		t.Errorf("the closed listen session still holds %q after a start", closed)
	}
	if open != "whsec_b3Blbg" {
		t.Errorf("the open listen session's secret is %q after a start, want it kept", open)
	}
}
