package provider

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

var (
	_ datasource.DataSource              = (*impactDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*impactDataSource)(nil)
)

// NewNetworkAccessProfileImpactDataSource is the
// supersim_network_access_profile_impact data source: what giving a profile
// another allow list would do to the SIMs of the Fleets using it, judged
// from their usage. It is the guard rail behind a check block or a
// precondition that refuses a change which strands SIMs.
func NewNetworkAccessProfileImpactDataSource() datasource.DataSource {
	return &impactDataSource{}
}

type impactDataSource struct {
	client *supersim.Client
}

type impactModel struct {
	NetworkAccessProfile    types.String         `tfsdk:"network_access_profile"`
	Networks                types.Set            `tfsdk:"networks"`
	Lookback                types.String         `tfsdk:"lookback"`
	NetworkAccessProfileSID types.String         `tfsdk:"network_access_profile_sid"`
	StrandedSims            types.Int64          `tfsdk:"stranded_sims"`
	AffectedSims            types.Int64          `tfsdk:"affected_sims"`
	Fleets                  []impactFleetModel   `tfsdk:"fleets"`
	RemovedNetworks         []impactNetworkModel `tfsdk:"removed_networks"`
}

type impactFleetModel struct {
	SID             types.String `tfsdk:"sid"`
	UniqueName      types.String `tfsdk:"unique_name"`
	StrandedSims    types.Int64  `tfsdk:"stranded_sims"`
	AffectedSims    types.Int64  `tfsdk:"affected_sims"`
	DataBytes       types.Int64  `tfsdk:"data_bytes"`
	StrandedSimSIDs []string     `tfsdk:"stranded_sim_sids"`
}

type impactNetworkModel struct {
	SID          types.String `tfsdk:"sid"`
	FriendlyName types.String `tfsdk:"friendly_name"`
	ISOCountry   types.String `tfsdk:"iso_country"`
	DataBytes    types.Int64  `tfsdk:"data_bytes"`
}

func (d *impactDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_network_access_profile_impact"
}

func (d *impactDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	count := func(description string) schema.Int64Attribute {
		return schema.Int64Attribute{MarkdownDescription: description, Computed: true}
	}
	text := func(description string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: description, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Evaluates an allow list for a Network Access Profile against the account's usage: which SIMs of the Fleets using the profile " +
			"would lose networks they used, and which would lose every network they used (they are stranded). " +
			"Use it in a `check` block, a `lifecycle` precondition or a policy on the plan JSON to refuse a change that strands SIMs. " +
			"The networks the profile allows now and the list lacks are the removed ones; usage counts for the Fleet a SIM belonged to when it happened. " +
			"A SIM used a network when data went over it in the lookback.",
		Attributes: map[string]schema.Attribute{
			"network_access_profile": schema.StringAttribute{
				MarkdownDescription: "The profile, by SID (`HA…`) or unique name.",
				Required:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"networks": schema.SetAttribute{
				MarkdownDescription: "The allow list to evaluate: network SIDs (`HW…`), typically the `networks` the configuration gives the profile.",
				ElementType:         types.StringType,
				Required:            true,
				Validators:          []validator.Set{setvalidator.ValueStringsAre(sidValidator(supersim.NetworkSIDPattern, "a Network SID"))},
			},
			"lookback": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("How far back to read usage, as a Go duration. Defaults to `%s` (7 days).", defaultImpactLookback),
				Optional:            true,
				Validators:          []validator.String{durationValidator{}},
			},
			"network_access_profile_sid": text("The profile's SID."),
			"stranded_sims":              count("SIMs with usage in the lookback, all of it on networks that the evaluated list lacks: they would lose every network they were seen on."),
			"affected_sims":              count("SIMs with any usage in the lookback on networks that the evaluated list lacks."),
			"fleets": schema.ListNestedAttribute{
				MarkdownDescription: "Each Fleet that uses the profile, by SID.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"sid":           text("The Fleet's SID (`HF…`)."),
					"unique_name":   text("The Fleet's unique name, or null."),
					"stranded_sims": count("The Fleet's stranded SIMs."),
					"affected_sims": count("The Fleet's affected SIMs."),
					"data_bytes":    count("The bytes the Fleet's SIMs sent and received over the removed networks in the lookback."),
					"stranded_sim_sids": schema.ListAttribute{
						MarkdownDescription: "The SIDs (`HS…`) of the stranded SIMs, sorted.",
						ElementType:         types.StringType,
						Computed:            true,
					},
				}},
			},
			"removed_networks": schema.ListNestedAttribute{
				MarkdownDescription: "The networks the profile allows now that the evaluated list lacks, by SID, with the data that went over each in the lookback.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"sid":           text("The network's SID (`HW…`)."),
					"friendly_name": text("The network's name."),
					"iso_country":   text("The network's country (ISO 3166-1 alpha-2, upper case)."),
					"data_bytes":    count("The bytes that went over it, all Fleets of the profile together."),
				}},
			},
		},
	}
}

func (d *impactDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *impactDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !clientOrError(d.client, &resp.Diagnostics) {
		return
	}
	var cfg impactModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	evaluated := setStrings(ctx, cfg.Networks, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	lookback := defaultImpactLookback
	if d, ok := parseDuration(cfg.Lookback); ok {
		lookback = d
	}
	ref := cfg.NetworkAccessProfile.ValueString()
	nap, err := d.client.FetchNetworkAccessProfile(ctx, ref)
	if supersim.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root("network_access_profile"), "Network Access Profile not found",
			fmt.Sprintf("No Network Access Profile has the SID or unique name %q in this account.", ref))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("read Network Access Profile %q", ref), err)
		return
	}
	profile := named(types.StringValue(nap.SID), types.StringPointerValue(nap.UniqueName))
	current, err := d.client.ListNetworkAccessProfileNetworks(ctx, nap.SID)
	if err != nil {
		addAPIError(&resp.Diagnostics, "list the networks of Network Access Profile "+profile, err)
		return
	}
	var removed []supersim.NetworkAccessProfileNetwork
	for _, n := range current {
		if !slices.Contains(evaluated, n.SID) {
			removed = append(removed, n)
		}
	}
	state := impactModel{
		NetworkAccessProfile: cfg.NetworkAccessProfile, Networks: cfg.Networks, Lookback: cfg.Lookback,
		NetworkAccessProfileSID: types.StringValue(nap.SID),
		Fleets:                  []impactFleetModel{}, RemovedNetworks: []impactNetworkModel{},
	}
	if err := d.evaluate(ctx, &state, nap.SID, removed, lookback); err != nil {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("read the usage of the Fleets of Network Access Profile %s over the last %s", profile, lookbackText(lookback)), err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// evaluate fills the counts: each Fleet's impact, and totals over the
// distinct SIMs (a SIM that moved between two of the Fleets in the lookback
// counts once).
func (d *impactDataSource) evaluate(ctx context.Context, state *impactModel, napSID string, removed []supersim.NetworkAccessProfileNetwork, lookback time.Duration) error {
	removedSIDs := supersim.NetworkSIDs(removed)
	fleets, err := d.client.FleetsUsing(ctx, napSID)
	if err != nil {
		return err
	}
	stranded, affected := map[string]bool{}, map[string]bool{}
	dataByNetwork := map[string]int64{}
	for _, f := range fleets {
		item := impactFleetModel{SID: types.StringValue(f.SID), UniqueName: types.StringPointerValue(f.UniqueName), StrandedSimSIDs: []string{}}
		var impact supersim.FleetImpact
		if len(removedSIDs) > 0 {
			if impact, err = d.client.FleetImpact(ctx, f.SID, removedSIDs, lookback); err != nil {
				return err
			}
		}
		for _, s := range impact.Stranded {
			stranded[s] = true
		}
		for _, s := range impact.Affected {
			affected[s] = true
		}
		for n, bytes := range impact.DataByNetwork {
			dataByNetwork[n] += bytes
		}
		item.StrandedSims = types.Int64Value(int64(len(impact.Stranded)))
		item.AffectedSims = types.Int64Value(int64(len(impact.Affected)))
		item.DataBytes = types.Int64Value(impact.Data())
		item.StrandedSimSIDs = append(item.StrandedSimSIDs, impact.Stranded...)
		state.Fleets = append(state.Fleets, item)
	}
	for _, n := range removed {
		state.RemovedNetworks = append(state.RemovedNetworks, impactNetworkModel{
			SID: types.StringValue(n.SID), FriendlyName: types.StringValue(n.FriendlyName),
			ISOCountry: isoCountry(n.ISOCountry), DataBytes: types.Int64Value(dataByNetwork[n.SID]),
		})
	}
	state.StrandedSims = types.Int64Value(int64(len(stranded)))
	state.AffectedSims = types.Int64Value(int64(len(affected)))
	return nil
}
