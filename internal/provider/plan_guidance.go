package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

// Plan-time guidance: a mistake in an allow list strands SIMs in the field,
// so the plan says so before apply does it.

// checkNetworksInCatalog fails the plan for network SIDs the catalog does
// not have, instead of letting apply fail half-way. The catalog is read at
// most once per provider process, and only when a plan adds networks.
//
// Terraform plans every change again when it applies it, so this runs at
// apply too, where a saved plan must not hinge on reading the catalog: a
// read that fails for a passing reason only costs the check (the API
// refuses an unknown network anyway). A failure that makes the API unusable
// (credentials, base_url) is an error, as it would be for any request.
func checkNetworksInCatalog(ctx context.Context, client *supersim.Client, added []string, attr path.Path, diags *diag.Diagnostics) {
	if client == nil || len(added) == 0 {
		return
	}
	var missing []string
	for _, sid := range added {
		_, ok, err := client.CatalogNetwork(ctx, sid)
		if supersim.IsUnusable(err) {
			addAPIError(diags, "read the Networks catalog to check the planned networks", err)
			return
		}
		if err != nil {
			diags.AddAttributeWarning(attr, "Networks not checked against the catalog",
				fmt.Sprintf("The Networks catalog could not be read, so the networks this plan adds were not checked against it; the API refuses a network it does not know when the change is applied.\n\n%v", err))
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

// warnFleetLosesNetworks warns when a Fleet moves to a profile that lacks
// any network of the profile it uses now, and names those networks: its
// SIMs lose them at once. The new profile's list is the one this plan
// enforces when its `networks` is managed here, else the API's. Both lists
// are shared reads (a refresh has usually made them), and a failed read
// only costs the warning.
func warnFleetLosesNetworks(ctx context.Context, data *providerData, moved supersim.Fleet, fromSID, toSID string, diags *diag.Diagnostics) {
	if data == nil || data.client == nil || fromSID == "" {
		return
	}
	current, err := data.client.NetworkAccessProfileNetworksSnapshot(ctx, fromSID)
	if err != nil {
		tflog.Warn(ctx, "Could not read the networks of the Fleet's current profile to check its move", map[string]any{"error": err.Error()})
		return
	}
	var target []string
	if planned, ok := data.plannedNetworks(toSID); ok {
		for sid := range planned {
			target = append(target, sid)
		}
	} else {
		links, err := data.client.NetworkAccessProfileNetworksSnapshot(ctx, toSID)
		if err != nil {
			tflog.Warn(ctx, "Could not read the networks of the Fleet's new profile to check its move", map[string]any{"error": err.Error()})
			return
		}
		target = supersim.NetworkSIDs(links)
	}
	var lost, lostSIDs []string
	for i := range current {
		if !slices.Contains(target, current[i].SID) {
			lost = append(lost, networkLabel(current[i].SID, current[i].FriendlyName, current[i].ISOCountry, current[i].Identifiers))
			lostSIDs = append(lostSIDs, current[i].SID)
		}
	}
	fleet := "Fleet " + named(types.StringValue(moved.SID), types.StringPointerValue(moved.UniqueName))
	from, to := data.profileNamed(ctx, fromSID), data.profileNamed(ctx, toSID)
	defer data.warnImpact(ctx, diags, func(string) string {
		return fmt.Sprintf("moves %s from Network Access Profile %s to %s, which lacks %s", fleet, from, to, networksCount(len(lostSIDs)))
	}, []supersim.Fleet{moved}, lostSIDs)
	switch {
	case len(target) == 0:
		losing := ""
		if len(lost) > 0 {
			losing = fmt.Sprintf(" They lose %s%s", networksCount(len(lost)), afterColon(lost))
		}
		diags.AddAttributeWarning(path.Root("network_access_profile"), "Fleet moves to a profile that allows no network",
			fmt.Sprintf("This plan moves %s from Network Access Profile %s to %s, which allows no network: its SIMs cannot attach to any cellular network.%s",
				fleet, from, to, losing))
	case len(lost) > 0 && len(lost) == len(current):
		diags.AddAttributeWarning(path.Root("network_access_profile"), "Fleet moves to a profile with none of its networks",
			fmt.Sprintf("This plan moves %s from Network Access Profile %s to %s, which shares no network with it: its SIMs lose every network they may attach to now, "+
				"and each SIM must find one of the %s of the new profile, which can take a while and may fail where none of them has coverage. They lose%s",
				fleet, from, to, networksCount(len(target)), afterColon(lost)))
	case len(lost) > 0:
		diags.AddAttributeWarning(path.Root("network_access_profile"), "Fleet moves to a profile without some of its networks",
			fmt.Sprintf("This plan moves %s from Network Access Profile %s to %s, which lacks %s that its SIMs may attach to now. SIMs on those networks must find another one of the new profile, "+
				"which may fail where those are the only ones with coverage%s",
				fleet, from, to, networksCount(len(lost)), afterColon(lost)))
	}
}

func networksCount(n int) string {
	return plural(n, "1 network", fmt.Sprintf("%d networks", n))
}

// fleetsStillUsing completes the destroy warning of a profile with the
// Fleets that use it: the Console refuses to delete the profile until they
// move. One list request, filtered by the API; a failed read only costs the
// names.
func fleetsStillUsing(ctx context.Context, client *supersim.Client, napSID string) string {
	if client == nil || napSID == "" {
		return ""
	}
	fleets, err := client.ListFleets(ctx, napSID)
	if err != nil {
		tflog.Warn(ctx, "Could not list the Fleets that use the profile", map[string]any{"error": err.Error()})
		return ""
	}
	if len(fleets) == 0 {
		return ""
	}
	names := make([]string, len(fleets))
	for i, f := range fleets {
		names[i] = fleetRef(types.StringValue(f.SID), types.StringPointerValue(f.UniqueName))
	}
	return fmt.Sprintf("\n\n%s still %s this profile, so the Console refuses to delete it until %s to another profile: %s.",
		plural(len(fleets), "1 Fleet", fmt.Sprintf("%d Fleets", len(fleets))), plural(len(fleets), "uses", "use"),
		plural(len(fleets), "it moves", "they move"), strings.Join(names, ", "))
}
