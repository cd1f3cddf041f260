package supersim

import (
	"context"
	"net/url"
	"strings"
)

var networksPath = pathOf("v1", "Networks")

// NetworkFilter narrows a catalog list; empty fields do not filter.
type NetworkFilter struct {
	ISOCountry string
	MCC        string
	MNC        string
}

func (f NetworkFilter) query() url.Values {
	q := url.Values{}
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	set("IsoCountry", f.ISOCountry)
	set("Mcc", f.MCC)
	set("Mnc", f.MNC)
	return q
}

// matches applies the filter as the API does.
func (f NetworkFilter) matches(n Network) bool {
	if f.ISOCountry != "" && !strings.EqualFold(n.ISOCountry, f.ISOCountry) {
		return false
	}
	if f.MCC == "" && f.MNC == "" {
		return true
	}
	for _, id := range n.Identifiers {
		if (f.MCC == "" || id.MCC == f.MCC) && (f.MNC == "" || id.MNC == f.MNC) {
			return true
		}
	}
	return false
}

// FetchNetwork reads one catalog network by its HW SID.
func (c *Client) FetchNetwork(ctx context.Context, sid string) (*Network, error) {
	var n Network
	req := &request{method: "GET", path: pathOf("v1", "Networks", sid), policy: retrySafe}
	if err := c.do(ctx, req, &n); err != nil {
		return nil, err
	}
	return &n, nil
}

// ListNetworks reads the catalog, filtered on the API side.
func (c *Client) ListNetworks(ctx context.Context, f NetworkFilter) ([]Network, error) {
	return listAll[Network](ctx, c, networksPath, f.query(), "networks")
}
