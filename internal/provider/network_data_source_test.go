package provider

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/supersim-tf/terraform-provider-supersim/internal/emulator"
	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

// dsNetworkAttrs checks the computed attributes of a supersim_network.
func dsNetworkAttrs(addr, sid, name, country string, pairs ...string) []statecheck.StateCheck {
	ids := make([]knownvalue.Check, len(pairs))
	for i, p := range pairs {
		mcc, mnc, _ := strings.Cut(p, "-")
		ids[i] = knownvalue.ObjectExact(map[string]knownvalue.Check{
			"mcc": knownvalue.StringExact(mcc),
			"mnc": knownvalue.StringExact(mnc),
		})
	}
	return []statecheck.StateCheck{
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("sid"), knownvalue.StringExact(sid)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("friendly_name"), knownvalue.StringExact(name)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("iso_country"), knownvalue.StringExact(country)),
		statecheck.ExpectKnownValue(addr, tfjsonpath.New("identifiers"), knownvalue.ListExact(ids)),
	}
}

func TestAccNetworkDataSource_bySID(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(fmt.Sprintf(`
data "supersim_network" "ee" {
  sid = %q
}
`, eeGB)),
			ConfigStateChecks: append(dsNetworkAttrs("data.supersim_network.ee", eeGB, "EE", "GB", "234-30", "234-33"),
				statecheck.ExpectKnownValue("data.supersim_network.ee", tfjsonpath.New("mcc"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.supersim_network.ee", tfjsonpath.New("mnc"), knownvalue.Null()),
			),
		}},
	})
}

// Lookups share the provider's one read of the catalog: a configuration
// that looks up six networks, by SID, MCC-MNC and name, reads it as often
// as one that looks up a single network (once per provider process), and
// fetches no network on its own. An exported account looks up every
// network its profiles allow.
func TestAccNetworkDataSource_lookupsShareOneCatalogRead(t *testing.T) {
	lookups := map[int]string{
		1: fmt.Sprintf("data \"supersim_network\" \"a\" {\n  sid = %q\n}\n", eeGB),
		6: fmt.Sprintf(`
data "supersim_network" "a" {
  sid = %q
}
data "supersim_network" "b" {
  sid = %q
}
data "supersim_network" "c" {
  mcc = "310"
  mnc = "410"
}
data "supersim_network" "d" {
  mcc = "262"
  mnc = "01"
}
data "supersim_network" "e" {
  friendly_name = "Vodafone UK"
  iso_country   = "GB"
}
data "supersim_network" "f" {
  friendly_name = "t-mobile"
  iso_country   = "us"
}
`, eeGB, verizonUS),
	}
	reads := map[int]int{}
	for n, hcl := range lookups {
		env := newAccEnv(t)
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testProviders,
			Steps:                    []resource.TestStep{{Config: env.config(hcl)}},
		})
		counts := env.Emulator.Counts()
		if counts[emulator.RouteFetchNetwork] != 0 {
			t.Errorf("%d lookups fetched %d networks one by one", n, counts[emulator.RouteFetchNetwork])
		}
		reads[n] = counts[emulator.RouteListNetworks]
	}
	if reads[6] != reads[1] || reads[1] == 0 {
		t.Fatalf("6 lookups read the catalog %d times, 1 lookup %d times; want the same, one read per provider process", reads[6], reads[1])
	}
}

func TestAccNetworkDataSource_byMCCMNC(t *testing.T) {
	env := newAccEnv(t)
	checks := dsNetworkAttrs("data.supersim_network.tmobile", tmobileUS, "T-Mobile", "US", "310-260", "310-160", "311-490")
	// A secondary identifier finds the network as well as its first one.
	checks = append(checks, dsNetworkAttrs("data.supersim_network.ee_secondary", eeGB, "EE", "GB", "234-30", "234-33")...)
	checks = append(checks, dsNetworkAttrs("data.supersim_network.telcel", network("334", "020"), "Telcel", "MX", "334-020")...)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(`
data "supersim_network" "tmobile" {
  mcc = "310"
  mnc = "260"
}

data "supersim_network" "ee_secondary" {
  mcc = "234"
  mnc = "33"
}

data "supersim_network" "telcel" {
  mcc = "334"
  mnc = "020"
}
`),
			ConfigStateChecks: append(checks,
				statecheck.ExpectKnownValue("data.supersim_network.tmobile", tfjsonpath.New("mcc"), knownvalue.StringExact("310")),
				statecheck.ExpectKnownValue("data.supersim_network.tmobile", tfjsonpath.New("mnc"), knownvalue.StringExact("260")),
			),
		}},
	})
}

func TestAccNetworkDataSource_byName(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(`
data "supersim_network" "vodafone" {
  friendly_name = "Vodafone UK"
  iso_country   = "GB"
}

# Names match ignoring case; the country may be lower case. The state
# holds the catalog's spelling of both.
data "supersim_network" "telekom" {
  friendly_name = "telekom deutschland"
  iso_country   = "de"
}

data "supersim_network" "att" {
  friendly_name = "AT&T"
  iso_country   = "US"
}
`),
			ConfigStateChecks: slices.Concat(
				dsNetworkAttrs("data.supersim_network.vodafone", vodafoneGB, "Vodafone UK", "GB", "234-15"),
				dsNetworkAttrs("data.supersim_network.telekom", telekomDE, "Telekom Deutschland", "DE", "262-01"),
				dsNetworkAttrs("data.supersim_network.att", attUS, "AT&T", "US", "310-410", "310-150"),
			),
		}},
	})
}

func TestAccNetworkDataSource_nameNotFoundListsCandidates(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(`
data "supersim_network" "x" {
  friendly_name = "Vodafone"
  iso_country   = "GB"
}
`),
			// "Vodafone UK" contains the name and comes first; the others
			// follow by edit distance (EE and O2 UK 7, Three UK 8).
			ExpectError: expectText(
				"No network with this name in this country",
				`No network named "Vodafone" is in GB`, "ignoring case",
				"closest names first",
				vodafoneGB, `"Vodafone UK"`, "(GB; 234-15)",
				`"EE"`, `"O2 UK"`, `"Three UK"`,
				"Set friendly_name to one of these names, or look the network up by sid",
			),
		}, {
			// A name from another country is not found in this one.
			Config: env.config(`
data "supersim_network" "x" {
  friendly_name = "Telekom Deutschland"
  iso_country   = "FR"
}
`),
			ExpectError: expectText(`No network named "Telekom Deutschland" is in FR`, `"Orange France"`),
		}},
	})
}

func TestAccNetworkDataSource_nameInLargeCountryIsCapped(t *testing.T) {
	env := newAccEnv(t, func(o *emulator.Options) { o.CatalogSize = 400 })
	// 360 generated networks over 12 countries: 30 in GB, plus its 4 real ones.
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(`
data "supersim_network" "x" {
  friendly_name = "Generated Operator 0013"
  iso_country   = "GB"
}
`),
			ExpectError: expectText(`No network named "Generated Operator 0013" is in GB`,
				`"Generated Operator 0014"`, "… and 24 more",
				`The supersim_networks data source with iso_country = "GB" lists all 34`),
		}},
	})
}

func TestAccNetworkDataSource_countryWithoutNetworks(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(`
data "supersim_network" "x" {
  friendly_name = "EE"
  iso_country   = "aq"
}
`),
			ExpectError: expectText("No networks in this country", `No network named "EE" is in AQ`, "no networks in AQ at all"),
		}},
	})
}

// UK is not an ISO code: the plan fails and names the right one, before
// any request, instead of matching nothing.
func TestAccNetworkDataSources_UKIsAnErrorThatSaysGB(t *testing.T) {
	env := newAccEnv(t)
	for name, hcl := range map[string]string{
		"supersim_network":  "data \"supersim_network\" \"x\" {\n  friendly_name = \"EE\"\n  iso_country   = \"uk\"\n}\n",
		"supersim_networks": "data \"supersim_networks\" \"x\" {\n  iso_country = \"UK\"\n}\n",
	} {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config:      env.config(hcl),
					PlanOnly:    true,
					ExpectError: expectText("Not a country code", "is not an ISO 3166-1 alpha-2 country code", `Use "GB"`),
				}},
			})
		})
	}
	if n := env.Emulator.TotalRequests(); n != 0 {
		t.Fatalf("%d requests: the mistake must be caught at plan time", n)
	}
}

func TestAccNetworkDataSource_mccMncNotFoundListsCandidates(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(`
data "supersim_network" "x" {
  mcc = "234"
  mnc = "31"
}
`),
			// Closest MNC first: EE (30), Three UK (20), Vodafone UK (15), O2 UK (10).
			ExpectError: expectText("No network has this MCC-MNC pair",
				"No network in the Super SIM Networks catalog has the MCC-MNC pair 234-31",
				"These networks have the MCC 234",
				eeGB, `"EE" (GB; 234-30, 234-33)`,
				threeGB, `"Three UK"`, vodafoneGB, `"Vodafone UK"`, o2GB, `"O2 UK"`,
				"Set mnc to one of their codes, or look the network up by sid"),
		}, {
			Config: env.config(`
data "supersim_network" "x" {
  mcc = "999"
  mnc = "01"
}
`),
			ExpectError: expectText("MCC-MNC pair 999-01", "No network has the MCC 999 either"),
		}},
	})
}

func TestAccNetworkDataSource_unknownSID(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(fmt.Sprintf(`
data "supersim_network" "x" {
  sid = %q
}
`, unknownHWID)),
			ExpectError: expectText("Network not found", "No network with the SID "+unknownHWID+" is in the Super SIM Networks catalog",
				"supersim_networks data source"),
		}},
	})
}

func TestAccNetworkDataSource_invalidArguments(t *testing.T) {
	env := newAccEnv(t)
	step := func(body string, want ...string) resource.TestStep {
		return resource.TestStep{
			Config:      env.config("data \"supersim_network\" \"x\" {\n" + body + "}\n"),
			PlanOnly:    true,
			ExpectError: expectText(want...),
		}
	}
	ways := "sid (by its SID); or mcc and mnc (by its MCC-MNC pair); or friendly_name and iso_country (by its name within a country)"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			step(`  sid = "HW123"`+"\n", "Invalid SID", "a Network SID matching", `got "HW123"`),
			step(`  sid = "HA0123456789abcdef0123456789abcdef"`+"\n", "Invalid SID", "a Network SID"),
			step("", "Missing network lookup arguments", "Say which network to find, in exactly one of these ways:", ways),
			step(`  mcc = "234"`+"\n", "Incomplete network lookup", "by its MCC-MNC pair, set both mcc and mnc. mnc is missing."),
			step(`  mnc = "30"`+"\n", "Incomplete network lookup", "mcc is missing."),
			step(`  friendly_name = "EE"`+"\n", "Incomplete network lookup", "set both friendly_name and iso_country. iso_country is missing."),
			step(`  iso_country = "GB"`+"\n", "Incomplete network lookup", "friendly_name is missing."),
			step(fmt.Sprintf("  sid = %q\n  mcc = \"234\"\n  mnc = \"30\"\n", eeGB),
				"Conflicting network lookup arguments", "sid, mcc and mnc were set together", "Use exactly one way: "+ways),
			step("  mcc = \"234\"\n  mnc = \"30\"\n  iso_country = \"GB\"\n",
				"Conflicting network lookup arguments", "mcc, mnc and iso_country were set together"),
			step(fmt.Sprintf("  sid = %q\n  friendly_name = \"EE\"\n", eeGB),
				"Conflicting network lookup arguments", "sid and friendly_name were set together"),
			step(`  mcc = "23"`+"\n"+`  mnc = "30"`+"\n", "mobile country code of exactly three digits"),
			step(`  friendly_name = "EE"`+"\n"+`  iso_country = "GBR"`+"\n", `"GBR" is not an ISO 3166-1 alpha-2 country code`, "such as GB, DE or US"),
		},
	})
	if n := env.Emulator.TotalRequests(); n != 0 {
		t.Errorf("invalid arguments made %d API requests; they must fail at plan time without any", n)
	}
}

// duplicateEE makes the catalog hold a second "EE" in GB with the same
// MCC-MNC pairs, which the emulator's catalog cannot express.
func duplicateEE(networks []map[string]any) []map[string]any {
	for _, n := range networks {
		if n["friendly_name"] == "EE" {
			dup := map[string]any{}
			for k, v := range n {
				dup[k] = v
			}
			dup["sid"] = eeTwin
			dup["friendly_name"] = "ee"
			return append(networks, dup)
		}
	}
	return networks
}

const eeTwin = "HWeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"

func TestAccNetworkDataSource_severalMatches(t *testing.T) {
	env := newAccEnv(t)
	tap := newDSTap(t, env, duplicateEE)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: tap.config(`
data "supersim_network" "x" {
  friendly_name = "EE"
  iso_country   = "GB"
}
`),
			ExpectError: expectText("Several networks match",
				`2 networks of the Super SIM Networks catalog match the name "EE" in GB`,
				eeGB, `"EE" (GB; 234-30, 234-33)`, eeTwin, `"ee" (GB; 234-30, 234-33)`,
				"supersim_network must find exactly one network", "look it up by its SID instead", `sid = "`+eeGB+`"`),
		}, {
			Config: tap.config(`
data "supersim_network" "x" {
  mcc = "234"
  mnc = "33"
}
`),
			ExpectError: expectText("Several networks match", "2 networks of the Super SIM Networks catalog match the MCC-MNC pair 234-33",
				eeGB, eeTwin, "look it up by its SID instead"),
		}, {
			// The other GB networks are still found.
			Config: tap.config(`
data "supersim_network" "x" {
  friendly_name = "O2 UK"
  iso_country   = "GB"
}
`),
			ConfigStateChecks: dsNetworkAttrs("data.supersim_network.x", o2GB, "O2 UK", "GB", "234-10"),
		}},
	})
}

func TestAccNetworkDataSource_apiErrors(t *testing.T) {
	env := newAccEnv(t)
	env.Emulator.InjectFault(emulator.Fault{Route: emulator.RouteListNetworks, Kind: emulator.FaultStatus, Status: http.StatusTooManyRequests})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.badCredentials(`
data "supersim_network" "x" {
  friendly_name = "EE"
  iso_country   = "GB"
}
`),
			ExpectError: expectText(`Could not list the networks of GB to find "EE"`, "HTTP 401", "refused the credentials"),
		}, {
			Config: fmt.Sprintf(`
provider "supersim" {
  base_url    = %q
  account_sid = %q
  auth_token  = %q
  max_retries = 0
}

data "supersim_network" "x" {
  sid = %q
}
`, env.URL, env.AccountSID, env.AuthToken, eeGB),
			ExpectError: expectText("Could not look up network "+eeGB+" in the Networks catalog", "HTTP 429", "rate limit"),
		}},
	})
}

func TestNetworkDataSource_rankByName(t *testing.T) {
	networks := []supersim.Network{
		{SID: "HW3", FriendlyName: "O2 UK"},
		{SID: "HW1", FriendlyName: "EE"},
		{SID: "HW2", FriendlyName: "Vodafone UK"},
		{SID: "HW4", FriendlyName: "Three UK"},
	}
	rankByName(networks, "vodafone")
	var got []string
	for _, n := range networks {
		got = append(got, n.FriendlyName)
	}
	if want := []string{"Vodafone UK", "EE", "O2 UK", "Three UK"}; !slices.Equal(got, want) {
		t.Errorf("rankByName(vodafone) = %q, want %q", got, want)
	}
}

func TestNetworkDataSource_editDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"ee", "", 2}, {"kitten", "sitting", 3}, {"o2 uk", "o2 de", 2}, {"é", "e", 1}} {
		if got := editDistance(c.a, c.b); got != c.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}
