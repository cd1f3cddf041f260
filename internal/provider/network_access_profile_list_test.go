package provider

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/supersim-tf/terraform-provider-supersim/internal/tfcli"
)

// `terraform query` and list blocks need Terraform 1.14.
var queryCLI = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)}

func TestAccQuery_listsProfilesWithTheirNetworks(t *testing.T) {
	env := newAccEnv(t)
	fleetA, fleetB, other := "fleet-a", "fleet-b", "lab"
	sidA, _ := env.Emulator.CreateNAP(&fleetA, []string{attUS, eeGB})
	sidB, _ := env.Emulator.CreateNAP(&fleetB, nil)
	_, _ = env.Emulator.CreateNAP(&other, []string{vodafoneGB})
	_, _ = env.Emulator.CreateNAP(nil, []string{telekomDE})
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   queryCLI,
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: env.providerBlock()},
			{
				// The query file sits beside the first step's configuration,
				// whose provider block it uses.
				Query: true,
				Config: `
list "supersim_network_access_profile" "all" {
  provider = supersim
}

list "supersim_network_access_profile" "fleets" {
  provider         = supersim
  include_resource = true
  config {
    unique_name_prefix = "fleet-"
  }
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("supersim_network_access_profile.all", 4),
					querycheck.ExpectLength("supersim_network_access_profile.fleets", 2),
					querycheck.ExpectIdentity("supersim_network_access_profile.fleets", map[string]knownvalue.Check{"sid": knownvalue.StringExact(sidB)}),
					querycheck.ExpectResourceDisplayName("supersim_network_access_profile.fleets",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"sid": knownvalue.StringExact(sidA)}),
						knownvalue.StringExact("fleet-a ("+sidA+")")),
					querycheck.ExpectResourceKnownValues("supersim_network_access_profile.fleets",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"sid": knownvalue.StringExact(sidA)}),
						[]querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("unique_name"), KnownValue: knownvalue.StringExact("fleet-a")},
							{Path: tfjsonpath.New("networks"), KnownValue: knownSet(attUS, eeGB)},
						}),
				},
			},
		},
	})
}

func TestAccQuery_listsTheNetworksOfAProfileByName(t *testing.T) {
	env := newAccEnv(t)
	name := "eu roaming"
	sid, _ := env.Emulator.CreateNAP(&name, []string{eeGB, vodafoneGB})
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   queryCLI,
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: env.providerBlock()},
			{
				Query: true,
				Config: fmt.Sprintf(`
list "supersim_network_access_profile_network" "eu" {
  provider         = supersim
  include_resource = true
  config {
    network_access_profile_sid = %q
  }
}
`, name),
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("supersim_network_access_profile_network.eu", 2),
					querycheck.ExpectIdentity("supersim_network_access_profile_network.eu", map[string]knownvalue.Check{
						"network_access_profile_sid": knownvalue.StringExact(sid),
						"network_sid":                knownvalue.StringExact(vodafoneGB),
					}),
					querycheck.ExpectResourceDisplayName("supersim_network_access_profile_network.eu",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{
							"network_access_profile_sid": knownvalue.StringExact(sid),
							"network_sid":                knownvalue.StringExact(eeGB),
						}),
						knownvalue.StringExact("EE (GB, 234-30, "+eeGB+")")),
				},
			},
		},
	})
}

// The adoption story, run as a user would: an account with 60 profiles and
// 5 Fleets made in the Console, one query file, and two commands. The
// generated configuration imports every profile with its networks and unique
// name and every Fleet with its settings, changes nothing, and plans clean
// afterwards.
func TestAccCLI_adoptSixtyProfilesAndTheirFleetsWithOneQueryAndTwoCommands(t *testing.T) {
	t.Parallel()
	tfcli.SkipBelow(t, "1.14.0")
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	env := newAccEnv(t)
	catalog := catalogSIDs(env, 12)
	for i := range 60 {
		name := fmt.Sprintf("fleet-%02d", i)
		nets := catalog[i%6 : i%6+1+i%7]
		if i%10 == 9 {
			// Some profiles never got a name in the Console.
			if _, err := env.Emulator.CreateNAP(nil, nets); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if _, err := env.Emulator.CreateNAP(&name, nets); err != nil {
			t.Fatal(err)
		}
	}
	// Five Fleets put some of those profiles to work.
	for i := range 5 {
		if _, err := env.Emulator.CreateFleet(fmt.Sprintf("fleet-%02d", i), fmt.Sprintf("devices-%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	w := tfcli.NewWorkdir(t)
	w.WriteConfig("main.tf", tfcli.ProviderBlock(env.URL, env.AccountSID, env.AuthToken))
	query, err := os.ReadFile("../../examples/adopt-account/adopt.tfquery.hcl")
	if err != nil {
		t.Fatal(err)
	}
	w.WriteConfig("adopt.tfquery.hcl", string(query))
	writes := env.writes()

	w.RunOK(ctx, "query", "-generate-config-out=generated.tf")
	generated, err := os.ReadFile(w.Dir + "/generated.tf")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(generated), "import {"); n != 65 {
		t.Fatalf("%d import blocks generated, want 65 (60 profiles, 5 Fleets):\n%s", n, generated)
	}
	if !strings.Contains(string(generated), `unique_name = "fleet-00"`) || !strings.Contains(string(generated), "networks") {
		t.Fatalf("the generated resources lack unique_name or networks:\n%s", generated)
	}

	plan := w.RunOK(ctx, "plan")
	if !regexp.MustCompile(`Plan: 65 to import, 0 to add, 0 to change, 0 to destroy`).MatchString(plan.Output) {
		t.Fatalf("the first plan is not 65 imports and nothing else:\n%s", plan)
	}
	w.RunOK(ctx, "apply", "-auto-approve")
	empty, out, err := w.PlanIsEmpty(ctx)
	if err != nil || !empty {
		t.Fatalf("the plan after adopting is not empty (%v):\n%s", err, out)
	}
	if n := env.writes() - writes; n != 0 {
		t.Fatalf("adopting the account made %d writes, want none", n)
	}
	if n := len(env.Emulator.NetworkAccessProfiles()); n != 60 {
		t.Fatalf("%d profiles, want the 60", n)
	}
}

func TestAccQuery_listsFleetsByProfile(t *testing.T) {
	env := newAccEnv(t)
	nap := env.profiles(t, map[string][]string{"trackers": {attUS}, "meters": {eeGB}})
	trackers, _ := env.Emulator.CreateFleet(nap["trackers"], "trackers-fleet")
	_, _ = env.Emulator.CreateFleet(nap["meters"], "meters-fleet")
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   queryCLI,
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: env.providerBlock()},
			{
				Query: true,
				Config: `
list "supersim_fleet" "all" {
  provider = supersim
}

list "supersim_fleet" "trackers" {
  provider         = supersim
  include_resource = true
  config {
    network_access_profile = "trackers"
  }
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("supersim_fleet.all", 2),
					querycheck.ExpectLength("supersim_fleet.trackers", 1),
					querycheck.ExpectIdentity("supersim_fleet.trackers", map[string]knownvalue.Check{"sid": knownvalue.StringExact(trackers)}),
					querycheck.ExpectResourceKnownValues("supersim_fleet.trackers",
						queryfilter.ByResourceIdentity(map[string]knownvalue.Check{"sid": knownvalue.StringExact(trackers)}),
						[]querycheck.KnownValueCheck{
							{Path: tfjsonpath.New("network_access_profile"), KnownValue: knownvalue.StringExact(nap["trackers"])},
							{Path: tfjsonpath.New("unique_name"), KnownValue: knownvalue.StringExact("trackers-fleet")},
						}),
				},
			},
		},
	})
}
