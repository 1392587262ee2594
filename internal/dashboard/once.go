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
