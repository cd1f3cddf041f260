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
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

var (
	_ datasource.DataSource              = (*simsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*simsDataSource)(nil)
)

// NewSimsDataSource is the supersim_sims data source: the account's SIMs,
// optionally of one Fleet or one status.
func NewSimsDataSource() datasource.DataSource {
	return &simsDataSource{}
}

type simsDataSource struct {
	client *supersim.Client
}

type simsDataSourceModel struct {
	Fleet  types.String   `tfsdk:"fleet"`
	Status types.String   `tfsdk:"status"`
	Sims   []simItemModel `tfsdk:"sims"`
}

type simItemModel struct {
	SID        types.String `tfsdk:"sid"`
	UniqueName types.String `tfsdk:"unique_name"`
	ICCID      types.String `tfsdk:"iccid"`
	Status     types.String `tfsdk:"status"`
	FleetSID   types.String `tfsdk:"fleet_sid"`
}

func (d *simsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_sims"
}

func (d *simsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(description string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: description, Computed: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the Super SIMs of the account, optionally only those of one Fleet or with one status: " +
			"for example to count a Fleet's devices, or to check before a change that the SIMs a configuration expects are there.",
		Attributes: map[string]schema.Attribute{
			"fleet": schema.StringAttribute{
				MarkdownDescription: "Keep only the SIMs of this Fleet, given by SID (`HF…`) or unique name.",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: "Keep only the SIMs with this status: " + strings.Join(quoteEach(supersim.SimStatuses), ", ") + ".",
				Optional:            true,
				Validators:          []validator.String{stringvalidator.OneOf(supersim.SimStatuses...)},
			},
			"sims": schema.ListNestedAttribute{
				MarkdownDescription: "The SIMs, ordered by `iccid`.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"sid":         computed("The SIM's SID (`HS…`)."),
					"unique_name": computed("The SIM's unique name, or null when it has none."),
					"iccid":       computed("The SIM card's ICCID."),
					"status":      computed("The SIM's status: " + strings.Join(quoteEach(supersim.SimStatuses), ", ") + "."),
					"fleet_sid":   computed("The SID of the SIM's Fleet (`HF…`), or null when it belongs to none."),
				}},
			},
		},
	}
}

func quoteEach(values []string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = "`" + v + "`"
	}
	return out
}

func (d *simsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *simsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !clientOrError(d.client, &resp.Diagnostics) {
		return
	}
	var cfg simsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	filter := supersim.SimFilter{Fleet: cfg.Fleet.ValueString(), Status: cfg.Status.ValueString()}
	sims, err := d.client.ListSims(ctx, filter)
	if err != nil {
		doing := "list the SIMs of the account"
		if filter.Fleet != "" {
			doing = fmt.Sprintf("list the SIMs of Fleet %q", filter.Fleet)
		}
		addAPIError(&resp.Diagnostics, doing, err)
		return
	}
	slices.SortFunc(sims, func(a, b supersim.Sim) int { return cmp.Or(cmp.Compare(a.ICCID, b.ICCID), cmp.Compare(a.SID, b.SID)) })
	state := simsDataSourceModel{Fleet: cfg.Fleet, Status: cfg.Status, Sims: make([]simItemModel, len(sims))}
	for i, s := range sims {
		state.Sims[i] = simItemModel{
			SID:        types.StringValue(s.SID),
			UniqueName: types.StringPointerValue(s.UniqueName),
			ICCID:      types.StringValue(s.ICCID),
			Status:     types.StringValue(s.Status),
			FleetSID:   types.StringPointerValue(s.FleetSID),
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}
