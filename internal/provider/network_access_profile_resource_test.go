package provider

import (
	"errors"
	"fmt"
	"regexp"
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

const napAddr = "supersim_network_access_profile.test"

// emptyPlanAfterApply asserts what users expect most: nothing left to do.
var emptyPlanAfterApply = resource.ConfigPlanChecks{
	PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
}

func napConfig(name string, networks ...string) string {
	var b strings.Builder
	b.WriteString("resource \"supersim_network_access_profile\" \"test\" {\n")
	if name != "" {
		fmt.Fprintf(&b, "  unique_name = %q\n", name)
	}
	if networks != nil {
		fmt.Fprintf(&b, "  networks    = %s\n", hclSet(networks...))
	}
	b.WriteString("}\n")
	return b.String()
}

func knownSet(sids ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(sids))
	for i, s := range sids {
		checks[i] = knownvalue.StringExact(s)
	}
	return knownvalue.SetExact(checks)
}

// checkNAPNetworks compares what the emulator holds with what is expected.
func (e *accEnv) checkNAPNetworks(want ...string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		sid := s.RootModule().Resources[napAddr].Primary.ID
		got, ok := e.Emulator.NAPNetworks(sid)
		if !ok {
			return fmt.Errorf("NAP %s does not exist in the emulator", sid)
		}
		if !sameStrings(got, want) {
			return fmt.Errorf("NAP %s allows %v in the emulator, want %v", sid, got, want)
		}
		return nil
	}
}

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, s := range a {
		seen[s]++
	}
	for _, s := range b {
		seen[s]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}

func TestAccNAP_createWithNameAndNetworks(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:           env.config(napConfig("fleet-eu", eeGB, telekomDE)),
			ConfigPlanChecks: emptyPlanAfterApply,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(napAddr, tfjsonpath.New("unique_name"), knownvalue.StringExact("fleet-eu")),
				statecheck.ExpectKnownValue(napAddr, tfjsonpath.New("networks"), knownSet(eeGB, telekomDE)),
				statecheck.ExpectKnownValue(napAddr, tfjsonpath.New("sid"), knownvalue.StringRegexp(napSIDRe)),
				statecheck.ExpectKnownValue(napAddr, tfjsonpath.New("account_sid"), knownvalue.StringExact(env.AccountSID)),
				statecheck.ExpectKnownValue(napAddr, tfjsonpath.New("date_created"), knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`))),
				statecheck.ExpectKnownValue(napAddr, tfjsonpath.New("url"), knownvalue.StringRegexp(regexp.MustCompile("^"+regexp.QuoteMeta(env.URL)+"/v1/NetworkAccessProfiles/HA"))),
				statecheck.CompareValuePairs(napAddr, tfjsonpath.New("id"), napAddr, tfjsonpath.New("sid"), compareEqual),
			},
			Check: env.checkNAPNetworks(eeGB, telekomDE),
		}},
	})
	if n := len(env.Emulator.NetworkAccessProfiles()); n != 1 {
		t.Fatalf("%d NAPs in the emulator, want exactly 1", n)
	}
}

// A profile created without a unique_name gets a generated one, planned as
// known after apply: every create carries a name to find the profile by if
// its answer is lost.
func TestAccNAP_createWithoutNameOrNetworks(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(napConfig("")),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{plancheck.ExpectUnknownValue(napAddr, tfjsonpath.New("unique_name"))},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(napAddr, tfjsonpath.New("unique_name"), knownvalue.StringRegexp(generatedName)),
				statecheck.ExpectKnownValue(napAddr, tfjsonpath.New("networks"), knownvalue.SetSizeExact(0)),
				emulatorCheck(func() error {
					naps := env.Emulator.NetworkAccessProfiles()
					if len(naps) != 1 || naps[0].UniqueName == nil || !generatedName.MatchString(*naps[0].UniqueName) {
						return fmt.Errorf("the account holds %+v, want one profile with a generated name", naps)
					}
					return nil
				}),
			},
		}},
	})
}

// generatedName is the shape of the names the provider makes up.
var generatedName = regexp.MustCompile(`^tf-[0-9a-f]{24}$`)

// A profile without a name, imported with a configuration that omits
// unique_name, keeps having none: nothing is renamed, and the plan is empty.
func TestAccNAP_importedNamelessProfileStaysNameless(t *testing.T) {
	env := newAccEnv(t)
	sid, err := env.Emulator.CreateNAP(nil, []string{attUS})
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(napConfig("", attUS) + fmt.Sprintf("import {\n  to = %s\n  id = %q\n}\n", napAddr, sid)),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(napAddr, plancheck.ResourceActionNoop)},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(napAddr, tfjsonpath.New("unique_name"), knownvalue.Null()),
				emulatorCheck(func() error {
					if nap, _ := env.Emulator.NetworkAccessProfile(sid); nap.UniqueName != nil {
						return fmt.Errorf("the profile was named %q", *nap.UniqueName)
					}
					return nil
				}),
			},
		}},
	})
}

func TestAccNAP_renameInPlaceAndChangeNetworks(t *testing.T) {
	env := newAccEnv(t)
	var firstSID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:           env.config(napConfig("trackers", attUS, tmobileUS)),
				ConfigPlanChecks: emptyPlanAfterApply,
				Check:            resource.TestCheckResourceAttrWith(napAddr, "sid", func(v string) error { firstSID = v; return nil }),
			},
			{
				Config: env.config(napConfig("trackers-us", attUS, verizonUS)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(napAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(napAddr, tfjsonpath.New("networks"), knownSet(attUS, verizonUS)),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(napAddr, "unique_name", "trackers-us"),
					resource.TestCheckResourceAttrWith(napAddr, "sid", func(v string) error {
						if v != firstSID {
							return fmt.Errorf("sid changed from %s to %s: the rename replaced the NAP", firstSID, v)
						}
						return nil
					}),
					env.checkNAPNetworks(attUS, verizonUS),
				),
			},
			{
				// An explicit empty list is managed: it empties the NAP.
				Config:           env.config(napConfig("trackers-us", []string{}...)),
				ConfigPlanChecks: emptyPlanAfterApply,
				Check:            env.checkNAPNetworks(),
			},
		},
	})
}

func TestAccNAP_importBySIDAndByUniqueName(t *testing.T) {
	env := newAccEnv(t)
	const name = "imported fleet/eu #1?"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:           env.config(napConfig(name, eeGB, vodafoneGB)),
				ConfigPlanChecks: emptyPlanAfterApply,
			},
			{
				ResourceName:      napAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				ResourceName:      napAddr,
				ImportState:       true,
				ImportStateId:     name,
				ImportStateVerify: true,
			},
		},
	})
}

func TestAccNAP_importBlockAdoptsAnExistingProfile(t *testing.T) {
	env := newAccEnv(t)
	name := "adopted"
	sid, err := env.Emulator.CreateNAP(&name, []string{attUS, eeGB})
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(fmt.Sprintf("import {\n  to = %s\n  id = %q\n}\n", napAddr, name) + napConfig(name, attUS, eeGB)),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(napAddr, plancheck.ResourceActionNoop)},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: resource.TestCheckResourceAttr(napAddr, "id", sid),
		}},
	})
	if n := len(env.Emulator.NetworkAccessProfiles()); n != 1 {
		t.Fatalf("%d NAPs, want the adopted one only", n)
	}
}

func TestAccNAP_importOfMissingProfileFails(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: env.config(napConfig("present"))},
			{
				ResourceName:  napAddr,
				ImportState:   true,
				ImportStateId: "no-such-profile",
				ExpectError:   expectText(`No Network Access Profile with the unique name "no-such-profile"`),
			},
			{
				ResourceName:  napAddr,
				ImportState:   true,
				ImportStateId: "HA0123456789abcdef0123456789abcdef",
				ExpectError:   expectText(`No Network Access Profile with the SID "HA0123456789abcdef0123456789abcdef"`),
			},
		},
	})
}

func TestAccNAP_networkRemovedOutOfBandIsRestored(t *testing.T) {
	env := newAccEnv(t)
	var sid string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:           env.config(napConfig("drift", attUS, tmobileUS, verizonUS)),
				ConfigPlanChecks: emptyPlanAfterApply,
				Check:            resource.TestCheckResourceAttrWith(napAddr, "sid", func(v string) error { sid = v; return nil }),
			},
			{
				PreConfig: func() {
					if err := env.Emulator.RemoveNAPNetwork(sid, tmobileUS); err != nil {
						t.Fatal(err)
					}
				},
				Config: env.config(napConfig("drift", attUS, tmobileUS, verizonUS)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(napAddr, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(napAddr, tfjsonpath.New("networks"), knownSet(attUS, tmobileUS, verizonUS)),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: env.checkNAPNetworks(attUS, tmobileUS, verizonUS),
			},
			{
				// A network added out of band to a managed list is removed.
				PreConfig: func() {
					if err := env.Emulator.AddNAPNetwork(sid, eeGB); err != nil {
						t.Fatal(err)
					}
				},
				Config: env.config(napConfig("drift", attUS, tmobileUS, verizonUS)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(napAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: env.checkNAPNetworks(attUS, tmobileUS, verizonUS),
			},
		},
	})
}

func TestAccNAP_unmanagedNetworksOnlyReported(t *testing.T) {
	env := newAccEnv(t)
	var sid string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(napConfig("unmanaged")),
				Check:  resource.TestCheckResourceAttrWith(napAddr, "sid", func(v string) error { sid = v; return nil }),
			},
			{
				PreConfig: func() {
					if err := env.Emulator.AddNAPNetwork(sid, attUS); err != nil {
						t.Fatal(err)
					}
				},
				Config: env.config(napConfig("unmanaged")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(napAddr, tfjsonpath.New("networks"), knownSet(attUS)),
				},
				Check: env.checkNAPNetworks(attUS),
			},
			{
				// A rename with unmanaged networks leaves them alone.
				Config:           env.config(napConfig("unmanaged-renamed")),
				ConfigPlanChecks: emptyPlanAfterApply,
				Check:            env.checkNAPNetworks(attUS),
			},
		},
	})
}

func TestAccNAP_deletedInConsoleIsCreatedAgain(t *testing.T) {
	env := newAccEnv(t)
	var oldSID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: env.config(napConfig("console", attUS)),
				Check:  resource.TestCheckResourceAttrWith(napAddr, "sid", func(v string) error { oldSID = v; return nil }),
			},
			{
				PreConfig: func() {
					if err := env.Emulator.DeleteNAP(oldSID); err != nil {
						t.Fatal(err)
					}
				},
				Config: env.config(napConfig("console", attUS)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(napAddr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttrWith(napAddr, "sid", func(v string) error {
						if v == oldSID {
							return errors.New("the deleted SID is still in state")
						}
						return nil
					}),
					env.checkNAPNetworks(attUS),
				),
			},
		},
	})
}

func TestAccNAP_duplicateUniqueNameExplainsImport(t *testing.T) {
	env := newAccEnv(t)
	name := "taken"
	sid, err := env.Emulator.CreateNAP(&name, nil)
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(napConfig(name, attUS)),
			// Terraform names the resource above the detail, where the
			// import block sends the reader for its address.
			ExpectError: expectText("with "+napAddr+",", `already has a Network Access Profile named "taken": `+sid,
				"import {", "to = <the address Terraform shows above this error>", `id = "`+sid+`"`, "Otherwise choose another unique_name"),
		}},
	})
	if n := len(env.Emulator.NetworkAccessProfiles()); n != 1 {
		t.Fatalf("%d NAPs, want 1", n)
	}
}

func TestAccNAP_invalidInputRejectedAtPlan(t *testing.T) {
	env := newAccEnv(t)
	cases := map[string]struct {
		config string
		want   *regexp.Regexp
	}{
		"malformed network SID":  {napConfig("x", "HW123"), expectText("networks", "must be a Network SID matching ^HW[0-9a-fA-F]{32}$", `"HW123"`)},
		"unique name like a SID": {napConfig("HA0123456789abcdef0123456789abcdef"), expectText("unique_name", "ambiguous with a profile SID")},
		"empty unique name":      {`resource "supersim_network_access_profile" "test" { unique_name = "" }`, expectText("unique_name", "must not be empty", "omit unique_name to have the provider generate one")},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config:      env.config(tc.config),
					PlanOnly:    true,
					ExpectError: tc.want,
				}},
			})
		})
	}
	if env.Emulator.TotalRequests() != 0 {
		t.Fatalf("invalid input reached the API: %v", env.Emulator.Counts())
	}
}

// unique_name is managed only when set: omitting it keeps the profile's
// name, including one given in the Console, and never blocks a plan.
func TestAccNAP_omittedUniqueNameIsNotManaged(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: env.config(napConfig("keep-me", attUS))},
			{
				// Dropping unique_name from the configuration changes nothing.
				Config: env.config(napConfig("", attUS)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(napAddr, tfjsonpath.New("unique_name"), knownvalue.StringExact("keep-me")),
				},
			},
			{
				// Someone renames it in the Console: the refresh reads the
				// new name and the plan stays empty.
				PreConfig: func() {
					if err := env.Emulator.RenameNAP("keep-me", "named-in-console"); err != nil {
						t.Fatal(err)
					}
				},
				Config: env.config(napConfig("", attUS)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(napAddr, tfjsonpath.New("unique_name"), knownvalue.StringExact("named-in-console")),
				},
			},
			{
				// A network change on a profile whose name is not managed
				// records the name as it is, and renames nothing.
				Config:           env.config(napConfig("", attUS, eeGB)),
				ConfigPlanChecks: emptyPlanAfterApply,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(napAddr, tfjsonpath.New("unique_name"), knownvalue.StringExact("named-in-console")),
				},
			},
			{
				// Setting it again renames in place.
				Config:           env.config(napConfig("managed-again", attUS, eeGB)),
				ConfigPlanChecks: emptyPlanAfterApply,
				Check:            resource.TestCheckResourceAttr(napAddr, "unique_name", "managed-again"),
			},
		},
	})
}

// A nameless profile that someone names in the Console, imported with a
// configuration that omits unique_name, plans clean.
func TestAccNAP_importedNamedProfileWithoutUniqueNameInConfig(t *testing.T) {
	env := newAccEnv(t)
	name := "console-made"
	sid, err := env.Emulator.CreateNAP(&name, []string{attUS})
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(napConfig("", attUS) + fmt.Sprintf("import {\n  to = %s\n  id = %q\n}\n", napAddr, sid)),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(napAddr, plancheck.ResourceActionNoop)},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(napAddr, tfjsonpath.New("unique_name"), knownvalue.StringExact(name)),
			},
		}},
	})
}

func TestAccNAP_wrongCredentialsNameTheErrorNotTheToken(t *testing.T) {
	env := newAccEnv(t)
	const badToken = "this-token-is-wrong-0123456789"
	sawError := false
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		ErrorCheck: func(err error) error {
			sawError = true
			msg := err.Error()
			if strings.Contains(msg, badToken) {
				return fmt.Errorf("the error shows the auth token: %s", msg)
			}
			if !strings.Contains(msg, "HTTP 401") || !strings.Contains(msg, "20003") || !strings.Contains(msg, "auth_token") {
				return fmt.Errorf("the error does not explain the refused credentials: %s", msg)
			}
			return nil
		},
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "supersim" {
  base_url    = %q
  account_sid = %q
  auth_token  = %q
}
`, env.URL, env.AccountSID, badToken) + napConfig("x"),
		}},
	})
	if !sawError {
		t.Fatal("apply with a wrong auth token succeeded")
	}
}

func TestAccNAP_destroyLeavesTheProfile(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps:                    []resource.TestStep{{Config: env.config(napConfig("kept", attUS))}},
		CheckDestroy: func(*terraform.State) error {
			naps := env.Emulator.NetworkAccessProfiles()
			if len(naps) != 1 || naps[0].UniqueName == nil || *naps[0].UniqueName != "kept" || len(naps[0].Networks) != 1 {
				return fmt.Errorf("destroy changed the NAPs in the account: %+v", naps)
			}
			return nil
		},
	})
}

func TestNAPDeleteWarnsWhereToDelete(t *testing.T) {
	t.Parallel()
	r := NewNetworkAccessProfileResource()
	resp := deleteWithState(t, r, map[string]string{"id": "HA0123456789abcdef0123456789abcdef", "sid": "HA0123456789abcdef0123456789abcdef"})
	if resp.Diagnostics.HasError() || resp.Diagnostics.WarningsCount() != 1 {
		t.Fatalf("diagnostics = %v", resp.Diagnostics)
	}
	w := resp.Diagnostics.Warnings()[0]
	for _, want := range []string{"HA0123456789abcdef0123456789abcdef", "removed from Terraform state only", "Twilio Console", "Delete NAP"} {
		if !strings.Contains(w.Summary()+w.Detail(), want) {
			t.Errorf("warning %q lacks %q", w.Detail(), want)
		}
	}
}

func TestNAPDeletedBetweenItsTwoReadsIsReportedGone(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	name := "vanishing"
	sid, err := env.Emulator.CreateNAP(&name, []string{attUS})
	if err != nil {
		t.Fatal(err)
	}
	h := newProtocolHarness(t, env)
	// The fetch succeeds, then the profile is gone when its networks are
	// listed, as when a Console delete lands between the two.
	env.Emulator.InjectFault(emulator.Fault{Route: emulator.RouteListNAPNetworks, Kind: emulator.FaultStatus, Status: 404})
	state, diags := h.read(napType, napPrior(sid, name, attUS))
	if !state.IsNull() {
		t.Fatal("the profile was kept in state")
	}
	expectDiagnostic(t, diags, tfprotov6.DiagnosticSeverityWarning, "Network Access Profile no longer exists", sid)
}
