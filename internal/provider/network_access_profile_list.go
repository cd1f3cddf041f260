package provider

import (
	"context"
	"strings"
	"sync"

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
	listBase
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

func (r *napListResource) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg napListConfig
	if !r.start(ctx, req, stream, &cfg) {
		return
	}
	all, err := r.client.ListNetworkAccessProfiles(ctx)
	if err != nil {
		fail(stream, "list the Network Access Profiles of the account", err)
		return
	}
	// Limited before the networks are read: one request per profile.
	naps := limited(keepByPrefix(all, cfg.UniqueNamePrefix.ValueString()), req.Limit)
	networks := map[string][]string{}
	errs := map[string]error{}
	if req.IncludeResource {
		networks, errs = r.networksOf(ctx, naps)
	}
	stream.Results = resultsOf(ctx, req, naps, func(result *list.ListResult, nap *supersim.NetworkAccessProfile) {
		result.DisplayName = napDisplayName(nap)
		result.Diagnostics.Append(result.Identity.Set(ctx, sidIdentity(nap.SID))...)
		switch {
		case !req.IncludeResource:
		case errs[nap.SID] != nil:
			addAPIError(&result.Diagnostics, "list the networks of Network Access Profile "+nap.SID, errs[nap.SID])
		default:
			result.Diagnostics.Append(result.Resource.Set(ctx, napState(nap, stringSet(networks[nap.SID])))...)
		}
	})
}

// networksOf reads each profile's networks, a few at a time: one request
// per profile is the price of generating resources that manage them.
func (r *napListResource) networksOf(ctx context.Context, naps []supersim.NetworkAccessProfile) (map[string][]string, map[string]error) {
	networks := make(map[string][]string, len(naps))
	errs := map[string]error{}
	var mu sync.Mutex
	sem := make(chan struct{}, 4)
	var wg sync.WaitGroup
	for i := range naps {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			links, err := r.client.ListNetworkAccessProfileNetworks(ctx, naps[i].SID)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs[naps[i].SID] = err
				return
			}
			networks[naps[i].SID] = supersim.NetworkSIDs(links)
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
