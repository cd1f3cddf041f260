package main

import (
	"strings"
	"testing"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

func str(s string) *string { return &s }

// filterAccount has two profiles of team A, one of team B and one without
// a name, and Fleets on either side of the filter.
func filterAccount() *account {
	naps := []supersim.NetworkAccessProfile{
		{SID: "HA000000000000000000000000000000a1", UniqueName: str("team-a-core")},
		{SID: "HA000000000000000000000000000000a2", UniqueName: str("team-a-edge")},
		{SID: "HA000000000000000000000000000000b1", UniqueName: str("team-b")},
		{SID: "HA000000000000000000000000000000c1"},
	}
	acct := &account{all: naps, catalog: testCatalog}
	networks := map[string][]string{
		"HA000000000000000000000000000000a1": {"HW00000000000000000000000000000001", "HW00000000000000000000000000000002"},
		"HA000000000000000000000000000000a2": {"HW00000000000000000000000000000001"},
		"HA000000000000000000000000000000b1": {"HW00000000000000000000000000000005"},
		"HA000000000000000000000000000000c1": {"HW00000000000000000000000000000006"},
	}
	for _, nap := range naps {
		acct.profiles = append(acct.profiles, profile{NetworkAccessProfile: nap, networks: links(networks[nap.SID]...)})
	}
	acct.fleets = []supersim.Fleet{
		{SID: "HF000000000000000000000000000000a1", UniqueName: str("team-a-fleet"), NetworkAccessProfileSID: "HA000000000000000000000000000000b1"},
		{SID: "HF000000000000000000000000000000a2", UniqueName: str("team-a-core-fleet"), NetworkAccessProfileSID: "HA000000000000000000000000000000a1"},
		{SID: "HF000000000000000000000000000000b1", UniqueName: str("team-b-fleet"), NetworkAccessProfileSID: "HA000000000000000000000000000000b1"},
		{SID: "HF000000000000000000000000000000c1", NetworkAccessProfileSID: "HA000000000000000000000000000000c1"},
	}
	return acct
}

// filtered applies the name filter as readAccount does.
func filtered(acct *account, opts options) *account {
	out := *acct
	out.profiles = nil
	for _, p := range acct.profiles {
		if opts.keepsName(p.UniqueName) {
			out.profiles = append(out.profiles, p)
		}
	}
	return &out
}

func TestNamePrefixFiltersProfilesAndFleets(t *testing.T) {
	t.Parallel()
	opts := options{namePrefix: "team-a-"}
	exp, err := buildExport(filtered(filterAccount(), opts), opts)
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, p := range exp.profiles {
		labels = append(labels, p.label)
	}
	for _, f := range exp.fleets {
		labels = append(labels, f.label)
	}
	if got := strings.Join(labels, " "); got != "team_a_core team_a_edge team_a_core_fleet team_a_fleet" {
		t.Errorf("exported %s", got)
	}
	if exp.skippedFleets != 2 {
		t.Errorf("%d Fleets left out, want 2 (team B's and the one without a name)", exp.skippedFleets)
	}
	// team-a-fleet uses team B's profile, which is not exported.
	out := string(exp.render(stamp{}))
	for _, want := range []string{
		"network_access_profile = supersim_network_access_profile.team_a_core.sid",
		`network_access_profile = "HA000000000000000000000000000000b1"`,
		`# Its Network Access Profile HA000000000000000000000000000000b1 ("team-b") is not in this export`,
		`-name-prefix "team-a-"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the export lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "team-b-fleet") || strings.Contains(out, `unique_name = "team-b"`) {
		t.Errorf("the export holds team B's objects:\n%s", out)
	}
}

func TestProfilesOnlyLeavesTheFleetsOut(t *testing.T) {
	t.Parallel()
	exp, err := buildExport(filterAccount(), options{profilesOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(exp.fleets) != 0 || len(exp.profiles) != 4 || exp.imports() != 4 {
		t.Fatalf("%d profiles and %d Fleets, %d imports", len(exp.profiles), len(exp.fleets), exp.imports())
	}
	if out := string(exp.render(stamp{})); strings.Contains(out, "supersim_fleet") || !strings.Contains(out, "It holds 4 Network Access Profiles.") {
		t.Errorf("the export:\n%s", out)
	}
}

func TestLinksByNameOrSID(t *testing.T) {
	t.Parallel()
	for _, ref := range []string{"team-a-core", "HA000000000000000000000000000000a1"} {
		exp, err := buildExport(filterAccount(), options{links: []string{ref}})
		if err != nil {
			t.Fatal(err)
		}
		out := string(exp.render(stamp{}))
		for _, want := range []string{
			"resource \"supersim_network_access_profile\" \"team_a_core\" {\n  unique_name = \"team-a-core\"\n}",
			"resource \"supersim_network_access_profile_network\" \"team_a_core_vodafone_uk_gb\" {\n" +
				"  network_access_profile_sid = supersim_network_access_profile.team_a_core.sid\n" +
				"  network_sid                = data.supersim_network.vodafone_uk_gb.sid\n}",
			"import {\n  to = supersim_network_access_profile_network.team_a_core_ee_gb_234_33\n" +
				"  id = \"HA000000000000000000000000000000a1/HW00000000000000000000000000000002\"\n}",
			// The other profiles keep their lists.
			"resource \"supersim_network_access_profile\" \"team_a_edge\" {\n  unique_name = \"team-a-edge\"\n  networks = [",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("-links %s: the export lacks\n%s\nin\n%s", ref, want, out)
			}
		}
		if exp.imports() != 4+2+4 {
			t.Errorf("-links %s: %d imports, want 10 (4 profiles, 2 links, 4 Fleets)", ref, exp.imports())
		}
	}
}

func TestLinksErrorsNameTheFlagAndTheFix(t *testing.T) {
	t.Parallel()
	_, err := buildExport(filterAccount(), options{links: []string{"Team-A-Core"}})
	if err == nil || !strings.Contains(err.Error(), `-links "Team-A-Core": the account has no Network Access Profile with this SID or unique name`) ||
		!strings.Contains(err.Error(), "case-sensitive") {
		t.Errorf("a -links that names no profile: %v", err)
	}
	opts := options{namePrefix: "team-a-", links: []string{"team-b"}}
	_, err = buildExport(filtered(filterAccount(), opts), opts)
	if err == nil || !strings.Contains(err.Error(), `-links "team-b": profile HA000000000000000000000000000000b1 is not exported`) ||
		!strings.Contains(err.Error(), "change -name-prefix") {
		t.Errorf("a -links of a filtered profile: %v", err)
	}
}

func TestFleetSettingsAsTheResourceTakesThem(t *testing.T) {
	t.Parallel()
	no, yes := false, true
	acct := &account{
		all:      []supersim.NetworkAccessProfile{{SID: "HA000000000000000000000000000000a1", UniqueName: str("p")}},
		profiles: []profile{{NetworkAccessProfile: supersim.NetworkAccessProfile{SID: "HA000000000000000000000000000000a1", UniqueName: str("p")}}},
		fleets: []supersim.Fleet{
			{
				SID: "HF000000000000000000000000000000a1", UniqueName: str("full"), NetworkAccessProfileSID: "HA000000000000000000000000000000a1",
				DataEnabled: &no, DataLimit: 250, DataMetering: str("payg"), SMSCommandsEnabled: &yes,
				SMSCommandsURL: str("https://example.com/sms"), SMSCommandsMethod: str("GET"),
				IPCommandsURL: nil, IPCommandsMethod: str("POST"),
			},
			{
				// What the resource would refuse is left out: it then
				// reports what the API has, and the plan stays empty.
				SID: "HF000000000000000000000000000000a2", NetworkAccessProfileSID: "HA000000000000000000000000000000a1",
				DataLimit: 0, SMSCommandsURL: str("not a url"), SMSCommandsMethod: str("POST"),
				IPCommandsURL: str("https://example.com/ip"), IPCommandsMethod: str("post"),
			},
		},
	}
	exp, err := buildExport(acct, options{})
	if err != nil {
		t.Fatal(err)
	}
	out := string(exp.render(stamp{}))
	want := `resource "supersim_fleet" "full" {
  unique_name            = "full"
  network_access_profile = supersim_network_access_profile.p.sid
  data_limit             = 250
  sms_commands_url       = "https://example.com/sms"
  sms_commands_method    = "GET"

  # Set on create only: the API cannot change them, and another value fails the plan.
  data_enabled         = false
  sms_commands_enabled = true
}

# This Fleet has no unique name, so its label is its SID.
resource "supersim_fleet" "hf000000000000000000000000000000a2" {
  network_access_profile = supersim_network_access_profile.p.sid
  ip_commands_url        = "https://example.com/ip"
}
`
	if !strings.Contains(out, want) {
		t.Errorf("the Fleets are written as\n%s\nwant\n%s", out, want)
	}
	for _, never := range []string{"data_metering", "network_access_profile_sid", "account_sid", "date_"} {
		if strings.Contains(out, never) {
			t.Errorf("the export writes the computed attribute %s", never)
		}
	}
}
