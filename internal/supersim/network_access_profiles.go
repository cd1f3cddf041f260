package supersim

import (
	"context"
	"net/url"
	"slices"
	"time"
)

var napsPath = pathOf("v1", "NetworkAccessProfiles")

func napPath(sidOrName string) string {
	return pathOf("v1", "NetworkAccessProfiles", sidOrName)
}

// CreateNetworkAccessProfileParams are the fields of a new profile. The
// unique name is required: it is how a create whose answer is lost finds its
// profile again (see createUndeletable).
type CreateNetworkAccessProfileParams struct {
	UniqueName string
	Networks   []string
}

func (p CreateNetworkAccessProfileParams) form() url.Values {
	f := url.Values{}
	f.Set("UniqueName", p.UniqueName)
	for _, sid := range p.Networks {
		f.Add("Networks", sid)
	}
	return f
}

// CreateNetworkAccessProfile creates a profile with its networks in one
// request. Profiles cannot be deleted through the API, so when the outcome of
// the request is unknown, the profile is looked up by its unique name and
// adopted only if it has exactly the requested networks and was created
// after the request started; then Adopted is set. See createUndeletable for
// the errors.
func (c *Client) CreateNetworkAccessProfile(ctx context.Context, p CreateNetworkAccessProfileParams) (*NetworkAccessProfile, error) {
	nap, adopted, err := createUndeletable(ctx, c, undeletableCreate[NetworkAccessProfile]{
		kind:       KindNetworkAccessProfile,
		uniqueName: p.UniqueName,
		send:       func(ctx context.Context) (*NetworkAccessProfile, error) { return c.createNAPOnce(ctx, p) },
		fetch:      c.FetchNetworkAccessProfile,
		matches: func(ctx context.Context, nap *NetworkAccessProfile) (bool, error) {
			have, err := c.ListNetworkAccessProfileNetworks(ctx, nap.SID)
			if err != nil {
				return false, err
			}
			return slices.Equal(sortedUnique(NetworkSIDs(have)), sortedUnique(p.Networks)), nil
		},
		created: func(nap *NetworkAccessProfile) time.Time { return nap.DateCreated },
		sid:     func(nap *NetworkAccessProfile) string { return nap.SID },
	})
	if err != nil {
		return nil, err
	}
	nap.Adopted = adopted
	return nap, nil
}

func (c *Client) createNAPOnce(ctx context.Context, p CreateNetworkAccessProfileParams) (*NetworkAccessProfile, error) {
	var nap NetworkAccessProfile
	req := &request{method: "POST", path: napsPath, form: p.form(), policy: retryCreate}
	c.profiles.forget()
	if err := c.do(ctx, req, &nap); err != nil {
		return nil, err
	}
	c.snapshots.forget(nap.SID)
	c.names.note(nap.SID, nap.UniqueName)
	return &nap, nil
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
	c.names.note(nap.SID, nap.UniqueName)
	return &nap, nil
}

// ListNetworkAccessProfiles reads every profile of the account.
func (c *Client) ListNetworkAccessProfiles(ctx context.Context) ([]NetworkAccessProfile, error) {
	naps, err := listAll[NetworkAccessProfile](ctx, c, napsPath, nil, "network_access_profiles")
	for i := range naps {
		c.names.note(naps[i].SID, naps[i].UniqueName)
	}
	return naps, err
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
	req := &request{method: "POST", path: napPath(sidOrName), form: form, policy: retryIdempotentWrite}
	c.profiles.forget()
	return sendConfirmed(ctx, c, req, func(ctx context.Context) (*NetworkAccessProfile, bool, error) {
		now, err := c.FetchNetworkAccessProfile(ctx, sidOrName)
		if err != nil {
			return nil, false, err
		}
		return now, p.UniqueName != nil && now.UniqueName != nil && *now.UniqueName == *p.UniqueName, nil
	})
}
