package supersim

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"
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
// (Twilio-Concurrent-Requests), the window stops growing while the account
// is at the level where it last refused one, since probing beyond it would
// only be refused again, and grows by a whole request per answer while the
// account has room, so that a client left alone takes the room another one
// freed at once.

// idlePause is the first pause after a refusal that left nothing in
// flight; it doubles with each such refusal in a row, up to 400 ms: long
// enough that a starved client does not hammer the account, short enough
// that it does not sleep through the room another client frees.
const idlePause = 100 * time.Millisecond

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
	// refusedAt is the account's count of requests in flight reported with
	// the last refusal (0 when none was reported).
	refusedAt int
	// answered counts the answers other than refusals, the clock that
	// paces a refused request's retry.
	answered uint64
	// pausedUntil holds every request back after a refusal that left none
	// in flight, when no answer can pace them: idleRefusals in a row make
	// the pause longer.
	pausedUntil  time.Time
	idleRefusals int
	// freed is closed, and replaced, whenever a place may have come free.
	freed chan struct{}
}

// acquire waits for a place in the window, or for ctx to end.
func (w *window) acquire(ctx context.Context) error {
	for {
		w.mu.Lock()
		if w.freed == nil {
			w.size, w.freed = maxWindow, make(chan struct{})
		}
		if pause := time.Until(w.pausedUntil); pause > 0 {
			w.mu.Unlock()
			if err := sleepContext(ctx, pause); err != nil {
				return err
			}
			continue
		}
		if float64(w.inFlight) < w.size || w.inFlight == 0 {
			w.inFlight++
			w.mu.Unlock()
			return nil
		}
		freed := w.freed
		w.mu.Unlock()
		select {
		case <-freed:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// release gives the place back and adapts the window to the answer: resp is
// nil when none arrived. It returns the count of answers so far, for
// awaitAnswer.
func (w *window) release(resp *response) uint64 {
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
		// Each refusal says that one request too many was in flight: the
		// window shrinks to one less than what was in flight, so a burst
		// of refusals brings it down to what the account took.
		if accountInFlight > 0 {
			w.refusedAt = accountInFlight
		}
		w.size = max(1, min(w.size, float64(inFlight))-1)
		if w.inFlight == 0 {
			// Nothing of ours is in flight, so no answer will say when
			// the account has room: one request tries again after a
			// pause, not every waiting one at once.
			w.idleRefusals++
			pause := idlePause << min(w.idleRefusals-1, 2)
			w.pausedUntil = time.Now().Add(pause/2 + rand.N(pause/2+1))
		}
	case resp != nil && resp.status < 300:
		w.answered++
		w.idleRefusals = 0
		switch {
		case w.refusedAt == 0 || accountInFlight == 0:
			w.size += 1 / w.size // no figure from the API: probe gently
		case accountInFlight == 1:
			// Nothing else was in flight on the account with this
			// request: whoever shared it is gone, and the room is ours.
			w.size = float64(max(int(w.size), w.refusedAt-1))
		case accountInFlight < w.refusedAt-1:
			w.size += 1 / w.size // some room: probe gently
		}
		w.size = min(w.size, maxWindow)
	}
	close(w.freed)
	w.freed = make(chan struct{})
	return w.answered
}

// awaitAnswer holds a request the account refused until another request of
// this client is answered after it, as a sign that the account has room
// again: sending it at once would be refused again with the rest of its
// flight. It reports false, without waiting, when nothing of this client
// is in flight to be answered.
func (w *window) awaitAnswer(ctx context.Context, answered uint64) (bool, error) {
	for {
		w.mu.Lock()
		switch {
		case w.answered > answered:
			w.mu.Unlock()
			return true, nil
		case w.inFlight == 0:
			w.mu.Unlock()
			return false, nil
		}
		freed := w.freed
		w.mu.Unlock()
		select {
		case <-freed:
		case <-ctx.Done():
			return false, ctx.Err()
		}
	}
}

// isFlowControl reports an answer that refused a request for the account's
// concurrency and left the wait to the client: a 429 without Retry-After
// (see isConcurrencyRefusal).
func isFlowControl(resp *response) bool {
	return resp != nil && resp.status == http.StatusTooManyRequests && resp.header.Get("Retry-After") == "" && isConcurrencyRefusal(resp)
}

// isConcurrencyRefusal tells the account's concurrency limit (20429, or a
// 429 without a Twilio code) from other 429s, which a server may send with a
// Retry-After for reasons of its own.
func isConcurrencyRefusal(resp *response) bool {
	apiErr := decodeError("", "", resp)
	return apiErr.Code == CodeTooManyRequests || apiErr.Code == 0
}
