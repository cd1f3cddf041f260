package supersim

import (
	"context"
	"net/url"
)

func napNetworksPath(napSidOrName string) string {
	return pathOf("v1", "NetworkAccessProfiles", napSidOrName, "Networks")
}

func napNetworkPath(napSidOrName, networkSID string) string {
	return pathOf("v1", "NetworkAccessProfiles", napSidOrName, "Networks", networkSID)
}

// AddNetworkAccessProfileNetwork allows a catalog network in a profile. A 409
// on the first attempt means the network was already allowed and comes back
// as an error the caller can test with IsConflict. When the outcome of the
// request is unknown, it checks whether the network is now allowed and adopts
// it, so a lost response neither fails the apply nor loses the link.
func (c *Client) AddNetworkAccessProfileNetwork(ctx context.Context, napSidOrName, networkSID string) (*NetworkAccessProfileNetwork, error) {
	link, err := c.addNetworkOnce(ctx, napSidOrName, networkSID)
	// Looking is not a retry of the write: it happens even with retries off.
	for attempt := 0; IsOutcomeUnknown(err); attempt++ {
		existing, fetchErr := c.FetchNetworkAccessProfileNetwork(ctx, napSidOrName, networkSID)
		if fetchErr == nil {
			return existing, nil
		}
		if !IsNotFound(fetchErr) || attempt >= c.maxRetries {
			return nil, err
		}
		if sleepErr := c.sleep(ctx, c.backoff(attempt)); sleepErr != nil {
			return nil, sleepErr
		}
		link, err = c.addNetworkOnce(ctx, napSidOrName, networkSID)
		if IsConflict(err) {
			// Our earlier request was applied after all.
			return c.FetchNetworkAccessProfileNetwork(ctx, napSidOrName, networkSID)
		}
	}
	return link, err
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
// also makes a retry after a lost response succeed. The API requires the
// profile's SID here, not its unique name.
func (c *Client) RemoveNetworkAccessProfileNetwork(ctx context.Context, napSID, networkSID string) error {
	defer c.snapshots.forget(napSID)
	req := &request{method: "DELETE", path: napNetworkPath(napSID, networkSID), policy: retrySafe}
	err := c.do(ctx, req, nil)
	if IsNotFound(err) {
		return nil
	}
	return err
}

// NetworkSIDs returns the network SIDs of links, in order.
func NetworkSIDs(links []NetworkAccessProfileNetwork) []string {
	sids := make([]string, len(links))
	for i, l := range links {
		sids[i] = l.SID
	}
	return sids
}
