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
	listBase
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

func (r *linkListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg linkListConfig
	if !r.start(ctx, req, stream, &cfg) {
		return
	}
	var diags diag.Diagnostics
	napSID, ok := resolveProfileSID(ctx, r.client, cfg.NetworkAccessProfileSID.ValueString(), &diags)
	if !ok {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	links, err := r.client.ListNetworkAccessProfileNetworks(ctx, napSID)
	if err != nil {
		fail(stream, "list the networks of Network Access Profile "+napSID, err)
		return
	}
	stream.Results = resultsOf(ctx, req, limited(links, req.Limit), func(result *list.ListResult, link *supersim.NetworkAccessProfileNetwork) {
		result.DisplayName = networkLabel(link.SID, link.FriendlyName, link.ISOCountry, link.Identifiers)
		result.Diagnostics.Append(result.Identity.Set(ctx, linkIdentity(napSID, link.SID))...)
		if req.IncludeResource {
			result.Diagnostics.Append(result.Resource.Set(ctx, napNetworkState(link, napSID))...)
		}
	})
}
