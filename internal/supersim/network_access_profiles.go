package supersim

import (
	"context"
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

// createClockSkew widens "created since this request started" when we look
// for a profile that a lost response may have created: the API stamps
// date_created with its own clock, to the second.
const createClockSkew = 10 * time.Second

// CreateNetworkAccessProfile creates a profile with its networks in one
// request. Profiles cannot be deleted through the API, so a duplicate would
// be permanent: when the outcome of the request is unknown (the connection
// dropped, the server failed), it looks for the profile the request may have
// made and adopts it rather than sending the request again blindly.
func (c *Client) CreateNetworkAccessProfile(ctx context.Context, p CreateNetworkAccessProfileParams) (*NetworkAccessProfile, error) {
	started := c.now()
	nap, err := c.createNAPOnce(ctx, p)
	if !IsOutcomeUnknown(err) {
		return nap, err
	}
	tflog.Warn(ctx, "The outcome of creating a Network Access Profile is unknown; looking for it before trying again", map[string]any{"error": err.Error()})
	if p.UniqueName != nil {
		return c.recoverNamedCreate(ctx, p, started, err)
	}
	return c.recoverNamelessCreate(ctx, p, started, err)
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

// recoverNamedCreate relies on the unique name: if a profile of that name
// was created since we started, it is ours; if none exists, nothing was
// applied and the create can be sent again, as often as MaxRetries allows.
// Looking is not a retry of the write, so it happens even when retries are
// off, and after every repeated create.
func (c *Client) recoverNamedCreate(ctx context.Context, p CreateNetworkAccessProfileParams, started time.Time, cause error) (*NetworkAccessProfile, error) {
	name := *p.UniqueName
	for attempt := 0; ; attempt++ {
		existing, err := c.FetchNetworkAccessProfile(ctx, name)
		switch {
		case err == nil:
			if existing.DateCreated.Before(started.Truncate(time.Second).Add(-createClockSkew)) {
				return nil, fmt.Errorf("%w; a Network Access Profile named %q (%s) exists but predates this request, so it was not adopted", cause, name, existing.SID)
			}
			tflog.Info(ctx, "Adopted the Network Access Profile that the interrupted create made", map[string]any{"sid": existing.SID})
			existing.Adopted = true
			return existing, nil
		case !IsNotFound(err):
			return nil, fmt.Errorf("%w; looking it up by unique name %q also failed: %v", cause, name, err)
		case attempt >= c.maxRetries:
			return nil, cause
		}
		if err := c.sleep(ctx, c.backoff(attempt)); err != nil {
			return nil, err
		}
		nap, err := c.createNAPOnce(ctx, p)
		if err == nil {
			return nap, nil
		}
		if !IsOutcomeUnknown(err) && !IsConflict(err) {
			return nil, err
		}
		// Unknown again, or a conflict because the first request was
		// applied late: look again.
		cause = err
	}
}

// recoverNamelessCreate has no name to look for, so it matches on what it can:
// a profile without a unique name, created since the request started, with
// exactly the requested networks. It adopts only an unambiguous match.
func (c *Client) recoverNamelessCreate(ctx context.Context, p CreateNetworkAccessProfileParams, started time.Time, cause error) (*NetworkAccessProfile, error) {
	matches, err := c.findNamelessCreatedSince(ctx, started.Truncate(time.Second).Add(-createClockSkew), p.Networks)
	if err != nil {
		return nil, fmt.Errorf("%w; looking for the profile it may have created also failed: %v. A Network Access Profile may have been created: list them (GET /v1/NetworkAccessProfiles) and import it rather than applying again", cause, err)
	}
	switch len(matches) {
	case 1:
		tflog.Info(ctx, "Adopted the Network Access Profile that the interrupted create made", map[string]any{"sid": matches[0].SID})
		matches[0].Adopted = true
		return &matches[0], nil
	case 0:
		return nil, &CreateNotConfirmedError{Cause: cause}
	default:
		sids := make([]string, len(matches))
		for i, m := range matches {
			sids[i] = m.SID
		}
		return nil, &CreateNotConfirmedError{Cause: cause, Candidates: sids}
	}
}

// CreateNotConfirmedError says a profile without a unique name may have been
// created but could not be identified. Candidates lists the profiles that
// fit, when more than one did.
type CreateNotConfirmedError struct {
	Cause      error
	Candidates []string
}

func (e *CreateNotConfirmedError) Error() string {
	msg := fmt.Sprintf("%v. A Network Access Profile may have been created, but none could be identified as this request's", e.Cause)
	if len(e.Candidates) > 0 {
		msg = fmt.Sprintf("%v. A Network Access Profile was probably created, but %d profiles without a unique name match it: %v", e.Cause, len(e.Candidates), e.Candidates)
	}
	return msg
}

func (e *CreateNotConfirmedError) Unwrap() error { return e.Cause }

func (c *Client) findNamelessCreatedSince(ctx context.Context, since time.Time, networks []string) ([]NetworkAccessProfile, error) {
	all, err := c.ListNetworkAccessProfiles(ctx)
	if err != nil {
		return nil, err
	}
	want := sortedUnique(networks)
	var matches []NetworkAccessProfile
	for _, nap := range all {
		if nap.UniqueName != nil || nap.DateCreated.Before(since) {
			continue
		}
		have, err := c.ListNetworkAccessProfileNetworks(ctx, nap.SID)
		if err != nil {
			return nil, err
		}
		if slices.Equal(sortedUnique(NetworkSIDs(have)), want) {
			matches = append(matches, nap)
		}
	}
	return matches, nil
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
// is idempotent, so it is retried like a read.
func (c *Client) UpdateNetworkAccessProfile(ctx context.Context, sidOrName string, p UpdateNetworkAccessProfileParams) (*NetworkAccessProfile, error) {
	form := url.Values{}
	if p.UniqueName != nil {
		form.Set("UniqueName", *p.UniqueName)
	}
	var nap NetworkAccessProfile
	req := &request{method: "POST", path: napPath(sidOrName), form: form, policy: retrySafe}
	if err := c.do(ctx, req, &nap); err != nil {
		return nil, err
	}
	return &nap, nil
}
