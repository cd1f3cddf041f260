package supersim

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"
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

// CreateFleet creates a Fleet. The API cannot delete Fleets either, so a
// create needs a unique name, and one whose outcome is unknown is handled as
// for profiles: the Fleet is looked up by that name, and adopted (Adopted
// set) only if it has every setting that was sent and was created after the
// request started on the API's clock. See createUndeletable for the errors.
func (c *Client) CreateFleet(ctx context.Context, p FleetParams) (*Fleet, error) {
	var napSID napResolver
	fleet, adopted, err := createUndeletable(ctx, c, undeletableCreate[Fleet]{
		kind:       KindFleet,
		uniqueName: valueOf(p.UniqueName),
		send: func(ctx context.Context) (*Fleet, error) {
			var fleet Fleet
			req := &request{method: "POST", path: fleetsPath, form: p.form(), policy: retryCreate}
			c.fleets.forget()
			if err := c.do(ctx, req, &fleet); err != nil {
				return nil, err
			}
			c.names.note(fleet.SID, fleet.UniqueName)
			return &fleet, nil
		},
		fetch:   c.FetchFleet,
		matches: func(ctx context.Context, f *Fleet) (bool, error) { return p.heldBy(ctx, c, f, &napSID) },
		created: func(f *Fleet) time.Time { return f.DateCreated },
		sid:     func(f *Fleet) string { return f.SID },
	})
	if err != nil {
		return nil, err
	}
	fleet.Adopted = adopted
	return fleet, nil
}

// heldBy reports whether the Fleet has every setting p sends. A profile
// given by unique name is resolved to its SID (once, through napSID), since
// a Fleet reports only the SID.
func (p FleetParams) heldBy(ctx context.Context, c *Client, f *Fleet, napSID *napResolver) (bool, error) {
	if p.NetworkAccessProfile != nil {
		sid, err := napSID.resolve(ctx, c, *p.NetworkAccessProfile)
		if err != nil {
			return false, err
		}
		if f.NetworkAccessProfileSID != sid {
			return false, nil
		}
	}
	sameMethod := func(a, b *string) bool { return a != nil && b != nil && strings.EqualFold(*a, *b) }
	return sentEqual(p.UniqueName, f.UniqueName, equalValues) &&
		sentEqual(p.DataEnabled, f.DataEnabled, equalValues) &&
		(p.DataLimit == nil || *p.DataLimit == f.DataLimit) &&
		sentEqual(p.IPCommandsURL, f.IPCommandsURL, equalValues) &&
		sentEqual(p.IPCommandsMethod, f.IPCommandsMethod, sameMethod) &&
		sentEqual(p.SMSCommandsEnabled, f.SMSCommandsEnabled, equalValues) &&
		sentEqual(p.SMSCommandsURL, f.SMSCommandsURL, equalValues) &&
		sentEqual(p.SMSCommandsMethod, f.SMSCommandsMethod, sameMethod), nil
}

// sentEqual is true when a parameter was not sent, or the API holds it.
func sentEqual[T any](sent, have *T, equal func(a, b *T) bool) bool {
	return sent == nil || equal(sent, have)
}

func equalValues[T comparable](a, b *T) bool { return a != nil && b != nil && *a == *b }

func valueOf(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// napResolver turns a profile reference (SID or unique name) into its SID,
// reading the profile at most once.
type napResolver struct {
	ref, sid string
}

func (r *napResolver) resolve(ctx context.Context, c *Client, ref string) (string, error) {
	if IsNetworkAccessProfileSID(ref) {
		return ref, nil
	}
	if r.sid != "" && r.ref == ref {
		return r.sid, nil
	}
	nap, err := c.FetchNetworkAccessProfile(ctx, ref)
	if err != nil {
		return "", err
	}
	r.ref, r.sid = ref, nap.SID
	return nap.SID, nil
}

// FetchFleet reads a Fleet by SID or unique name.
func (c *Client) FetchFleet(ctx context.Context, sidOrName string) (*Fleet, error) {
	var fleet Fleet
	req := &request{method: "GET", path: pathOf("v1", "Fleets", sidOrName), policy: retrySafe}
	if err := c.do(ctx, req, &fleet); err != nil {
		return nil, err
	}
	c.names.note(fleet.SID, fleet.UniqueName)
	return &fleet, nil
}

// ListFleets reads the account's Fleets; a non-empty networkAccessProfile
// (SID or unique name) keeps only the Fleets that use it.
func (c *Client) ListFleets(ctx context.Context, networkAccessProfile string) ([]Fleet, error) {
	q := url.Values{}
	if networkAccessProfile != "" {
		q.Set("NetworkAccessProfile", networkAccessProfile)
	}
	fleets, err := listAll[Fleet](ctx, c, fleetsPath, q, "fleets")
	for i := range fleets {
		c.names.note(fleets[i].SID, fleets[i].UniqueName)
	}
	return fleets, err
}

// UpdateFleet changes the given fields of a Fleet. Setting values is
// idempotent, so it is retried like a read. When its outcome is still
// unknown, the Fleet is read back: the update happened if the Fleet has
// every value that was sent.
func (c *Client) UpdateFleet(ctx context.Context, sidOrName string, p FleetParams) (*Fleet, error) {
	req := &request{method: "POST", path: pathOf("v1", "Fleets", sidOrName), form: p.form(), policy: retryIdempotentWrite}
	c.fleets.forget()
	return sendConfirmed(ctx, c, req, func(ctx context.Context) (*Fleet, bool, error) {
		now, err := c.FetchFleet(ctx, sidOrName)
		if err != nil {
			return nil, false, err
		}
		applied, err := p.heldBy(ctx, c, now, &napResolver{})
		return now, applied, err
	})
}
