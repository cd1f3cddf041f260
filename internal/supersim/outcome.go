package supersim

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// A write whose request may have reached the API, but whose answer never
// arrived (the connection broke, the server failed, the caller was
// cancelled), has an unknown outcome. Sending it again blindly could make an
// undeletable duplicate, and giving up blindly could lose something that was
// made. So every write here looks for its own effect first, on a context
// that survives the caller's cancellation, and only then decides.

// recoveryTimeout bounds a lookup made after the caller was cancelled: long
// enough for a couple of requests to a slow API, short enough that an
// interrupted pipeline still stops promptly.
const recoveryTimeout = 5 * time.Second

// recoveryContext is the context a write's outcome is looked up on. While
// ctx is live, the lookup is bounded like any call. Once ctx is cancelled
// (Ctrl-C, a cancelled pipeline, Terraform stopping the provider), the lookup
// runs anyway, detached from the cancellation but bounded by
// recoveryTimeout, so that what was created can still be recorded.
func recoveryContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if ctx.Err() == nil {
		return ctx, func() {}
	}
	return context.WithTimeout(context.WithoutCancel(ctx), recoveryTimeout)
}

// cancelSettle is how long a lookup after a cancel waits before it looks a
// second time. A write sent just before the cancel may still be on its way
// to the API, or queued there, when the first look finds nothing; after a
// cancel nothing will send it again, so a second look is the only chance to
// record it.
const cancelSettle = time.Second

// lookUp finds out whether a write with an unknown outcome was applied, with
// look (applied reports whether what it found shows the write). It runs on
// recoveryContext, marked so that the fail-fast state does not stop its
// requests. When the caller was cancelled and the first look shows nothing,
// it waits cancelSettle and looks again.
func lookUp[T any](ctx context.Context, look func(ctx context.Context) (found T, applied bool, err error)) (T, bool, error) {
	lookupCtx, cancel := recoveryContext(ctx)
	defer cancel()
	lookupCtx = context.WithValue(lookupCtx, outcomeLookupKey{}, true)
	found, applied, err := look(lookupCtx)
	if err != nil || applied || ctx.Err() == nil {
		return found, applied, err
	}
	if sleepContext(lookupCtx, cancelSettle) != nil {
		return found, applied, nil
	}
	return look(lookupCtx)
}

// apiClock learns the API's clock from the Date header of its answers, so
// that "created since this request started" is judged on the clock that
// stamps date_created, whatever this machine's clock says.
//
// A Date header is the server's time, truncated to the second, at some
// instant before the answer was received. So for every answer,
// Date - (local time of receipt) is at most the true offset between the two
// clocks, and the largest such value seen is the tightest safe lower bound.
type apiClock struct {
	mu     sync.Mutex
	offset time.Duration
	known  bool
}

func (a *apiClock) observe(h http.Header, received time.Time) {
	date, err := http.ParseTime(h.Get("Date"))
	if err != nil {
		return
	}
	offset := date.Sub(received)
	a.mu.Lock()
	defer a.mu.Unlock()
	if !a.known || offset > a.offset {
		a.offset, a.known = offset, true
	}
}

// earliest returns the earliest time the API's clock can have shown at the
// local instant local, and false when no answer has told the API's time yet.
func (a *apiClock) earliest(local time.Time) (time.Time, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return local.Add(a.offset), a.known
}

// sendConfirmed sends an idempotent write (policy retryIdempotentWrite).
// When its outcome is still unknown after the retries, readBack looks at
// the object on a context that survives the caller's cancellation and says
// whether it shows the write.
func sendConfirmed[T any](ctx context.Context, c *Client, req *request, readBack func(ctx context.Context) (now *T, applied bool, err error)) (*T, error) {
	var out T
	err := c.do(ctx, req, &out)
	if !IsOutcomeUnknown(err) {
		if err != nil {
			return nil, err
		}
		return &out, nil
	}
	now, applied, lookupErr := lookUp(ctx, readBack)
	switch {
	case lookupErr != nil:
		return nil, &UnconfirmedError{Cause: err, Lookup: lookupErr}
	case applied:
		return now, nil
	}
	return nil, &NotAppliedError{Cause: err}
}

// NotAppliedError says a write whose answer was lost was looked up and did
// not happen, and was not sent again: the caller was cancelled or the
// retries were spent. Nothing changed in the account.
type NotAppliedError struct {
	// Cause is why the answer was missing.
	Cause error
}

func (e *NotAppliedError) Error() string {
	return fmt.Sprintf("%v; the API shows that the request was not applied, so nothing changed", e.AnswerLost())
}

// AnswerLost is what happened to the answer, without the "may or may not"
// of an unknown outcome, which the lookup settled.
func (e *NotAppliedError) AnswerLost() error {
	var unknown *OutcomeUnknownError
	if errors.As(e.Cause, &unknown) {
		return unknown.Err
	}
	return e.Cause
}

func (e *NotAppliedError) Unwrap() error { return e.Cause }

// UnconfirmedError says a write's answer was lost and looking for its effect
// failed too: the change may or may not have been made.
type UnconfirmedError struct {
	Cause  error
	Lookup error
}

func (e *UnconfirmedError) Error() string {
	return fmt.Sprintf("%v; looking up whether it was applied also failed: %v", e.Cause, e.Lookup)
}

func (e *UnconfirmedError) Unwrap() error { return e.Cause }

// IsNotApplied reports whether err proves that a write did not happen.
func IsNotApplied(err error) bool {
	var e *NotAppliedError
	return errors.As(err, &e)
}

// IsUnconfirmed reports whether err leaves open whether a write happened,
// even after looking.
func IsUnconfirmed(err error) bool {
	var e *UnconfirmedError
	return errors.As(err, &e)
}
