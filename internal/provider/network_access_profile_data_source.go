package provider

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

var (
	_ datasource.DataSource                     = (*networkAccessProfileDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*networkAccessProfileDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*networkAccessProfileDataSource)(nil)
)

// NewNetworkAccessProfileDataSource is the supersim_network_access_profile
// data source: one existing profile and the networks it allows.
func NewNetworkAccessProfileDataSource() datasource.DataSource {
	return &networkAccessProfileDataSource{}
}

type networkAccessProfileDataSource struct {
	client *supersim.Client
}

type networkAccessProfileDataSourceModel struct {
	ID          types.String       `tfsdk:"id"`
	SID         types.String       `tfsdk:"sid"`
	UniqueName  types.String       `tfsdk:"unique_name"`
	AccountSID  types.String       `tfsdk:"account_sid"`
	DateCreated types.String       `tfsdk:"date_created"`
	DateUpdated types.String       `tfsdk:"date_updated"`
	URL         types.String       `tfsdk:"url"`
	NetworkSIDs types.Set          `tfsdk:"network_sids"`
	Networks    []networkItemModel `tfsdk:"networks"`
}

const (
	napBySID = iota
	napByUniqueName
)

var napLookup = lookupModes{
	what: "Network Access Profile",
	modes: []lookupMode{
		{attrs: []string{"sid"}, how: "by its SID"},
		{attrs: []string{"unique_name"}, how: "by its unique name"},
	},
}

// maxNameSuggestions bounds the profiles suggested for a unique name that
// does not exist.
const maxNameSuggestions = 5

func (d *networkAccessProfileDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_network_access_profile"
}

func (d *networkAccessProfileDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads an existing Network Access Profile (NAP) and the networks it allows, for example one managed outside this configuration " +
			"that a Fleet should use. Find it by " + napLookup.markdown() + "; exactly one of the two must be set.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The profile's SID (`HA…`), as `sid`.",
				Computed:            true,
			},
			"sid": schema.StringAttribute{
				MarkdownDescription: "The profile's SID (`HA` followed by 32 hexadecimal digits). Set it to find the profile by SID; otherwise it is the SID of the profile found.",
				Optional:            true,
				Computed:            true,
				Validators:          []validator.String{sidValidator(supersim.NetworkAccessProfileSIDPattern, "a Network Access Profile SID")},
			},
			"unique_name": schema.StringAttribute{
				MarkdownDescription: "The profile's unique name, matched exactly (case included). Set it to find the profile by name; otherwise it is the name of the profile found, " +
					"or null when it has none.",
				Optional: true,
				Computed: true,
				Validators: []validator.String{
					stringvalidator.LengthAtLeast(1),
					notMatching{re: napSIDRe, why: "that is a profile SID, not a unique name; set sid instead"},
				},
			},
			"account_sid": schema.StringAttribute{
				MarkdownDescription: "The SID of the account (`AC…`) that owns the profile.",
				Computed:            true,
			},
			"date_created": schema.StringAttribute{
				MarkdownDescription: "When the profile was created, in RFC 3339 format (UTC).",
				Computed:            true,
			},
			"date_updated": schema.StringAttribute{
				MarkdownDescription: "When the profile was last updated, in RFC 3339 format (UTC).",
				Computed:            true,
			},
			"url": schema.StringAttribute{
				MarkdownDescription: "The absolute URL of the profile in the API.",
				Computed:            true,
			},
			"network_sids": schema.SetAttribute{
				MarkdownDescription: "The SIDs (`HW…`) of the networks the profile allows. Empty when it allows none.",
				Computed:            true,
				ElementType:         types.StringType,
			},
			"networks": schema.ListNestedAttribute{
				MarkdownDescription: "The networks the profile allows, with their catalog details, ordered like `supersim_networks`: " +
					"by `iso_country`, then `friendly_name`, then `sid`.",
				Computed:     true,
				NestedObject: schema.NestedAttributeObject{Attributes: networkItemAttributes()},
			},
		},
	}
}

func (d *networkAccessProfileDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{napLookup}
}

func (d *networkAccessProfileDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *networkAccessProfileDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !clientOrError(d.client, &resp.Diagnostics) {
		return
	}
	var cfg networkAccessProfileDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	mode, ok := napLookup.selected(ctx, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	ref, asked := cfg.SID.ValueString(), "SID"
	if mode == napByUniqueName {
		ref, asked = cfg.UniqueName.ValueString(), "unique name"
	}

	nap, err := d.client.FetchNetworkAccessProfile(ctx, ref)
	if supersim.IsNotFound(err) {
		d.addNotFound(ctx, &resp.Diagnostics, mode, ref)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("read the Network Access Profile with the %s %q", asked, ref), err)
		return
	}
	links, err := d.client.NetworkAccessProfileNetworksSnapshot(ctx, nap.SID)
	if supersim.IsNotFound(err) {
		d.addNotFound(ctx, &resp.Diagnostics, mode, ref)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("list the networks of Network Access Profile %s", nap.SID), err)
		return
	}

	networks := make([]supersim.Network, len(links))
	for i, l := range links {
		networks[i] = supersim.Network{SID: l.SID, FriendlyName: l.FriendlyName, ISOCountry: l.ISOCountry, Identifiers: l.Identifiers}
	}
	sortNetworks(networks)

	state := networkAccessProfileDataSourceModel{
		ID:          types.StringValue(nap.SID),
		SID:         types.StringValue(nap.SID),
		UniqueName:  types.StringPointerValue(nap.UniqueName),
		AccountSID:  types.StringValue(nap.AccountSID),
		DateCreated: timeString(nap.DateCreated),
		DateUpdated: timeString(nap.DateUpdated),
		URL:         types.StringValue(nap.URL),
		NetworkSIDs: stringSet(supersim.NetworkSIDs(links)),
		Networks:    networkItems(networks),
	}
	if mode == napByUniqueName {
		// Keep the argument as written; the API matched it exactly.
		state.UniqueName = cfg.UniqueName
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// addNotFound says what was asked and how to find the right profile. For a
// unique name it suggests the account's closest names, when it can list them.
func (d *networkAccessProfileDataSource) addNotFound(ctx context.Context, diags *diag.Diagnostics, mode int, ref string) {
	if mode == napBySID {
		diags.AddAttributeError(path.Root("sid"), "Network Access Profile not found",
			fmt.Sprintf("No Network Access Profile with the SID %s exists in the account the provider is configured for. "+
				"It may have been deleted in the Twilio Console, or belong to another account. Check the SID (Twilio Console > Internet of Things > Network access profiles), "+
				"or list the profiles of this account with the supersim_network_access_profiles data source.", ref))
		return
	}
	var detail strings.Builder
	fmt.Fprintf(&detail, "No Network Access Profile with the unique name %q exists in the account the provider is configured for. "+
		"Unique names must match exactly, including case.", ref)
	if names := d.similarNames(ctx, ref); len(names) > 0 {
		fmt.Fprintf(&detail, " Profiles with similar names:\n\n")
		for _, n := range names {
			fmt.Fprintf(&detail, "  - %s\n", n)
		}
		detail.WriteString("\n")
	} else {
		detail.WriteString(" ")
	}
	detail.WriteString("Check the name, look the profile up by sid instead, or list the profiles of this account with the supersim_network_access_profiles data source.")
	diags.AddAttributeError(path.Root("unique_name"), "Network Access Profile not found", detail.String())
}

// similarNames lists "name (HA…)" for the account's profiles whose unique
// names are closest to name. A failure to list only loses the suggestions.
func (d *networkAccessProfileDataSource) similarNames(ctx context.Context, name string) []string {
	naps, err := d.client.ListNetworkAccessProfiles(ctx)
	if err != nil {
		return nil
	}
	want := strings.ToLower(name)
	type candidate struct {
		label    string
		distance int
	}
	var cands []candidate
	for _, nap := range naps {
		if nap.UniqueName == nil {
			continue
		}
		have := strings.ToLower(*nap.UniqueName)
		dist := editDistance(have, want)
		// Keep names that differ in case only, contain one another, or
		// are a few edits away; others would be noise.
		if dist > max(2, len([]rune(want))/3) && !strings.Contains(have, want) && !strings.Contains(want, have) {
			continue
		}
		cands = append(cands, candidate{label: fmt.Sprintf("%q (%s)", *nap.UniqueName, nap.SID), distance: dist})
	}
	slices.SortFunc(cands, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(a.distance, b.distance), cmp.Compare(a.label, b.label))
	})
	out := make([]string, 0, maxNameSuggestions)
	for i := 0; i < len(cands) && i < maxNameSuggestions; i++ {
		out = append(out, cands[i].label)
	}
	return out
}
