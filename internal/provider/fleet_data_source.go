package provider

import (
	"context"
	"fmt"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

var (
	_ datasource.DataSource                     = (*fleetDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*fleetDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*fleetDataSource)(nil)
)

// NewFleetDataSource is the supersim_fleet data source: one existing Fleet.
func NewFleetDataSource() datasource.DataSource {
	return &fleetDataSource{}
}

type fleetDataSource struct {
	client *supersim.Client
}

type fleetDataSourceModel struct {
	ID         types.String `tfsdk:"id"`
	SID        types.String `tfsdk:"sid"`
	UniqueName types.String `tfsdk:"unique_name"`
	fleetFields
}

const fleetByUniqueName = 1

var fleetLookup = lookupModes{
	what: "Fleet",
	modes: []lookupMode{
		{attrs: []string{"sid"}, how: "by its SID"},
		{attrs: []string{"unique_name"}, how: "by its unique name"},
	},
}

func (d *fleetDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_fleet"
}

// fleetFieldAttributes are the computed attributes of a Fleet in the data
// sources.
func fleetFieldAttributes() map[string]schema.Attribute {
	computed := func(description string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: description, Computed: true}
	}
	return map[string]schema.Attribute{
		"network_access_profile_sid": computed("The SID (`HA…`) of the Network Access Profile whose networks the Fleet's SIMs may attach to."),
		"data_enabled": schema.BoolAttribute{
			MarkdownDescription: "Whether the Fleet's SIMs may use data connectivity.",
			Computed:            true,
		},
		"data_limit": schema.Int64Attribute{
			MarkdownDescription: "The data, in megabytes, that each SIM of the Fleet may use per billing period.",
			Computed:            true,
		},
		"data_metering": computed("How the SIMs' data use is metered and billed (`payg`)."),
		"sms_commands_enabled": schema.BoolAttribute{
			MarkdownDescription: "Whether the Fleet's SIMs may send and receive machine-to-machine SMS through Commands.",
			Computed:            true,
		},
		"sms_commands_url":    computed("The URL that receives SMS Commands from the Fleet's SIMs, or null."),
		"sms_commands_method": computed("The HTTP method of the requests to `sms_commands_url`: `GET` or `POST`."),
		"ip_commands_url":     computed("The URL that receives IP Commands from the Fleet's SIMs, or null."),
		"ip_commands_method":  computed("The HTTP method of the requests to `ip_commands_url`: `GET` or `POST`."),
		"account_sid":         computed("The SID of the account (`AC…`) that owns the Fleet."),
		"date_created":        computed("When the Fleet was created, in RFC 3339 format (UTC)."),
		"date_updated":        computed("When the Fleet was last updated, in RFC 3339 format (UTC)."),
		"url":                 computed("The absolute URL of the Fleet in the API."),
	}
}

func (d *fleetDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := fleetFieldAttributes()
	maps.Copy(attrs, map[string]schema.Attribute{
		"id": schema.StringAttribute{
			MarkdownDescription: "The Fleet's SID (`HF…`), as `sid`.",
			Computed:            true,
		},
		"sid": schema.StringAttribute{
			MarkdownDescription: "The Fleet's SID (`HF` followed by 32 hexadecimal digits). Set it to find the Fleet by SID; otherwise it is the SID of the Fleet found.",
			Optional:            true,
			Computed:            true,
			Validators:          []validator.String{sidValidator(supersim.FleetSIDPattern, "a Fleet SID")},
		},
		"unique_name": schema.StringAttribute{
			MarkdownDescription: "The Fleet's unique name, matched exactly (case included). Set it to find the Fleet by name; otherwise it is the name of the Fleet found, " +
				"or null when it has none.",
			Optional: true,
			Computed: true,
			Validators: []validator.String{
				stringvalidator.LengthAtLeast(1),
				notMatching{re: fleetSIDRe, why: "that is a Fleet SID, not a unique name; set sid instead"},
			},
		},
	})
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads an existing Fleet, for example one managed outside this configuration, to see which Network Access Profile its SIMs use. " +
			"Find it by " + fleetLookup.markdown() + "; exactly one of the two must be set.",
		Attributes: attrs,
	}
}

func (d *fleetDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{fleetLookup}
}

func (d *fleetDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *fleetDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !clientOrError(d.client, &resp.Diagnostics) {
		return
	}
	var cfg fleetDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	mode, ok := fleetLookup.selected(ctx, req.Config, &resp.Diagnostics)
	if !ok {
		return
	}
	ref, attr, asked := cfg.SID.ValueString(), "sid", "SID"
	if mode == fleetByUniqueName {
		ref, attr, asked = cfg.UniqueName.ValueString(), "unique_name", "unique name"
	}
	fleet, err := d.client.FetchFleet(ctx, ref)
	if supersim.IsNotFound(err) {
		resp.Diagnostics.AddAttributeError(path.Root(attr), "Fleet not found",
			fmt.Sprintf("No Fleet with the %s %q exists in the account the provider is configured for. "+
				"Check it in the Twilio Console (Internet of Things > Fleets), or list the Fleets of this account with the supersim_fleets data source.", asked, ref))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, fmt.Sprintf("read the Fleet with the %s %q", asked, ref), err)
		return
	}
	state := fleetDataSourceModel{
		ID:          types.StringValue(fleet.SID),
		SID:         types.StringValue(fleet.SID),
		UniqueName:  types.StringPointerValue(fleet.UniqueName),
		fleetFields: fleetFieldsOf(fleet),
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}
