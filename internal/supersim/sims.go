package supersim

import (
	"context"
	"net/url"
	"time"
)

var simsPath = pathOf("v1", "Sims")

// Sim is a Super SIM registered to the account. Its Fleet decides which
// networks it may attach to.
type Sim struct {
	SID         string    `json:"sid"`
	UniqueName  *string   `json:"unique_name"`
	AccountSID  string    `json:"account_sid"`
	ICCID       string    `json:"iccid"`
	Status      string    `json:"status"`
	FleetSID    *string   `json:"fleet_sid"`
	DateCreated time.Time `json:"date_created"`
	DateUpdated time.Time `json:"date_updated"`
	URL         string    `json:"url"`
}

// SimFilter narrows ListSims; empty fields do not filter.
type SimFilter struct {
	// Fleet is a Fleet's SID or unique name.
	Fleet string
	// Status is one of new, ready, active, inactive, scheduled.
	Status string
	ICCID  string
}

// SimStatuses are the statuses a SIM can have.
var SimStatuses = []string{"new", "ready", "active", "inactive", "scheduled"}

// ListSims reads every SIM of the account that matches the filter.
func (c *Client) ListSims(ctx context.Context, f SimFilter) ([]Sim, error) {
	q := url.Values{}
	setIf := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	setIf("Fleet", f.Fleet)
	setIf("Status", f.Status)
	setIf("Iccid", f.ICCID)
	return listAll[Sim](ctx, c, simsPath, q, "sims")
}
