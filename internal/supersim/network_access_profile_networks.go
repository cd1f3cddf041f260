package supersim

import (
	"context"
	"fmt"
	"net/url"
)

func napNetworksPath(napSidOrName string) string {
	return pathOf("v1", "NetworkAccessProfiles", napSidOrName, "Networks")
}

func napNetworkPath(napSidOrName, networkSID string) string {
	return pathOf("v1", "NetworkAccessProfiles", napSidOrName, "Networks", networkSID)
}

// AddNetworkAccessProfileNetwork allows a catalog network in a profile. A
// network is an attachment with no attributes of its own, so one that is
// allowed already is as good as one this request added: it is returned with
// AlreadyAllowed set, whether the API said so with a 409 or answered 201 as
// an idempotent API would. When the outcome of the request is unknown, the
// network is looked up: found means the request was applied; not found means
// it was not, and it is sent again as MaxRetries allows.
func (c *Client) AddNetworkAccessProfileNetwork(ctx context.Context, napSidOrName, networkSID string) (*NetworkAccessProfileNetwork, error) {
	for attempt := 0; ; attempt++ {
		link, err := c.addNetworkOnce(ctx, napSidOrName, networkSID)
		switch {
		case err == nil:
			return link, nil
		case IsConflict(err):
			// Allowed already: by someone else, or by an earlier try of
			// ours whose answer was lost.
			lookupCtx, cancel := recoveryContext(ctx)
			existing, fetchErr := c.FetchNetworkAccessProfileNetwork(lookupCtx, napSidOrName, networkSID)
			cancel()
			if fetchErr != nil {
				return nil, fmt.Errorf("%w; reading the allowed network failed: %v", err, fetchErr)
			}
			existing.AlreadyAllowed = attempt == 0
			return existing, nil
		case !IsOutcomeUnknown(err):
			return nil, err
		}
		existing, _, fetchErr := lookUp(ctx, func(ctx context.Context) (*NetworkAccessProfileNetwork, bool, error) {
			link, err := c.FetchNetworkAccessProfileNetwork(ctx, napSidOrName, networkSID)
			if IsNotFound(err) {
				return nil, false, nil
			}
			return link, err == nil, err
		})
		switch {
		case fetchErr != nil:
			return nil, &UnconfirmedError{Cause: err, Lookup: fetchErr}
		case existing != nil:
			return existing, nil
		case ctx.Err() != nil || attempt >= c.maxRetries:
			return nil, &NotAppliedError{Cause: err}
		}
		if sleepErr := c.sleep(ctx, c.backoff(attempt)); sleepErr != nil {
			return nil, &NotAppliedError{Cause: err}
		}
	}
}

func (c *Client) addNetworkOnce(ctx context.Context, napSidOrName, networkSID string) (*NetworkAccessProfileNetwork, error) {
	form := url.Values{"Network": {networkSID}}
	var link NetworkAccessProfileNetwork
	req := &request{method: "POST", path: napNetworksPath(napSidOrName), form: form, policy: retryCreate}
	defer c.snapshots.forget(napSidOrName)
	if err := c.do(ctx, req, &link); err != nil {
		return nil, err
	}
	c.snapshots.forget(link.NetworkAccessProfileSID)
	return &link, nil
}

// FetchNetworkAccessProfileNetwork reads one allowed network of a profile; a
// 404 means the network is not allowed (or the profile does not exist).
func (c *Client) FetchNetworkAccessProfileNetwork(ctx context.Context, napSidOrName, networkSID string) (*NetworkAccessProfileNetwork, error) {
	var link NetworkAccessProfileNetwork
	req := &request{method: "GET", path: napNetworkPath(napSidOrName, networkSID), policy: retrySafe}
	if err := c.do(ctx, req, &link); err != nil {
		return nil, err
	}
	return &link, nil
}

// ListNetworkAccessProfileNetworks reads every network a profile allows.
func (c *Client) ListNetworkAccessProfileNetworks(ctx context.Context, napSidOrName string) ([]NetworkAccessProfileNetwork, error) {
	return listAll[NetworkAccessProfileNetwork](ctx, c, napNetworksPath(napSidOrName), nil, "networks")
}

// RemoveNetworkAccessProfileNetwork disallows a network. It is idempotent: a
// network that is not (or no longer) in the profile counts as removed, which
// also makes a retry after a lost response succeed. When the outcome is
// still unknown (the retries were spent, or the caller was cancelled after
// the request was sent), the network is looked up: gone means removed. The
// API requires the profile's SID here, not its unique name.
func (c *Client) RemoveNetworkAccessProfileNetwork(ctx context.Context, napSID, networkSID string) error {
	defer c.snapshots.forget(napSID)
	req := &request{method: "DELETE", path: napNetworkPath(napSID, networkSID), policy: retryIdempotentWrite}
	err := c.do(ctx, req, nil)
	if err == nil || IsNotFound(err) {
		return nil
	}
	if !IsOutcomeUnknown(err) {
		return err
	}
	_, removed, fetchErr := lookUp(ctx, func(ctx context.Context) (struct{}, bool, error) {
		_, err := c.FetchNetworkAccessProfileNetwork(ctx, napSID, networkSID)
		if IsNotFound(err) {
			return struct{}{}, true, nil
		}
		return struct{}{}, false, err
	})
	switch {
	case fetchErr != nil:
		return &UnconfirmedError{Cause: err, Lookup: fetchErr}
	case removed:
		return nil
	}
	return &NotAppliedError{Cause: err}
}

// NetworkSIDs returns the network SIDs of links, in order.
func NetworkSIDs(links []NetworkAccessProfileNetwork) []string {
	sids := make([]string, len(links))
	for i, l := range links {
		sids[i] = l.SID
	}
	return sids
}
