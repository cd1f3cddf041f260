package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/supersim-tf/terraform-provider-supersim/internal/tfcli"
)

// Drift must be readable: a network added or removed outside Terraform is
// named by operator, country and MCC-MNC, whatever manages the profile.

func TestReadNamesNetworksChangedOutOfBand(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	name := "drifted"
	sid, err := env.Emulator.CreateNAP(&name, []string{attUS, eeGB})
	if err != nil {
		t.Fatal(err)
	}
	// In the Console: EE removed, Vodafone UK added.
	if err := env.Emulator.RemoveNAPNetwork(sid, eeGB); err != nil {
		t.Fatal(err)
	}
	if err := env.Emulator.AddNAPNetwork(sid, vodafoneGB); err != nil {
		t.Fatal(err)
	}
	h := newProtocolHarness(t, env)
	_, diags := h.read(napType, napPrior(sid, name, attUS, eeGB))
	expectDiagnostic(t, diags, tfprotov6.DiagnosticSeverityWarning, "changed outside this resource", sid,
		"Added: Vodafone UK (GB, 234-15, "+vodafoneGB+")", "Removed: EE (GB, 234-30, "+eeGB+")")

	// Nothing to compare with right after an import: no warning.
	imported := napPrior(sid, name)
	delete(imported, "networks")
	_, diags = h.read(napType, imported)
	expectNoDiagnostics(t, diags)
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

// Under the real CLI, a network removed in the Console is named in the next
// plan's output, for a profile that sets networks, one that leaves them to
// links, and one that leaves them alone.
func TestAccCLI_networkRemovedInConsoleIsNamedInThePlan(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	env := newAccEnv(t)
	w := tfcli.NewWorkdir(t)
	w.WriteConfig("main.tf", tfcli.ProviderBlock(env.URL, env.AccountSID, env.AuthToken)+fmt.Sprintf(`
resource "supersim_network_access_profile" "listed" {
  unique_name = "listed"
  networks    = [%[1]q, %[2]q]
}

resource "supersim_network_access_profile" "linked" {
  unique_name = "linked"
}

resource "supersim_network_access_profile_network" "linked" {
  for_each                   = toset([%[1]q, %[2]q])
  network_access_profile_sid = supersim_network_access_profile.linked.sid
  network_sid                = each.value
}

resource "supersim_network_access_profile" "unmanaged" {
  unique_name = "unmanaged"
}
`, attUS, vodafoneGB))
	w.RunOK(ctx, "apply", "-auto-approve")
	if err := env.Emulator.AddNAPNetwork("unmanaged", vodafoneGB); err != nil {
		t.Fatal(err)
	}
	w.RunOK(ctx, "apply", "-refresh-only", "-auto-approve")
	for _, profile := range []string{"listed", "linked", "unmanaged"} {
		if err := env.Emulator.RemoveNAPNetwork(profile, vodafoneGB); err != nil {
			t.Fatal(err)
		}
	}
	res := w.RunOK(ctx, "plan")
	label := "Vodafone UK (GB, 234-15, " + vodafoneGB + ")"
	if n := strings.Count(res.Output, label); n < 3 {
		t.Fatalf("the plan names %q %d times, want once per profile at least:\n%s", label, n, res)
	}
	for _, profile := range []string{"listed", "linked", "unmanaged"} {
		nap, _ := env.Emulator.NetworkAccessProfile(profile)
		if !strings.Contains(res.Output, nap.SID) {
			t.Errorf("the plan does not name profile %s (%s):\n%s", profile, nap.SID, res)
		}
	}
	// Only a profile that leaves its networks to others may have had them
	// changed by link resources; the one that lists them is not told so.
	listed, _ := env.Emulator.NetworkAccessProfile("listed")
	unmanaged, _ := env.Emulator.NetworkAccessProfile("unmanaged")
	if w := warningAbout(res.Output, listed.SID); strings.Contains(w, "supersim_network_access_profile_network") || !strings.Contains(w, "puts the configured networks back") {
		t.Errorf("the drift warning of the profile that lists its networks:\n%s", w)
	}
	if w := warningAbout(res.Output, unmanaged.SID); !strings.Contains(w, "supersim_network_access_profile_network") {
		t.Errorf("the drift warning of the profile that leaves its networks to others:\n%s", w)
	}
}

// warningAbout returns the drift warning whose summary names sid, from the
// summary to the next blank-line-separated "Warning:".
func warningAbout(output, sid string) string {
	start := strings.Index(output, "Warning: Networks of Network Access Profile "+sid)
	if start < 0 {
		return ""
	}
	rest := output[start+1:]
	if end := strings.Index(rest, "Warning:"); end >= 0 {
		rest = rest[:end]
	}
	return rest
}
