package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

// Plan-time guidance: a mistake in an allow list strands SIMs in the field,
// so the plan says so before apply does it.

// checkNetworksInCatalog fails the plan for network SIDs the catalog does
// not have, instead of letting apply fail half-way. The catalog is read at
// most once per provider process, and only when a plan adds networks.
func checkNetworksInCatalog(ctx context.Context, client *supersim.Client, added []string, attr path.Path, diags *diag.Diagnostics) {
	if client == nil || len(added) == 0 {
		return
	}
	var missing []string
	for _, sid := range added {
		_, ok, err := client.CatalogNetwork(ctx, sid)
		if err != nil {
			addAPIError(diags, "read the Networks catalog to check the planned networks", err)
			return
		}
		if !ok {
			missing = append(missing, sid)
		}
	}
	if len(missing) == 0 {
		return
	}
	diags.AddAttributeError(attr, "Network not in the catalog",
		fmt.Sprintf("%s %s not in the Super SIM Networks catalog, so the API would refuse %s. "+
			"Choose networks with the supersim_networks or supersim_network data source instead of typing SIDs.",
			strings.Join(missing, ", "), plural(len(missing), "is", "are"), plural(len(missing), "it", "them")))
}

// warnNetworksAdded names, by operator and country, the networks a plan
// adds to a profile's managed list: the diff itself shows SIDs only.
func warnNetworksAdded(diags *diag.Diagnostics, napRef string, added []string) {
	if len(added) == 0 {
		return
	}
	// Terraform folds warnings that share a summary, so each names its
	// profile.
	diags.AddWarning("Networks added to Network Access Profile "+napRef,
		fmt.Sprintf("This plan allows %s in Network Access Profile %s: %s",
			plural(len(added), "1 network", fmt.Sprintf("%d networks", len(added))), napRef, listLabels(added)))
}

// warnNetworksRemoved names the networks a plan removes and reminds that a
// removal is not immediate for SIMs already attached. Link resources that
// fight the profile's list warn on their own plan, so this text does not
// guess at them.
func warnNetworksRemoved(diags *diag.Diagnostics, napRef string, removed []string) {
	if len(removed) == 0 {
		return
	}
	diags.AddWarning("Networks removed from Network Access Profile "+napRef,
		fmt.Sprintf("This plan removes %s from Network Access Profile %s: %s\n\n"+
			"SIMs already attached to a removed network may stay on it for up to a week, until the network's authentication cache expires.",
			plural(len(removed), "1 network", fmt.Sprintf("%d networks", len(removed))), napRef, listLabels(removed)))
}

// warnEmptyAllowList warns that a profile will allow nothing.
func warnEmptyAllowList(diags *diag.Diagnostics, napRef string) {
	diags.AddAttributeWarning(path.Root("networks"), "Network Access Profile allows no network",
		fmt.Sprintf("After this apply, Network Access Profile %s allows no network: SIMs in Fleets that use it will not be able to attach to any cellular network.", napRef))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
