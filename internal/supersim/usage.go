package supersim

import (
	"context"
	"net/url"
	"time"
)

var usageRecordsPath = pathOf("v1", "UsageRecords")

// UsageRecord is the data a set of SIMs used over a period. The API
// aggregates: a dimension (SIM, Fleet, network, country) is set only when
// the query filters or groups by it.
type UsageRecord struct {
	AccountSID   string      `json:"account_sid"`
	SimSID       *string     `json:"sim_sid"`
	FleetSID     *string     `json:"fleet_sid"`
	NetworkSID   *string     `json:"network_sid"`
	ISOCountry   *string     `json:"iso_country"`
	Period       UsagePeriod `json:"period"`
	DataUpload   int64       `json:"data_upload"`
	DataDownload int64       `json:"data_download"`
	DataTotal    int64       `json:"data_total"`
}

// UsagePeriod is the bucket a record covers.
type UsagePeriod struct {
	StartTime time.Time `json:"start_time"`
	EndTime   time.Time `json:"end_time"`
}

// Usage groupings of UsageFilter.Group.
const (
	GroupBySim     = "sim"
	GroupByFleet   = "fleet"
	GroupByNetwork = "network"
	GroupByCountry = "isoCountry"
)

// UsageFilter is a query of the usage records; empty fields are left to
// the API's defaults (all of the account, one bucket, the last month).
type UsageFilter struct {
	Sim        string // SID or unique name
	Fleet      string // SID or unique name
	Network    string // HW…
	ISOCountry string
	// Group is one of the GroupBy constants.
	Group string
	// Granularity is hour, day or all.
	Granularity string
	Start, End  time.Time
}

func (f UsageFilter) query() url.Values {
	q := url.Values{}
	for k, v := range map[string]string{
		"Sim": f.Sim, "Fleet": f.Fleet, "Network": f.Network, "IsoCountry": f.ISOCountry,
		"Group": f.Group, "Granularity": f.Granularity,
	} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if !f.Start.IsZero() {
		q.Set("StartTime", f.Start.UTC().Format(time.RFC3339))
	}
	if !f.End.IsZero() {
		q.Set("EndTime", f.End.UTC().Format(time.RFC3339))
	}
	return q
}

// ListUsageRecords reads every usage record of a query.
func (c *Client) ListUsageRecords(ctx context.Context, f UsageFilter) ([]UsageRecord, error) {
	return listAll[UsageRecord](ctx, c, usageRecordsPath, f.query(), "usage_records")
}
