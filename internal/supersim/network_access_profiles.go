package supersim

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

var napsPath = pathOf("v1", "NetworkAccessProfiles")

func napPath(sidOrName string) string {
	return pathOf("v1", "NetworkAccessProfiles", sidOrName)
}

// CreateNetworkAccessProfileParams are the fields of a new profile. A nil
// UniqueName creates a profile without one.
type CreateNetworkAccessProfileParams struct {
	UniqueName *string
	Networks   []string
}

func (p CreateNetworkAccessProfileParams) form() url.Values {
	f := url.Values{}
	if p.UniqueName != nil {
		f.Set("UniqueName", *p.UniqueName)
	}
	for _, sid := range p.Networks {
		f.Add("Networks", sid)
	}
	return f
}

// CreateNetworkAccessProfile creates a profile with its networks in one
// request. Profiles cannot be deleted through the API, so a duplicate would
// be permanent, and one that is made but not recorded is lost to Terraform.
// When the outcome of the request is unknown, it looks for the profile the
// request may have made and adopts it only if it provably is this request's
// (see findCreatedProfile). If the lookup shows that nothing was made, the
// request is sent again as MaxRetries allows.
//
// Errors: *NameTakenError when another profile has the unique name,
// *AmbiguousCreateError when several nameless profiles could be this
// request's, *UnconfirmedError when the lookup failed, *NotAppliedError when
// nothing was made and the request was not sent again.
func (c *Client) CreateNetworkAccessProfile(ctx context.Context, p CreateNetworkAccessProfileParams) (*NetworkAccessProfile, error) {
	started := c.now()
	for attempt := 0; ; attempt++ {
		nap, err := c.createNAPOnce(ctx, p)
		switch {
		case err == nil:
			return nap, nil
		case IsConflict(err) && p.UniqueName != nil && attempt == 0:
			return nil, c.nameTaken(ctx, *p.UniqueName, err)
		case IsConflict(err) && p.UniqueName != nil:
			// A repeat met the name taken: perhaps by an earlier try of
			// ours whose answer was lost. The lookup below tells.
		case !IsOutcomeUnknown(err):
			return nil, err
		}
		tflog.Warn(ctx, "The outcome of creating a Network Access Profile is unknown; looking for it", map[string]any{"error": err.Error()})
		lookupCtx, cancel := recoveryContext(ctx)
		found, lookupErr := c.findCreatedProfile(lookupCtx, p, started)
		cancel()
		switch {
		case lookupErr != nil:
			var taken *NameTakenError
			var ambiguous *AmbiguousCreateError
			if errors.As(lookupErr, &taken) || errors.As(lookupErr, &ambiguous) {
				return nil, lookupErr
			}
			return nil, &UnconfirmedError{Cause: err, Lookup: lookupErr}
		case found != nil:
			tflog.Info(ctx, "Adopted the Network Access Profile that the interrupted create made", map[string]any{"sid": found.SID})
			return found, nil
		case ctx.Err() != nil || attempt >= c.maxRetries:
			return nil, &NotAppliedError{Cause: err}
		}
		if sleepErr := c.sleep(ctx, c.backoff(attempt)); sleepErr != nil {
			return nil, &NotAppliedError{Cause: err}
		}
	}
}

func (c *Client) createNAPOnce(ctx context.Context, p CreateNetworkAccessProfileParams) (*NetworkAccessProfile, error) {
	var nap NetworkAccessProfile
	req := &request{method: "POST", path: napsPath, form: p.form(), policy: retryCreate}
	if err := c.do(ctx, req, &nap); err != nil {
		return nil, err
	}
	c.snapshots.forget(nap.SID)
	return &nap, nil
}

// NameTakenError says a profile with the unique name exists that is not
// provably the one this request made: it was there before, or it allows
// other networks than the request asked for.
type NameTakenError struct {
	Name string
	// SID is the existing profile's, when it could be read.
	SID string
	// Cause is the API's answer (a 409) or the lost answer that led to the
	// lookup.
	Cause error
}

func (e *NameTakenError) Error() string {
	sid := "a profile"
	if e.SID != "" {
		sid = e.SID
	}
	return fmt.Sprintf("the unique name %q belongs to %s, which this request did not provably create: %v", e.Name, sid, e.Cause)
}

func (e *NameTakenError) Unwrap() error { return e.Cause }

func (c *Client) nameTaken(ctx context.Context, name string, cause error) error {
	lookupCtx, cancel := recoveryContext(ctx)
	defer cancel()
	taken := &NameTakenError{Name: name, Cause: cause}
	if existing, err := c.FetchNetworkAccessProfile(lookupCtx, name); err == nil {
		taken.SID = existing.SID
	}
	return taken
}

// AmbiguousCreateError says several profiles without a unique name could be
// the one a create with a lost answer made.
type AmbiguousCreateError struct {
	Candidates []string
}

func (e *AmbiguousCreateError) Error() string {
	return fmt.Sprintf("%d profiles without a unique name, created since the request started, allow exactly the requested networks: %v", len(e.Candidates), e.Candidates)
}

// findCreatedProfile looks for the profile a create may have made. It
// adopts only a profile that provably is this request's: the requested
// unique name (or none), exactly the requested networks, and a date_created
// no earlier than the request's start on the API's own clock. It returns
// nil, nil when nothing was made.
func (c *Client) findCreatedProfile(ctx context.Context, p CreateNetworkAccessProfileParams, started time.Time) (*NetworkAccessProfile, error) {
	if p.UniqueName == nil {
		return c.findNamelessCreated(ctx, p.Networks, started)
	}
	name := *p.UniqueName
	existing, err := c.FetchNetworkAccessProfile(ctx, name)
	if IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	ours, err := c.isThisRequests(ctx, existing, p.Networks, started)
	if err != nil {
		return nil, err
	}
	if !ours {
		return nil, &NameTakenError{Name: name, SID: existing.SID, Cause: fmt.Errorf("a create's answer was lost and the profile named %q either predates the request or allows other networks", name)}
	}
	existing.Adopted = true
	return existing, nil
}

// findNamelessCreated has no name to look for, so it considers every
// profile without one that was created since the request started, and
// adopts the only one with exactly the requested networks.
func (c *Client) findNamelessCreated(ctx context.Context, networks []string, started time.Time) (*NetworkAccessProfile, error) {
	all, err := c.ListNetworkAccessProfiles(ctx)
	if err != nil {
		return nil, err
	}
	var matches []NetworkAccessProfile
	for i := range all {
		if all[i].UniqueName != nil {
			continue
		}
		ours, err := c.isThisRequests(ctx, &all[i], networks, started)
		if err != nil {
			return nil, err
		}
		if ours {
			matches = append(matches, all[i])
		}
	}
	switch len(matches) {
	case 0:
		return nil, nil
	case 1:
		matches[0].Adopted = true
		return &matches[0], nil
	}
	sids := make([]string, len(matches))
	for i, m := range matches {
		sids[i] = m.SID
	}
	return nil, &AmbiguousCreateError{Candidates: sids}
}

// isThisRequests reports whether nap can only have been made by a create
// that started at the local time started with the given networks. The API
// stamps date_created on its own clock, to the second, so the start is
// translated to the earliest time the API's clock can have shown then.
// Without any Date header from the API there is no proof, and no adoption.
func (c *Client) isThisRequests(ctx context.Context, nap *NetworkAccessProfile, networks []string, started time.Time) (bool, error) {
	apiStart, known := c.apiClock.earliest(started)
	if !known || nap.DateCreated.Before(apiStart.Truncate(time.Second)) {
		return false, nil
	}
	have, err := c.ListNetworkAccessProfileNetworks(ctx, nap.SID)
	if err != nil {
		return false, err
	}
	return slices.Equal(sortedUnique(NetworkSIDs(have)), sortedUnique(networks)), nil
}

func sortedUnique(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return slices.Compact(out)
}

// FetchNetworkAccessProfile reads a profile by SID or unique name.
func (c *Client) FetchNetworkAccessProfile(ctx context.Context, sidOrName string) (*NetworkAccessProfile, error) {
	var nap NetworkAccessProfile
	req := &request{method: "GET", path: napPath(sidOrName), policy: retrySafe}
	if err := c.do(ctx, req, &nap); err != nil {
		return nil, err
	}
	return &nap, nil
}

// ListNetworkAccessProfiles reads every profile of the account.
func (c *Client) ListNetworkAccessProfiles(ctx context.Context) ([]NetworkAccessProfile, error) {
	return listAll[NetworkAccessProfile](ctx, c, napsPath, nil, "network_access_profiles")
}

// UpdateNetworkAccessProfileParams are the fields an update can change; the
// API lets only the unique name change.
type UpdateNetworkAccessProfileParams struct {
	UniqueName *string
}

// UpdateNetworkAccessProfile changes a profile's unique name. Setting a name
// is idempotent, so it is retried like a read. When its outcome is still
// unknown, the profile is read back: the rename happened if it carries the
// new name.
func (c *Client) UpdateNetworkAccessProfile(ctx context.Context, sidOrName string, p UpdateNetworkAccessProfileParams) (*NetworkAccessProfile, error) {
	form := url.Values{}
	if p.UniqueName != nil {
		form.Set("UniqueName", *p.UniqueName)
	}
	var nap NetworkAccessProfile
	req := &request{method: "POST", path: napPath(sidOrName), form: form, policy: retryIdempotentWrite}
	err := c.do(ctx, req, &nap)
	if !IsOutcomeUnknown(err) {
		if err != nil {
			return nil, err
		}
		return &nap, nil
	}
	lookupCtx, cancel := recoveryContext(ctx)
	defer cancel()
	now, lookupErr := c.FetchNetworkAccessProfile(lookupCtx, sidOrName)
	switch {
	case lookupErr != nil:
		return nil, &UnconfirmedError{Cause: err, Lookup: lookupErr}
	case p.UniqueName != nil && now.UniqueName != nil && *now.UniqueName == *p.UniqueName:
		return now, nil
	}
	return nil, &NotAppliedError{Cause: err}
}
