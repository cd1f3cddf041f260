package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

// The texts below answer the two questions a user has when a create goes
// wrong on a resource that can never be deleted: does the profile exist now,
// and what exactly do I run? They never send the user to `terraform plan`:
// a plan cannot see an object that is not in state.

const napResourceType = "supersim_network_access_profile"

// nameTakenDetail explains a unique name held by a profile this apply did not
// provably create, and gives the import block for it.
func nameTakenDetail(taken *supersim.NameTakenError) string {
	var b strings.Builder
	if supersim.IsConflict(taken.Cause) {
		fmt.Fprintf(&b, "The account already has a Network Access Profile named %q", taken.Name)
	} else {
		fmt.Fprintf(&b, "The API's answer to this create was lost, and the Network Access Profile now named %q either existed before the request started "+
			"or does not allow exactly the configured networks, so the provider did not take it as this apply's", taken.Name)
	}
	if taken.SID != "" {
		fmt.Fprintf(&b, ": %s", taken.SID)
	}
	b.WriteString(". Unique names are unique per account.\n\n")
	id := taken.SID
	if id == "" {
		id = taken.Name
	}
	fmt.Fprintf(&b, "If it is the profile this configuration means (for example one made by an earlier apply that was killed before it could record it), "+
		"import it by adding this block and applying again; the plan then shows any difference in networks before anything changes:\n\n%s\n\n", indent(importBlockFor(napResourceType, "unique_name", taken.Name, id)))
	b.WriteString("Otherwise choose another unique_name.\n\nThe API said: " + taken.Cause.Error())
	return b.String()
}

func ambiguousCreateDetail(ambiguous *supersim.AmbiguousCreateError) string {
	var b strings.Builder
	b.WriteString("The API's answer to this create was lost, and more than one Network Access Profile without a unique name, created since the request started, " +
		"allows exactly the configured networks: " + strings.Join(ambiguous.Candidates, ", ") + ". " +
		"One of them is probably this apply's; the provider did not guess, and created nothing more.\n\n" +
		"Find the right one in the Twilio Console (Internet of Things > Network access profiles), import it with a block such as:\n\n")
	b.WriteString(indent(importBlockFor(napResourceType, "unique_name", "", ambiguous.Candidates[0])))
	b.WriteString("\n\nand give profiles a unique_name, which lets the provider recover from a lost answer on its own.")
	return b.String()
}

func unconfirmedCreateDetail(params supersim.CreateNetworkAccessProfileParams, err error) string {
	detail := "The API's answer to this create was lost, and looking for the profile it may have made failed too, so the profile may or may not exist now.\n\n"
	if params.UniqueName != nil {
		detail += fmt.Sprintf("Apply again when the API is reachable. If the profile was made, the next apply reports the unique name %q as taken "+
			"and names the profile; import it then with the block that error shows.", *params.UniqueName)
	} else {
		detail += "Before applying again, look for a new profile without a unique name in the Twilio Console (Internet of Things > Network access profiles) " +
			"or with GET /v1/NetworkAccessProfiles, and import it if it is there: applying again would otherwise make a second one, and the API cannot delete either."
	}
	return detail + "\n\n" + err.Error()
}

// warnNamelessCreate is the plan-time warning for a new profile without a
// unique name: the one thing that makes an apply killed mid-create
// unrecoverable.
func warnNamelessCreate(diags *diag.Diagnostics) {
	diags.AddWarning("New Network Access Profile without a unique_name",
		"This profile has no unique_name. If the apply is killed after the API made the profile but before Terraform recorded it "+
			"(a runner killed, the machine lost), nothing can tell this profile from others later, so the next apply makes a second one, "+
			"and the API cannot delete either. Set unique_name to any name unique in the account: the provider then finds the profile again by name.")
}

// indent indents every line of a block by four spaces, as the diagnostics
// show commands and HCL.
func indent(block string) string {
	return "    " + strings.ReplaceAll(block, "\n", "\n    ")
}
