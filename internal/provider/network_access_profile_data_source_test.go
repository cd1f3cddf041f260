package provider

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/supersim-tf/terraform-provider-supersim/internal/emulator"
)

// dsClock is a settable clock for the emulator, so timestamps can be checked
// exactly.
type dsClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *dsClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *dsClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// newDSClockedEnv starts an emulator whose clock reads start until changed.
func newDSClockedEnv(t *testing.T, start time.Time) (*accEnv, *dsClock) {
	clock := &dsClock{now: start}
	return newAccEnv(t, func(o *emulator.Options) { o.Now = clock.Now }), clock
}

func dsCreateNAP(t *testing.T, env *accEnv, name *string, networks ...string) string {
	t.Helper()
	sid, err := env.Emulator.CreateNAP(name, networks)
	if err != nil {
		t.Fatalf("creating a NAP in the emulator: %v", err)
	}
	return sid
}

func dsStrPtr(s string) *string { return &s }

func TestAccNetworkAccessProfileDataSource_bySIDAndUniqueName(t *testing.T) {
	created := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	env, clock := newDSClockedEnv(t, created)
	// A name with a space, a slash and a hash tests path escaping.
	const name = "fleet eu/prod #1"
	sid := dsCreateNAP(t, env, dsStrPtr("draft"), telekomDE, eeGB, attUS)
	clock.Set(created.Add(90 * time.Minute))
	if err := env.Emulator.RenameNAP(sid, name); err != nil {
		t.Fatal(err)
	}

	want := func(addr string) []statecheck.StateCheck {
		return []statecheck.StateCheck{
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(sid)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("sid"), knownvalue.StringExact(sid)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("unique_name"), knownvalue.StringExact(name)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("account_sid"), knownvalue.StringExact(env.AccountSID)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("date_created"), knownvalue.StringExact("2024-03-01T12:00:00Z")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("date_updated"), knownvalue.StringExact("2024-03-01T13:30:00Z")),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("url"), knownvalue.StringExact(env.URL+"/v1/NetworkAccessProfiles/"+sid)),
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("network_sids"), knownSet(attUS, eeGB, telekomDE)),
			// Ordered by country: DE, GB, US.
			statecheck.ExpectKnownValue(addr, tfjsonpath.New("networks"), knownvalue.ListExact([]knownvalue.Check{
				dsNetwork(telekomDE, "Telekom Deutschland", "DE", "262-01"),
				dsNetwork(eeGB, "EE", "GB", "234-30", "234-33"),
				dsNetwork(attUS, "AT&T", "US", "310-410", "310-150"),
			})),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(fmt.Sprintf(`
data "supersim_network_access_profile" "by_sid" {
  sid = %q
}

data "supersim_network_access_profile" "by_name" {
  unique_name = %q
}
`, sid, name)),
			ConfigStateChecks: append(want("data.supersim_network_access_profile.by_sid"), want("data.supersim_network_access_profile.by_name")...),
		}},
	})
}

func TestAccNetworkAccessProfileDataSource_withoutNameOrNetworks(t *testing.T) {
	env := newAccEnv(t)
	sid := dsCreateNAP(t, env, nil)
	const addr = "data.supersim_network_access_profile.bare"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(fmt.Sprintf(`
data "supersim_network_access_profile" "bare" {
  sid = %q
}
`, sid)),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("sid"), knownvalue.StringExact(sid)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("unique_name"), knownvalue.Null()),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("network_sids"), knownvalue.SetSizeExact(0)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("networks"), knownvalue.ListSizeExact(0)),
			},
		}},
	})
}

// TestAccNetworkAccessProfileDataSource_followsChanges reads a profile that
// changes out of band between runs, then disappears.
func TestAccNetworkAccessProfileDataSource_followsChanges(t *testing.T) {
	env := newAccEnv(t)
	sid := dsCreateNAP(t, env, dsStrPtr("fleet-us"), attUS)
	const addr = "data.supersim_network_access_profile.us"
	config := env.config(`
data "supersim_network_access_profile" "us" {
  unique_name = "fleet-us"
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("network_sids"), knownSet(attUS)),
			},
		}, {
			PreConfig: func() {
				if err := env.Emulator.AddNAPNetwork(sid, verizonUS); err != nil {
					t.Fatal(err)
				}
			},
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("network_sids"), knownSet(attUS, verizonUS)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("networks"), knownvalue.ListExact([]knownvalue.Check{
					dsNetwork(attUS, "AT&T", "US", "310-410", "310-150"),
					dsNetwork(verizonUS, "Verizon Wireless", "US", "311-480"),
				})),
			},
		}, {
			PreConfig: func() {
				if err := env.Emulator.DeleteNAP(sid); err != nil {
					t.Fatal(err)
				}
			},
			Config:      config,
			ExpectError: expectText("Network Access Profile not found", `No Network Access Profile with the unique name "fleet-us" exists`),
		}},
	})
}

func TestAccNetworkAccessProfileDataSource_notFound(t *testing.T) {
	env := newAccEnv(t)
	eu := dsCreateNAP(t, env, dsStrPtr("fleet-eu"), eeGB)
	euProd := dsCreateNAP(t, env, dsStrPtr("fleet-eu-prod"), eeGB)
	dsCreateNAP(t, env, dsStrPtr("asset-trackers"))
	const missing = "HA0123456789abcdef0123456789abcdef"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(fmt.Sprintf(`
data "supersim_network_access_profile" "x" {
  sid = %q
}
`, missing)),
			ExpectError: expectText("Network Access Profile not found",
				"No Network Access Profile with the SID "+missing+" exists in the account the provider is configured for",
				"deleted in the Twilio Console", "supersim_network_access_profiles data source"),
		}, {
			// Unique names are case-sensitive; the close ones are suggested,
			// closest first, and unrelated ones are not.
			Config: env.config(`
data "supersim_network_access_profile" "x" {
  unique_name = "Fleet-EU"
}
`),
			ExpectError: expectText("Network Access Profile not found",
				`No Network Access Profile with the unique name "Fleet-EU" exists`, "must match exactly, including case",
				"Profiles with similar names:", `"fleet-eu" (`+eu+`)`, `"fleet-eu-prod" (`+euProd+`)`,
				"look the profile up by sid instead", "supersim_network_access_profiles data source"),
		}, {
			Config: env.config(`
data "supersim_network_access_profile" "x" {
  unique_name = "weather-stations"
}
`),
			ExpectError: expectText(`No Network Access Profile with the unique name "weather-stations" exists`,
				"including case. Check the name"),
		}},
	})
}

func TestAccNetworkAccessProfileDataSource_invalidArguments(t *testing.T) {
	env := newAccEnv(t)
	step := func(body string, want ...string) resource.TestStep {
		return resource.TestStep{
			Config:      env.config("data \"supersim_network_access_profile\" \"x\" {\n" + body + "}\n"),
			PlanOnly:    true,
			ExpectError: expectText(want...),
		}
	}
	ways := "sid (by its SID); or unique_name (by its unique name)"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			step(fmt.Sprintf("  sid = %q\n", eeGB), "Invalid SID", "a Network Access Profile SID matching", eeGB),
			step(`  sid = "HAxyz"`+"\n", "Invalid SID", `got "HAxyz"`),
			step(`  unique_name = "HA0123456789abcdef0123456789abcdef"`+"\n", "that is a profile SID, not a unique name; set sid instead"),
			step(`  unique_name = ""`+"\n", "unique_name string length must be at least 1"),
			step("", "Missing Network Access Profile lookup arguments", ways),
			step("  sid = \"HA0123456789abcdef0123456789abcdef\"\n  unique_name = \"fleet-eu\"\n",
				"Conflicting Network Access Profile lookup arguments", "sid and unique_name were set together", ways),
		},
	})
	if n := env.Emulator.TotalRequests(); n != 0 {
		t.Errorf("invalid arguments made %d API requests; they must fail at plan time without any", n)
	}
}

func TestAccNetworkAccessProfileDataSource_unauthorized(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.badCredentials(`
data "supersim_network_access_profile" "x" {
  unique_name = "fleet-eu"
}
`),
			ExpectError: expectText(`Could not read the Network Access Profile with the unique name "fleet-eu"`, "HTTP 401", "refused the credentials"),
		}},
	})
}
