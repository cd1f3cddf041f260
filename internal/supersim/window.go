package supersim

import (
	"context"
	"net/http"
	"strconv"
	"sync"
)

// The API limits how many requests an account has in flight, and refuses
// the ones beyond with a 429 (code 20429). Several pipelines, or one and the
// Console, share that limit, so no client knows its share in advance. Each
// client therefore keeps a window of requests it lets into flight, the way
// TCP keeps a congestion window: it grows by about one request for every
// window's worth of answers, and halves when the account refuses one. Two
// clients sharing an account settle on sharing its limit, instead of both
// sending everything and retrying the refusals on a timer.
//
// Where the API says how many of the account's requests are in flight
// (Twilio-Concurrent-Requests), the window also stops growing while the
// account is at the level where it last refused one: probing beyond it
// would only be refused again.

// maxWindow is the window of a client that has met no refusal: above
// anything Terraform's parallelism sends at once, so a lone apply is never
// held back.
const maxWindow = 64

// concurrentRequestsHeader is where the API reports the account's requests
// in flight.
const concurrentRequestsHeader = "Twilio-Concurrent-Requests"

type window struct {
	mu       sync.Mutex
	size     float64
	inFlight int
	// epoch moves on at each decrease; a refusal of a request sent before
	// it says nothing new, so it does not halve the window again.
	epoch uint64
	// refusedAt is the account's count of requests in flight reported with
	// the last refusal (0 when none was reported).
	refusedAt int
	// freed is closed, and replaced, whenever a place may have come free.
	freed chan struct{}
}

// slot is one request's place in the window.
type slot struct{ epoch uint64 }

// acquire waits for a place in the window, or for ctx to end.
func (w *window) acquire(ctx context.Context) (slot, error) {
	for {
		w.mu.Lock()
		if w.freed == nil {
			w.size, w.freed = maxWindow, make(chan struct{})
		}
		if float64(w.inFlight) < w.size || w.inFlight == 0 {
			w.inFlight++
			s := slot{epoch: w.epoch}
			w.mu.Unlock()
			return s, nil
		}
		freed := w.freed
		w.mu.Unlock()
		select {
		case <-freed:
		case <-ctx.Done():
			return slot{}, ctx.Err()
		}
	}
}

// release gives the place back and adapts the window to the answer: resp is
// nil when none arrived.
func (w *window) release(s slot, resp *response) {
	w.mu.Lock()
	defer w.mu.Unlock()
	inFlight := w.inFlight
	w.inFlight--
	accountInFlight := 0
	if resp != nil {
		accountInFlight, _ = strconv.Atoi(resp.header.Get(concurrentRequestsHeader))
	}
	switch {
	case resp != nil && resp.status == http.StatusTooManyRequests && isConcurrencyRefusal(resp):
		if accountInFlight > 0 {
			w.refusedAt = accountInFlight
		}
		if s.epoch == w.epoch {
			w.size = max(1, min(w.size, float64(inFlight))/2)
			w.epoch++
		}
	case resp != nil && resp.status < 300:
		atLimit := w.refusedAt > 0 && accountInFlight >= w.refusedAt-1
		if !atLimit {
			w.size = min(maxWindow, w.size+1/w.size)
		}
	}
	close(w.freed)
	w.freed = make(chan struct{})
}

// isConcurrencyRefusal tells the account's concurrency limit (20429, or a
// 429 without a Twilio code) from other 429s, which a server may send with a
// Retry-After for reasons of its own.
func isConcurrencyRefusal(resp *response) bool {
	apiErr := decodeError("", "", resp)
	return apiErr.Code == CodeTooManyRequests || apiErr.Code == 0
}
