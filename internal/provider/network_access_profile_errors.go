package provider

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/zclconf/go-cty/cty"

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
	noun     string // "Network Access Profile"
	short    string // "profile"
	holds    string // what a create that is this apply's has made
	compared string // what the plan after an import compares
	console  string // where the Twilio Console lists them
	listPath string // the API's list
}

var undeletableKinds = map[string]undeletableKind{
	supersim.KindNetworkAccessProfile: {
		noun: "Network Access Profile", short: "profile",
		holds: "allows exactly the configured networks", compared: "networks",
		console: "Internet of Things > Network access profiles", listPath: "/v1/NetworkAccessProfiles",
	},
	supersim.KindFleet: {
		noun: "Fleet", short: "Fleet",
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
		fmt.Fprintf(&b, "The API's answer to this create was lost, and the %s now named %q is not provably this apply's: it existed before the request started, "+
			"it does not hold what this apply asked for (it %s), or another resource of this apply recorded it", k.noun, taken.Name, k.holds)
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
		"import it by adding this block, with the resource address that Terraform shows above this error, and applying again; the plan then shows any difference in %s before anything changes:\n\n%s\n\n",
		k.short, k.compared, indent(importBlock(id)))
	b.WriteString("Otherwise choose another unique_name.\n\nThe API said: " + taken.Cause.Error())
	return b.String()
}

// importBlock is an import block for id. Terraform does not tell a provider
// the address of the resource it works on, but prints it above every error
// (the "with" line), so the block points there.
func importBlock(id string) string {
	return "import {\n  to = <the address Terraform shows above this error>\n  id = " + hclQuote(id) + "\n}"
}

// hclQuote writes s as an HCL string literal, escapes and template
// sequences included.
func hclQuote(s string) string {
	return string(hclwrite.TokensForValue(cty.StringVal(s)).Bytes())
}

// unconfirmedDetail explains a create whose answer was lost and whose
// lookup failed too. A generated name dies with this apply, so then the
// user must look for the object by it before applying again.
func unconfirmedDetail(k undeletableKind, uniqueName string, generated bool, err error) string {
	detail := fmt.Sprintf("The API's answer to this create was lost, and looking for the %s it may have made failed too, so the %s may or may not exist now.\n\n", k.short, k.short)
	if !generated {
		detail += fmt.Sprintf("Apply again when the API is reachable. If the %s was made, the next apply reports the unique name %q as taken "+
			"and names the %s; import it then with the block that error shows.", k.short, uniqueName, k.short)
	} else {
		detail += fmt.Sprintf("The provider gave the %s the unique name %q, which the next apply will not know. Before applying again, look for it in the Twilio Console (%s) "+
			"or with GET %s/%s, and if it is there, import it with this block, using the resource address Terraform shows above this error; "+
			"applying again without it would make a second %s, and the API cannot delete either:\n\n%s",
			k.short, uniqueName, k.console, k.listPath, url.PathEscape(uniqueName), k.short, indent(importBlock(uniqueName)))
	}
	return detail + "\n\n" + err.Error()
}

// notFoundByGeneratedNameDetail explains a create whose answer was lost
// and whose lookups by the generated name found nothing. That proves only
// that nothing had landed when the provider looked: a proxy still holding
// the request can deliver it later, under a name the next apply will not
// know, so the user gets the name to look for.
func notFoundByGeneratedNameDetail(k undeletableKind, uniqueName string, err error) string {
	return fmt.Sprintf("The API's answer to this create was lost. The provider looked for the %s by the unique name it gave it, %q, and found none, "+
		"so the create had not been applied when it looked. A proxy or gateway that still holds the request can deliver it later, "+
		"and the next apply, which will not know that name, would then make a second %s that the API cannot delete.\n\n"+
		"Before applying again, look for %q in the Twilio Console (%s) or with GET %s/%s. If it is there, import it with this block, "+
		"using the resource address Terraform shows above this error:\n\n%s\n\nIf it is not, apply again. "+
		"With a unique_name in the configuration, a late create would instead make the next apply stop on the taken name, with the import block.\n\nThe answer was lost: %v",
		k.short, uniqueName, k.short, uniqueName, k.console, k.listPath, url.PathEscape(uniqueName), indent(importBlock(uniqueName)), answerLost(err))
}

// answerLost is why a write's answer went missing, for a text that says
// itself what the lookup found.
func answerLost(err error) error {
	var notApplied *supersim.NotAppliedError
	if errors.As(err, &notApplied) {
		return notApplied.AnswerLost()
	}
	return err
}

// warnNameless is the plan-time warning for a new profile or Fleet without
// a unique_name: the one case a killed apply cannot recover from.
func warnNameless(diags *diag.Diagnostics, k undeletableKind) {
	diags.AddWarning(fmt.Sprintf("New %s without a unique_name", k.noun),
		fmt.Sprintf("This %s has no unique_name, so the provider gives it a generated one (%s followed by random characters) when it creates it; "+
			"that name is what finds the %s again if the API's answer to the create is lost. But if the apply is killed after the API made the %s "+
			"and before Terraform recorded it (a runner killed, the machine lost), the generated name is lost with it, and the next apply makes a second %s, "+
			"which the API cannot delete. Set unique_name to a name unique in the account, and a killed apply ends with one import instead.",
			k.short, generatedNamePrefix, k.short, k.short, k.short))
}

// indent indents every line of a block by four spaces, as the diagnostics
// show commands and HCL.
func indent(block string) string {
	return "    " + strings.ReplaceAll(block, "\n", "\n    ")
}
