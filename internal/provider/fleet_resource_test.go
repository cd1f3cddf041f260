package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/supersim-tf/terraform-provider-supersim/internal/emulator"
)

const (
	fleetAddr = "supersim_fleet.test"
	fleetType = "supersim_fleet"
)

// fleetConfig is a supersim_fleet with the given attributes, each an HCL
// expression: fleetConfig("unique_name", `"x"`, "data_limit", "500").
func fleetConfig(kv ...string) string {
	var b strings.Builder
	b.WriteString("resource \"supersim_fleet\" \"test\" {\n")
	for i := 0; i+1 < len(kv); i += 2 {
		fmt.Fprintf(&b, "  %s = %s\n", kv[i], kv[i+1])
	}
	b.WriteString("}\n")
	return b.String()
}

func quoted(s string) string { return fmt.Sprintf("%q", s) }

// profiles makes named NAPs in the emulator and returns their SIDs.
func (e *accEnv) profiles(t *testing.T, byName map[string][]string) map[string]string {
	t.Helper()
	sids := map[string]string{}
	for name, networks := range byName {
		sids[name] = dsCreateNAP(t, e, dsStrPtr(name), networks...)
	}
	return sids
}

// checkFleet compares the account's only Fleet with what is expected.
func (e *accEnv) checkFleet(check func(emulator.FleetState) error) resource.TestCheckFunc {
	return func(*terraform.State) error {
		fleets := e.Emulator.Fleets()
		if len(fleets) != 1 {
			return fmt.Errorf("%d Fleets in the emulator, want exactly 1", len(fleets))
		}
		return check(fleets[0])
	}
}

func (e *accEnv) fleetUses(napSID string) resource.TestCheckFunc {
	return e.checkFleet(func(f emulator.FleetState) error {
		if f.NetworkAccessProfileSID != napSID {
			return fmt.Errorf("the Fleet uses %s, want %s", f.NetworkAccessProfileSID, napSID)
		}
		return nil
	})
}

func sameSIDAs(sid *string) resource.TestCheckFunc {
	return resource.TestCheckResourceAttrWith(fleetAddr, "sid", func(v string) error {
		if *sid == "" {
			*sid = v
		} else if v != *sid {
			return fmt.Errorf("sid changed from %s to %s: the Fleet was replaced", *sid, v)
		}
		return nil
	})
}

func expectUpdate(checks ...plancheck.PlanCheck) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{
		PreApply:             append([]plancheck.PlanCheck{plancheck.ExpectResourceAction(fleetAddr, plancheck.ResourceActionUpdate)}, checks...),
		PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
	}
}

var noChange = resource.ConfigPlanChecks{
	PreApply:             []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
	PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
}

func TestAccFleet_createRenameAndMoveBetweenProfiles(t *testing.T) {
	env := newAccEnv(t)
	nap := env.profiles(t, map[string][]string{"eu": {eeGB, telekomDE}, "us": {attUS, eeGB}})
	var sid string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:           env.config(fleetConfig("unique_name", quoted("trackers"), "network_access_profile", quoted(nap["eu"]), "data_limit", "500")),
				ConfigPlanChecks: emptyPlanAfterApply,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(fleetAddr, tfjsonpath.New("sid"), knownvalue.StringRegexp(fleetSIDRe)),
					statecheck.CompareValuePairs(fleetAddr, tfjsonpath.New("id"), fleetAddr, tfjsonpath.New("sid"), compareEqual),
					statecheck.ExpectKnownValue(fleetAddr, tfjsonpath.New("network_access_profile_sid"), knownvalue.StringExact(nap["eu"])),
					statecheck.ExpectKnownValue(fleetAddr, tfjsonpath.New("data_limit"), knownvalue.Int64Exact(500)),
					// The API's defaults, reported.
					statecheck.ExpectKnownValue(fleetAddr, tfjsonpath.New("data_enabled"), knownvalue.Bool(true)),
					statecheck.ExpectKnownValue(fleetAddr, tfjsonpath.New("sms_commands_method"), knownvalue.StringExact("POST")),
					statecheck.ExpectKnownValue(fleetAddr, tfjsonpath.New("sms_commands_url"), knownvalue.Null()),
					statecheck.ExpectKnownValue(fleetAddr, tfjsonpath.New("data_metering"), knownvalue.StringExact("payg")),
					statecheck.ExpectKnownValue(fleetAddr, tfjsonpath.New("account_sid"), knownvalue.StringExact(env.AccountSID)),
					statecheck.ExpectKnownValue(fleetAddr, tfjsonpath.New("url"), knownvalue.StringRegexp(regexp.MustCompile("^"+regexp.QuoteMeta(env.URL)+"/v1/Fleets/HF"))),
				},
				Check: resource.ComposeAggregateTestCheckFunc(sameSIDAs(&sid), env.fleetUses(nap["eu"])),
			},
			{
				Config:           env.config(fleetConfig("unique_name", quoted("trackers-v2"), "network_access_profile", quoted(nap["eu"]), "data_limit", "500")),
				ConfigPlanChecks: expectUpdate(),
				Check:            resource.ComposeAggregateTestCheckFunc(sameSIDAs(&sid), resource.TestCheckResourceAttr(fleetAddr, "unique_name", "trackers-v2")),
			},
			{
				// A move by SID is an update in place.
				Config: env.config(fleetConfig("unique_name", quoted("trackers-v2"), "network_access_profile", quoted(nap["us"]), "data_limit", "500")),
				ConfigPlanChecks: expectUpdate(
					plancheck.ExpectKnownValue(fleetAddr, tfjsonpath.New("network_access_profile_sid"), knownvalue.StringExact(nap["us"]))),
				Check: resource.ComposeAggregateTestCheckFunc(sameSIDAs(&sid), env.fleetUses(nap["us"])),
			},
			{
				// The same profile by unique name: nothing to do.
				Config:           env.config(fleetConfig("unique_name", quoted("trackers-v2"), "network_access_profile", quoted("us"), "data_limit", "500")),
				ConfigPlanChecks: noChange,
			},
			{
				// A move by unique name is an update in place too.
				Config: env.config(fleetConfig("unique_name", quoted("trackers-v2"), "network_access_profile", quoted("eu"), "data_limit", "500")),
				ConfigPlanChecks: expectUpdate(
					plancheck.ExpectKnownValue(fleetAddr, tfjsonpath.New("network_access_profile_sid"), knownvalue.StringExact(nap["eu"]))),
				Check: resource.ComposeAggregateTestCheckFunc(sameSIDAs(&sid), env.fleetUses(nap["eu"]),
					resource.TestCheckResourceAttr(fleetAddr, "network_access_profile", "eu")),
			},
			{
				// And the same profile by SID again: nothing to do.
				Config:           env.config(fleetConfig("unique_name", quoted("trackers-v2"), "network_access_profile", quoted(nap["eu"]), "data_limit", "500")),
				ConfigPlanChecks: noChange,
			},
		},
	})
}

func TestAccFleet_settingsChangeInPlaceAndOmittedOnesAreKept(t *testing.T) {
	env := newAccEnv(t)
	nap := env.profiles(t, map[string][]string{"iot": {attUS}})
	base := []string{"unique_name", quoted("cmds"), "network_access_profile", quoted(nap["iot"])}
	all := append(append([]string{}, base...),
		"data_limit", "2000000",
		"sms_commands_url", quoted("https://devices.example.com/sms"), "sms_commands_method", quoted("GET"),
		"ip_commands_url", quoted("http://devices.example.com/ip?x=1"), "ip_commands_method", quoted("GET"))
	var sid string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:           env.config(fleetConfig(base...)),
				ConfigPlanChecks: emptyPlanAfterApply,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(fleetAddr, tfjsonpath.New("data_limit"), knownvalue.Int64Exact(1000)),
					statecheck.ExpectKnownValue(fleetAddr, tfjsonpath.New("ip_commands_method"), knownvalue.StringExact("POST")),
				},
				Check: sameSIDAs(&sid),
			},
			{
				Config:           env.config(fleetConfig(all...)),
				ConfigPlanChecks: expectUpdate(),
				Check: resource.ComposeAggregateTestCheckFunc(sameSIDAs(&sid), env.checkFleet(func(f emulator.FleetState) error {
					if f.DataLimit != 2000000 || f.SMSCommandsMethod != "GET" || f.IPCommandsMethod != "GET" ||
						f.SMSCommandsURL == nil || *f.SMSCommandsURL != "https://devices.example.com/sms" || f.IPCommandsURL == nil {
						return fmt.Errorf("the Fleet holds %+v", f)
					}
					return nil
				})),
			},
			{
				// Omitted, they are no longer managed: nothing changes.
				Config:           env.config(fleetConfig(base...)),
				ConfigPlanChecks: noChange,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(fleetAddr, tfjsonpath.New("data_limit"), knownvalue.Int64Exact(2000000)),
					statecheck.ExpectKnownValue(fleetAddr, tfjsonpath.New("sms_commands_url"), knownvalue.StringExact("https://devices.example.com/sms")),
				},
			},
		},
	})
}

func TestAccFleet_createOnlySettingsFailThePlanInsteadOfReplacing(t *testing.T) {
	env := newAccEnv(t)
	nap := env.profiles(t, map[string][]string{"iot": nil})
	config := func(data, sms string) string {
		kv := []string{"unique_name", quoted("fixed"), "network_access_profile", quoted(nap["iot"])}
		if data != "" {
			kv = append(kv, "data_enabled", data)
		}
		if sms != "" {
			kv = append(kv, "sms_commands_enabled", sms)
		}
		return env.config(fleetConfig(kv...))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: config("true", "false"), ConfigPlanChecks: emptyPlanAfterApply},
			// Plan only: the plan itself must fail, not an apply after it.
			{
				Config:      config("false", "false"),
				PlanOnly:    true,
				ExpectError: expectText("data_enabled cannot change after create", "sets it only when the object is created", "cannot delete", "create another Fleet"),
			},
			{
				Config:      config("true", "true"),
				PlanOnly:    true,
				ExpectError: expectText("sms_commands_enabled cannot change after create"),
			},
			{
				// Omitted, they are not managed.
				Config:           config("", ""),
				ConfigPlanChecks: noChange,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(fleetAddr, tfjsonpath.New("sms_commands_enabled"), knownvalue.Bool(false)),
				},
			},
		},
	})
	if n := len(env.Emulator.Fleets()); n != 1 {
		t.Fatalf("%d Fleets, want 1: nothing may replace a Fleet", n)
	}
}

func TestAccFleet_importBySIDAndByUniqueName(t *testing.T) {
	env := newAccEnv(t)
	nap := env.profiles(t, map[string][]string{"iot": {attUS}})
	const name = "imported fleet/eu #1?"
	bySID := env.config(fleetConfig("unique_name", quoted(name), "network_access_profile", quoted(nap["iot"])))
	byName := env.config(fleetConfig("unique_name", quoted(name), "network_access_profile", quoted("iot")))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: bySID, ConfigPlanChecks: emptyPlanAfterApply},
			{ResourceName: fleetAddr, ImportState: true, ImportStateVerify: true},
			{ResourceName: fleetAddr, ImportState: true, ImportStateId: name, ImportStateVerify: true},
			{Config: byName, ConfigPlanChecks: noChange},
			{
				// Import records the SID; the configuration names the profile.
				ResourceName: fleetAddr, ImportState: true, ImportStateId: name, ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"network_access_profile"},
			},
		},
	})
}

func TestAccFleet_importBlockWithProfileByNamePlansClean(t *testing.T) {
	env := newAccEnv(t)
	nap := env.profiles(t, map[string][]string{"iot": {attUS}})
	sid, err := env.Emulator.CreateFleet(nap["iot"], "console-made")
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(fmt.Sprintf("import {\n  to = %s\n  id = %q\n}\n", fleetAddr, "console-made") +
				fleetConfig("unique_name", quoted("console-made"), "network_access_profile", quoted("iot"))),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(fleetAddr, plancheck.ResourceActionNoop)},
				PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: resource.TestCheckResourceAttr(fleetAddr, "id", sid),
		}},
	})
}

func TestAccFleet_profileChangedOutOfBandIsPlannedBack(t *testing.T) {
	for form, ref := range map[string]func(map[string]string) string{
		"by SID":         func(nap map[string]string) string { return nap["eu"] },
		"by unique name": func(map[string]string) string { return "eu" },
	} {
		t.Run(form, func(t *testing.T) {
			env := newAccEnv(t)
			nap := env.profiles(t, map[string][]string{"eu": {eeGB}, "other": {attUS}})
			config := env.config(fleetConfig("unique_name", quoted("drift"), "network_access_profile", quoted(ref(nap))))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{
					{Config: config, ConfigPlanChecks: emptyPlanAfterApply},
					{
						PreConfig: func() {
							if err := env.Emulator.AssignFleet("drift", nap["other"]); err != nil {
								t.Fatal(err)
							}
						},
						Config: config,
						ConfigPlanChecks: expectUpdate(
							plancheck.ExpectKnownValue(fleetAddr, tfjsonpath.New("network_access_profile_sid"), knownvalue.StringExact(nap["eu"]))),
						Check: env.fleetUses(nap["eu"]),
					},
				},
			})
		})
	}
}

// A profile can only be deleted in the Console once no Fleet uses it. When
// someone moves the Fleet away and deletes the profile, the next apply
// creates the profile again and moves the Fleet back to it.
func TestAccFleet_profileDeletedInConsoleIsCreatedAgainAndUsed(t *testing.T) {
	env := newAccEnv(t)
	spare := env.profiles(t, map[string][]string{"spare": nil})["spare"]
	config := env.config(napConfig("allow-us", attUS) +
		fleetConfig("unique_name", quoted("devices"), "network_access_profile", napAddr+".sid"))
	var oldNAP string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:           config,
				ConfigPlanChecks: emptyPlanAfterApply,
				Check:            resource.TestCheckResourceAttrWith(napAddr, "sid", func(v string) error { oldNAP = v; return nil }),
			},
			{
				PreConfig: func() {
					if err := env.Emulator.DeleteNAP(oldNAP); err == nil {
						t.Fatal("the Console deleted a profile that a Fleet uses")
					}
					if err := env.Emulator.AssignFleet("devices", spare); err != nil {
						t.Fatal(err)
					}
					if err := env.Emulator.DeleteNAP(oldNAP); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(napAddr, plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(fleetAddr, plancheck.ResourceActionUpdate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					env.checkNAPNetworks(attUS),
					func(s *terraform.State) error {
						newNAP := s.RootModule().Resources[napAddr].Primary.ID
						if newNAP == oldNAP {
							return fmt.Errorf("the deleted profile %s is still in state", oldNAP)
						}
						return env.fleetUses(newNAP)(s)
					},
				),
			},
		},
	})
}

func TestAccFleet_missingProfileFailsClearly(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:      env.config(fleetConfig("unique_name", quoted("orphan"), "network_access_profile", quoted("no-such-profile"))),
			ExpectError: expectText("Network Access Profile not found", `"no-such-profile"`, "supersim_network_access_profiles"),
		}},
	})
	if n := len(env.Emulator.Fleets()); n != 0 {
		t.Fatalf("%d Fleets, want none", n)
	}
}

func TestAccFleet_duplicateUniqueNameExplainsImport(t *testing.T) {
	env := newAccEnv(t)
	nap := env.profiles(t, map[string][]string{"iot": nil})
	existing, err := env.Emulator.CreateFleet(nap["iot"], "taken")
	if err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(fleetConfig("unique_name", quoted("taken"), "network_access_profile", quoted(nap["iot"]))),
			ExpectError: expectText("A Fleet with this unique name already exists", "with "+fleetAddr+",", `already has a Fleet named "taken": `+existing,
				"any difference in settings", "import {", "to = <the address Terraform shows above this error>", `id = "`+existing+`"`, "Otherwise choose another unique_name"),
		}},
	})
	if n := len(env.Emulator.Fleets()); n != 1 {
		t.Fatalf("%d Fleets, want 1", n)
	}
}

func TestAccFleet_lostCreateAnswerIsAdopted(t *testing.T) {
	env := newAccEnv(t)
	nap := env.profiles(t, map[string][]string{"iot": nil})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				env.inject(t, emulator.Fault{Route: emulator.RouteCreateFleet, Kind: emulator.FaultDropAfterApply, Times: 1})
			},
			Config:           env.config(fleetConfig("unique_name", quoted("lost"), "network_access_profile", quoted("iot"), "data_limit", "42")),
			ConfigPlanChecks: emptyPlanAfterApply,
			Check:            env.fleetUses(nap["iot"]),
		}},
	})
}

func TestAccFleet_invalidInputRejectedAtPlan(t *testing.T) {
	env := newAccEnv(t)
	const nap = "HA0123456789abcdef0123456789abcdef"
	cases := map[string]struct {
		kv   []string
		want *regexp.Regexp
	}{
		"data limit 0":            {[]string{"data_limit", "0"}, expectText("data_limit", "between 1 and 2000000")},
		"data limit above 2 TB":   {[]string{"data_limit", "2000001"}, expectText("data_limit", "between 1 and 2000000")},
		"method not GET or POST":  {[]string{"ip_commands_method", quoted("PUT")}, expectText("ip_commands_method", `["GET" "POST"]`)},
		"relative URL":            {[]string{"sms_commands_url", quoted("/commands")}, expectText("sms_commands_url must be an absolute http or https URL", `"/commands"`)},
		"URL of another scheme":   {[]string{"ip_commands_url", quoted("ftp://example.com/x")}, expectText("ip_commands_url must be an absolute http or https URL")},
		"unique name like a SID":  {[]string{"unique_name", quoted("HF0123456789abcdef0123456789abcdef")}, expectText("unique_name", "ambiguous with a Fleet SID")},
		"empty profile reference": {[]string{"network_access_profile", quoted("")}, expectText("network_access_profile", "at least 1")},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			args := map[string]string{"unique_name": quoted("x"), "network_access_profile": quoted(nap)}
			for i := 0; i < len(tc.kv); i += 2 {
				args[tc.kv[i]] = tc.kv[i+1]
			}
			var kv []string
			for k, v := range args {
				kv = append(kv, k, v)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps:                    []resource.TestStep{{Config: env.config(fleetConfig(kv...)), PlanOnly: true, ExpectError: tc.want}},
			})
		})
	}
	if env.Emulator.TotalRequests() != 0 {
		t.Fatalf("invalid input reached the API: %v", env.Emulator.Counts())
	}
}

func TestAccFleet_destroyLeavesTheFleet(t *testing.T) {
	env := newAccEnv(t)
	nap := env.profiles(t, map[string][]string{"iot": nil})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps:                    []resource.TestStep{{Config: env.config(fleetConfig("unique_name", quoted("kept"), "network_access_profile", quoted(nap["iot"])))}},
		CheckDestroy: func(*terraform.State) error {
			if fleets := env.Emulator.Fleets(); len(fleets) != 1 || fleets[0].NetworkAccessProfileSID != nap["iot"] {
				return fmt.Errorf("destroy changed the Fleets in the account: %+v", fleets)
			}
			return nil
		},
	})
}

// Plan-time guidance, through the protocol: terraform-plugin-testing does
// not show warnings.

// fleetPrior is the state of someFleet.
func fleetPrior(name, napRef, napSID string) map[string]any {
	sid := someFleet
	return map[string]any{
		"id": sid, "sid": sid, "unique_name": name, "network_access_profile": napRef, "network_access_profile_sid": napSID,
		"data_enabled": true, "data_limit": int64(1000), "data_metering": "payg", "sms_commands_enabled": true,
		"sms_commands_method": "POST", "ip_commands_method": "POST", "account_sid": "AC00000000000000000000000000000000",
		"date_created": "2026-01-01T00:00:00Z", "date_updated": "2026-01-01T00:00:00Z", "url": "http://127.0.0.1/v1/Fleets/" + sid,
	}
}

const someFleet = "HF0123456789abcdef0123456789abcdef"

func TestFleetPlanWarnsWhenAMoveStrandsSIMs(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	nap := env.profiles(t, map[string][]string{"now": {attUS, eeGB, telekomDE}, "empty": nil, "elsewhere": {verizonUS}, "overlap": {attUS}})
	h := newProtocolHarness(t, env)
	move := func(to string) []*tfprotov6.Diagnostic {
		return h.plan(fleetType, fleetPrior("trackers", nap["now"], nap["now"]), map[string]any{"unique_name": "trackers", "network_access_profile": to})
	}
	attLabel, eeLabel, telekomLabel := "AT&T (US, 310-410, "+attUS+")", "EE (GB, 234-30, "+eeGB+")", "Telekom Deutschland (DE, 262-01, "+telekomDE+")"
	expectDiagnostic(t, move(nap["empty"]), tfprotov6.DiagnosticSeverityWarning, "Fleet moves to a profile that allows no network",
		"Fleet trackers ("+someFleet+")", "from Network Access Profile now ("+nap["now"]+") to empty ("+nap["empty"]+")", "lose 3 networks", attLabel, eeLabel, telekomLabel)
	expectDiagnostic(t, move("elsewhere"), tfprotov6.DiagnosticSeverityWarning, "Fleet moves to a profile with none of its networks",
		"Fleet trackers ("+someFleet+")", "shares no network", "1 network of the new profile", attLabel, eeLabel, telekomLabel)
	// A move that keeps some networks and loses others names the lost ones.
	partial := move(nap["overlap"])
	expectDiagnostic(t, partial, tfprotov6.DiagnosticSeverityWarning, "Fleet moves to a profile without some of its networks",
		"Fleet trackers ("+someFleet+")", "lacks 2 networks", eeLabel, telekomLabel)
	if strings.Contains(diagText(partial), attLabel) {
		t.Fatalf("the warning names a network the new profile keeps:\n%s", diagText(partial))
	}
	// The same networks under another profile: nothing lost, no warning.
	h.plan(napType, napPrior(nap["overlap"], "overlap", attUS), map[string]any{"unique_name": "overlap", "networks": []string{attUS, eeGB, telekomDE}})
	expectNoDiagnostics(t, move(nap["overlap"]))

	// A profile whose managed list this plan empties counts as empty.
	h.plan(napType, napPrior(nap["overlap"], "overlap", attUS), map[string]any{"unique_name": "overlap", "networks": []string{}})
	expectDiagnostic(t, move(nap["overlap"]), tfprotov6.DiagnosticSeverityWarning, "allows no network", "lose 3 networks")
}

func TestFleetPlanResolvesAUniqueNameOnlyWhenItDiffersFromState(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	nap := env.profiles(t, map[string][]string{"iot": {attUS}})
	h := newProtocolHarness(t, env)
	plannedProfile := func(prior map[string]any, ref string) (string, string) {
		t.Helper()
		resp := h.planResponse(fleetType, prior, map[string]any{"unique_name": "f", "network_access_profile": ref})
		if hasError(resp.Diagnostics) {
			t.Fatal(diagText(resp.Diagnostics))
		}
		planned, err := resp.PlannedState.Unmarshal(h.schemas[fleetType].ValueType())
		if err != nil {
			t.Fatal(err)
		}
		return stringAttr(t, planned, "network_access_profile"), stringAttr(t, planned, "network_access_profile_sid")
	}
	fetches := func() int { return env.Emulator.Counts()[emulator.RouteFetchNAP] }

	// State holds the SID, the configuration the name: one GET, no diff.
	if ref, sid := plannedProfile(fleetPrior("f", nap["iot"], nap["iot"]), "iot"); ref != nap["iot"] || sid != nap["iot"] || fetches() != 1 {
		t.Fatalf("planned %s (%s) with %d profile reads; want the value in state and 1 read", ref, sid, fetches())
	}
	// The same name as in state, or a SID: no request at all.
	plannedProfile(fleetPrior("f", "iot", nap["iot"]), "iot")
	if ref, _ := plannedProfile(fleetPrior("f", "iot", nap["iot"]), nap["iot"]); ref != "iot" {
		t.Fatalf("planned %s, want the value in state", ref)
	}
	if n := env.Emulator.TotalRequests(); n != 1 {
		t.Fatalf("%d requests, want only the first plan's read: %v", n, env.Emulator.Counts())
	}
}

func TestFleetPlanWarnings(t *testing.T) {
	t.Parallel()
	h := newProtocolHarness(t, newAccEnv(t))
	expectDiagnostic(t, h.plan(fleetType, nil, map[string]any{"network_access_profile": someNAP}),
		tfprotov6.DiagnosticSeverityWarning, "New Fleet without a unique_name", "generated", "killed", "second Fleet", "Set unique_name")
	expectDiagnostic(t, h.plan(fleetType, fleetPrior("trackers", someNAP, someNAP), nil),
		tfprotov6.DiagnosticSeverityWarning, "Destroy leaves the Fleet in place", "Fleet trackers ("+someFleet+")", "keep using Network Access Profile "+someNAP)
	diags := deleteWithState(t, NewFleetResource(), map[string]string{"id": someFleet, "sid": someFleet}).Diagnostics
	if diags.HasError() || diags.WarningsCount() != 1 || !strings.Contains(diags.Warnings()[0].Detail(), "removed from Terraform state only") {
		t.Fatalf("delete diagnostics = %v", diags)
	}
}

func TestNAPDestroyWarningNamesTheFleetsUsingIt(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	nap := env.profiles(t, map[string][]string{"busy": {attUS}, "idle": nil})
	a, _ := env.Emulator.CreateFleet(nap["busy"], "trackers")
	b, _ := env.Emulator.CreateFleet(nap["busy"], "")
	h := newProtocolHarness(t, env)
	expectDiagnostic(t, h.plan(napType, napPrior(nap["busy"], "busy", attUS), nil), tfprotov6.DiagnosticSeverityWarning,
		"Destroy leaves the Network Access Profile in place", "2 Fleets still use this profile", "until they move",
		"Fleet trackers ("+a+")", "Fleet "+b)
	for _, d := range h.plan(napType, napPrior(nap["idle"], "idle"), nil) {
		if strings.Contains(d.Detail, "Fleets") {
			t.Fatalf("an unused profile's warning names Fleets: %s", d.Detail)
		}
	}
	if n := env.Emulator.Counts()[emulator.RouteListFleets]; n != 2 {
		t.Fatalf("%d Fleet lists for two destroy plans, want 2", n)
	}
}

// stringAttr reads a string attribute of an object value.
func stringAttr(t *testing.T, obj tftypes.Value, name string) string {
	t.Helper()
	var attrs map[string]tftypes.Value
	if err := obj.As(&attrs); err != nil {
		t.Fatal(err)
	}
	var s string
	if err := attrs[name].As(&s); err != nil {
		t.Fatal(err)
	}
	return s
}
