package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

func TestAccFleetDataSource_bySIDAndUniqueName(t *testing.T) {
	created := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	env, _ := newDSClockedEnv(t, created)
	nap := dsCreateNAP(t, env, dsStrPtr("iot"), attUS)
	const name = "trackers eu/prod #1"
	sid, err := env.Emulator.CreateFleet(nap, name)
	if err != nil {
		t.Fatal(err)
	}
	want := func(addr string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(sid)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("sid"), knownvalue.StringExact(sid)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("unique_name"), knownvalue.StringExact(name)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("network_access_profile_sid"), knownvalue.StringExact(nap)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("data_enabled"), knownvalue.Bool(true)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("data_limit"), knownvalue.Int64Exact(1000)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("data_metering"), knownvalue.StringExact("payg")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("sms_commands_enabled"), knownvalue.Bool(true)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("sms_commands_url"), knownvalue.Null()),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("sms_commands_method"), knownvalue.StringExact("POST")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("ip_commands_url"), knownvalue.Null()),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("ip_commands_method"), knownvalue.StringExact("POST")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("account_sid"), knownvalue.StringExact(env.AccountSID)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("date_created"), knownvalue.StringExact("2024-03-01T12:00:00Z")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("date_updated"), knownvalue.StringExact("2024-03-01T12:00:00Z")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("url"), knownvalue.StringExact(env.URL+"/v1/Fleets/"+sid)),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(fmt.Sprintf(`
data "supersim_fleet" "by_sid" {
  sid = %q
}

data "supersim_fleet" "by_name" {
  unique_name = %q
}
`, sid, name)),
			ConfigStateChecks: append(want("data.supersim_fleet.by_sid"), want("data.supersim_fleet.by_name")...),
		}},
	})
}

func TestAccFleetDataSource_errors(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:      env.config(`data "supersim_fleet" "x" { unique_name = "nope" }`),
				ExpectError: expectText("Fleet not found", `No Fleet with the unique name "nope"`, "supersim_fleets"),
			},
			{
				Config:      env.config(`data "supersim_fleet" "x" { sid = "HF0123456789abcdef0123456789abcdef" }`),
				ExpectError: expectText("Fleet not found", `No Fleet with the SID "HF0123456789abcdef0123456789abcdef"`),
			},
			{
				Config:      env.config(`data "supersim_fleet" "x" {}`),
				ExpectError: expectText("sid (by its SID); or unique_name (by its unique name)"),
			},
		},
	})
}
