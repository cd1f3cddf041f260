package provider

import (
	"cmp"
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

var (
	_ datasource.DataSource              = (*networkAccessProfilesDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*networkAccessProfilesDataSource)(nil)
)

// NewNetworkAccessProfilesDataSource is the supersim_network_access_profiles
// data source: every profile of the account.
func NewNetworkAccessProfilesDataSource() datasource.DataSource {
	return &networkAccessProfilesDataSource{}
}

type networkAccessProfilesDataSource struct {
	client *supersim.Client
}

type networkAccessProfilesDataSourceModel struct {
	NetworkAccessProfiles []napItemModel `tfsdk:"network_access_profiles"`
}

type napItemModel struct {
	SID         types.String `tfsdk:"sid"`
	UniqueName  types.String `tfsdk:"unique_name"`
	AccountSID  types.String `tfsdk:"account_sid"`
	DateCreated types.String `tfsdk:"date_created"`
	DateUpdated types.String `tfsdk:"date_updated"`
	URL         types.String `tfsdk:"url"`
}

func (d *networkAccessProfilesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_network_access_profiles"
}

func (d *networkAccessProfilesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every Network Access Profile of the account, oldest first, for example to find the SID of a profile to import " +
			"or to check that a naming convention is followed. To read one profile and its networks, use `supersim_network_access_profile`.",
		Attributes: map[string]schema.Attribute{
			"network_access_profiles": schema.ListNestedAttribute{
				MarkdownDescription: "The profiles of the account, ordered by `date_created`, then `sid`.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"sid": schema.StringAttribute{
						MarkdownDescription: "The profile's SID (`HA…`).",
						Computed:            true,
					},
					"unique_name": schema.StringAttribute{
						MarkdownDescription: "The profile's unique name, or null when it has none.",
						Computed:            true,
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
				}},
			},
		},
	}
}

func (d *networkAccessProfilesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (d *networkAccessProfilesDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !clientOrError(d.client, &resp.Diagnostics) {
		return
	}
	naps, err := d.client.ListNetworkAccessProfiles(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "list the Network Access Profiles of the account", err)
		return
	}
	slices.SortFunc(naps, func(a, b supersim.NetworkAccessProfile) int {
		return cmp.Or(a.DateCreated.Compare(b.DateCreated), cmp.Compare(a.SID, b.SID))
	})
	state := networkAccessProfilesDataSourceModel{NetworkAccessProfiles: make([]napItemModel, len(naps))}
	for i, nap := range naps {
		state.NetworkAccessProfiles[i] = napItemModel{
			SID:         types.StringValue(nap.SID),
			UniqueName:  types.StringPointerValue(nap.UniqueName),
			AccountSID:  types.StringValue(nap.AccountSID),
			DateCreated: timeString(nap.DateCreated),
			DateUpdated: timeString(nap.DateUpdated),
			URL:         types.StringValue(nap.URL),
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}
