package emulator

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
)

// Identifier is one MCC-MNC pair of a Network; strings, not numbers, because
// leading zeros are significant ("020" is not "20").
type Identifier struct {
	MCC string
	MNC string
}

// NetworkState is a catalog entry as the API exposes it, returned by the Go
// API so tests can pick real SIDs without an HTTP round trip.
type NetworkState struct {
	SID          string
	FriendlyName string
	IsoCountry   string
	Identifiers  []Identifier
}

// MaxGeneratedNetworks bounds Options.CatalogSize padding; the synthetic
// MCC range 900–999 × 1000 MNCs gives that many unique pairs.
const MaxGeneratedNetworks = 100_000

// CatalogNetworkSID is the deterministic SID of the catalog network whose
// first identifier is mcc-mnc. Exported so test fixtures can name a network
// (e.g. AT&T = CatalogNetworkSID("310", "410")) without listing the catalog.
func CatalogNetworkSID(mcc, mnc string) string {
	sum := sha256.Sum256([]byte("network:" + mcc + "-" + mnc))
	return "HW" + hex.EncodeToString(sum[:])[:32]
}

// seedOperator is a real operator with its real MCC-MNC pairs, so plans and
// fixtures written against the emulator read like production ones.
type seedOperator struct {
	name    string
	country string
	ids     []string // "mcc-mnc"
}

var seedOperators = []seedOperator{
	{"AT&T", "US", []string{"310-410", "310-150"}},
	{"T-Mobile", "US", []string{"310-260", "310-160", "311-490"}},
	{"Verizon Wireless", "US", []string{"311-480"}},
	{"EE", "GB", []string{"234-30", "234-33"}},
	{"Vodafone UK", "GB", []string{"234-15"}},
	{"O2 UK", "GB", []string{"234-10"}},
	{"Three UK", "GB", []string{"234-20"}},
	{"Telekom Deutschland", "DE", []string{"262-01"}},
	{"Vodafone Germany", "DE", []string{"262-02"}},
	{"O2 Germany", "DE", []string{"262-03", "262-07"}},
	{"Orange France", "FR", []string{"208-01"}},
	{"SFR", "FR", []string{"208-10"}},
	{"Bouygues Telecom", "FR", []string{"208-20"}},
	{"Free Mobile", "FR", []string{"208-15"}},
	{"Movistar Spain", "ES", []string{"214-07"}},
	{"Vodafone Spain", "ES", []string{"214-01"}},
	{"Orange Spain", "ES", []string{"214-03"}},
	{"Yoigo", "ES", []string{"214-04"}},
	{"TIM", "IT", []string{"222-01"}},
	{"Vodafone Italy", "IT", []string{"222-10"}},
	{"WindTre", "IT", []string{"222-88", "222-99"}},
	{"Iliad Italy", "IT", []string{"222-50"}},
	{"KPN", "NL", []string{"204-08"}},
	{"Vodafone Netherlands", "NL", []string{"204-04"}},
	{"Odido", "NL", []string{"204-16", "204-20"}},
	{"Rogers Wireless", "CA", []string{"302-720"}},
	{"Bell Mobility", "CA", []string{"302-610"}},
	{"Telus Mobility", "CA", []string{"302-220"}},
	{"Telcel", "MX", []string{"334-020"}},
	{"AT&T Mexico", "MX", []string{"334-050", "334-090"}},
	{"Movistar Mexico", "MX", []string{"334-030"}},
	{"Telstra", "AU", []string{"505-01"}},
	{"Optus", "AU", []string{"505-02"}},
	{"Vodafone Australia", "AU", []string{"505-03"}},
	{"NTT Docomo", "JP", []string{"440-10"}},
	{"SoftBank", "JP", []string{"440-20"}},
	{"KDDI au", "JP", []string{"440-50", "440-51"}},
	{"Vivo", "BR", []string{"724-06", "724-10", "724-11"}},
	{"Claro Brasil", "BR", []string{"724-05"}},
	{"TIM Brasil", "BR", []string{"724-02", "724-03", "724-04"}},
}

// generatedCountries is cycled over by padding networks so country filters
// keep returning a mix at any catalog size.
var generatedCountries = []string{"US", "GB", "DE", "FR", "ES", "IT", "NL", "CA", "MX", "AU", "JP", "BR"}

// catalog is immutable after construction, so reads need no lock.
type catalog struct {
	networks []NetworkState
	bySID    map[string]int
}

func buildCatalog(size int) *catalog {
	c := &catalog{bySID: map[string]int{}}
	for _, op := range seedOperators {
		c.add(NetworkState{FriendlyName: op.name, IsoCountry: op.country, Identifiers: parseIdentifiers(op.ids)})
	}
	extra := min(size-len(seedOperators), MaxGeneratedNetworks)
	for i := range max(extra, 0) {
		c.add(generatedNetwork(i))
	}
	return c
}

// generatedNetwork uses the 9xx MCC range, unused by the seed list, so
// synthetic pairs (and therefore SIDs) never collide with real ones.
func generatedNetwork(i int) NetworkState {
	return NetworkState{
		FriendlyName: fmt.Sprintf("Generated Operator %04d", i+1),
		IsoCountry:   generatedCountries[i%len(generatedCountries)],
		Identifiers:  []Identifier{{MCC: fmt.Sprintf("%03d", 900+i/1000), MNC: fmt.Sprintf("%03d", i%1000)}},
	}
}

func parseIdentifiers(pairs []string) []Identifier {
	ids := make([]Identifier, 0, len(pairs))
	for _, p := range pairs {
		mcc, mnc, _ := strings.Cut(p, "-")
		ids = append(ids, Identifier{MCC: mcc, MNC: mnc})
	}
	return ids
}

func (c *catalog) add(n NetworkState) {
	n.SID = CatalogNetworkSID(n.Identifiers[0].MCC, n.Identifiers[0].MNC)
	c.bySID[n.SID] = len(c.networks)
	c.networks = append(c.networks, n)
}

func (c *catalog) lookup(sid string) (NetworkState, bool) {
	i, ok := c.bySID[sid]
	if !ok {
		return NetworkState{}, false
	}
	return c.networks[i], true
}

// networkFilter holds the list filters of GET /v1/Networks.
type networkFilter struct {
	isoCountry, mcc, mnc string
}

// matches applies the documented semantics: country case-insensitively, and
// Mcc/Mnc against the identifiers, requiring one identifier to satisfy both
// when both are given (310 + 260 must not match a network with 310-410 and
// 311-260).
func (f networkFilter) matches(n NetworkState) bool {
	if f.isoCountry != "" && !strings.EqualFold(n.IsoCountry, f.isoCountry) {
		return false
	}
	if f.mcc == "" && f.mnc == "" {
		return true
	}
	for _, id := range n.Identifiers {
		if (f.mcc == "" || id.MCC == f.mcc) && (f.mnc == "" || id.MNC == f.mnc) {
			return true
		}
	}
	return false
}

func (c *catalog) filter(f networkFilter) []NetworkState {
	out := make([]NetworkState, 0, len(c.networks))
	for _, n := range c.networks {
		if f.matches(n) {
			out = append(out, n)
		}
	}
	return out
}

// resolveNetworkSID validates one Network SID from a request parameter:
// first its shape, then its presence in the catalog, naming the value either
// way so the client author sees which one was wrong.
func (c *catalog) resolveNetworkSID(param, sid string) error {
	if !networkSIDPattern.MatchString(sid) {
		return errInvalidParam("Invalid %s value '%s': a Network SID must match ^HW[0-9a-fA-F]{32}$", param, sid)
	}
	if _, ok := c.bySID[sid]; !ok {
		return errInvalidParam("Invalid %s value '%s': Network %s was not found in the Networks catalog", param, sid, sid)
	}
	return nil
}

// resolveNetworkList validates every SID before anything is created (so NAP
// creation is all-or-nothing) and drops repeats, keeping first occurrences.
func (c *catalog) resolveNetworkList(param string, sids []string) ([]string, error) {
	seen := make(map[string]bool, len(sids))
	out := make([]string, 0, len(sids))
	for _, sid := range sids {
		if err := c.resolveNetworkSID(param, sid); err != nil {
			return nil, err
		}
		if !seen[sid] {
			seen[sid] = true
			out = append(out, sid)
		}
	}
	return out, nil
}

func copyNetwork(n NetworkState) NetworkState {
	n.Identifiers = append([]Identifier(nil), n.Identifiers...)
	return n
}

// Catalog returns a copy of the whole Networks catalog in list order.
func (e *Emulator) Catalog() []NetworkState {
	out := make([]NetworkState, len(e.catalog.networks))
	for i, n := range e.catalog.networks {
		out[i] = copyNetwork(n)
	}
	return out
}
