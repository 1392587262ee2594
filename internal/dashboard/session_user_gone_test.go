package dashboard_test

import (
	"bufio"
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/esahayak/esahayak/internal/store"
	"github.com/esahayak/esahayak/internal/testenv"
)

// removableUsers is a store whose users can be removed, as an operator
// removes one from the database (the service has no command for it).
type removableUsers struct {
	store.Store
	removed sync.Map // user id → true
}

func (s *removableUsers) GetUser(ctx context.Context, id string) (store.User, error) {
	if _, gone := s.removed.Load(id); gone {
		return store.User{}, store.ErrNotFound
	}
	return s.Store.GetUser(ctx, id)
}

func (s *removableUsers) UserByEmail(ctx context.Context, email string) (store.User, error) {
	u, err := s.Store.UserByEmail(ctx, email)
	if _, gone := s.removed.Load(u.ID); err == nil && gone {
		return store.User{}, store.ErrNotFound
	}
	return u, err
}

// TestRemovedUsersSessionSaysTheUserIsGone: a browser signed in as a user
// who was then removed was sent to sign in under "Your session has ended
// … a session lasts 12 hours after its last use": a person signed in
// again as that user, and was told the password was wrong. The sign-in
// page now says the user no longer exists. A session that ended is still
// told that it ended.
func TestRemovedUsersSessionSaysTheUserIsGone(t *testing.T) {
	st := &removableUsers{Store: testenv.SQLite(t)}
	e := startEnv(t, envOptions{Store: st})
	b := e.signedIn(t)
	if r := b.get("/dashboard/deliveries"); r.Status != http.StatusOK {
		t.Fatalf("signed in, Deliveries = %d", r.Status)
	}
	u, err := st.UserByEmail(context.Background(), e.Email)
	if err != nil {
		t.Fatal(err)
	}
	st.removed.Store(u.ID, true)

	r := b.get("/dashboard/deliveries")
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/dashboard/signin") {
		t.Fatalf("the removed user's session opened Deliveries: %d %s", r.Status, r.Location)
	}
	page := b.get(r.Location).Body
	const gone = "You were signed out: the user this browser was signed in as no longer exists."
	if !strings.Contains(page, gone) {
		t.Errorf("the sign-in page does not say %q", gone)
	}
	if strings.Contains(page, "session has ended") {
		t.Errorf("the sign-in page says the session ended, for a session whose user was removed")
	}
	// A form sent from a page left open: not saved, and why.
	r = b.post("/dashboard/settings/api-keys", url.Values{"csrf": {"x"}, "name": {"ci"}})
	if r.Status != http.StatusSeeOther || !strings.Contains(r.Location, "notice=session_ended") {
		t.Fatalf("the removed user's form = %d %s; want the sign-in page", r.Status, r.Location)
	}
	page = b.get(r.Location).Body
	if !strings.Contains(page, "your last change was not saved") || !strings.Contains(page, gone) {
		t.Errorf("after a form, the sign-in page does not say the change was not saved and %q", gone)
	}

	// Another user's session that ended the usual way is told so, as before.
	const other, password = "ops@example.com", "another long passphrase"
	if _, err := dashboardCreateUser(st, e.AccountID, other, password); err != nil {
		t.Fatal(err)
	}
	b2 := e.browser(t)
	if r := b2.signIn(other, password); r.Status != http.StatusSeeOther {
		t.Fatalf("sign in as %s: %d", other, r.Status)
	}
	e.clock.Advance(13 * time.Hour)
	if page := b2.get("/dashboard/signin").Body; !strings.Contains(page, "Your session has ended") || strings.Contains(page, gone) {
		t.Errorf("an ended session's sign-in page does not say the session ended (or says the user is gone)")
	}
}

// TestRemovedUsersLiveStreamsEnd: a page left open by a user who was then
// removed kept its live streams, the deliveries' and an inspector's (its
// captures' bodies and headers among them), for as long as the session
// lived: the streams checked that the session still stood, not its user.
// They now end with "signedout", as when the session is signed out.
func TestRemovedUsersLiveStreamsEnd(t *testing.T) {
	st := &removableUsers{Store: testenv.SQLite(t)}
	e := startEnv(t, envOptions{Store: st, StreamHeartbeat: 20 * time.Millisecond})
	b := e.signedIn(t)
	r := b.postForm("/dashboard/inspector", "/dashboard/inspector", nil)
	inspector, _, _ := strings.Cut(r.Location, "?")
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(inspector, "/dashboard/inspector/insp") {
		t.Fatalf("create an inspector: %d %q", r.Status, r.Location)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	streams := map[string]*bufio.Scanner{}
	for _, path := range []string{"/dashboard/live", inspector + "/live"} {
		streams[path] = openStreamPastFirstPing(ctx, t, e.URL+path, "esahayak_session="+b.cookies["esahayak_session"].Value)
	}
	u, err := st.UserByEmail(context.Background(), e.Email)
	if err != nil {
		t.Fatal(err)
	}
	st.removed.Store(u.ID, true)
next:
	for path, lines := range streams {
		for lines.Scan() {
			if lines.Text() == "event: signedout" {
				continue next
			}
		}
		t.Errorf("%s: the stream of a removed user's page ended without a signedout event, or was still open 10 s after the user was removed (%v)", path, ctx.Err())
	}
}
