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
