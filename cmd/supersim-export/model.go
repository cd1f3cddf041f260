package main

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

// options are the choices of what to export and how to write it.
type options struct {
	// namePrefix keeps the profiles and Fleets whose unique name starts
	// with it (case-sensitive); objects without a name never match.
	namePrefix string
	// profilesOnly leaves the Fleets out.
	profilesOnly bool
	// links names profiles (SID or unique name) whose networks are written
	// as supersim_network_access_profile_network resources.
	links []string
	// identity writes import blocks by identity instead of by ID.
	identity bool
	// providerBlock adds a terraform block requiring the provider and an
	// empty provider block.
	providerBlock bool
}

// keepsName reports whether an object with this unique name (nil: none)
// passes the name filter.
func (o options) keepsName(name *string) bool {
	if o.namePrefix == "" {
		return true
	}
	return name != nil && strings.HasPrefix(*name, o.namePrefix)
}

// export is the configuration to write, with every label decided.
type export struct {
	opts     options
	networks []*network // data sources, by label
	profiles []*profileBlock
	fleets   []*fleetBlock
	// skippedFleets counts the Fleets the name filter left out.
	skippedFleets int
}

// imports is how many objects the configuration imports: what the first
// plan must report as "N to import".
func (e *export) imports() int {
	n := len(e.profiles) + len(e.fleets)
	for _, p := range e.profiles {
		n += len(p.links)
	}
	return n
}

type profileBlock struct {
	profile
	label string
	// notes are comment lines above the resource.
	notes []string
	// allowed is the allow list: networks the catalog lists first, by
	// label, then the others by SID.
	allowed []*network
	// linked is set when the networks are written as link resources.
	linked bool
	links  []linkBlock
}

type linkBlock struct {
	label   string
	network *network
}

type fleetBlock struct {
	supersim.Fleet
	label string
	notes []string
	// profile is the exported profile the Fleet uses, or nil when that
	// profile is not in the export.
	profile *profileBlock
}

// buildExport decides what to write: which objects, under which labels,
// and how each network is found.
func buildExport(acct *account, opts options) (*export, error) {
	exp := &export{opts: opts}
	linked, err := linkedProfiles(acct, opts)
	if err != nil {
		return nil, err
	}

	// Profiles.
	reqs := make([]labelRequest, len(acct.profiles))
	for i, p := range acct.profiles {
		reqs[i] = labelRequest{base: profileBaseLabel(p), order: labelOrder(p.name(), profileBaseLabel(p), p.SID)}
	}
	labels := assignLabels(reqs)
	wanted := map[string]string{} // base label → the unique name that holds it
	for i, p := range acct.profiles {
		if labels[i] == reqs[i].base {
			wanted[labels[i]] = p.name()
		}
	}
	for i, p := range acct.profiles {
		b := &profileBlock{profile: p, label: labels[i], linked: linked[p.SID]}
		switch {
		case p.UniqueName == nil:
			b.notes = append(b.notes, "This profile has no unique name, so its label is its SID.")
		case reqs[i].base == sidLabel(p.SID):
			b.notes = append(b.notes, fmt.Sprintf("Its unique name %q has no Latin letter or digit to make a label of, so its label is its SID.", p.name()))
		case labels[i] != reqs[i].base:
			b.notes = append(b.notes, fmt.Sprintf("Labelled %s because %q, whose unique name also makes %s, has that label.", labels[i], wanted[reqs[i].base], reqs[i].base))
		}
		exp.profiles = append(exp.profiles, b)
	}
	slices.SortFunc(exp.profiles, func(a, b *profileBlock) int { return cmp.Compare(a.label, b.label) })

	// Networks: one data source per network, shared by every profile.
	idx := indexCatalog(acct.catalog)
	bySID := map[string]*network{}
	for _, b := range exp.profiles {
		for _, link := range b.networks {
			n := bySID[link.SID]
			if n == nil {
				n = idx.resolve(link.SID, link)
				bySID[link.SID] = n
				if n.inCatalog {
					exp.networks = append(exp.networks, n)
				}
			}
			if !slices.Contains(b.allowed, n) {
				b.allowed = append(b.allowed, n)
			}
		}
	}
	reqs = make([]labelRequest, len(exp.networks))
	for i, n := range exp.networks {
		reqs[i] = labelRequest{base: n.wantedLabel(), order: n.sid}
	}
	for i, label := range assignLabels(reqs) {
		exp.networks[i].label = label
	}
	slices.SortFunc(exp.networks, func(a, b *network) int { return cmp.Compare(a.label, b.label) })
	for _, b := range exp.profiles {
		slices.SortFunc(b.allowed, compareNetworks)
	}

	// Links, for the profiles that asked for them.
	var linkReqs []labelRequest
	var linkOwners []*profileBlock
	for _, b := range exp.profiles {
		if !b.linked {
			continue
		}
		for _, n := range b.allowed {
			label := n.label
			if !n.inCatalog {
				label = sidLabel(n.sid)
			}
			b.links = append(b.links, linkBlock{network: n})
			linkReqs = append(linkReqs, labelRequest{base: b.label + "_" + label, order: b.SID + "/" + n.sid})
			linkOwners = append(linkOwners, b)
		}
	}
	linkLabels := assignLabels(linkReqs)
	next := map[*profileBlock]int{}
	for i, b := range linkOwners {
		b.links[next[b]].label = linkLabels[i]
		next[b]++
	}

	// Fleets.
	if !opts.profilesOnly {
		exp.fleets, exp.skippedFleets = fleetBlocks(acct, opts, exp.profiles)
	}
	return exp, nil
}

func compareNetworks(a, b *network) int {
	if a.inCatalog != b.inCatalog {
		if a.inCatalog {
			return -1
		}
		return 1
	}
	return cmp.Or(cmp.Compare(a.label, b.label), cmp.Compare(a.sid, b.sid))
}

// labelOrder decides which of the objects whose names make the same label
// gets it: one whose unique name is that label already, then the others
// by unique name in byte order (then SID, for names that are equal).
func labelOrder(name, base, sid string) string {
	if name == base {
		return "0" + name + "\x00" + sid
	}
	return "1" + name + "\x00" + sid
}

// profileBaseLabel is the label a profile asks for: from its unique name,
// or its SID when it has none (or a name with nothing to make a label of).
func profileBaseLabel(p profile) string {
	if label := baseLabel(p.name(), "nap"); label != "" {
		return label
	}
	return sidLabel(p.SID)
}

// linkedProfiles resolves -links to profile SIDs. Each value must name a
// profile of the export, by SID or exact unique name.
func linkedProfiles(acct *account, opts options) (map[string]bool, error) {
	linked := map[string]bool{}
	for _, ref := range opts.links {
		var found *supersim.NetworkAccessProfile
		for i, nap := range acct.all {
			if nap.SID == ref || nap.UniqueName != nil && *nap.UniqueName == ref {
				found = &acct.all[i]
				break
			}
		}
		if found == nil {
			return nil, fmt.Errorf("-links %q: the account has no Network Access Profile with this SID or unique name; give the profile's SID (HA…) or its exact unique name (names are case-sensitive)", ref)
		}
		if !slices.ContainsFunc(acct.profiles, func(p profile) bool { return p.SID == found.SID }) {
			return nil, fmt.Errorf("-links %q: profile %s is not exported, because its unique name does not start with -name-prefix %q; change -name-prefix so that it includes the profile, or drop this -links", ref, found.SID, opts.namePrefix)
		}
		linked[found.SID] = true
	}
	return linked, nil
}

// fleetBlocks labels the Fleets that pass the name filter and ties each to
// its profile's block when that profile is exported.
func fleetBlocks(acct *account, opts options, profiles []*profileBlock) ([]*fleetBlock, int) {
	bySID := make(map[string]*profileBlock, len(profiles))
	for _, p := range profiles {
		bySID[p.SID] = p
	}
	names := make(map[string]string, len(acct.all))
	for _, nap := range acct.all {
		if nap.UniqueName != nil {
			names[nap.SID] = *nap.UniqueName
		}
	}
	var kept []supersim.Fleet
	skipped := 0
	for _, f := range acct.fleets {
		if opts.keepsName(f.UniqueName) {
			kept = append(kept, f)
		} else {
			skipped++
		}
	}
	reqs := make([]labelRequest, len(kept))
	for i, f := range kept {
		name := ""
		if f.UniqueName != nil {
			name = *f.UniqueName
		}
		base := baseLabel(name, "fleet")
		if base == "" {
			base = sidLabel(f.SID)
		}
		reqs[i] = labelRequest{base: base, order: labelOrder(name, base, f.SID)}
	}
	labels := assignLabels(reqs)
	holder := map[string]string{}
	for i, f := range kept {
		if labels[i] == reqs[i].base && f.UniqueName != nil {
			holder[labels[i]] = *f.UniqueName
		}
	}
	out := make([]*fleetBlock, len(kept))
	for i, f := range kept {
		b := &fleetBlock{Fleet: f, label: labels[i], profile: bySID[f.NetworkAccessProfileSID]}
		switch {
		case f.UniqueName == nil:
			b.notes = append(b.notes, "This Fleet has no unique name, so its label is its SID.")
		case reqs[i].base == sidLabel(f.SID):
			b.notes = append(b.notes, fmt.Sprintf("Its unique name %q has no Latin letter or digit to make a label of, so its label is its SID.", *f.UniqueName))
		case labels[i] != reqs[i].base:
			b.notes = append(b.notes, fmt.Sprintf("Labelled %s because %q, whose unique name also makes %s, has that label.", labels[i], holder[reqs[i].base], reqs[i].base))
		}
		if b.profile == nil {
			what := "Network Access Profile " + f.NetworkAccessProfileSID
			if name, ok := names[f.NetworkAccessProfileSID]; ok {
				what += fmt.Sprintf(" (%q)", name)
			}
			why := "is not in this export"
			if opts.namePrefix != "" {
				why = fmt.Sprintf("is not in this export (-name-prefix %q)", opts.namePrefix)
			}
			b.notes = append(b.notes, fmt.Sprintf("Its %s %s, so it is named by SID.", what, why))
		}
		out[i] = b
	}
	slices.SortFunc(out, func(a, b *fleetBlock) int { return cmp.Compare(a.label, b.label) })
	return out, skipped
}
