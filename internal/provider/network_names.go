package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

// A plan diff of a profile's networks shows SIDs, which no reviewer can
// read. Every message that says networks are added or removed names them
// the way an operator knows them: "Vodafone UK (GB, 234-15, HW…)".

// networkLabel is the readable name of a network: name, country, first
// MCC-MNC and SID.
func networkLabel(sid, name, country string, ids []supersim.Identifier) string {
	if name == "" {
		return sid
	}
	details := []string{}
	if country != "" {
		details = append(details, strings.ToUpper(country))
	}
	if len(ids) > 0 {
		details = append(details, ids[0].MCC+"-"+ids[0].MNC)
	}
	details = append(details, sid)
	return fmt.Sprintf("%s (%s)", name, strings.Join(details, ", "))
}

// networkLabels names networks from the catalog, which the client reads at
// most once per provider process. A network the catalog cannot name (or a
// catalog that cannot be read) is shown by its SID alone: naming is a
// courtesy and must never fail a plan.
func networkLabels(ctx context.Context, client *supersim.Client, sids []string) []string {
	labels := make([]string, len(sids))
	for i, sid := range sids {
		labels[i] = sid
		if client == nil {
			continue
		}
		if n, ok, err := client.CatalogNetwork(ctx, sid); err == nil && ok {
			labels[i] = networkLabel(sid, n.FriendlyName, n.ISOCountry, n.Identifiers)
		}
	}
	return labels
}

// maxListedNetworks bounds the networks a message names one by one: a
// plan that allows a whole continent stays readable, and the count says
// how many more there are.
const maxListedNetworks = 20

// listLabels joins labels for a message, one per line when there are
// several, so that long lists stay readable.
func listLabels(labels []string) string {
	if len(labels) == 1 {
		return labels[0]
	}
	shown := labels
	more := ""
	if len(labels) > maxListedNetworks {
		shown = labels[:maxListedNetworks]
		more = fmt.Sprintf("\n  - and %d more", len(labels)-maxListedNetworks)
	}
	return "\n  - " + strings.Join(shown, "\n  - ") + more
}

// afterColon is listLabels for the end of a sentence that ends in a colon:
// one label on the same line, several on lines of their own.
func afterColon(labels []string) string {
	if len(labels) == 1 {
		return ": " + labels[0]
	}
	return ":" + listLabels(labels)
}
