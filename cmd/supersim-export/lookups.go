package main

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

// An allow list of SIDs tells a reviewer nothing. Each network is written
// once as a supersim_network data source that finds it by what people
// know it by, and the profiles refer to its sid. The data source must find
// exactly that network, or the plan would fail (it refuses ambiguous
// lookups) or, worse, allow another one; so each network gets the most
// readable lookup that is unambiguous in the catalog:
//
//  1. friendly_name and iso_country, when no other network of the country
//     has the same name (the data source compares names ignoring case);
//  2. mcc and mnc, the first MCC-MNC pair of the network that no other
//     network of the catalog has;
//  3. its sid, when neither is unambiguous.

// lookupKind is how a data source finds its network.
type lookupKind int

const (
	lookupByName lookupKind = iota
	lookupByMCCMNC
	lookupBySID
)

// network is one network that the export refers to.
type network struct {
	sid     string
	name    string
	country string // upper case, as the data source reports it
	ids     []supersim.Identifier
	// inCatalog is false for a network that a profile allows but that
	// the catalog no longer lists: no data source can find it, so it is
	// written as its SID.
	inCatalog bool
	lookup    lookupKind
	mcc, mnc  string // the pair looked up, for lookupByMCCMNC
	// label is the data source's label, when inCatalog.
	label string
}

// describe names the network for comments: "Vodafone UK (GB, 234-15)".
func (n *network) describe() string {
	var details []string
	if n.country != "" {
		details = append(details, n.country)
	}
	if len(n.ids) > 0 {
		details = append(details, n.ids[0].MCC+"-"+n.ids[0].MNC)
	}
	name := n.name
	if name == "" {
		name = n.sid
	}
	if len(details) == 0 {
		return name
	}
	return fmt.Sprintf("%s (%s)", name, strings.Join(details, ", "))
}

// reason explains, in a comment above the data source, why it does not
// look its network up by name.
func (n *network) reason() string {
	pairs := make([]string, len(n.ids))
	for i, id := range n.ids {
		pairs[i] = id.MCC + "-" + id.MNC
	}
	what := fmt.Sprintf("%s (%s; %s)", n.name, n.country, strings.Join(pairs, ", "))
	if n.name == "" {
		what = fmt.Sprintf("%s (%s; %s), which has no name in the catalog,", n.sid, n.country, strings.Join(pairs, ", "))
	}
	switch n.lookup {
	case lookupByMCCMNC:
		if n.name == "" {
			return fmt.Sprintf("%s is found by MCC-MNC %s-%s, which no other network has.", what, n.mcc, n.mnc)
		}
		return fmt.Sprintf("%s: more than one network of %s is named %q, so it is found by MCC-MNC %s-%s, which no other network has.",
			what, n.country, n.name, n.mcc, n.mnc)
	case lookupBySID:
		return fmt.Sprintf("%s: neither its name in %s nor any of its MCC-MNC pairs is unique in the catalog, so it is found by SID.", what, n.country)
	}
	return ""
}

var (
	mccRe     = regexp.MustCompile(`^[0-9]{3}$`)
	mncRe     = regexp.MustCompile(`^[0-9]{2,3}$`)
	countryRe = regexp.MustCompile(`^[A-Z]{2}$`)
)

// notCountryCodes are two-letter codes that the data source refuses as
// iso_country (it names the right code instead).
var notCountryCodes = map[string]bool{"UK": true, "EL": true, "EN": true}

// catalogIndex answers how many catalog networks a lookup would find.
type catalogIndex struct {
	bySID     map[string]supersim.Network
	byCountry map[string][]supersim.Network
	byPair    map[supersim.Identifier]int
}

func indexCatalog(catalog []supersim.Network) catalogIndex {
	idx := catalogIndex{
		bySID:     make(map[string]supersim.Network, len(catalog)),
		byCountry: map[string][]supersim.Network{},
		byPair:    map[supersim.Identifier]int{},
	}
	for _, n := range catalog {
		idx.bySID[n.SID] = n
		c := strings.ToUpper(n.ISOCountry)
		idx.byCountry[c] = append(idx.byCountry[c], n)
		seen := map[supersim.Identifier]bool{}
		for _, id := range n.Identifiers {
			if !seen[id] {
				seen[id] = true
				idx.byPair[id]++
			}
		}
	}
	return idx
}

// namesakes counts the networks of country whose name is name, compared
// as the data source compares them: exactly, but ignoring case.
func (idx catalogIndex) namesakes(name, country string) int {
	count := 0
	for _, n := range idx.byCountry[country] {
		if strings.EqualFold(n.FriendlyName, name) {
			count++
		}
	}
	return count
}

// resolve describes the network sid as the export will refer to it.
// fallback names a network the catalog does not list, from what the
// profile's own list says about it.
func (idx catalogIndex) resolve(sid string, fallback supersim.NetworkAccessProfileNetwork) *network {
	n, ok := idx.bySID[sid]
	if !ok {
		return &network{sid: sid, name: fallback.FriendlyName, country: strings.ToUpper(fallback.ISOCountry), ids: fallback.Identifiers}
	}
	out := &network{sid: sid, name: n.FriendlyName, country: strings.ToUpper(n.ISOCountry), ids: n.Identifiers, inCatalog: true, lookup: lookupBySID}
	if out.name != "" && countryRe.MatchString(out.country) && !notCountryCodes[out.country] && idx.namesakes(out.name, out.country) == 1 {
		out.lookup = lookupByName
		return out
	}
	for _, id := range n.Identifiers {
		if mccRe.MatchString(id.MCC) && mncRe.MatchString(id.MNC) && idx.byPair[id] == 1 {
			out.lookup, out.mcc, out.mnc = lookupByMCCMNC, id.MCC, id.MNC
			return out
		}
	}
	return out
}

// wantedLabel is the data source label the network asks for: its name and
// country, with what it is looked up by when its name is not enough (the
// MCC-MNC pair, or the start of its SID), so that the label of a network
// never reads as the label of its namesake.
func (n *network) wantedLabel() string {
	text := n.name + " " + n.country
	switch n.lookup {
	case lookupByMCCMNC:
		text += " " + n.mcc + " " + n.mnc
	case lookupBySID:
		text += " " + n.sid[:min(len(n.sid), 10)]
	}
	if strings.TrimSpace(n.name) == "" || slug(n.name) == "" {
		return sidLabel(n.sid)
	}
	return baseLabel(text, "network")
}
