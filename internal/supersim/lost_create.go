package supersim

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Kinds of objects a create can make, as errors name them.
const (
	KindNetworkAccessProfile = "Network Access Profile"
	KindFleet                = "Fleet"
)

// undeletableCreate describes a create whose result the API cannot delete,
// for createUndeletable: a duplicate would be permanent, and an object made
// but not recorded is lost to Terraform.
type undeletableCreate[T any] struct {
	kind       string
	uniqueName *string
	// send makes one try of the create.
	send func(ctx context.Context) (*T, error)
	// fetch reads an object by unique name.
	fetch func(ctx context.Context, name string) (*T, error)
	// nameless lists the objects without a unique name that could be the
	// request's (the caller may narrow the list on the API side).
	nameless func(ctx context.Context) ([]T, error)
	// matches reports whether an object holds what the request asked for.
	matches func(ctx context.Context, obj *T) (bool, error)
	created func(obj *T) time.Time
	sid     func(obj *T) string
}

// createUndeletable sends a create and, when its outcome is unknown, looks
// for the object the request may have made on a context that survives the
// caller's cancellation. It adopts only an object that provably is this
// request's (see findCreated); if the lookup shows that nothing was made,
// the request is sent again as MaxRetries allows. adopted is true when the
// object was found rather than answered.
//
// Errors: *NameTakenError when another object has the unique name,
// *AmbiguousCreateError when several nameless objects could be this
// request's, *UnconfirmedError when the lookup failed, *NotAppliedError when
// nothing was made and the request was not sent again.
func createUndeletable[T any](ctx context.Context, c *Client, op undeletableCreate[T]) (obj *T, adopted bool, err error) {
	started := c.now()
	for attempt := 0; ; attempt++ {
		obj, err := op.send(ctx)
		switch {
		case err == nil:
			return obj, false, nil
		case IsConflict(err) && op.uniqueName != nil && attempt == 0:
			return nil, false, op.nameTaken(ctx, *op.uniqueName, err)
		case IsConflict(err) && op.uniqueName != nil:
			// A repeat met the name taken: perhaps by an earlier try of
			// ours whose answer was lost. The lookup below tells.
		case !IsOutcomeUnknown(err):
			return nil, false, err
		}
		tflog.Warn(ctx, "The outcome of creating a "+op.kind+" is unknown; looking for it", map[string]any{"error": err.Error()})
		found, _, lookupErr := lookUp(ctx, func(ctx context.Context) (*T, bool, error) {
			found, err := op.findCreated(ctx, c, started)
			return found, found != nil, err
		})
		switch {
		case lookupErr != nil:
			var taken *NameTakenError
			var ambiguous *AmbiguousCreateError
			if errors.As(lookupErr, &taken) || errors.As(lookupErr, &ambiguous) {
				return nil, false, lookupErr
			}
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

// findCreated looks for the object a create may have made. It adopts only
// an object that provably is this request's: the requested unique name (or
// none), what the request asked for, and a date_created no earlier than the
// request's start on the API's own clock. It returns nil, nil when nothing
// was made.
func (op undeletableCreate[T]) findCreated(ctx context.Context, c *Client, started time.Time) (*T, error) {
	if op.uniqueName == nil {
		return op.findNameless(ctx, c, started)
	}
	name := *op.uniqueName
	existing, err := op.fetch(ctx, name)
	if IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	ours, err := op.isThisRequests(ctx, c, existing, started)
	if err != nil {
		return nil, err
	}
	if !ours {
		return nil, &NameTakenError{Kind: op.kind, Name: name, SID: op.sid(existing),
			Cause: fmt.Errorf("a create's answer was lost, and the %s named %q either predates the request or does not hold what it asked for", op.kind, name)}
	}
	return existing, nil
}

// findNameless has no name to look for, so it considers every object
// without one that was created since the request started, and adopts the
// only one that holds what the request asked for.
func (op undeletableCreate[T]) findNameless(ctx context.Context, c *Client, started time.Time) (*T, error) {
	all, err := op.nameless(ctx)
	if err != nil {
		return nil, err
	}
	var matches []*T
	for i := range all {
		ours, err := op.isThisRequests(ctx, c, &all[i], started)
		if err != nil {
			return nil, err
		}
		if ours {
			matches = append(matches, &all[i])
		}
	}
	switch len(matches) {
	case 0:
		return nil, nil
	case 1:
		return matches[0], nil
	}
	sids := make([]string, len(matches))
	for i, m := range matches {
		sids[i] = op.sid(m)
	}
	return nil, &AmbiguousCreateError{Kind: op.kind, Candidates: sids}
}

// isThisRequests reports whether obj can only have been made by a create
// that started at the local time started. The API stamps date_created on
// its own clock, to the second, so the start is translated to the earliest
// time the API's clock can have shown then. Without any Date header from
// the API there is no proof, and no adoption.
func (op undeletableCreate[T]) isThisRequests(ctx context.Context, c *Client, obj *T, started time.Time) (bool, error) {
	apiStart, known := c.apiClock.earliest(started)
	if !known || op.created(obj).Before(apiStart.Truncate(time.Second)) {
		return false, nil
	}
	return op.matches(ctx, obj)
}

// nameTaken reads the holder of a unique name that a create met taken, on
// a context that survives the caller's cancellation, to name it.
func (op undeletableCreate[T]) nameTaken(ctx context.Context, name string, cause error) error {
	lookupCtx, cancel := recoveryContext(ctx)
	defer cancel()
	taken := &NameTakenError{Kind: op.kind, Name: name, Cause: cause}
	if existing, err := op.fetch(lookupCtx, name); err == nil {
		taken.SID = op.sid(existing)
	}
	return taken
}

// NameTakenError says an object with the unique name exists that is not
// provably the one this request made: it was there before, or it does not
// hold what the request asked for.
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

// AmbiguousCreateError says several objects without a unique name could be
// the one a create with a lost answer made.
type AmbiguousCreateError struct {
	// Kind is KindNetworkAccessProfile or KindFleet.
	Kind       string
	Candidates []string
}

func (e *AmbiguousCreateError) Error() string {
	return fmt.Sprintf("%d objects of kind %s without a unique name, created since the request started, hold exactly what it asked for: %v", len(e.Candidates), e.Kind, e.Candidates)
}
