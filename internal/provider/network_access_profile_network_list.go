package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

var (
	_ list.ListResource              = (*linkListResource)(nil)
	_ list.ListResourceWithConfigure = (*linkListResource)(nil)
)

// NewNetworkAccessProfileNetworkListResource lists the allowed networks of
// one profile for `terraform query`, for teams that manage membership one
// link resource per network.
func NewNetworkAccessProfileNetworkListResource() list.ListResource {
	return &linkListResource{}
}

type linkListResource struct {
	client *supersim.Client
}

type linkListConfig struct {
	NetworkAccessProfileSID types.String `tfsdk:"network_access_profile_sid"`
}

func (r *linkListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_network_access_profile_network"
}

func (r *linkListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "The allowed networks of one Network Access Profile, for `terraform query`: one result per network, " +
			"as `supersim_network_access_profile_network` resources.",
		Attributes: map[string]listschema.Attribute{
			"network_access_profile_sid": listschema.StringAttribute{
				MarkdownDescription: "The profile whose networks to list: its SID (`HA…`) or its unique name. Results always carry the SID.",
				Required:            true,
			},
		},
	}
}

func (r *linkListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *linkListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var diags diag.Diagnostics
	if !clientOrError(r.client, &diags) {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	var cfg linkListConfig
	diags.Append(req.Config.Get(ctx, &cfg)...)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	napSID, ok := resolveProfileSID(ctx, r.client, cfg.NetworkAccessProfileSID.ValueString(), &diags)
	if !ok {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	links, err := r.client.ListNetworkAccessProfileNetworks(ctx, napSID)
	if err != nil {
		addAPIError(&diags, "list the networks of Network Access Profile "+napSID, err)
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	if req.Limit > 0 && int64(len(links)) > req.Limit {
		links = links[:req.Limit]
	}
	stream.Results = func(push func(list.ListResult) bool) {
		for i := range links {
			result := req.NewListResult(ctx)
			result.DisplayName = networkLabel(links[i].SID, links[i].FriendlyName, links[i].ISOCountry, links[i].Identifiers)
			result.Diagnostics.Append(result.Identity.Set(ctx, linkIdentity(napSID, links[i].SID))...)
			if req.IncludeResource {
				result.Diagnostics.Append(result.Resource.Set(ctx, napNetworkState(&links[i], napSID))...)
			}
			if !push(result) {
				return
			}
		}
	}
}
