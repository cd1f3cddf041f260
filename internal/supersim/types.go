package supersim

import "time"

// NetworkAccessProfile is an allow list of cellular networks that the SIMs of
// the Fleets using it may attach to.
type NetworkAccessProfile struct {
	SID string `json:"sid"`
	// UniqueName is nil when the profile has none.
	UniqueName  *string           `json:"unique_name"`
	AccountSID  string            `json:"account_sid"`
	DateCreated time.Time         `json:"date_created"`
	DateUpdated time.Time         `json:"date_updated"`
	URL         string            `json:"url"`
	Links       map[string]string `json:"links"`

	// Adopted is set by CreateNetworkAccessProfile when the create's answer
	// was lost and this profile was found afterwards. It allows exactly the
	// requested networks: nothing else is adopted.
	Adopted bool `json:"-"`
}

// Identifier is one MCC-MNC pair of a network.
type Identifier struct {
	MCC string `json:"mcc"`
	MNC string `json:"mnc"`
}

// Network is an entry of the read-only Networks catalog.
type Network struct {
	SID          string       `json:"sid"`
	FriendlyName string       `json:"friendly_name"`
	URL          string       `json:"url"`
	ISOCountry   string       `json:"iso_country"`
	Identifiers  []Identifier `json:"identifiers"`
}

// NetworkAccessProfileNetwork is a catalog network allowed by a profile. Its
// SID is the network's (HW…) SID.
type NetworkAccessProfileNetwork struct {
	SID                     string       `json:"sid"`
	NetworkAccessProfileSID string       `json:"network_access_profile_sid"`
	FriendlyName            string       `json:"friendly_name"`
	ISOCountry              string       `json:"iso_country"`
	Identifiers             []Identifier `json:"identifiers"`
	URL                     string       `json:"url"`

	// AlreadyAllowed is set by AddNetworkAccessProfileNetwork when the API
	// said the profile allowed the network before the request.
	AlreadyAllowed bool `json:"-"`
}

// Fleet groups SIMs under shared settings, among them the profile that
// decides which networks they may use.
type Fleet struct {
	SID                     string    `json:"sid"`
	AccountSID              string    `json:"account_sid"`
	UniqueName              *string   `json:"unique_name"`
	DateCreated             time.Time `json:"date_created"`
	DateUpdated             time.Time `json:"date_updated"`
	URL                     string    `json:"url"`
	DataEnabled             *bool     `json:"data_enabled"`
	DataLimit               int       `json:"data_limit"`
	DataMetering            *string   `json:"data_metering"`
	SMSCommandsEnabled      *bool     `json:"sms_commands_enabled"`
	SMSCommandsURL          *string   `json:"sms_commands_url"`
	SMSCommandsMethod       *string   `json:"sms_commands_method"`
	NetworkAccessProfileSID string    `json:"network_access_profile_sid"`
	IPCommandsURL           *string   `json:"ip_commands_url"`
	IPCommandsMethod        *string   `json:"ip_commands_method"`

	// Adopted is set by CreateFleet when the create's answer was lost and
	// this Fleet was found afterwards, holding every setting that was sent.
	Adopted bool `json:"-"`
}
