package dashboard

import (
	"sync"
	"time"
)

// onceForms remembers the tokens of forms that must act only once: Create
// API key and Rotate secret. Their answer is the page itself, never a
// redirect (a redirect would put the new key or secret in a URL), so a
// reload re-sends the form. The page script replaces the address so that
// a reload shows the page; without the script, the browser asks and then
// posts again: a second key nobody saw, or a second rotation nobody
// confirmed. Each such form carries a token made when its page was
// rendered, and a token acts once.
//
// The set is this instance's: behind a load balancer a re-sent form that
// reaches another instance still acts (as it did before).
type onceForms struct {
	mu   sync.Mutex
	used map[string]time.Time // session id + token → when it acted
}

const (
	onceFormTTL = 24 * time.Hour
	// maxOnceForms bounds the set: past it the oldest are dropped, which
	// only ends their protection against a reload.
	maxOnceForms = 100_000
)

// onceToken is a new token for a form that acts once.
func onceToken() string { return randomToken(16) }

// take marks a form's token used, and reports whether it was unused. An
// empty token (a form from before this check, or a script) always acts,
// and so does one onceToken could not have made: what is kept is only
// ever a token of its size, whatever a client sends.
func (o *onceForms) take(sessionID, token string, now time.Time) bool {
	if !issuedShape(token) {
		return true
	}
	key := sessionID + " " + token
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.used == nil {
		o.used = make(map[string]time.Time)
	}
	if at, ok := o.used[key]; ok && now.Sub(at) < onceFormTTL {
		return false
	}
	if len(o.used) >= maxOnceForms {
		o.sweep(now)
	}
	o.used[key] = now
	return true
}

// issuedShape reports whether token has the shape of onceToken's: 22
// base64url characters (16 random bytes).
func issuedShape(token string) bool { return len(token) == 22 && onlyNameChars(token) }

// giveBack forgets a token whose action failed, so that sending the form
// again tries again.
func (o *onceForms) giveBack(sessionID, token string) {
	if !issuedShape(token) {
		return
	}
	o.mu.Lock()
	delete(o.used, sessionID+" "+token)
	o.mu.Unlock()
}

// sweep drops expired tokens, and the oldest half if none had expired.
func (o *onceForms) sweep(now time.Time) {
	for k, at := range o.used {
		if now.Sub(at) >= onceFormTTL {
			delete(o.used, k)
		}
	}
	if len(o.used) < maxOnceForms {
		return
	}
	cut := now
	for _, at := range o.used {
		if at.Before(cut) {
			cut = at
		}
	}
	// The oldest times up to the midpoint between the oldest and now.
	mid := cut.Add(now.Sub(cut) / 2)
	for k, at := range o.used {
		if !at.After(mid) {
			delete(o.used, k)
		}
	}
	if len(o.used) >= maxOnceForms {
		clear(o.used) // all at one instant: nothing better to keep
	}
}

// madeForms remembers what a Save Webhook form made, by its once token:
// the form sent twice (a double click, which a browser sends as two
// posts and whose second answer it shows) answered the second with "This
// URL is already configured as endpoint …", an error above a form whose
// webhook had just been saved. Sent again, the form now leads to what it
// made the first time, as Create inspector does. A second post that
// arrives while the first is still being made waits for it. Only the same
// form: the page brought back (Back) and changed keeps its token, and is
// answered as any other form.
type madeForms struct {
	mu   sync.Mutex
	made map[string]*madeForm // session id + token
}

type madeForm struct {
	done chan struct{} // closed when the first post has answered
	what string        // what it was sent to make (its fields)
	id   string        // what it made; "" if it made nothing
	at   time.Time
}

// maxMadeForms bounds madeForms: past it the oldest are dropped.
const maxMadeForms = 10_000

// begin starts the making of what by the form with token. first says
// this is its first post: the caller makes the thing and calls finish.
// Otherwise the caller waits for f.done and reads f.id. A token of
// another shape than onceToken's (never remembered), or one whose form
// asked for something else the first time, is answered on its own:
// begin returns nil and true for it.
func (o *madeForms) begin(sessionID, token, what string, now time.Time) (f *madeForm, first bool) {
	if !issuedShape(token) {
		return nil, true
	}
	key := sessionID + " " + token
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.made == nil {
		o.made = make(map[string]*madeForm)
	}
	if f, ok := o.made[key]; ok && now.Sub(f.at) < onceFormTTL {
		if f.what != what {
			return nil, true
		}
		return f, false
	}
	if len(o.made) >= maxMadeForms {
		o.sweep(now)
	}
	f = &madeForm{done: make(chan struct{}), what: what, at: now}
	o.made[key] = f
	return f, true
}

// finish records what the first post of f made (id, or "" for nothing:
// the token is then forgotten, and the form sent again tries again).
func (o *madeForms) finish(sessionID, token string, f *madeForm, id string) {
	if f == nil {
		return
	}
	o.mu.Lock()
	f.id = id
	if id == "" && o.made[sessionID+" "+token] == f {
		delete(o.made, sessionID+" "+token)
	}
	o.mu.Unlock()
	close(f.done)
}

// madeID is what f made, once its first post has answered.
func (o *madeForms) madeID(f *madeForm) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return f.id
}

// sweep drops the expired and finished entries, then the oldest
// finished half if that was not enough; one still being made is kept.
func (o *madeForms) sweep(now time.Time) {
	finished := func(f *madeForm) bool {
		select {
		case <-f.done:
			return true
		default:
			return false
		}
	}
	for k, f := range o.made {
		if now.Sub(f.at) >= onceFormTTL && finished(f) {
			delete(o.made, k)
		}
	}
	if len(o.made) < maxMadeForms {
		return
	}
	cut := now
	for _, f := range o.made {
		if f.at.Before(cut) {
			cut = f.at
		}
	}
	mid := cut.Add(now.Sub(cut) / 2)
	for k, f := range o.made {
		if !f.at.After(mid) && finished(f) {
			delete(o.made, k)
		}
	}
}
