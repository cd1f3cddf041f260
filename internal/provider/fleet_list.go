package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

var (
	_ list.ListResource              = (*fleetListResource)(nil)
	_ list.ListResourceWithConfigure = (*fleetListResource)(nil)
)

// NewFleetListResource lists the account's Fleets for `terraform query`
// (Terraform 1.14 and later).
func NewFleetListResource() list.ListResource {
	return &fleetListResource{}
}

type fleetListResource struct {
	listBase
}

type fleetListConfig struct {
	NetworkAccessProfile types.String `tfsdk:"network_access_profile"`
}

func (r *fleetListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_fleet"
}

func (r *fleetListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Every Fleet of the account, for `terraform query`, optionally only those that use one Network Access Profile. " +
			"With `include_resource = true`, each result carries the Fleet's settings, so `terraform query -generate-config-out` writes resources that keep them as they are.",
		Attributes: map[string]listschema.Attribute{
			"network_access_profile": listschema.StringAttribute{
				MarkdownDescription: "Only the Fleets that use this profile: its SID (`HA…`) or its unique name.",
				Optional:            true,
			},
		},
	}
}

func (r *fleetListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg fleetListConfig
	if !r.start(ctx, req, stream, &cfg) {
		return
	}
	fleets, err := r.client.ListFleets(ctx, cfg.NetworkAccessProfile.ValueString())
	if err != nil {
		fail(stream, "list the Fleets of the account", err)
		return
	}
	stream.Results = resultsOf(ctx, req, limited(fleets, req.Limit), func(result *list.ListResult, f *supersim.Fleet) {
		result.DisplayName = fleetDisplayName(f)
		result.Diagnostics.Append(result.Identity.Set(ctx, sidIdentity(f.SID))...)
		if req.IncludeResource {
			result.Diagnostics.Append(result.Resource.Set(ctx, fleetState(f, types.StringNull()))...)
		}
	})
}

func fleetDisplayName(f *supersim.Fleet) string {
	if f.UniqueName != nil {
		return *f.UniqueName + " (" + f.SID + ")"
	}
	return f.SID + " (no unique name)"
}
