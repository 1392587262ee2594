package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

// TestDeleteEndpointErasesItsSecrets: a deleted endpoint's row stays for
// its deliveries' history, but no secret it signed with stays in the
// database (nor in its backups from then on).
func TestDeleteEndpointErasesItsSecrets(t *testing.T) {
	requirePostgres(t)
	ctx := context.Background()
	s := openTest(t, newSchemaName(t))
	account := newAccount(t, s)
	e := newEndpoint(t, s, account)
	_, err := s.UpdateEndpoint(ctx, account, e.ID, func(e *store.Endpoint) error {
		e.Rotate("whsec_bmV3c2VjcmV0", base.Add(time.Minute), 24*time.Hour)
		e.Rotate("whsec_dGhpcmRzZWNyZXQ", base.Add(2*time.Minute), 24*time.Hour)
		return nil
	})
	must(t, err)
	var before string
	must(t, s.pool.QueryRow(ctx, `SELECT secret || previous_secret || older_secrets FROM endpoints WHERE id = $1`, e.ID).Scan(&before))
	if len(before) < 3*len("whsec_") {
		t.Fatalf("the endpoint holds %q before its deletion; expected three secrets", before)
	}
	must(t, s.DeleteEndpoint(ctx, account, e.ID, base.Add(3*time.Minute)))
	var secret, previous, older string
	var expiresNull, deleted bool
	must(t, s.pool.QueryRow(ctx, `SELECT secret, previous_secret, previous_secret_expires_at IS NULL, older_secrets, deleted_at IS NOT NULL
		FROM endpoints WHERE id = $1`, e.ID).Scan(&secret, &previous, &expiresNull, &older, &deleted))
	if !deleted {
		t.Fatal("the endpoint's row is not marked deleted")
	}
	if secret != "" || previous != "" || older != "" || !expiresNull {
		t.Errorf("after its deletion the endpoint still holds secrets: secret %q, previous %q (expiry cleared: %v), older %q", secret, previous, expiresNull, older)
	}
}

// TestStartErasesSecretsOlderReleasesKept: a release before the delete
// erased secrets left them on its deleted endpoints, and one before the
// close erased them on its closed listen sessions; a start erases them, and
// leaves the endpoints not deleted and the open sessions as they are.
func TestStartErasesSecretsOlderReleasesKept(t *testing.T) {
	requirePostgres(t)
	ctx := context.Background()
	schema := newSchemaName(t)
	s := openTest(t, schema)
	account := newAccount(t, s)
	gone, live := newEndpoint(t, s, account), newEndpoint(t, s, account)
	must(t, s.DeleteEndpoint(ctx, account, gone.ID, base.Add(time.Minute)))
	// What an older release's delete left.
	_, err := s.pool.Exec(ctx, `UPDATE endpoints SET secret = 'whsec_b2xk', previous_secret = 'whsec_b2xkZXI', previous_secret_expires_at = now() WHERE id = $1`, gone.ID)
	must(t, err)
	_, err = s.pool.Exec(ctx, `INSERT INTO listen_sessions (id, account_id, events, secret, created_at, closed_at)
		VALUES ('ls_closed', $1, '{}', 'whsec_Y2xvc2Vk', now(), now()), ('ls_open', $1, '{}', 'whsec_b3Blbg', now(), NULL)`, account)
	must(t, err)
	s2 := openTest(t, schema)
	var left, kept string
	must(t, s2.pool.QueryRow(ctx, `SELECT secret || previous_secret || COALESCE(previous_secret_expires_at::text, '') FROM endpoints WHERE id = $1`, gone.ID).Scan(&left))
	must(t, s2.pool.QueryRow(ctx, `SELECT secret FROM endpoints WHERE id = $1`, live.ID).Scan(&kept))
	if left != "" {
		t.Errorf("the deleted endpoint still holds %q after a start", left)
	}
	if kept != live.Secret {
		t.Errorf("the live endpoint's secret is %q after a start, want %q", kept, live.Secret)
	}
	var closed, open string
	must(t, s2.pool.QueryRow(ctx, `SELECT secret FROM listen_sessions WHERE id = 'ls_closed'`).Scan(&closed))
	must(t, s2.pool.QueryRow(ctx, `SELECT secret FROM listen_sessions WHERE id = 'ls_open'`).Scan(&open))
	if closed != "" {
		t.Errorf("the closed listen session still holds %q after a start", closed)
	}
	if open != "whsec_b3Blbg" {
		t.Errorf("the open listen session's secret is %q after a start, want it kept", open)
	}
}
