package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

// The texts below answer the two questions a user has when a create goes
// wrong on a resource that can never be deleted (a profile or a Fleet): does
// it exist now, and what exactly do I run? They never send the user to
// `terraform plan`: a plan cannot see an object that is not in state.

const napResourceType = "supersim_network_access_profile"

// undeletableKind is what the texts say of one kind of object the API cannot
// delete.
type undeletableKind struct {
	resourceType string // the Terraform resource type
	noun         string // "Network Access Profile"
	short        string // "profile"
	plural       string // "profiles"
	holds        string // what a create that is this apply's has made
	compared     string // what the plan after an import compares
	console      string // where the Twilio Console lists them
	listPath     string // the API's list
}

var undeletableKinds = map[string]undeletableKind{
	supersim.KindNetworkAccessProfile: {
		resourceType: napResourceType, noun: "Network Access Profile", short: "profile", plural: "profiles",
		holds: "allows exactly the configured networks", compared: "networks",
		console: "Internet of Things > Network access profiles", listPath: "/v1/NetworkAccessProfiles",
	},
	supersim.KindFleet: {
		resourceType: fleetResourceType, noun: "Fleet", short: "Fleet", plural: "Fleets",
		holds: "has every configured setting", compared: "settings",
		console: "Internet of Things > Fleets", listPath: "/v1/Fleets",
	},
}

func kindOf(kind string) undeletableKind {
	if k, ok := undeletableKinds[kind]; ok {
		return k
	}
	return undeletableKinds[supersim.KindNetworkAccessProfile]
}

// nameTakenDetail explains a unique name held by an object this apply did
// not provably create, and gives the import block for it.
func nameTakenDetail(taken *supersim.NameTakenError) string {
	k := kindOf(taken.Kind)
	var b strings.Builder
	if supersim.IsConflict(taken.Cause) {
		fmt.Fprintf(&b, "The account already has a %s named %q", k.noun, taken.Name)
	} else {
		fmt.Fprintf(&b, "The API's answer to this create was lost, and the %s now named %q either existed before the request started "+
			"or does not hold what this apply asked for (it must have been created since, and it %s), so the provider did not take it as this apply's", k.noun, taken.Name, k.holds)
	}
	if taken.SID != "" {
		fmt.Fprintf(&b, ": %s", taken.SID)
	}
	b.WriteString(". Unique names are unique per account.\n\n")
	id := taken.SID
	if id == "" {
		id = taken.Name
	}
	fmt.Fprintf(&b, "If it is the %s this configuration means (for example one made by an earlier apply that was killed before it could record it), "+
		"import it by adding this block and applying again; the plan then shows any difference in %s before anything changes:\n\n%s\n\n",
		k.short, k.compared, indent(importBlockFor(k.resourceType, "unique_name", taken.Name, id)))
	b.WriteString("Otherwise choose another unique_name.\n\nThe API said: " + taken.Cause.Error())
	return b.String()
}

func ambiguousCreateDetail(ambiguous *supersim.AmbiguousCreateError) string {
	k := kindOf(ambiguous.Kind)
	var b strings.Builder
	fmt.Fprintf(&b, "The API's answer to this create was lost, and more than one %s without a unique name, created since the request started, "+
		"%s: %s. One of them is probably this apply's; the provider did not guess, and created nothing more.\n\n"+
		"Find the right one in the Twilio Console (%s), import it with a block such as:\n\n",
		k.noun, k.holds, strings.Join(ambiguous.Candidates, ", "), k.console)
	b.WriteString(indent(importBlockFor(k.resourceType, "unique_name", "", ambiguous.Candidates[0])))
	fmt.Fprintf(&b, "\n\nand give %s a unique_name, which lets the provider recover from a lost answer on its own.", k.plural)
	return b.String()
}

func unconfirmedCreateDetail(params supersim.CreateNetworkAccessProfileParams, err error) string {
	return unconfirmedDetail(kindOf(supersim.KindNetworkAccessProfile), params.UniqueName, err)
}

func unconfirmedDetail(k undeletableKind, uniqueName *string, err error) string {
	detail := fmt.Sprintf("The API's answer to this create was lost, and looking for the %s it may have made failed too, so the %s may or may not exist now.\n\n", k.short, k.short)
	if uniqueName != nil {
		detail += fmt.Sprintf("Apply again when the API is reachable. If the %s was made, the next apply reports the unique name %q as taken "+
			"and names the %s; import it then with the block that error shows.", k.short, *uniqueName, k.short)
	} else {
		detail += fmt.Sprintf("Before applying again, look for a new %s without a unique name in the Twilio Console (%s) "+
			"or with GET %s, and import it if it is there: applying again would otherwise make a second one, and the API cannot delete either.", k.short, k.console, k.listPath)
	}
	return detail + "\n\n" + err.Error()
}

// warnNamelessCreate is the plan-time warning for a new profile without a
// unique name: the one thing that makes an apply killed mid-create
// unrecoverable.
func warnNamelessCreate(diags *diag.Diagnostics) {
	warnNameless(diags, kindOf(supersim.KindNetworkAccessProfile))
}

func warnNameless(diags *diag.Diagnostics, k undeletableKind) {
	diags.AddWarning(fmt.Sprintf("New %s without a unique_name", k.noun),
		fmt.Sprintf("This %s has no unique_name. If the apply is killed after the API made the %s but before Terraform recorded it "+
			"(a runner killed, the machine lost), nothing can tell this %s from others later, so the next apply makes a second one, "+
			"and the API cannot delete either. Set unique_name to any name unique in the account: the provider then finds the %s again by name.",
			k.short, k.short, k.short, k.short))
}

// indent indents every line of a block by four spaces, as the diagnostics
// show commands and HCL.
func indent(block string) string {
	return "    " + strings.ReplaceAll(block, "\n", "\n    ")
}
