package relay

import "sync"

// Hub wakes the streams of an account when this instance commits one of
// its events, so a listener connected here gets it at once instead of at
// the next poll. It carries no data: a woken stream reads the store.
type Hub struct {
	mu   sync.Mutex
	subs map[string]map[chan struct{}]struct{} // account → wake channels
}

func NewHub() *Hub { return &Hub{subs: map[string]map[chan struct{}]struct{}{}} }

// Subscribe returns a channel that receives a value after each Notify of
// accountID (wake-ups coalesce), and the function that ends the
// subscription. With limit > 0 it refuses (ok false) when accountID
// already has limit subscriptions.
func (h *Hub) Subscribe(accountID string, limit int) (wake <-chan struct{}, cancel func(), ok bool) {
	ch := make(chan struct{}, 1)
	h.mu.Lock()
	if limit > 0 && len(h.subs[accountID]) >= limit {
		h.mu.Unlock()
		return nil, func() {}, false
	}
	if h.subs[accountID] == nil {
		h.subs[accountID] = map[chan struct{}]struct{}{}
	}
	h.subs[accountID][ch] = struct{}{}
	h.mu.Unlock()
	return ch, func() {
		h.mu.Lock()
		delete(h.subs[accountID], ch)
		if len(h.subs[accountID]) == 0 {
			delete(h.subs, accountID)
		}
		h.mu.Unlock()
	}, true
}

// Notify wakes every stream of accountID. It never blocks.
func (h *Hub) Notify(accountID string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for ch := range h.subs[accountID] {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// Streams counts the open streams of accountID.
func (h *Hub) Streams(accountID string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.subs[accountID])
}
