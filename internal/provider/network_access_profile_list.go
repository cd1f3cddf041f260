package provider

import (
	"context"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	listschema "github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

var (
	_ list.ListResource              = (*napListResource)(nil)
	_ list.ListResourceWithConfigure = (*napListResource)(nil)
)

// NewNetworkAccessProfileListResource lists the account's profiles for
// `terraform query` (Terraform 1.14 and later), so that an account made in
// the Console can be adopted with generated import blocks and resources.
func NewNetworkAccessProfileListResource() list.ListResource {
	return &napListResource{}
}

type napListResource struct {
	client *supersim.Client
}

type napListConfig struct {
	UniqueNamePrefix types.String `tfsdk:"unique_name_prefix"`
}

func (r *napListResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_network_access_profile"
}

func (r *napListResource) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listschema.Schema{
		MarkdownDescription: "Every Network Access Profile of the account, for `terraform query`. " +
			"With `include_resource = true`, each result carries the whole profile, its `networks` included, " +
			"so `terraform query -generate-config-out` writes resources that manage the allow lists as they are.",
		Attributes: map[string]listschema.Attribute{
			"unique_name_prefix": listschema.StringAttribute{
				MarkdownDescription: "Only profiles whose unique name starts with this (case-sensitive). Profiles without a unique name never match a prefix.",
				Optional:            true,
			},
		},
	}
}

func (r *napListResource) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func (r *napListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var diags diag.Diagnostics
	if !clientOrError(r.client, &diags) {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	var cfg napListConfig
	diags.Append(req.Config.Get(ctx, &cfg)...)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	all, err := r.client.ListNetworkAccessProfiles(ctx)
	if err != nil {
		addAPIError(&diags, "list the Network Access Profiles of the account", err)
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	naps := keepByPrefix(all, cfg.UniqueNamePrefix.ValueString())
	if req.Limit > 0 && int64(len(naps)) > req.Limit {
		naps = naps[:req.Limit]
	}
	var networks [][]string
	var errs []error
	if req.IncludeResource {
		networks, errs = r.networksOf(ctx, naps)
	}
	stream.Results = func(push func(list.ListResult) bool) {
		for i := range naps {
			result := req.NewListResult(ctx)
			result.DisplayName = napDisplayName(&naps[i])
			result.Diagnostics.Append(result.Identity.Set(ctx, sidIdentity(naps[i].SID))...)
			if req.IncludeResource {
				if errs[i] != nil {
					addAPIError(&result.Diagnostics, "list the networks of Network Access Profile "+naps[i].SID, errs[i])
				} else {
					result.Diagnostics.Append(result.Resource.Set(ctx, napState(&naps[i], stringSet(networks[i])))...)
				}
			}
			if !push(result) {
				return
			}
		}
	}
}

// networksOf reads each profile's networks, a few at a time: one request
// per profile is the price of generating resources that manage them.
func (r *napListResource) networksOf(ctx context.Context, naps []supersim.NetworkAccessProfile) ([][]string, []error) {
	networks := make([][]string, len(naps))
	errs := make([]error, len(naps))
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i := range naps {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			links, err := r.client.ListNetworkAccessProfileNetworks(ctx, naps[i].SID)
			networks[i], errs[i] = supersim.NetworkSIDs(links), err
		}()
	}
	wg.Wait()
	return networks, errs
}

func keepByPrefix(naps []supersim.NetworkAccessProfile, prefix string) []supersim.NetworkAccessProfile {
	if prefix == "" {
		return naps
	}
	var kept []supersim.NetworkAccessProfile
	for _, nap := range naps {
		if nap.UniqueName != nil && strings.HasPrefix(*nap.UniqueName, prefix) {
			kept = append(kept, nap)
		}
	}
	return kept
}

// napDisplayName is how `terraform query` shows a profile.
func napDisplayName(nap *supersim.NetworkAccessProfile) string {
	if nap.UniqueName != nil {
		return *nap.UniqueName + " (" + nap.SID + ")"
	}
	return nap.SID + " (no unique name)"
}
