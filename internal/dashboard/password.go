package dashboard

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"github.com/esahayak/esahayak/internal/api"
	"github.com/esahayak/esahayak/internal/ids"
	"github.com/esahayak/esahayak/internal/store"
)

// Password rules.
const (
	MinPasswordLength = 10
	MaxPasswordLength = 1024 // bounds the hashing work a request can ask for
)

// argonParams are the argon2id costs of new hashes: OWASP's recommended
// minimum (19 MiB, 2 passes, 1 lane). The parameters are stored in each
// hash, so raising them later leaves existing hashes verifiable.
type argonParams struct {
	memoryKiB uint32
	time      uint32
	threads   uint8
}

var defaultArgon = argonParams{memoryKiB: 19 * 1024, time: 2, threads: 1}

const (
	argonSaltLen = 16
	argonKeyLen  = 32
)

// hashSlots bounds how many argon2id computations run at once: each holds
// its memory cost (19 MiB) for tens of milliseconds, and a burst of
// sign-in attempts must not exhaust the server's memory.
var hashSlots = make(chan struct{}, 4)

// maxHashWaiting bounds the sign-in checks waiting for a slot. A flood of
// attempts from many addresses (each address's own limit still allows some)
// queued without end: a real user's sign-in then waited 36 s behind work
// for clients long gone. Past it a sign-in is answered at once, "busy".
const maxHashWaiting = 32

var hashWaiting atomic.Int32

// errHashBusy is a password check refused because maxHashWaiting others
// are waiting already.
var errHashBusy = errors.New("dashboard: too many sign-ins at once")

// takeHashSlot waits for a slot until ctx ends (a client that went away
// costs no hashing), or refuses at once past maxHashWaiting waiters.
func takeHashSlot(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case hashSlots <- struct{}{}:
		return nil
	default:
	}
	if hashWaiting.Add(1) > maxHashWaiting {
		hashWaiting.Add(-1)
		return errHashBusy
	}
	defer hashWaiting.Add(-1)
	select {
	case hashSlots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// HashPassword returns the argon2id hash of password in the PHC string
// format: $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>.
func HashPassword(password string) (string, error) {
	if err := ValidatePassword(password); err != nil {
		return "", err
	}
	return hashWith(defaultArgon, password)
}

func hashWith(p argonParams, password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	hashSlots <- struct{}{}
	defer func() { <-hashSlots }()
	key := argon2.IDKey([]byte(password), salt, p.time, p.memoryKiB, p.threads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.memoryKiB, p.time, p.threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

var errBadHash = errors.New("dashboard: malformed password hash")

// CheckPassword reports whether password matches hash (from HashPassword),
// in constant time with respect to the password.
func CheckPassword(hash, password string) (bool, error) {
	return checkPassword(context.Background(), hash, password)
}

// checkPassword is CheckPassword for a request: it gives up, with ctx's
// error or errHashBusy, instead of waiting behind a flood for a slot.
func checkPassword(ctx context.Context, hash, password string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	var p argonParams
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.memoryKiB, &p.time, &p.threads); err != nil ||
		p.memoryKiB < 8 || p.memoryKiB > 1<<21 || p.time < 1 || p.time > 16 || p.threads < 1 {
		return false, errBadHash
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return false, errBadHash
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) < 16 || len(want) > 64 {
		return false, errBadHash
	}
	if len(password) > MaxPasswordLength {
		return false, nil
	}
	if err := takeHashSlot(ctx); err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.time, p.memoryKiB, p.threads, uint32(len(want)))
	<-hashSlots
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash is checked against when no user has the email given, so that
// a sign-in takes as long whether or not the email exists.
var dummyHash = sync.OnceValue(func() string {
	h, err := hashWith(defaultArgon, "not-a-password-anyone-has")
	if err != nil {
		panic(err)
	}
	return h
})

// ValidatePassword applies the password rules.
func ValidatePassword(password string) error {
	switch n := utf8.RuneCountInString(password); {
	case n < MinPasswordLength:
		return fmt.Errorf("the password must be at least %d characters (got %d)", MinPasswordLength, n)
	case len(password) > MaxPasswordLength:
		return fmt.Errorf("the password must be at most %d bytes", MaxPasswordLength)
	}
	return nil
}

// NormalizeEmail checks an email address and returns it lower-cased.
// It accepts a bare address only (no display name): "dev@localhost" is
// fine, "Dev <dev@localhost>" is not. An invisible formatting character
// (Unicode category Cf: bidi controls, zero-width spaces) is refused,
// though net/mail takes it: "dev\u200b@localhost" would be a second user
// that looks like dev@localhost, and "x\u202e@ex.com" draws the top bar
// reversed.
func NormalizeEmail(email string) (string, error) {
	email = strings.TrimSpace(email)
	if c, ok := invisibleIn(email); ok {
		// %+q: ASCII only, so that the message shows the character as an
		// escape, not as the nothing it draws.
		return "", fmt.Errorf("%+q has the invisible character U+%04X, which can make it look like another address: type the address without it", email, c)
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || a.Name != "" || len(email) > 254 {
		return "", fmt.Errorf("%q is not an email address such as name@example.com", email)
	}
	return strings.ToLower(email), nil
}

// invisibleIn is the first character of s that is not drawn, or drawn as
// nothing, as the API refuses them in endpoint URLs (api.InvisibleAt): a
// formatting character (Unicode Cf: bidi controls, zero-width spaces), a
// blank (U+00A0, U+3164, the Braille blank), a combining grapheme joiner
// or a variation selector that varies nothing. Each can make an address
// look like another user's.
func invisibleIn(s string) (rune, bool) {
	for i := 0; i < len(s); {
		c, size, hidden := api.InvisibleAt(s, i)
		if hidden {
			return c, true
		}
		i += size
	}
	return 0, false
}

// ErrUserExists is returned by CreateUser for an email already taken.
var ErrUserExists = errors.New("a user with this email already exists")

// CreateUser makes a dashboard user of accountID: it checks the account,
// the email and the password, hashes the password with argon2id and stores
// the user. Used by `esahayak users create` and the first start.
func CreateUser(ctx context.Context, st store.Store, accountID, email, password string, now time.Time) (store.User, error) {
	email, err := NormalizeEmail(email)
	if err != nil {
		return store.User{}, err
	}
	if _, err := st.GetAccount(ctx, accountID); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return store.User{}, fmt.Errorf("no account %q (create one with 'esahayak accounts create NAME')", accountID)
		}
		return store.User{}, err
	}
	hash, err := HashPassword(password)
	if err != nil {
		return store.User{}, err
	}
	u := store.User{ID: ids.NewAt(ids.User, now), AccountID: accountID, Email: email, PasswordHash: hash, CreatedAt: now}
	if err := st.CreateUser(ctx, u); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return store.User{}, fmt.Errorf("%s: %w", email, ErrUserExists)
		}
		return store.User{}, err
	}
	return u, nil
}

// RandomPassword returns a random password of 20 URL-safe characters (120 bits).
func RandomPassword() (string, error) {
	var b [15]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}
