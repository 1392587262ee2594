package dashboard_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestRevokeOfAKeyRevokedElsewhereSaysSo: the API keys list is not live,
// so a tab opened before a key was revoked in another tab still offers
// Revoke. Clicking it must say that the key was revoked already, both on
// the server's own confirmation path (no script) and with the script's
// dialog (confirmed=1), not "There is nothing here" nor "revoked … from
// now on" as if this click had done it.
func TestRevokeOfAKeyRevokedElsewhereSaysSo(t *testing.T) {
	e := startEnv(t, envOptions{})
	b := e.signedIn(t)
	ctx := context.Background()
	keys, err := e.Store.ListAPIKeys(ctx, e.AccountID)
	if err != nil || len(keys) == 0 {
		t.Fatalf("keys: %v %v", keys, err)
	}
	action := "/dashboard/settings/api-keys/" + keys[0].ID + "/revoke"
	if !strings.Contains(b.get("/dashboard/settings/api-access").Body, action) {
		t.Fatal("the key's Revoke form is not on the page")
	}
	// The other tab.
	if err := e.Store.RevokeAPIKey(ctx, e.AccountID, keys[0].ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	for _, form := range []url.Values{{}, {"confirmed": {"1"}}} {
		r := b.postForm("/dashboard/settings/api-access", action, form)
		if r.Status != http.StatusSeeOther || !strings.Contains(r.Location, "notice=key_revoked_already") {
			t.Fatalf("Revoke (%v) of a key revoked elsewhere = %d %q %.300s, want a redirect with the key_revoked_already notice", form, r.Status, r.Location, r.Body)
		}
		mustContain(t, b.get(r.Location).Body, "This API key was revoked already")
	}
	// Another account's key is still nothing here, revoked or not.
	other, _ := e.NewAccount(t)
	okeys, _ := e.Store.ListAPIKeys(ctx, other)
	if err := e.Store.RevokeAPIKey(ctx, other, okeys[0].ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	for _, form := range []url.Values{{}, {"confirmed": {"1"}}} {
		if r := b.postForm("/dashboard/settings/api-access", "/dashboard/settings/api-keys/"+okeys[0].ID+"/revoke", form); r.Status != http.StatusNotFound {
			t.Fatalf("Revoke (%v) of another account's revoked key = %d, want 404", form, r.Status)
		}
	}
}
