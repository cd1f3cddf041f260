package supersim

import (
	"context"
	"net/url"
	"strconv"
)

var fleetsPath = pathOf("v1", "Fleets")

// FleetParams are the settable fields of a Fleet; nil fields are not sent.
type FleetParams struct {
	// NetworkAccessProfile is the SID or unique name of the profile; required
	// on create.
	NetworkAccessProfile *string
	UniqueName           *string
	DataEnabled          *bool
	DataLimit            *int
	IPCommandsURL        *string
	IPCommandsMethod     *string
	SMSCommandsEnabled   *bool
	SMSCommandsURL       *string
	SMSCommandsMethod    *string
}

func (p FleetParams) form() url.Values {
	f := url.Values{}
	setString := func(k string, v *string) {
		if v != nil {
			f.Set(k, *v)
		}
	}
	setBool := func(k string, v *bool) {
		if v != nil {
			f.Set(k, strconv.FormatBool(*v))
		}
	}
	setString("NetworkAccessProfile", p.NetworkAccessProfile)
	setString("UniqueName", p.UniqueName)
	setBool("DataEnabled", p.DataEnabled)
	if p.DataLimit != nil {
		f.Set("DataLimit", strconv.Itoa(*p.DataLimit))
	}
	setString("IpCommandsUrl", p.IPCommandsURL)
	setString("IpCommandsMethod", p.IPCommandsMethod)
	setBool("SmsCommandsEnabled", p.SMSCommandsEnabled)
	setString("SmsCommandsUrl", p.SMSCommandsURL)
	setString("SmsCommandsMethod", p.SMSCommandsMethod)
	return f
}

// CreateFleet creates a Fleet. Fleets have no delete in the API either, and
// this client does not retry a create whose outcome is unknown.
func (c *Client) CreateFleet(ctx context.Context, p FleetParams) (*Fleet, error) {
	var fleet Fleet
	req := &request{method: "POST", path: fleetsPath, form: p.form(), policy: retryCreate}
	if err := c.do(ctx, req, &fleet); err != nil {
		return nil, err
	}
	return &fleet, nil
}

// FetchFleet reads a Fleet by SID or unique name.
func (c *Client) FetchFleet(ctx context.Context, sidOrName string) (*Fleet, error) {
	var fleet Fleet
	req := &request{method: "GET", path: pathOf("v1", "Fleets", sidOrName), policy: retrySafe}
	if err := c.do(ctx, req, &fleet); err != nil {
		return nil, err
	}
	return &fleet, nil
}

// ListFleets reads the account's Fleets; a non-empty networkAccessProfile
// (SID or unique name) keeps only the Fleets that use it.
func (c *Client) ListFleets(ctx context.Context, networkAccessProfile string) ([]Fleet, error) {
	q := url.Values{}
	if networkAccessProfile != "" {
		q.Set("NetworkAccessProfile", networkAccessProfile)
	}
	return listAll[Fleet](ctx, c, fleetsPath, q, "fleets")
}

// UpdateFleet changes the given fields of a Fleet.
func (c *Client) UpdateFleet(ctx context.Context, sidOrName string, p FleetParams) (*Fleet, error) {
	var fleet Fleet
	req := &request{method: "POST", path: pathOf("v1", "Fleets", sidOrName), form: p.form(), policy: retrySafe}
	if err := c.do(ctx, req, &fleet); err != nil {
		return nil, err
	}
	return &fleet, nil
}
