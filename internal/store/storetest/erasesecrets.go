package storetest

import (
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
)

func init() { extraTests["EraseExpiredSecrets"] = testEraseExpiredSecrets }

// testEraseExpiredSecrets: once an endpoint's retired secrets have all
// expired, EraseExpiredSecrets erases them from its row (they were kept
// until the next rotation, however long that took: a secret rotated out
// because it leaked stayed in the database and its backups); retired
// secrets still signing, and every current secret, stay.
func testEraseExpiredSecrets(t *testing.T, s store.Store) {
	a := newAccount(t, s)
	rotate := func(e store.Endpoint, secret string, at time.Time) {
		t.Helper()
		_, err := s.UpdateEndpoint(ctx, a, e.ID, func(x *store.Endpoint) error {
			x.Rotate(secret, at, 24*time.Hour)
			return nil
		})
		must(t, err)
	}
	second, third := "whsec_c2Vjb25kc2Vjb25kc2Vjb25kc2Vjb25kc2Vj", "whsec_dGhpcmR0aGlyZHRoaXJkdGhpcmR0aGlyZHRo"
	expired := newEndpoint(t, s, a) // rotated twice, both retired secrets expired by now
	rotate(expired, second, base)
	rotate(expired, third, base.Add(time.Minute))
	signing := newEndpoint(t, s, a) // rotated twice, the previous secret still signing
	rotate(signing, second, base)
	rotate(signing, third, base.Add(2*time.Hour))
	never := newEndpoint(t, s, a) // never rotated
	now := base.Add(24*time.Hour + time.Minute)

	n, err := s.EraseExpiredSecrets(ctx, now)
	must(t, err)
	if n != 1 {
		t.Errorf("EraseExpiredSecrets = %d, want 1 (the endpoint whose retired secrets all expired)", n)
	}
	got, err := s.GetEndpoint(ctx, a, expired.ID)
	must(t, err)
	if got.Secret != third || got.PreviousSecret != "" || got.PreviousSecretExpiresAt != nil || len(got.OlderSecrets) != 0 {
		t.Errorf("after its retired secrets expired: secret %q, previous %q until %v, older %+v; want %q alone",
			got.Secret, got.PreviousSecret, got.PreviousSecretExpiresAt, got.OlderSecrets, third)
	}
	got, err = s.GetEndpoint(ctx, a, signing.ID)
	must(t, err)
	if got.Secret != third || got.PreviousSecret != second || got.PreviousSecretExpiresAt == nil || len(got.OlderSecrets) != 1 {
		t.Errorf("with its previous secret still signing: secret %q, previous %q until %v, older %+v; want all three kept",
			got.Secret, got.PreviousSecret, got.PreviousSecretExpiresAt, got.OlderSecrets)
	}
	got, err = s.GetEndpoint(ctx, a, never.ID)
	must(t, err)
	if got.Secret != never.Secret {
		t.Errorf("an endpoint never rotated: secret %q, want %q", got.Secret, never.Secret)
	}
	if n, err := s.EraseExpiredSecrets(ctx, now); err != nil || n != 0 {
		t.Errorf("EraseExpiredSecrets again = %d, %v; want 0", n, err)
	}
}
