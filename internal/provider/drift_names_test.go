package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
	"github.com/supersim-tf/terraform-provider-supersim/internal/tfcli"
)

// Drift must be readable: a network added or removed outside Terraform is
// named by operator, country and MCC-MNC, whatever manages the profile.

// Read records what changed since Terraform last recorded the profile, the
// added networks already named, for the plan to report; no change clears
// what an earlier refresh recorded.
func TestReadRecordsDriftForThePlan(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	private := &fakePrivate{}
	now := []supersim.NetworkAccessProfileNetwork{
		{SID: attUS, FriendlyName: "AT&T", ISOCountry: "us", Identifiers: []supersim.Identifier{{MCC: "310", MNC: "410"}}},
		{SID: vodafoneGB, FriendlyName: "Vodafone UK", ISOCountry: "gb", Identifiers: []supersim.Identifier{{MCC: "234", MNC: "15"}}},
	}
	if diags := recordDrift(ctx, stringSet([]string{attUS, eeGB}), now, private); diags.HasError() {
		t.Fatal(diags)
	}
	var drift networkDrift
	if err := json.Unmarshal(private.values[driftKey], &drift); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(drift.Added) != "[Vodafone UK (GB, 234-15, "+vodafoneGB+")]" || fmt.Sprint(drift.Removed) != "["+eeGB+"]" {
		t.Fatalf("recorded %+v", drift)
	}
	recordDrift(ctx, stringSet([]string{attUS, vodafoneGB}), now, private)
	if len(private.values[driftKey]) != 0 {
		t.Fatalf("a refresh without drift left %s", private.values[driftKey])
	}
	// Right after an import there is nothing to compare with.
	recordDrift(ctx, types.SetNull(types.StringType), now, private)
	if len(private.values[driftKey]) != 0 {
		t.Fatalf("a first read recorded %s", private.values[driftKey])
	}
}

type fakePrivate struct{ values map[string][]byte }

func (f *fakePrivate) SetKey(_ context.Context, key string, value []byte) diag.Diagnostics {
	if f.values == nil {
		f.values = map[string][]byte{}
	}
	f.values[key] = value
	return nil
}

func (f *fakePrivate) GetKey(_ context.Context, key string) ([]byte, diag.Diagnostics) {
	return f.values[key], nil
}

func TestLinkReadNamesTheNetworkRemovedOutOfBand(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	sid, err := env.Emulator.CreateNAP(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	h := newProtocolHarness(t, env)
	state, diags := h.planAndApply(context.Background(), linkType, nil, map[string]any{"network_access_profile_sid": sid, "network_sid": vodafoneGB})
	if hasError(diags) {
		t.Fatal(diagText(diags))
	}
	if err := env.Emulator.RemoveNAPNetwork(sid, vodafoneGB); err != nil {
		t.Fatal(err)
	}
	_, diags = h.read(linkType, stateMap(t, state))
	// The harness keeps only the string attributes of state, so the label
	// has no MCC-MNC here; the CLI test below sees the whole one.
	expectDiagnostic(t, diags, tfprotov6.DiagnosticSeverityWarning, "Network Vodafone UK no longer allowed by "+sid, "Vodafone UK (GB, "+vodafoneGB+")")
}

// Under the real CLI: a profile adopted with an import block and whose
// networks the configuration lists, a profile whose networks are link
// resources, and one whose networks nobody manages.
//
//   - An apply that only adds a link leaves no warning in the plans after it:
//     Terraform made that change.
//   - A network removed in the Console is named in the next plan, with the
//     profile's name: by the drift warning of the adopted profile, which
//     says that this plan puts it back, and by the link's own warning.
//   - The profile that nobody manages only records the change.
func TestAccCLI_driftIsReportedWhereItIsManaged(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	env := newAccEnv(t)
	listedName := "trackers-eu"
	listedSID, err := env.Emulator.CreateNAP(&listedName, []string{attUS, vodafoneGB})
	if err != nil {
		t.Fatal(err)
	}
	w := tfcli.NewWorkdir(t)
	config := func(links ...string) string {
		return tfcli.ProviderBlock(env.URL, env.AccountSID, env.AuthToken) + fmt.Sprintf(`
import {
  to = supersim_network_access_profile.listed
  id = %[1]q
}

resource "supersim_network_access_profile" "listed" {
  unique_name = %[2]q
  networks    = [%[3]q, %[4]q]
}

resource "supersim_network_access_profile" "linked" {
  unique_name = "trackers-us"
}

resource "supersim_network_access_profile_network" "linked" {
  for_each                   = toset(%[5]s)
  network_access_profile_sid = supersim_network_access_profile.linked.sid
  network_sid                = each.value
}

resource "supersim_network_access_profile" "unmanaged" {
  unique_name = "spare"
}
`, listedSID, listedName, attUS, vodafoneGB, hclSet(links...))
	}
	w.WriteConfig("main.tf", config(attUS))
	w.RunOK(ctx, "apply", "-auto-approve")
	// An apply that only changes links: the plans after it are empty, with
	// no word of drift.
	w.WriteConfig("main.tf", config(attUS, vodafoneGB))
	w.RunOK(ctx, "apply", "-auto-approve")
	res := w.RunOK(ctx, "plan", "-detailed-exitcode")
	if strings.Count(res.Output, "Warning:") != strings.Count(res.Output, "Warning: Provider development overrides are in effect") {
		t.Fatalf("the plan after an apply that changed only links warns:\n%s", res)
	}

	for _, profile := range []string{listedName, "trackers-us"} {
		if err := env.Emulator.RemoveNAPNetwork(profile, vodafoneGB); err != nil {
			t.Fatal(err)
		}
	}
	if err := env.Emulator.AddNAPNetwork("spare", eeGB); err != nil {
		t.Fatal(err)
	}
	res, _ = w.Run(ctx, "plan")
	label := "Vodafone UK (GB, 234-15, " + vodafoneGB + ")"
	linked, _ := env.Emulator.NetworkAccessProfile("trackers-us")
	listedRef, linkedRef := listedName+" ("+listedSID+")", "trackers-us ("+linked.SID+")"
	drift := warningAbout(res.Output, listedRef)
	if !expectText(label, "this plan puts the configured networks back").MatchString(drift) {
		t.Errorf("the drift warning of the adopted profile that lists its networks:\n%s\n\nwhole plan:\n%s", drift, res)
	}
	if !expectText("Warning: Network Vodafone UK no longer allowed by "+linkedRef, label).MatchString(res.Output) {
		t.Errorf("the link's warning does not name the network and its profile:\n%s", res)
	}
	if strings.Contains(res.Output, "spare") || strings.Contains(res.Output, "EE (GB") {
		t.Errorf("the plan warns about the profile nobody manages:\n%s", res)
	}
}

// warningAbout returns the drift warning whose summary names the profile,
// from the summary to the next "Warning:".
func warningAbout(output, profile string) string {
	start := strings.Index(output, "Warning: Networks of Network Access Profile "+profile)
	if start < 0 {
		return ""
	}
	rest := output[start+1:]
	if end := strings.Index(rest, "Warning:"); end >= 0 {
		rest = rest[:end]
	}
	return rest
}

// A destroy plan refreshes in one provider process and plans in another,
// which has read no profile: its warnings still name the profiles, as
// "trackers-eu (HA…)", for the links removed and for the Fleet left in
// place.
func TestAccCLI_destroyPlanNamesTheProfiles(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	env := newAccEnv(t)
	w := tfcli.NewWorkdir(t)
	w.WriteConfig("main.tf", tfcli.ProviderBlock(env.URL, env.AccountSID, env.AuthToken)+fmt.Sprintf(`
resource "supersim_network_access_profile" "eu" {
  unique_name = "trackers-eu"
}

resource "supersim_network_access_profile_network" "eu" {
  network_access_profile_sid = supersim_network_access_profile.eu.sid
  network_sid                = %q
}

resource "supersim_fleet" "eu" {
  unique_name            = "trackers"
  network_access_profile = supersim_network_access_profile.eu.sid
}
`, vodafoneGB))
	w.RunOK(ctx, "apply", "-auto-approve")
	profile := "trackers-eu (" + env.Emulator.NetworkAccessProfiles()[0].SID + ")"
	res := w.RunOK(ctx, "plan", "-destroy")
	for _, want := range []*regexp.Regexp{
		expectText("Warning: Networks removed from Network Access Profile " + profile),
		expectText("Warning: Destroy leaves the Fleet in place", "keep using Network Access Profile "+profile),
	} {
		if !want.MatchString(res.Output) {
			t.Errorf("the destroy plan does not say %s:\n%s", want, res.Output)
		}
	}
}
