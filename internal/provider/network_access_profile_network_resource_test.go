package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/supersim-tf/terraform-provider-supersim/internal/emulator"
)

// linkConfig is a NAP without `networks` and one link per network. The
// links are separate resources rather than for_each instances because the
// legacy state checks (Check, ImportStateVerify) cannot address for_each
// keys.
func linkConfig(name string, networks ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "resource \"supersim_network_access_profile\" \"test\" {\n  unique_name = %q\n}\n", name)
	for _, sid := range networks {
		fmt.Fprintf(&b, `
resource "supersim_network_access_profile_network" %q {
  network_access_profile_sid = supersim_network_access_profile.test.sid
  network_sid                = %q
}
`, linkName(sid), sid)
	}
	return b.String()
}

func linkName(networkSID string) string { return "net_" + networkSID }

func linkAddr(networkSID string) string {
	return "supersim_network_access_profile_network." + linkName(networkSID)
}

func TestAccNAPNetwork_createReadDelete(t *testing.T) {
	env := newAccEnv(t)
	var napSID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:           env.config(linkConfig("links", attUS, eeGB)),
				ConfigPlanChecks: emptyPlanAfterApply,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(linkAddr(attUS), tfjsonpath.New("friendly_name"), knownvalue.StringExact("AT&T")),
					statecheck.ExpectKnownValue(linkAddr(attUS), tfjsonpath.New("iso_country"), knownvalue.StringExact("US")),
					statecheck.ExpectKnownValue(linkAddr(attUS), tfjsonpath.New("identifiers"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{"mcc": knownvalue.StringExact("310"), "mnc": knownvalue.StringExact("410")}),
						knownvalue.ObjectExact(map[string]knownvalue.Check{"mcc": knownvalue.StringExact("310"), "mnc": knownvalue.StringExact("150")}),
					})),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttrWith(napAddr, "sid", func(v string) error { napSID = v; return nil }),
					resource.TestCheckResourceAttrPair(linkAddr(eeGB), "network_access_profile_sid", napAddr, "sid"),
					env.checkNAPNetworks(attUS, eeGB),
				),
			},
			{
				// Dropping one link removes only that network.
				Config:           env.config(linkConfig("links", eeGB)),
				ConfigPlanChecks: emptyPlanAfterApply,
				Check:            env.checkNAPNetworks(eeGB),
			},
		},
		CheckDestroy: func(*terraform.State) error {
			nets, ok := env.Emulator.NAPNetworks(napSID)
			if !ok {
				return fmt.Errorf("the NAP %s was deleted", napSID)
			}
			if len(nets) != 0 {
				return fmt.Errorf("networks left after destroy: %v", nets)
			}
			return nil
		},
	})
}

func TestAccNAPNetwork_removedOutOfBandIsRestored(t *testing.T) {
	env := newAccEnv(t)
	var napSID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(linkConfig("oob", attUS, tmobileUS, verizonUS)),
				Check:  resource.TestCheckResourceAttrWith(napAddr, "sid", func(v string) error { napSID = v; return nil }),
			},
			{
				PreConfig: func() {
					if err := env.Emulator.RemoveNAPNetwork(napSID, verizonUS); err != nil {
						t.Fatal(err)
					}
				},
				Config: env.config(linkConfig("oob", attUS, tmobileUS, verizonUS)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(linkAddr(verizonUS), plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(linkAddr(attUS), plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction(napAddr, plancheck.ResourceActionNoop),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: env.checkNAPNetworks(attUS, tmobileUS, verizonUS),
			},
		},
	})
}

func TestAccNAPNetwork_profileDeletedInConsoleIsRebuilt(t *testing.T) {
	env := newAccEnv(t)
	var napSID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(linkConfig("rebuilt", attUS, eeGB)),
				Check:  resource.TestCheckResourceAttrWith(napAddr, "sid", func(v string) error { napSID = v; return nil }),
			},
			{
				PreConfig: func() {
					if err := env.Emulator.DeleteNAP(napSID); err != nil {
						t.Fatal(err)
					}
				},
				Config: env.config(linkConfig("rebuilt", attUS, eeGB)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(napAddr, plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(linkAddr(attUS), plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(linkAddr(eeGB), plancheck.ResourceActionCreate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: env.checkNAPNetworks(attUS, eeGB),
			},
		},
	})
	if n := len(env.Emulator.NetworkAccessProfiles()); n != 1 {
		t.Fatalf("%d NAPs after the rebuild, want 1", n)
	}
}

func TestAccNAPNetwork_importBothFormats(t *testing.T) {
	env := newAccEnv(t)
	const name = "EU trackers/phase 2"
	var napSID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(linkConfig(name, vodafoneGB)),
				Check:  resource.TestCheckResourceAttrWith(napAddr, "sid", func(v string) error { napSID = v; return nil }),
			},
			{
				ResourceName:      linkAddr(vodafoneGB),
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: func(*terraform.State) (string, error) { return napSID + "/" + vodafoneGB, nil },
			},
			{
				ResourceName:      linkAddr(vodafoneGB),
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateId:     name + "/" + vodafoneGB,
			},
			{
				ResourceName:  linkAddr(vodafoneGB),
				ImportState:   true,
				ImportStateId: name + "/" + attUS,
				ExpectError:   expectText("Network not allowed by the profile", "does not allow network "+attUS),
			},
			{
				ResourceName:  linkAddr(vodafoneGB),
				ImportState:   true,
				ImportStateId: vodafoneGB,
				ExpectError:   expectText("Invalid import ID", "is not <profile>/<network SID>"),
			},
			{
				ResourceName:  linkAddr(vodafoneGB),
				ImportState:   true,
				ImportStateId: "no such profile/" + vodafoneGB,
				ExpectError:   expectText(`No Network Access Profile has the unique name "no such profile"`),
			},
		},
	})
}

func TestAccNAPNetwork_importBlockAdoptsAnExistingLink(t *testing.T) {
	env := newAccEnv(t)
	name := "existing"
	napSID, err := env.Emulator.CreateNAP(&name, []string{telekomDE})
	if err != nil {
		t.Fatal(err)
	}
	hcl := fmt.Sprintf(`
import {
  to = supersim_network_access_profile_network.de
  id = "existing/%s"
}

resource "supersim_network_access_profile_network" "de" {
  network_access_profile_sid = %q
  network_sid                = %q
}
`, telekomDE, napSID, telekomDE)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(hcl),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("supersim_network_access_profile_network.de", plancheck.ResourceActionNoop)},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: resource.TestCheckResourceAttr("supersim_network_access_profile_network.de", "id", napSID+"/"+telekomDE),
		}},
	})
}

// A link is an attachment: creating one for a network the profile already
// allows takes it over, whether the API answers the duplicate add with a
// 409 or, as an idempotent API would, with a 201.
func TestAccNAPNetwork_alreadyAllowedIsTakenOver(t *testing.T) {
	for name, idempotent := range map[string]bool{"409": false, "201": true} {
		t.Run("API answers "+name, func(t *testing.T) {
			env := newAccEnv(t, func(o *emulator.Options) { o.IdempotentNetworkAdd = idempotent })
			profile := "preexisting"
			napSID, err := env.Emulator.CreateNAP(&profile, []string{attUS})
			if err != nil {
				t.Fatal(err)
			}
			hcl := fmt.Sprintf(`
resource "supersim_network_access_profile_network" "dup" {
  network_access_profile_sid = %q
  network_sid                = %q
}
`, napSID, attUS)
			addr := "supersim_network_access_profile_network.dup"
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{
					{
						Config:           env.config(hcl),
						ConfigPlanChecks: emptyPlanAfterApply,
						Check: resource.ComposeAggregateTestCheckFunc(
							resource.TestCheckResourceAttr(addr, "id", napSID+"/"+attUS),
							resource.TestCheckResourceAttr(addr, "friendly_name", "AT&T"),
							emulatorHolds(env, napSID, attUS),
						),
					},
					{
						// Taken over means managed: destroy removes it.
						Config: env.providerBlock(),
						Check:  emulatorHolds(env, napSID),
					},
				},
			})
		})
	}
}

// emulatorHolds checks the networks a profile allows, by SID, for steps
// whose state no longer has the profile.
func emulatorHolds(env *accEnv, napSID string, want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got, _ := env.Emulator.NAPNetworks(napSID)
		if !sameStrings(got, want) {
			return fmt.Errorf("profile %s allows %v, want %v", napSID, got, want)
		}
		return nil
	}
}

func TestLinkTakeoverWarnsNamingProfileAndNetwork(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	name := "trackers-eu"
	napSID, err := env.Emulator.CreateNAP(&name, []string{attUS})
	if err != nil {
		t.Fatal(err)
	}
	// A process that has read no profile, as the apply after a plan is.
	h := newProtocolHarness(t, env)
	state, diags := h.planAndApply(context.Background(), linkType, nil, map[string]any{"network_access_profile_sid": napSID, "network_sid": attUS})
	if hasError(diags) || state.IsNull() {
		t.Fatalf("want the link taken over, got:\n%s", diagText(diags))
	}
	expectDiagnostic(t, diags, tfprotov6.DiagnosticSeverityWarning, "Network was already allowed", "trackers-eu ("+napSID+")", attUS, "AT&T", "took it over")
}

func TestAccNAPNetwork_invalidSIDsRejectedAtPlan(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(`
resource "supersim_network_access_profile_network" "bad" {
  network_access_profile_sid = "HA-not-a-sid"
  network_sid                = "HW0123456789abcdef0123456789abcdef"
}`),
				PlanOnly:    true,
				ExpectError: expectText("network_access_profile_sid", "must be a Network Access Profile SID matching ^HA[0-9a-fA-F]{32}$", `"HA-not-a-sid"`),
			},
			{
				Config: env.config(`
resource "supersim_network_access_profile_network" "bad" {
  network_access_profile_sid = "HA0123456789abcdef0123456789abcdef"
  network_sid                = "310-410"
}`),
				PlanOnly:    true,
				ExpectError: expectText("network_sid", "must be a Network SID matching ^HW[0-9a-fA-F]{32}$", `"310-410"`),
			},
		},
	})
}

func TestAccNAPNetwork_forEachOverFilteredCatalog(t *testing.T) {
	env := newAccEnv(t)
	config := func(countries string) string {
		return env.config(fmt.Sprintf(`
data "supersim_networks" "allowed" {
  for_each    = toset(%s)
  iso_country = each.value
}

resource "supersim_network_access_profile" "test" {
  unique_name = "by-country"
}

resource "supersim_network_access_profile_network" "allowed" {
  for_each                   = toset(flatten([for c in data.supersim_networks.allowed : c.sids]))
  network_access_profile_sid = supersim_network_access_profile.test.sid
  network_sid                = each.value
}
`, countries))
	}
	inCountries := func(countries ...string) []string {
		var sids []string
		for _, n := range env.Emulator.Catalog() {
			if slices.Contains(countries, n.IsoCountry) {
				sids = append(sids, n.SID)
			}
		}
		return sids
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:            config(`["GB", "DE"]`),
				ConfigPlanChecks:  emptyPlanAfterApply,
				ConfigStateChecks: []statecheck.StateCheck{env.expectAccount("by-country", inCountries("GB", "DE"))},
			},
			{
				// Dropping a country removes exactly its networks.
				Config: config(`["GB"]`),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(`supersim_network_access_profile_network.allowed["`+telekomDE+`"]`, plancheck.ResourceActionDestroy),
						plancheck.ExpectResourceAction(`supersim_network_access_profile_network.allowed["`+eeGB+`"]`, plancheck.ResourceActionNoop),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{env.expectAccount("by-country", inCountries("GB"))},
			},
			env.destroyStep(),
		},
	})
}
