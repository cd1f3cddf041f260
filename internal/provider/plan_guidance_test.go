package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

const (
	napType  = "supersim_network_access_profile"
	linkType = "supersim_network_access_profile_network"
	// unknownNetwork is well formed but in no catalog.
	unknownNetwork = "HW0123456789abcdef0123456789abcdef"
)

func napPrior(sid, name string, networks ...string) map[string]any {
	return map[string]any{
		"id": sid, "sid": sid, "unique_name": name, "networks": networks,
		"account_sid": "AC00000000000000000000000000000000", "date_created": "2026-01-01T00:00:00Z",
		"date_updated": "2026-01-01T00:00:00Z", "url": "http://127.0.0.1/v1/NetworkAccessProfiles/" + sid,
	}
}

const someNAP = "HA0123456789abcdef0123456789abcdef"

func TestPlanWarnsWhenNetworksAreRemoved(t *testing.T) {
	t.Parallel()
	h := newProtocolHarness(t, newAccEnv(t))
	diags := h.plan(napType, napPrior(someNAP, "eu", attUS, eeGB), map[string]any{"unique_name": "eu", "networks": []string{attUS}})
	expectDiagnostic(t, diags, tfprotov6.DiagnosticSeverityWarning,
		"removes 1 network from Network Access Profile eu ("+someNAP+")", "EE (GB, 234-30, "+eeGB+")", "up to a week")
	// Nothing here says links manage this profile, so the warning does not
	// send the reader looking for link resources.
	for _, d := range diags {
		if strings.Contains(d.Detail, "supersim_network_access_profile_network") {
			t.Fatalf("the removal warning mentions link resources: %s", d.Detail)
		}
	}
}

func TestPlanNamesTheNetworksItAdds(t *testing.T) {
	t.Parallel()
	h := newProtocolHarness(t, newAccEnv(t))
	diags := h.plan(napType, napPrior(someNAP, "eu", attUS), map[string]any{"unique_name": "eu", "networks": []string{attUS, eeGB, vodafoneGB}})
	expectDiagnostic(t, diags, tfprotov6.DiagnosticSeverityWarning, "allows 2 networks in Network Access Profile eu ("+someNAP+")",
		"Vodafone UK (GB, 234-15, "+vodafoneGB+")", "EE (GB, 234-30, "+eeGB+")")
}

// A new link's name, country and MCC-MNCs are known after apply: Terraform
// plans every change again when it applies it, and a value taken from the
// catalog at plan time would make an apply depend on reading the catalog
// again, unchanged (TestAccCLI_savedPlanDoesNotDependOnTheCatalog).
func TestPlanOfANewLinkLeavesCatalogDetailsUnknown(t *testing.T) {
	t.Parallel()
	h := newProtocolHarness(t, newAccEnv(t))
	resp := h.planResponse(linkType, nil, map[string]any{"network_access_profile_sid": someNAP, "network_sid": vodafoneGB})
	planned, err := resp.PlannedState.Unmarshal(h.schemas[linkType].ValueType())
	if err != nil {
		t.Fatal(err)
	}
	var attrs map[string]tftypes.Value
	if err := planned.As(&attrs); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"friendly_name", "iso_country", "identifiers"} {
		if attrs[name].IsKnown() {
			t.Fatalf("%s is planned as %v, want known after apply", name, attrs[name])
		}
	}
}

func TestPlanWarnsWhenAllowListBecomesEmpty(t *testing.T) {
	t.Parallel()
	h := newProtocolHarness(t, newAccEnv(t))
	diags := h.plan(napType, napPrior(someNAP, "eu", attUS), map[string]any{"unique_name": "eu", "networks": []string{}})
	expectDiagnostic(t, diags, tfprotov6.DiagnosticSeverityWarning, "allows no network", "will not be able to attach to any cellular network")

	diags = h.plan(napType, nil, map[string]any{"unique_name": "new", "networks": []string{}})
	expectDiagnostic(t, diags, tfprotov6.DiagnosticSeverityWarning, `"new" (new) allows no network`)
}

func TestPlanRejectsNetworksNotInCatalog(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	h := newProtocolHarness(t, env)
	diags := h.plan(napType, napPrior(someNAP, "eu", attUS), map[string]any{"unique_name": "eu", "networks": []string{attUS, unknownNetwork}})
	expectDiagnostic(t, diags, tfprotov6.DiagnosticSeverityError, unknownNetwork+" is not in the Super SIM Networks catalog", "supersim_networks")

	diags = h.plan(linkType, nil, map[string]any{"network_access_profile_sid": someNAP, "network_sid": unknownNetwork})
	expectDiagnostic(t, diags, tfprotov6.DiagnosticSeverityError, unknownNetwork+" is not in the Super SIM Networks catalog")

	// Two plans that add networks, one catalog read.
	if n := env.Emulator.Counts()["GET /v1/Networks"]; n != 1 {
		t.Fatalf("the catalog was read %d times, want once per provider run", n)
	}
}

func TestPlanWithoutChangesCostsNoRequest(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	h := newProtocolHarness(t, env)
	expectNoDiagnostics(t, h.plan(napType, napPrior(someNAP, "eu", attUS, eeGB), map[string]any{"unique_name": "eu", "networks": []string{eeGB, attUS}}))
	const otherNAP = "HAfedcba9876543210fedcba9876543210"
	expectNoDiagnostics(t, h.plan(linkType, map[string]any{"id": otherNAP + "/" + attUS, "network_access_profile_sid": otherNAP, "network_sid": attUS},
		map[string]any{"network_access_profile_sid": otherNAP, "network_sid": attUS}))
	if n := env.Emulator.TotalRequests(); n != 0 {
		t.Fatalf("a no-op plan made %d API requests: %v", n, env.Emulator.Counts())
	}
}

func TestPlanWarnsWhenLinkIsDestroyed(t *testing.T) {
	t.Parallel()
	h := newProtocolHarness(t, newAccEnv(t))
	diags := h.plan(linkType, map[string]any{"id": someNAP + "/" + attUS, "network_access_profile_sid": someNAP, "network_sid": attUS}, nil)
	expectDiagnostic(t, diags, tfprotov6.DiagnosticSeverityWarning, "removes 1 network from Network Access Profile "+someNAP, attUS, "up to a week")
}

func TestPlanWarnsWhenProfileAndLinksBothManageNetworks(t *testing.T) {
	t.Parallel()
	h := newProtocolHarness(t, newAccEnv(t))
	// The profile is planned first (the link references it) and enforces
	// [AT&T]; a link for EE on the same profile would be undone by it.
	expectNoDiagnostics(t, h.plan(napType, napPrior(someNAP, "eu", attUS), map[string]any{"unique_name": "eu", "networks": []string{attUS}}))
	diags := h.plan(linkType, nil, map[string]any{"network_access_profile_sid": someNAP, "network_sid": eeGB})
	expectDiagnostic(t, diags, tfprotov6.DiagnosticSeverityWarning, "managed in two places", "does not include "+eeGB)

	diags = h.plan(linkType, nil, map[string]any{"network_access_profile_sid": someNAP, "network_sid": attUS})
	expectDiagnostic(t, diags, tfprotov6.DiagnosticSeverityWarning, "Network managed twice", attUS)
}

func TestPlanWarnsWhenANewProfileHasNoUniqueName(t *testing.T) {
	t.Parallel()
	h := newProtocolHarness(t, newAccEnv(t))
	expectDiagnostic(t, h.plan(napType, nil, map[string]any{"networks": []string{attUS}}),
		tfprotov6.DiagnosticSeverityWarning, "New Network Access Profile without a unique_name", "generated", "killed", "second profile", "Set unique_name")
	for _, d := range h.plan(napType, nil, map[string]any{"unique_name": "named", "networks": []string{attUS}}) {
		if strings.Contains(d.Summary, "unique_name") {
			t.Fatalf("a named profile got %q", d.Summary)
		}
	}
}

func TestPlanWarnsThatDestroyKeepsTheProfile(t *testing.T) {
	t.Parallel()
	h := newProtocolHarness(t, newAccEnv(t))
	diags := h.plan(napType, napPrior(someNAP, "eu", attUS), nil)
	expectDiagnostic(t, diags, tfprotov6.DiagnosticSeverityWarning, "Destroy leaves the Network Access Profile in place", "Delete NAP")
}

func TestAccNAP_networkNotInCatalogFailsAtPlan(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:      env.config(napConfig("typo", attUS, unknownNetwork)),
			ExpectError: expectText("Network not in the catalog", unknownNetwork+" is not in the Super SIM Networks catalog"),
		}},
	})
	if posts := env.Emulator.Counts()["POST /v1/NetworkAccessProfiles"]; posts != 0 {
		t.Fatalf("the plan error did not stop apply: %d POSTs", posts)
	}
}

// A change of networks interrupted after some of its writes says what was
// done, and what became of the request that stopped it, without claiming
// that nothing changed.
func TestInterruptedNetworkChangeDoesNotContradictItself(t *testing.T) {
	t.Parallel()
	var current, desired, added []string
	for i := range 20 {
		sid := fmt.Sprintf("HW%032x", i)
		desired = append(desired, sid)
		if i < 12 {
			added = append(added, sid)
		}
	}
	current = []string{fmt.Sprintf("HW%032x", 99)}
	stopped := &supersim.NotAppliedError{Cause: &supersim.OutcomeUnknownError{Method: "POST", Path: "/v1/NetworkAccessProfiles/HA…/Networks", Err: context.Canceled}}
	var diags diag.Diagnostics
	addPartialChangeError(&diags, "trackers-eu (HA0123)", current, desired, supersim.NetworkChangeResult{Added: added}, stopped)
	text := diags.Errors()[0].Summary() + "\n" + diags.Errors()[0].Detail()
	for _, want := range []string{"trackers-eu (HA0123)", "12 of the 20 networks to add were added", "0 of the 1 to remove", "the next apply finishes the job", "had not applied it"} {
		if !strings.Contains(text, want) {
			t.Errorf("the error lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "nothing else changed") || strings.Contains(text, "changed nothing") {
		t.Errorf("the error says nothing changed, after 12 networks were added:\n%s", text)
	}
}

// An operation stopped by an earlier failure of the run says what to do
// about that failure, not only what it was: whichever request met the
// refused credentials first, every error names the settings to check.
func TestEarlierFailureCarriesTheFirstFailuresHint(t *testing.T) {
	t.Parallel()
	first := &supersim.Error{Method: "GET", Path: "/v1/Networks", Status: 401, Code: 20003, Message: "Authenticate"}
	detail := apiErrorDetail("create the Network Access Profile", &supersim.EarlierFailureError{Method: "POST", Path: "/v1/NetworkAccessProfiles", First: first})
	for _, want := range []string{"No request was sent", "HTTP 401", "Check account_sid and auth_token"} {
		if !strings.Contains(detail, want) {
			t.Errorf("the detail lacks %q:\n%s", want, detail)
		}
	}
}
