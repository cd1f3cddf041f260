package supersim

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Kinds of objects a create can make, as errors name them.
const (
	KindNetworkAccessProfile = "Network Access Profile"
	KindFleet                = "Fleet"
)

// A profile or Fleet can never be deleted through the API, so a create whose
// answer is lost must end with exactly one object, recorded once. Every
// create carries a unique name, which the API keeps and answers to, so the
// object a lost answer leaves behind is found by that name and nothing else:
//
//   - found, holding what the request asked for, created since the request
//     started, and not already recorded for another create of this client:
//     it is this request's, and is adopted;
//   - not found: nothing landed (yet), and the create is sent again with the
//     same name, so a try that lands late meets the name taken (409) and is
//     found by the next lookup instead of making a twin;
//   - found, but not provably this request's: an error that names it.

// undeletableCreate describes a create whose result the API cannot delete,
// for createUndeletable.
type undeletableCreate[T any] struct {
	kind       string
	uniqueName string
	// send makes one try of the create.
	send func(ctx context.Context) (*T, error)
	// fetch reads an object by unique name.
	fetch func(ctx context.Context, name string) (*T, error)
	// matches reports whether an object holds what the request asked for.
	matches func(ctx context.Context, obj *T) (bool, error)
	created func(obj *T) time.Time
	sid     func(obj *T) string
}

// createUndeletable sends a create and, when its outcome is unknown, looks
// the object up by its unique name on a context that survives the caller's
// cancellation. adopted is true when the object was found rather than
// answered.
//
// Errors: *NameTakenError when an object with the unique name exists that is
// not provably this request's, *UnconfirmedError when the lookup failed,
// *NotAppliedError when nothing was made and the request was not sent again.
func createUndeletable[T any](ctx context.Context, c *Client, op undeletableCreate[T]) (obj *T, adopted bool, err error) {
	if op.uniqueName == "" {
		return nil, false, fmt.Errorf("creating a %s needs a unique name: without one, a create whose answer is lost cannot be found again", op.kind)
	}
	started := c.now()
	for attempt := 0; ; attempt++ {
		obj, err := op.send(ctx)
		switch {
		case err == nil:
			c.created.claim(op.sid(obj))
			return obj, false, nil
		case IsConflict(err) && attempt == 0:
			return nil, false, op.nameTaken(ctx, err)
		case IsConflict(err):
			// A repeat met the name taken: by an earlier try of ours whose
			// answer was lost, or that landed late. The lookup tells.
		case !IsOutcomeUnknown(err):
			return nil, false, err
		}
		tflog.Warn(ctx, "The outcome of creating a "+op.kind+" is unknown; looking for it by its unique name", map[string]any{"error": err.Error(), "unique_name": op.uniqueName})
		found, _, lookupErr := lookUp(ctx, func(ctx context.Context) (*T, bool, error) {
			found, err := op.findCreated(ctx, c, started)
			return found, found != nil, err
		})
		var taken *NameTakenError
		switch {
		case errors.As(lookupErr, &taken):
			return nil, false, lookupErr
		case lookupErr != nil:
			return nil, false, &UnconfirmedError{Cause: err, Lookup: lookupErr}
		case found != nil:
			tflog.Info(ctx, "Adopted the "+op.kind+" that the interrupted create made", map[string]any{"sid": op.sid(found)})
			return found, true, nil
		case ctx.Err() != nil || attempt >= c.maxRetries:
			return nil, false, &NotAppliedError{Cause: err}
		}
		if sleepErr := c.sleep(ctx, c.backoff(attempt)); sleepErr != nil {
			return nil, false, &NotAppliedError{Cause: err}
		}
	}
}

// findCreated reads the object with the request's unique name. It returns
// nil, nil when there is none, the object when it is provably this
// request's, and a *NameTakenError otherwise.
func (op undeletableCreate[T]) findCreated(ctx context.Context, c *Client, started time.Time) (*T, error) {
	existing, err := op.fetch(ctx, op.uniqueName)
	if IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	sid := op.sid(existing)
	taken := &NameTakenError{Kind: op.kind, Name: op.uniqueName, SID: sid}
	ours, err := op.isThisRequests(ctx, c, existing, started)
	switch {
	case err != nil:
		return nil, err
	case !ours:
		taken.Cause = fmt.Errorf("a create's answer was lost, and the %s named %q either predates the request or does not hold what it asked for", op.kind, op.uniqueName)
		return nil, taken
	case !c.created.claim(sid):
		taken.Cause = fmt.Errorf("a create's answer was lost, and the %s named %q is one that another resource of this run created and recorded", op.kind, op.uniqueName)
		return nil, taken
	}
	return existing, nil
}

// isThisRequests reports whether obj can have been made by a create that
// started at the local time started: it holds what the request asked for,
// and the API stamped its date_created no earlier than the request's start.
// The API stamps date_created on its own clock, to the second, so the start
// is translated to the earliest time the API's clock can have shown then.
// Without any Date header from the API there is no proof, and no adoption.
func (op undeletableCreate[T]) isThisRequests(ctx context.Context, c *Client, obj *T, started time.Time) (bool, error) {
	apiStart, known := c.apiClock.earliest(started)
	if !known || op.created(obj).Before(apiStart.Truncate(time.Second)) {
		return false, nil
	}
	return op.matches(ctx, obj)
}

// nameTaken reads the holder of a unique name that a create met taken, on
// a context that survives the caller's cancellation, to name it.
func (op undeletableCreate[T]) nameTaken(ctx context.Context, cause error) error {
	lookupCtx, cancel := recoveryContext(ctx)
	defer cancel()
	taken := &NameTakenError{Kind: op.kind, Name: op.uniqueName, Cause: cause}
	if existing, err := op.fetch(lookupCtx, op.uniqueName); err == nil {
		taken.SID = op.sid(existing)
	}
	return taken
}

// createdSIDs are the SIDs of the objects this client's creates returned,
// answered or adopted: an object is recorded for one resource only, so a
// lookup never adopts one of these for another.
type createdSIDs struct {
	mu   sync.Mutex
	sids map[string]bool
}

// claim records sid and reports whether it was new.
func (s *createdSIDs) claim(sid string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sids[sid] {
		return false
	}
	if s.sids == nil {
		s.sids = map[string]bool{}
	}
	s.sids[sid] = true
	return true
}

// NameTakenError says an object with the unique name exists that is not
// provably the one this request made: it was there before, it does not hold
// what the request asked for, or another create of this run recorded it.
type NameTakenError struct {
	// Kind is KindNetworkAccessProfile or KindFleet.
	Kind string
	Name string
	// SID is the existing object's, when it could be read.
	SID string
	// Cause is the API's answer (a 409) or the lost answer that led to the
	// lookup.
	Cause error
}

func (e *NameTakenError) Error() string {
	holder := "a " + e.Kind
	if e.SID != "" {
		holder = e.Kind + " " + e.SID
	}
	return fmt.Sprintf("the unique name %q belongs to %s, which this request did not provably create: %v", e.Name, holder, e.Cause)
}

func (e *NameTakenError) Unwrap() error { return e.Cause }
