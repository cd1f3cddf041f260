package provider

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

var (
	_ datasource.DataSource              = (*fleetsDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*fleetsDataSource)(nil)
)

// NewFleetsDataSource is the supersim_fleets data source: the account's
// Fleets, optionally only those of one profile.
func NewFleetsDataSource() datasource.DataSource {
	return &fleetsDataSource{}
}

type fleetsDataSource struct {
	client *supersim.Client
}

type fleetsDataSourceModel struct {
	NetworkAccessProfile types.String     `tfsdk:"network_access_profile"`
	Fleets               []fleetItemModel `tfsdk:"fleets"`
}

type fleetItemModel struct {
	SID        types.String `tfsdk:"sid"`
	UniqueName types.String `tfsdk:"unique_name"`
	fleetFields
}

func (d *fleetsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_fleets"
}

func (d *fleetsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	item := fleetFieldAttributes()
	maps.Copy(item, map[string]schema.Attribute{
		"sid": schema.StringAttribute{
			MarkdownDescription: "The Fleet's SID (`HF…`).",
			Computed:            true,
		},
		"unique_name": schema.StringAttribute{
			MarkdownDescription: "The Fleet's unique name, or null when it has none.",
			Computed:            true,
		},
	})
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the Fleets of the account, oldest first, or only those that use one Network Access Profile: " +
			"for example to see which Fleets a change of a profile's networks reaches. To read one Fleet, use `supersim_fleet`.",
		Attributes: map[string]schema.Attribute{
			"network_access_profile": schema.StringAttribute{
				MarkdownDescription: "Keep only the Fleets that use this Network Access Profile, given by SID (`HA…`) or unique name. " +
					"The API filters; a profile that does not exist gives an empty list.",
				Optional:   true,
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"fleets": schema.ListNestedAttribute{
				MarkdownDescription: "The Fleets, ordered by `date_created`, then `sid`.",
				Computed:            true,
				NestedObject:        schema.NestedAttributeObject{Attributes: item},
			},
		},
	}
}

func (d *fleetsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *fleetsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !clientOrError(d.client, &resp.Diagnostics) {
		return
	}
	var cfg fleetsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	filter := cfg.NetworkAccessProfile.ValueString()
	fleets, err := d.client.ListFleets(ctx, filter)
	if err != nil {
		doing := "list the Fleets of the account"
		if filter != "" {
			doing = fmt.Sprintf("list the Fleets that use Network Access Profile %q", filter)
		}
		addAPIError(&resp.Diagnostics, doing, err)
		return
	}
	slices.SortFunc(fleets, func(a, b supersim.Fleet) int {
		return cmp.Or(a.DateCreated.Compare(b.DateCreated), cmp.Compare(a.SID, b.SID))
	})
	state := fleetsDataSourceModel{NetworkAccessProfile: cfg.NetworkAccessProfile, Fleets: make([]fleetItemModel, len(fleets))}
	for i := range fleets {
		state.Fleets[i] = fleetItemModel{
			SID:         types.StringValue(fleets[i].SID),
			UniqueName:  types.StringPointerValue(fleets[i].UniqueName),
			fleetFields: fleetFieldsOf(&fleets[i]),
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}
