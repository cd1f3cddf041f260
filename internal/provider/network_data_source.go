package provider

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

var (
	_ datasource.DataSource                     = (*networkDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*networkDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*networkDataSource)(nil)
)

// NewNetworkDataSource is the supersim_network data source: one catalog
// network, found by SID, by MCC-MNC or by name within a country.
func NewNetworkDataSource() datasource.DataSource {
	return &networkDataSource{}
}

type networkDataSource struct {
	client *supersim.Client
}

type networkDataSourceModel struct {
	SID          types.String      `tfsdk:"sid"`
	MCC          types.String      `tfsdk:"mcc"`
	MNC          types.String      `tfsdk:"mnc"`
	FriendlyName types.String      `tfsdk:"friendly_name"`
	ISOCountry   types.String      `tfsdk:"iso_country"`
	Identifiers  []identifierModel `tfsdk:"identifiers"`
}

// The ways to find one network, in the order of networkLookup.modes.
const (
	networkBySID = iota
	networkByMCCMNC
	networkByName
)

var networkLookup = lookupModes{
	what: "network",
	modes: []lookupMode{
		{attrs: []string{"sid"}, how: "by its SID"},
		{attrs: []string{"mcc", "mnc"}, how: "by its MCC-MNC pair"},
		{attrs: []string{"friendly_name", "iso_country"}, how: "by its name within a country"},
	},
}

// maxCandidates bounds the suggestions of a failed lookup; a country can
// have hundreds of networks.
const maxCandidates = 10

func (d *networkDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_network"
}

func (d *networkDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds exactly one network of the Super SIM Networks catalog, to allow it in a Network Access Profile. " +
			"Look it up in one of three ways: " + networkLookup.markdown() + ".\n\n" +
			"The lookup fails, rather than guess, when no network or more than one network matches; the error lists the nearest candidates " +
			"(or every match) with their SIDs. To list many networks at once, use `supersim_networks`.",
		Attributes: map[string]schema.Attribute{
			"sid": schema.StringAttribute{
				MarkdownDescription: "The network's SID (`HW` followed by 32 hexadecimal digits). Set it to look the network up by SID; otherwise it is the SID of the network found.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{sidValidator(supersim.NetworkSIDPattern, "a Network SID")},
			},
			"mcc": schema.StringAttribute{
				MarkdownDescription: "Mobile country code (three digits, such as `234`). With `mnc`, finds the network that has this MCC-MNC pair among its `identifiers`.",
				Optional:            true,
				Validators:          mccValidators(),
			},
			"mnc": schema.StringAttribute{
				MarkdownDescription: "Mobile network code (two or three digits, leading zeros kept, such as `30` or `410`). Used with `mcc`.",
				Optional:            true,
				Validators:          mncValidators(),
			},
			"friendly_name": schema.StringAttribute{
				MarkdownDescription: "The operator's name in the catalog, such as `Vodafone UK`. With `iso_country`, finds the network of that name in that country; " +
					"the match is exact but ignores case. After the read it holds the name as the catalog spells it.",
				Optional: true,
				Computed: true,
			},
			"iso_country": schema.StringAttribute{
				MarkdownDescription: "The network's country as a two-letter ISO 3166-1 alpha-2 code (`GB`, `DE`, `US`…; either case). Used with `friendly_name`. " +
					"After the read it holds the country of the network found, upper-case.",
				Optional:   true,
				Computed:   true,
				Validators: isoCountryValidators(),
			},
			"identifiers": identifiersAttribute(),
		},
	}
}

func (d *networkDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{networkLookup}
}

func (d *networkDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *networkDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !clientOrError(d.client, &resp.Diagnostics) {
		return
	}
	var cfg networkDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The configuration is final here; check it again in case validation
	// ran while some of it was unknown.
	mode, ok := networkLookup.selected(ctx, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}

	var n *supersim.Network
	switch mode {
	case networkBySID:
		n = d.bySID(ctx, cfg.SID.ValueString(), &resp.Diagnostics)
	case networkByMCCMNC:
		n = d.byMCCMNC(ctx, cfg.MCC.ValueString(), cfg.MNC.ValueString(), &resp.Diagnostics)
	case networkByName:
		n = d.byName(ctx, cfg.FriendlyName.ValueString(), strings.ToUpper(cfg.ISOCountry.ValueString()), &resp.Diagnostics)
	}
	if n == nil {
		return
	}
	// The catalog's spelling wins over the argument's ("ee" finds "EE"), so
	// references to these attributes read the same however the network was
	// found. mcc and mnc stay as given.
	cfg.SID = types.StringValue(n.SID)
	cfg.FriendlyName = types.StringValue(n.FriendlyName)
	cfg.ISOCountry = isoCountry(n.ISOCountry)
	cfg.Identifiers = identifierItems(n.Identifiers)
	resp.Diagnostics.Append(resp.State.Set(ctx, cfg)...)
}

func (d *networkDataSource) bySID(ctx context.Context, sid string, diags *diag.Diagnostics) *supersim.Network {
	n, found, err := d.client.CatalogNetwork(ctx, sid)
	if err == nil && !found {
		diags.AddAttributeError(path.Root("sid"), "Network not found",
			fmt.Sprintf("No network with the SID %s is in the Super SIM Networks catalog. Check the SID for typos; "+
				"the supersim_networks data source lists the catalog with every network's SID (filter it by iso_country, mcc or mnc), "+
				"and this data source can also find a network by mcc and mnc, or by friendly_name and iso_country.", sid))
		return nil
	}
	if err != nil {
		addAPIError(diags, "look up network "+sid+" in the Networks catalog", err)
		return nil
	}
	return &n
}

func (d *networkDataSource) byMCCMNC(ctx context.Context, mcc, mnc string, diags *diag.Diagnostics) *supersim.Network {
	pair := mcc + "-" + mnc
	matches, err := d.client.CatalogNetworks(ctx, supersim.NetworkFilter{MCC: mcc, MNC: mnc})
	if err != nil {
		addAPIError(diags, "look up the network with MCC-MNC "+pair+" in the Networks catalog", err)
		return nil
	}
	switch len(matches) {
	case 1:
		return &matches[0]
	case 0:
	default:
		addSeveralMatches(diags, path.Root("mnc"), fmt.Sprintf("MCC-MNC pair %s", pair), matches)
		return nil
	}

	// No match: suggest the networks of the same country code.
	sameMCC, err := d.client.CatalogNetworks(ctx, supersim.NetworkFilter{MCC: mcc})
	if err != nil {
		addAPIError(diags, fmt.Sprintf("list the networks with MCC %s (to suggest alternatives to %s, which no network has)", mcc, pair), err)
		return nil
	}
	var detail strings.Builder
	fmt.Fprintf(&detail, "No network in the Super SIM Networks catalog has the MCC-MNC pair %s.", pair)
	if len(sameMCC) == 0 {
		fmt.Fprintf(&detail, " No network has the MCC %s either. Check both codes, or find the network with the supersim_networks data source "+
			"(filter it by iso_country) or by friendly_name and iso_country.", mcc)
	} else {
		// Closest MNC first, so 234-31 suggests 234-30 before 234-10.
		slices.SortStableFunc(sameMCC, func(a, b supersim.Network) int {
			return cmp.Or(
				cmp.Compare(closestMNC(a, mcc, mnc), closestMNC(b, mcc, mnc)),
				cmp.Compare(a.SID, b.SID),
			)
		})
		fmt.Fprintf(&detail, " These networks have the MCC %s:\n\n", mcc)
		writeCandidates(&detail, sameMCC, maxCandidates)
		fmt.Fprintf(&detail, "\nSet mnc to one of their codes, or look the network up by sid.")
		if len(sameMCC) > maxCandidates {
			fmt.Fprintf(&detail, " The supersim_networks data source with mcc = %q lists all %d.", mcc, len(sameMCC))
		}
	}
	diags.AddAttributeError(path.Root("mnc"), "No network has this MCC-MNC pair", detail.String())
	return nil
}

// closestMNC is how far the MNCs of n under mcc are from mnc, numerically.
func closestMNC(n supersim.Network, mcc, mnc string) int {
	want, _ := strconv.Atoi(mnc)
	best := math.MaxInt
	for _, id := range n.Identifiers {
		have, err := strconv.Atoi(id.MNC)
		if id.MCC != mcc || err != nil {
			continue
		}
		best = min(best, max(have-want, want-have))
	}
	return best
}

func (d *networkDataSource) byName(ctx context.Context, name, country string, diags *diag.Diagnostics) *supersim.Network {
	inCountry, err := d.client.CatalogNetworks(ctx, supersim.NetworkFilter{ISOCountry: country})
	if err != nil {
		addAPIError(diags, fmt.Sprintf("list the networks of %s to find %q", country, name), err)
		return nil
	}
	var matches []supersim.Network
	for _, n := range inCountry {
		if strings.EqualFold(n.FriendlyName, name) {
			matches = append(matches, n)
		}
	}
	switch len(matches) {
	case 1:
		return &matches[0]
	case 0:
	default:
		addSeveralMatches(diags, path.Root("friendly_name"), fmt.Sprintf("name %q in %s", name, country), matches)
		return nil
	}

	var detail strings.Builder
	fmt.Fprintf(&detail, "No network named %q is in %s in the Super SIM Networks catalog (names are compared exactly, ignoring case).", name, country)
	if len(inCountry) == 0 {
		fmt.Fprintf(&detail, " The catalog has no networks in %s at all; "+
			"the supersim_networks data source without filters lists every country and network.", country)
		diags.AddAttributeError(path.Root("iso_country"), "No networks in this country", detail.String())
		return nil
	}
	rankByName(inCountry, name)
	fmt.Fprintf(&detail, " The networks of %s, closest names first:\n\n", country)
	writeCandidates(&detail, inCountry, maxCandidates)
	fmt.Fprintf(&detail, "\nSet friendly_name to one of these names, or look the network up by sid.")
	if len(inCountry) > maxCandidates {
		fmt.Fprintf(&detail, " The supersim_networks data source with iso_country = %q lists all %d.", country, len(inCountry))
	}
	diags.AddAttributeError(path.Root("friendly_name"), "No network with this name in this country", detail.String())
	return nil
}

// rankByName orders networks by how close their name is to name: names that
// contain it (or are contained in it) first, then by edit distance.
func rankByName(networks []supersim.Network, name string) {
	want := strings.ToLower(strings.TrimSpace(name))
	type ranked struct {
		contains bool
		distance int
	}
	rank := make(map[string]ranked, len(networks))
	for _, n := range networks {
		have := strings.ToLower(n.FriendlyName)
		rank[n.SID] = ranked{
			contains: want != "" && (strings.Contains(have, want) || strings.Contains(want, have)),
			distance: editDistance(have, want),
		}
	}
	slices.SortStableFunc(networks, func(a, b supersim.Network) int {
		ra, rb := rank[a.SID], rank[b.SID]
		if ra.contains != rb.contains {
			if ra.contains {
				return -1
			}
			return 1
		}
		return cmp.Or(
			cmp.Compare(ra.distance, rb.distance),
			cmp.Compare(strings.ToLower(a.FriendlyName), strings.ToLower(b.FriendlyName)),
			cmp.Compare(a.SID, b.SID),
		)
	})
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// addSeveralMatches reports an ambiguous lookup with every match, so the
// user can pick one by SID.
func addSeveralMatches(diags *diag.Diagnostics, at path.Path, asked string, matches []supersim.Network) {
	sorted := slices.Clone(matches)
	sortNetworks(sorted)
	var detail strings.Builder
	fmt.Fprintf(&detail, "%d networks of the Super SIM Networks catalog match the %s:\n\n", len(sorted), asked)
	writeCandidates(&detail, sorted, len(sorted))
	fmt.Fprintf(&detail, "\nsupersim_network must find exactly one network. Choose the one you mean and look it up by its SID instead, e.g.\n\n"+
		"    sid = %q\n\nor use the supersim_networks data source to work with all of them.", sorted[0].SID)
	diags.AddAttributeError(at, "Several networks match", detail.String())
}

// writeCandidates lists up to limit networks, one a line, with what tells
// them apart: SID, name, country and MCC-MNC pairs.
func writeCandidates(b *strings.Builder, networks []supersim.Network, limit int) {
	for i, n := range networks {
		if i == limit {
			fmt.Fprintf(b, "  … and %d more\n", len(networks)-limit)
			break
		}
		pairs := make([]string, len(n.Identifiers))
		for j, id := range n.Identifiers {
			pairs[j] = id.MCC + "-" + id.MNC
		}
		fmt.Fprintf(b, "  - %s %q (%s; %s)\n", n.SID, n.FriendlyName, strings.ToUpper(n.ISOCountry), strings.Join(pairs, ", "))
	}
}

// lookupModes validates the arguments of a data source that finds one object
// in one of several ways, each a group of arguments given together. Its
// messages name the ways, which the generic validators cannot.
type lookupModes struct {
	what  string
	modes []lookupMode
}

type lookupMode struct {
	attrs []string
	how   string
}

var _ datasource.ConfigValidator = lookupModes{}

func (m lookupMode) names(sep string) string { return strings.Join(m.attrs, sep) }

// joinAnd renders names as "a", "a and b" or "a, b and c".
func joinAnd(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// ways lists the modes for messages: "sid (by its SID); mcc and mnc (…)".
func (v lookupModes) ways() string {
	parts := make([]string, len(v.modes))
	for i, m := range v.modes {
		parts[i] = fmt.Sprintf("%s (%s)", m.names(" and "), m.how)
	}
	return strings.Join(parts, "; or ")
}

func (v lookupModes) markdown() string {
	parts := make([]string, len(v.modes))
	for i, m := range v.modes {
		quoted := make([]string, len(m.attrs))
		for j, a := range m.attrs {
			quoted[j] = "`" + a + "`"
		}
		parts[i] = strings.Join(quoted, " and ") + " (" + m.how + ")"
	}
	return strings.Join(parts, ", or ")
}

func (v lookupModes) Description(context.Context) string {
	return fmt.Sprintf("exactly one way to find the %s must be given: %s", v.what, v.ways())
}

func (v lookupModes) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v lookupModes) ValidateDataSource(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	given, unknown := v.given(ctx, req.Config, &resp.Diagnostics)
	if unknown || resp.Diagnostics.HasError() {
		// Checked again when the data source is read.
		return
	}
	v.choose(given, &resp.Diagnostics)
}

// selected returns the index of the mode the final configuration uses.
func (v lookupModes) selected(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) (int, bool) {
	given, _ := v.given(ctx, config, diags)
	if diags.HasError() {
		return 0, false
	}
	return v.choose(given, diags)
}

// given reports which lookup arguments are set, and whether any is unknown.
func (v lookupModes) given(ctx context.Context, config tfsdk.Config, diags *diag.Diagnostics) (map[string]bool, bool) {
	given := map[string]bool{}
	unknown := false
	for _, m := range v.modes {
		for _, a := range m.attrs {
			var s types.String
			diags.Append(config.GetAttribute(ctx, path.Root(a), &s)...)
			unknown = unknown || s.IsUnknown()
			given[a] = !s.IsNull()
		}
	}
	return given, unknown
}

// choose finds the one mode whose arguments are all given, with no argument
// of another mode; otherwise it explains what is wrong.
func (v lookupModes) choose(given map[string]bool, diags *diag.Diagnostics) (int, bool) {
	var touched []int
	for i, m := range v.modes {
		if slices.ContainsFunc(m.attrs, func(a string) bool { return given[a] }) {
			touched = append(touched, i)
		}
	}
	switch len(touched) {
	case 0:
		diags.AddError(fmt.Sprintf("Missing %s lookup arguments", v.what),
			fmt.Sprintf("Say which %s to find, in exactly one of these ways: %s.", v.what, v.ways()))
		return 0, false
	case 1:
		m := v.modes[touched[0]]
		for _, a := range m.attrs {
			if !given[a] {
				diags.AddAttributeError(path.Root(a), fmt.Sprintf("Incomplete %s lookup", v.what),
					fmt.Sprintf("To find the %s %s, set both %s. %s is missing.", v.what, m.how, m.names(" and "), a))
				return 0, false
			}
		}
		return touched[0], true
	default:
		var used []string
		for _, i := range touched {
			for _, a := range v.modes[i].attrs {
				if given[a] {
					used = append(used, a)
				}
			}
		}
		second := v.modes[touched[1]]
		at := second.attrs[slices.IndexFunc(second.attrs, func(a string) bool { return given[a] })]
		diags.AddAttributeError(path.Root(at), fmt.Sprintf("Conflicting %s lookup arguments", v.what),
			fmt.Sprintf("%s were set together, but they belong to different ways of finding the %s. Use exactly one way: %s.",
				joinAnd(used), v.what, v.ways()))
		return 0, false
	}
}
