package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

// A plan that takes networks away from SIMs says, from the account's own
// usage, which SIMs it cuts off, before anyone approves it. The warnings
// are a courtesy of the plan: a usage read that fails costs only them, and
// the plan says once why they are missing.

// maxNamedSIMs bounds the SIMs a warning names one by one.
const maxNamedSIMs = 10

// warnImpact warns, for each Fleet, what removing the networks does to its
// SIMs over the provider's impact_lookback. change says what the plan does
// to the Fleet, for the warning's first sentence.
func (d *providerData) warnImpact(ctx context.Context, diags *diag.Diagnostics, change func(fleetRef string) string, fleets []supersim.Fleet, removed []string) {
	if d == nil || d.client == nil || d.impactLookback <= 0 || len(removed) == 0 {
		return
	}
	for _, fleet := range fleets {
		impact, err := d.client.FleetImpact(ctx, fleet.SID, removed, d.impactLookback)
		if err != nil {
			d.impactUnknown(diags, err)
			return
		}
		ref := "Fleet " + named(types.StringValue(fleet.SID), types.StringPointerValue(fleet.UniqueName))
		diags.AddWarning(impactSummary(ref, impact), impactDetail(ctx, d.client, change(ref), impact))
	}
}

// warnImpactOnProfile is warnImpact for every Fleet that uses a profile;
// change says what the plan does to the profile.
func (d *providerData) warnImpactOnProfile(ctx context.Context, diags *diag.Diagnostics, change, napSID string, removed []string) {
	if d == nil || d.client == nil || d.impactLookback <= 0 || len(removed) == 0 {
		return
	}
	fleets, err := d.client.FleetsUsing(ctx, napSID)
	if err != nil {
		d.impactUnknown(diags, err)
		return
	}
	d.warnImpact(ctx, diags, func(fleetRef string) string { return change + ", which " + fleetRef + " uses" }, fleets, removed)
}

// impactUnknown says, once per provider process, that the plan could not
// tell which SIMs it cuts off.
func (d *providerData) impactUnknown(diags *diag.Diagnostics, err error) {
	if !d.impactFailed.CompareAndSwap(false, true) {
		return
	}
	diags.AddWarning("Could not tell which SIMs this plan cuts off",
		fmt.Sprintf("The plan removes networks from SIMs, but reading the account's Fleets or usage failed, so it cannot say which SIMs lose their connectivity. "+
			"The plan itself is unaffected. Check that the credentials may read usage records, or set impact_lookback = \"0s\" in the provider block to stop reading usage.\n\n%v", err))
}

func impactSummary(fleetRef string, impact supersim.FleetImpact) string {
	switch n := len(impact.Stranded); {
	case n > 0:
		return fmt.Sprintf("%s of %s lose every network they used", plural(n, "1 SIM", fmt.Sprintf("%d SIMs", n)), fleetRef)
	case len(impact.Affected) > 0:
		return fmt.Sprintf("SIMs of %s lose networks they used", fleetRef)
	}
	return fmt.Sprintf("No SIM of %s used the networks this plan removes", fleetRef)
}

func impactDetail(ctx context.Context, client *supersim.Client, change string, impact supersim.FleetImpact) string {
	var b strings.Builder
	fmt.Fprintf(&b, "This plan %s. Its SIMs over the last %s of usage (until %s):\n",
		change, lookbackText(impact.Lookback), impact.Until.Format(time.RFC3339))
	stranded := plural(len(impact.Stranded), "1 SIM", fmt.Sprintf("%d SIMs", len(impact.Stranded)))
	fmt.Fprintf(&b, "\n- %s used only networks this plan removes: they lose every network they were seen on", stranded)
	if names := simNames(ctx, client, impact.FleetSID, impact.Stranded); names != "" {
		b.WriteString(": " + names)
	}
	fmt.Fprintf(&b, "\n- %s used at least one of them", plural(len(impact.Affected), "1 SIM", fmt.Sprintf("%d SIMs", len(impact.Affected))))
	fmt.Fprintf(&b, "\n- %s went over them", formatBytes(impact.Data()))
	networks := slices.Sorted(maps.Keys(impact.DataByNetwork))
	labels := networkLabels(ctx, client, networks)
	for i, sid := range networks {
		fmt.Fprintf(&b, "\n  - %s: %s", labels[i], formatBytes(impact.DataByNetwork[sid]))
	}
	b.WriteString("\n\nSIMs already attached to a removed network may stay on it for up to a week, until the network's authentication cache expires. " +
		"A SIM that lost every network it used reconnects only where another allowed network has coverage.")
	return b.String()
}

// simNames names up to maxNamedSIMs SIMs by unique name, else ICCID. A
// list that cannot be read only costs the names.
func simNames(ctx context.Context, client *supersim.Client, fleetSID string, sids []string) string {
	if len(sids) == 0 {
		return ""
	}
	sims, err := client.SimsOfFleet(ctx, fleetSID)
	if err != nil {
		return ""
	}
	byID := make(map[string]supersim.Sim, len(sims))
	for _, s := range sims {
		byID[s.SID] = s
	}
	names := make([]string, 0, len(sids))
	for _, sid := range sids {
		s, ok := byID[sid]
		switch {
		case ok && s.UniqueName != nil && *s.UniqueName != "":
			names = append(names, fmt.Sprintf("%s (%s)", *s.UniqueName, s.ICCID))
		case ok:
			names = append(names, s.ICCID)
		default:
			names = append(names, sid) // moved to another Fleet since
		}
	}
	slices.Sort(names)
	more := len(names) - maxNamedSIMs
	names = names[:min(len(names), maxNamedSIMs)]
	if more > 0 {
		names = append(names, fmt.Sprintf("and %d more", more))
	}
	return strings.Join(names, ", ")
}

func lookbackText(d time.Duration) string {
	if d%(24*time.Hour) == 0 {
		return plural(int(d/(24*time.Hour)), "day", fmt.Sprintf("%d days", int(d/(24*time.Hour))))
	}
	return d.String()
}

// formatBytes writes a byte count the way a usage report does.
func formatBytes(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
}
