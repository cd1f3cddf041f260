package emulator

import (
	"strings"
	"time"
)

// Wire shapes. Every schema field is always present (no omitempty): the
// real API sends null for unset nullable fields, and clients must cope with
// that rather than with missing keys. Field order follows the reference.

type napJSON struct {
	SID         string       `json:"sid"`
	UniqueName  *string      `json:"unique_name"`
	AccountSID  string       `json:"account_sid"`
	DateCreated string       `json:"date_created"`
	DateUpdated string       `json:"date_updated"`
	URL         string       `json:"url"`
	Links       napLinksJSON `json:"links"`
}

type napLinksJSON struct {
	Networks string `json:"networks"`
}

type identifierJSON struct {
	MCC string `json:"mcc"`
	MNC string `json:"mnc"`
}

type networkJSON struct {
	SID          string           `json:"sid"`
	FriendlyName string           `json:"friendly_name"`
	URL          string           `json:"url"`
	IsoCountry   string           `json:"iso_country"`
	Identifiers  []identifierJSON `json:"identifiers"`
}

type napNetworkJSON struct {
	SID                     string           `json:"sid"`
	NetworkAccessProfileSID string           `json:"network_access_profile_sid"`
	FriendlyName            string           `json:"friendly_name"`
	IsoCountry              string           `json:"iso_country"`
	Identifiers             []identifierJSON `json:"identifiers"`
	URL                     string           `json:"url"`
}

type fleetJSON struct {
	AccountSID              string  `json:"account_sid"`
	SID                     string  `json:"sid"`
	UniqueName              *string `json:"unique_name"`
	DateCreated             string  `json:"date_created"`
	DateUpdated             string  `json:"date_updated"`
	URL                     string  `json:"url"`
	DataEnabled             bool    `json:"data_enabled"`
	DataLimit               int     `json:"data_limit"`
	DataMetering            string  `json:"data_metering"`
	SMSCommandsEnabled      bool    `json:"sms_commands_enabled"`
	SMSCommandsURL          *string `json:"sms_commands_url"`
	SMSCommandsMethod       string  `json:"sms_commands_method"`
	NetworkAccessProfileSID string  `json:"network_access_profile_sid"`
	IPCommandsURL           *string `json:"ip_commands_url"`
	IPCommandsMethod        string  `json:"ip_commands_method"`
}

// formatTime renders the API's timestamp form: RFC 3339, UTC, whole seconds.
func formatTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05Z")
}

func (e *Emulator) renderNAP(base string, n NAPState) napJSON {
	self := base + "/v1/NetworkAccessProfiles/" + n.SID
	return napJSON{
		SID:         n.SID,
		UniqueName:  n.UniqueName,
		AccountSID:  e.opts.AccountSID,
		DateCreated: formatTime(n.DateCreated),
		DateUpdated: formatTime(n.DateUpdated),
		URL:         self,
		Links:       napLinksJSON{Networks: self + "/Networks"},
	}
}

func renderIdentifiers(ids []Identifier) []identifierJSON {
	out := make([]identifierJSON, len(ids))
	for i, id := range ids {
		out[i] = identifierJSON(id)
	}
	return out
}

func renderNetwork(base string, n NetworkState) networkJSON {
	return networkJSON{
		SID:          n.SID,
		FriendlyName: n.FriendlyName,
		URL:          base + "/v1/Networks/" + n.SID,
		IsoCountry:   n.IsoCountry,
		Identifiers:  renderIdentifiers(n.Identifiers),
	}
}

// renderNAPNetwork renders a profile's network. The reference's examples
// write this endpoint's iso_country in lower case ("us") and the catalog's in
// upper case ("US"); the emulator answers as each endpoint's example does, so
// clients are tested against both.
func renderNAPNetwork(base string, nn napNetwork) napNetworkJSON {
	return napNetworkJSON{
		SID:                     nn.network.SID,
		NetworkAccessProfileSID: nn.napSID,
		FriendlyName:            nn.network.FriendlyName,
		IsoCountry:              strings.ToLower(nn.network.IsoCountry),
		Identifiers:             renderIdentifiers(nn.network.Identifiers),
		URL:                     base + "/v1/NetworkAccessProfiles/" + nn.napSID + "/Networks/" + nn.network.SID,
	}
}

func (e *Emulator) renderFleet(base string, f FleetState) fleetJSON {
	return fleetJSON{
		AccountSID:              e.opts.AccountSID,
		SID:                     f.SID,
		UniqueName:              f.UniqueName,
		DateCreated:             formatTime(f.DateCreated),
		DateUpdated:             formatTime(f.DateUpdated),
		URL:                     base + "/v1/Fleets/" + f.SID,
		DataEnabled:             f.DataEnabled,
		DataLimit:               f.DataLimit,
		DataMetering:            f.DataMetering,
		SMSCommandsEnabled:      f.SMSCommandsEnabled,
		SMSCommandsURL:          f.SMSCommandsURL,
		SMSCommandsMethod:       f.SMSCommandsMethod,
		NetworkAccessProfileSID: f.NetworkAccessProfileSID,
		IPCommandsURL:           f.IPCommandsURL,
		IPCommandsMethod:        f.IPCommandsMethod,
	}
}

type simJSON struct {
	SID         string       `json:"sid"`
	UniqueName  *string      `json:"unique_name"`
	AccountSID  string       `json:"account_sid"`
	ICCID       string       `json:"iccid"`
	Status      string       `json:"status"`
	FleetSID    *string      `json:"fleet_sid"`
	DateCreated string       `json:"date_created"`
	DateUpdated string       `json:"date_updated"`
	URL         string       `json:"url"`
	Links       simLinksJSON `json:"links"`
}

// simLinksJSON names the SIM's subresources. The emulator does not serve
// them (they answer 404), but the links are part of the SIM's shape.
type simLinksJSON struct {
	BillingPeriods string `json:"billing_periods"`
	SimIPAddresses string `json:"sim_ip_addresses"`
}

func (e *Emulator) renderSim(base string, s SimState) simJSON {
	self := base + "/v1/Sims/" + s.SID
	return simJSON{
		SID:         s.SID,
		UniqueName:  s.UniqueName,
		AccountSID:  e.opts.AccountSID,
		ICCID:       s.ICCID,
		Status:      s.Status,
		FleetSID:    nonEmpty(&s.FleetSID),
		DateCreated: formatTime(s.DateCreated),
		DateUpdated: formatTime(s.DateUpdated),
		URL:         self,
		Links:       simLinksJSON{BillingPeriods: self + "/BillingPeriods", SimIPAddresses: self + "/IpAddresses"},
	}
}

type usageRecordJSON struct {
	AccountSID      string          `json:"account_sid"`
	SimSID          *string         `json:"sim_sid"`
	NetworkSID      *string         `json:"network_sid"`
	FleetSID        *string         `json:"fleet_sid"`
	IsoCountry      *string         `json:"iso_country"`
	Period          usagePeriodJSON `json:"period"`
	DataUpload      int64           `json:"data_upload"`
	DataDownload    int64           `json:"data_download"`
	DataTotal       int64           `json:"data_total"`
	DataTotalBilled float64         `json:"data_total_billed"`
	BilledUnit      *string         `json:"billed_unit"`
}

type usagePeriodJSON struct {
	StartTime string `json:"start_time"`
	EndTime   string `json:"end_time"`
}

// renderUsageRecord bills at once: the emulator has no billing lag, so
// data_total_billed never trails data_total. A record with nothing billed
// has no currency, as the reference's example of unbilled usage shows.
func (e *Emulator) renderUsageRecord(r usageRecord) usageRecordJSON {
	total := r.upload + r.download
	var unit *string
	if billed := billedUSD(total); billed > 0 {
		u := billedUnit
		unit = &u
	}
	return usageRecordJSON{
		AccountSID:      e.opts.AccountSID,
		SimSID:          nonEmpty(&r.sim),
		NetworkSID:      nonEmpty(&r.network),
		FleetSID:        nonEmpty(&r.fleet),
		IsoCountry:      nonEmpty(&r.isoCountry),
		Period:          usagePeriodJSON{StartTime: formatTime(r.start), EndTime: formatTime(r.end)},
		DataUpload:      r.upload,
		DataDownload:    r.download,
		DataTotal:       total,
		DataTotalBilled: billedUSD(total),
		BilledUnit:      unit,
	}
}

// usageEventJSON answers the seeding route with what was recorded, so a
// demo can see which Fleet and country the usage counts for.
type usageEventJSON struct {
	SimSID       string  `json:"sim_sid"`
	FleetSID     *string `json:"fleet_sid"`
	NetworkSID   string  `json:"network_sid"`
	IsoCountry   string  `json:"iso_country"`
	DataUpload   int64   `json:"data_upload"`
	DataDownload int64   `json:"data_download"`
	DataTotal    int64   `json:"data_total"`
	Time         string  `json:"time"`
}

func renderUsageEvent(ev UsageEvent) usageEventJSON {
	return usageEventJSON{
		SimSID:       ev.SimSID,
		FleetSID:     nonEmpty(&ev.FleetSID),
		NetworkSID:   ev.NetworkSID,
		IsoCountry:   ev.IsoCountry,
		DataUpload:   ev.DataUpload,
		DataDownload: ev.DataDownload,
		DataTotal:    ev.DataUpload + ev.DataDownload,
		Time:         formatTime(ev.Time),
	}
}
