package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccFleetsDataSource_allAndByProfile(t *testing.T) {
	t0 := time.Date(2023, 11, 5, 8, 0, 0, 0, time.UTC)
	env, clock := newDSClockedEnv(t, t0.Add(time.Hour))
	eu := dsCreateNAP(t, env, dsStrPtr("eu"), eeGB)
	us := dsCreateNAP(t, env, dsStrPtr("us"), attUS)
	// Listed in creation order by the API, newest first here by date.
	late, _ := env.Emulator.CreateFleet(eu, "late")
	clock.Set(t0)
	early, _ := env.Emulator.CreateFleet(us, "")
	other, _ := env.Emulator.CreateFleet(eu, "other")
	first, second := early, other
	if second < first {
		first, second = second, first
	}
	sids := func(list ...string) knownvalue.Check {
		checks := make([]knownvalue.Check, len(list))
		for i, sid := range list {
			checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"sid": knownvalue.StringExact(sid)})
		}
		return knownvalue.ListExact(checks)
	}
	config := env.config(`
data "supersim_fleets" "all" {}

data "supersim_fleets" "eu_by_name" {
  network_access_profile = "eu"
}

data "supersim_fleets" "us_by_sid" {
  network_access_profile = "` + us + `"
}

data "supersim_fleets" "unknown_profile" {
  network_access_profile = "nobody"
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.supersim_fleets.all", tfjsonpath.New("fleets"), sids(first, second, late)),
				statecheck.ExpectKnownValue("data.supersim_fleets.eu_by_name", tfjsonpath.New("fleets"), sids(other, late)),
				statecheck.ExpectKnownValue("data.supersim_fleets.us_by_sid", tfjsonpath.New("fleets"), sids(early)),
				statecheck.ExpectKnownValue("data.supersim_fleets.unknown_profile", tfjsonpath.New("fleets"), knownvalue.ListSizeExact(0)),
				statecheck.ExpectKnownValue("data.supersim_fleets.us_by_sid", tfjsonpath.New("fleets").AtSliceIndex(0), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"sid": knownvalue.StringExact(early), "unique_name": knownvalue.Null(),
					"network_access_profile_sid": knownvalue.StringExact(us),
					"data_enabled":               knownvalue.Bool(true), "data_limit": knownvalue.Int64Exact(1000),
					"data_metering": knownvalue.StringExact("payg"), "sms_commands_enabled": knownvalue.Bool(true),
					"sms_commands_url": knownvalue.Null(), "sms_commands_method": knownvalue.StringExact("POST"),
					"ip_commands_url": knownvalue.Null(), "ip_commands_method": knownvalue.StringExact("POST"),
					"account_sid": knownvalue.StringExact(env.AccountSID), "url": knownvalue.StringExact(env.URL + "/v1/Fleets/" + early),
					"date_created": knownvalue.StringExact("2023-11-05T08:00:00Z"), "date_updated": knownvalue.StringExact("2023-11-05T08:00:00Z"),
				})),
			},
		}, {
			Config:   config,
			PlanOnly: true,
		}},
	})
}
