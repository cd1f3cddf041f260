package supersim

import "regexp"

// SID patterns, as the API documents them.
const (
	NetworkAccessProfileSIDPattern = `^HA[0-9a-fA-F]{32}$`
	NetworkSIDPattern              = `^HW[0-9a-fA-F]{32}$`
	AccountSIDPattern              = `^AC[0-9a-fA-F]{32}$`
	APIKeySIDPattern               = `^SK[0-9a-fA-F]{32}$`
	FleetSIDPattern                = `^HF[0-9a-fA-F]{32}$`
)

var (
	napSIDRe     = regexp.MustCompile(NetworkAccessProfileSIDPattern)
	networkSIDRe = regexp.MustCompile(NetworkSIDPattern)
)

// IsNetworkAccessProfileSID tells a profile SID from a unique name. A unique
// name of this shape would be ambiguous, so the provider refuses to set one.
func IsNetworkAccessProfileSID(s string) bool { return napSIDRe.MatchString(s) }

// IsNetworkSID reports whether s has the shape of a Network SID.
func IsNetworkSID(s string) bool { return networkSIDRe.MatchString(s) }
