package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/supersim-tf/terraform-provider-supersim/internal/emulator"
	"github.com/supersim-tf/terraform-provider-supersim/internal/tfcli"
)

// The plan says which SIMs a change cuts off, from the account's usage: a
// Fleet of six SIMs on a profile that allows Vodafone UK and EE.
//
//	sim-1, sim-2, sim-3  only Vodafone UK, yesterday
//	sim-4                Vodafone UK and EE, yesterday
//	sim-5                only EE, yesterday
//	sim-6                only Vodafone UK, 20 days ago
//
// Removing Vodafone UK strands sim-1 to sim-3 over a 7-day lookback, and
// sim-6 too over a 30-day one; sim-4 loses a network it used.

// shiftedClock runs behind the local clock by a settable amount, so that
// the emulator registers SIMs in the past and then takes usage of recent
// days.
type shiftedClock struct{ behind atomic.Int64 }

func (c *shiftedClock) Now() time.Time { return time.Now().Add(-time.Duration(c.behind.Load())) }

type impactAccount struct {
	t        *testing.T
	ctx      context.Context
	env      *accEnv
	w        *tfcli.Workdir
	fleetSID string
}

func newImpactAccount(t *testing.T) *impactAccount {
	ctx, cancel := context.WithTimeout(t.Context(), 4*time.Minute)
	t.Cleanup(cancel)
	clock := &shiftedClock{}
	clock.behind.Store(int64(40 * 24 * time.Hour))
	env := newAccEnv(t, func(o *emulator.Options) { o.Now = clock.Now })
	a := &impactAccount{t: t, ctx: ctx, env: env, w: tfcli.NewWorkdir(t)}
	e := env.Emulator
	eu, other := "trackers-eu", "trackers-ee-only"
	euSID, err := e.CreateNAP(&eu, []string{vodafoneGB, eeGB})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.CreateNAP(&other, []string{eeGB}); err != nil {
		t.Fatal(err)
	}
	if a.fleetSID, err = e.CreateFleet(euSID, "trackers"); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 6; i++ {
		sid, err := e.CreateSim(fmt.Sprintf("8988307000000000%03d", i))
		if err == nil {
			err = e.RenameSim(sid, fmt.Sprintf("sim-%d", i))
		}
		if err == nil {
			err = e.AssignSimToFleet(sid, "trackers")
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	clock.behind.Store(0)
	yesterday, longAgo := time.Now().Add(-24*time.Hour), time.Now().Add(-20*24*time.Hour)
	for _, u := range []emulator.Usage{
		{Sim: "sim-1", Network: vodafoneGB, DataUpload: 1000, DataDownload: 4000, Time: yesterday},
		{Sim: "sim-2", Network: vodafoneGB, DataUpload: 1000, DataDownload: 4000, Time: yesterday},
		{Sim: "sim-3", Network: vodafoneGB, DataUpload: 1000, DataDownload: 4000, Time: yesterday},
		{Sim: "sim-4", Network: vodafoneGB, DataUpload: 1000, DataDownload: 4000, Time: yesterday},
		{Sim: "sim-4", Network: eeGB, DataUpload: 1000, DataDownload: 4000, Time: yesterday},
		{Sim: "sim-5", Network: eeGB, DataUpload: 1000, DataDownload: 4000, Time: yesterday},
		{Sim: "sim-6", Network: vodafoneGB, DataUpload: 1000, DataDownload: 4000, Time: longAgo},
	} {
		if _, err := e.AddUsage(u); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

// write sets the configuration: the profile's networks, the Fleet's
// profile, and extra provider settings.
func (a *impactAccount) write(networks []string, fleetProfile string, providerExtra ...string) {
	a.w.WriteConfig("main.tf", tfcli.ProviderBlock(a.env.URL, a.env.AccountSID, a.env.AuthToken, providerExtra...)+fmt.Sprintf(`
import {
  to = supersim_network_access_profile.eu
  id = "trackers-eu"
}

import {
  to = supersim_fleet.trackers
  id = "trackers"
}

resource "supersim_network_access_profile" "eu" {
  unique_name = "trackers-eu"
  networks    = %s
}

resource "supersim_fleet" "trackers" {
  unique_name            = "trackers"
  network_access_profile = %s
}
`, hclSet(networks...), fleetProfile))
}

// plan runs terraform plan and returns its output and the usage and SIM
// requests it made.
func (a *impactAccount) plan() (out string, usageReads int) {
	a.t.Helper()
	a.env.Emulator.ResetCounts()
	res, err := a.w.Run(a.ctx, "plan")
	if err != nil || res.ExitCode != 0 {
		a.t.Fatalf("plan failed (%v):\n%s", err, res)
	}
	counts := a.env.Emulator.Counts()
	return res.Output, counts[emulator.RouteListUsageRecords] + counts[emulator.RouteListSims]
}

func TestAccCLI_planSaysWhichSIMsAChangeCutsOff(t *testing.T) {
	t.Parallel()
	a := newImpactAccount(t)
	fleetRef := "trackers (" + a.fleetSID + ")"

	// Adopted as it is: the plan removes nothing and reads no usage.
	a.write([]string{vodafoneGB, eeGB}, `supersim_network_access_profile.eu.sid`)
	a.w.RunOK(a.ctx, "apply", "-auto-approve")
	if out, reads := a.plan(); reads != 0 {
		t.Fatalf("a no-op plan made %d usage and SIM requests:\n%s", reads, out)
	}

	// Vodafone UK removed, 7 days back: 3 stranded, 4 affected.
	a.write([]string{eeGB}, `supersim_network_access_profile.eu.sid`)
	out, reads := a.plan()
	if !expectText("Warning: 3 SIMs of Fleet "+fleetRef+" lose every network they used",
		"removes 1 network from Network Access Profile trackers-eu", "last 7 days",
		"3 SIMs used only networks this plan removes", "sim-1 (8988307000000000001), sim-2 (8988307000000000002), sim-3 (8988307000000000003)",
		"4 SIMs used at least one of them", "20.0 kB went over them", "Vodafone UK (GB, 234-15").MatchString(out) {
		t.Fatalf("the plan does not name the SIMs the removal strands:\n%s", out)
	}
	if strings.Contains(out, "sim-6") || strings.Contains(out, "sim-5") {
		t.Fatalf("the 7-day warning names a SIM outside the lookback or not on the removed network:\n%s", out)
	}
	t.Logf("a removal plan made %d usage and SIM requests", reads)

	// The same over 30 days: sim-6 too.
	a.write([]string{eeGB}, `supersim_network_access_profile.eu.sid`, `impact_lookback = "720h"`)
	if out, _ := a.plan(); !expectText("Warning: 4 SIMs of Fleet "+fleetRef+" lose every network they used", "last 30 days", "sim-6").MatchString(out) {
		t.Fatalf("the 30-day plan does not count sim-6:\n%s", out)
	}

	// Turned off: no usage read, no warning.
	a.write([]string{eeGB}, `supersim_network_access_profile.eu.sid`, `impact_lookback = "0s"`)
	if out, reads := a.plan(); reads != 0 || strings.Contains(out, "lose every network") {
		t.Fatalf("impact_lookback = \"0s\" still read usage (%d requests) or warned:\n%s", reads, out)
	}

	// Moving the Fleet to a profile without Vodafone UK strands the same 3.
	a.write([]string{vodafoneGB, eeGB}, `"trackers-ee-only"`)
	if out, _ := a.plan(); !expectText("Warning: 3 SIMs of Fleet "+fleetRef+" lose every network they used",
		"moves Fleet "+fleetRef+" from Network Access Profile trackers-eu", "sim-1", "sim-2", "sim-3").MatchString(out) {
		t.Fatalf("the move plan does not name the SIMs it strands:\n%s", out)
	}
}

// The guard rail: the data source counts the same SIMs, a check block sees
// them, and a precondition fails the plan.
func TestAccCLI_impactDataSourceGuardsAStrandingChange(t *testing.T) {
	t.Parallel()
	a := newImpactAccount(t)
	a.w.WriteConfig("main.tf", tfcli.ProviderBlock(a.env.URL, a.env.AccountSID, a.env.AuthToken)+fmt.Sprintf(`
locals {
  proposed = [%q]
}

data "supersim_network_access_profile_impact" "week" {
  network_access_profile = "trackers-eu"
  networks               = local.proposed
}

data "supersim_network_access_profile_impact" "month" {
  network_access_profile = "trackers-eu"
  networks               = local.proposed
  lookback               = "720h"
}

check "no_stranded_sims" {
  assert {
    condition     = data.supersim_network_access_profile_impact.week.stranded_sims == 0
    error_message = "${data.supersim_network_access_profile_impact.week.stranded_sims} SIMs would lose every network they used."
  }
}

output "week" {
  value = data.supersim_network_access_profile_impact.week
}

output "month_stranded" {
  value = data.supersim_network_access_profile_impact.month.stranded_sims
}
`, eeGB))
	res := a.w.RunOK(a.ctx, "apply", "-auto-approve")
	if !expectText("Check block assertion failed", "3 SIMs would lose every network they used").MatchString(res.Output) {
		t.Fatalf("the check block did not see the stranded SIMs:\n%s", res)
	}
	out := a.w.RunOK(a.ctx, "output", "-json").Output
	var outputs struct {
		Week struct {
			Value struct {
				StrandedSims    int `json:"stranded_sims"`
				AffectedSims    int `json:"affected_sims"`
				RemovedNetworks []struct {
					SID          string `json:"sid"`
					FriendlyName string `json:"friendly_name"`
					DataBytes    int64  `json:"data_bytes"`
				} `json:"removed_networks"`
				Fleets []struct {
					SID             string   `json:"sid"`
					StrandedSimSIDs []string `json:"stranded_sim_sids"`
				} `json:"fleets"`
			} `json:"value"`
		} `json:"week"`
		MonthStranded struct {
			Value int `json:"value"`
		} `json:"month_stranded"`
	}
	if err := json.Unmarshal([]byte(out[strings.Index(out, "{"):]), &outputs); err != nil {
		t.Fatalf("outputs: %v\n%s", err, out)
	}
	week := outputs.Week.Value
	if week.StrandedSims != 3 || week.AffectedSims != 4 || outputs.MonthStranded.Value != 4 {
		t.Fatalf("stranded %d, affected %d over a week, stranded %d over a month; want 3, 4 and 4", week.StrandedSims, week.AffectedSims, outputs.MonthStranded.Value)
	}
	if len(week.RemovedNetworks) != 1 || week.RemovedNetworks[0].SID != vodafoneGB || week.RemovedNetworks[0].FriendlyName != "Vodafone UK" || week.RemovedNetworks[0].DataBytes != 20000 {
		t.Fatalf("removed networks %+v", week.RemovedNetworks)
	}
	if len(week.Fleets) != 1 || week.Fleets[0].SID != a.fleetSID || len(week.Fleets[0].StrandedSimSIDs) != 3 {
		t.Fatalf("fleets %+v", week.Fleets)
	}

	// A precondition turns the same count into an error that stops the plan.
	a.w.WriteConfig("guard.tf", `
resource "terraform_data" "rollout" {
  input = local.proposed
  lifecycle {
    precondition {
      condition     = data.supersim_network_access_profile_impact.week.stranded_sims == 0
      error_message = "The proposed allow list strands SIMs."
    }
  }
}
`)
	res, err := a.w.Run(a.ctx, "plan")
	if err != nil || res.ExitCode == 0 || !expectText("Resource precondition failed", "The proposed allow list strands SIMs").MatchString(res.Output) {
		t.Fatalf("the precondition did not stop the plan (%v):\n%s", err, res)
	}
}

// A usage read that fails (a key without access to usage, a server error
// after the retries) costs only the warnings: the plan goes on and says
// once why it cannot tell which SIMs it cuts off. The data source, which
// the configuration asked for, fails instead.
func TestAccCLI_failedUsageReadCostsOnlyTheWarning(t *testing.T) {
	t.Parallel()
	a := newImpactAccount(t)
	e := a.env.Emulator
	other := "trackers-us"
	otherSID, err := e.CreateNAP(&other, []string{attUS, tmobileUS})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.CreateFleet(otherSID, "trackers-us"); err != nil {
		t.Fatal(err)
	}
	e.InjectFault(emulator.Fault{Route: emulator.RouteListUsageRecords, Kind: emulator.FaultStatus, Status: 403})
	a.w.WriteConfig("main.tf", tfcli.ProviderBlock(a.env.URL, a.env.AccountSID, a.env.AuthToken, "max_retries = 1")+fmt.Sprintf(`
import {
  to = supersim_network_access_profile.eu
  id = "trackers-eu"
}

import {
  to = supersim_network_access_profile.us
  id = "trackers-us"
}

resource "supersim_network_access_profile" "eu" {
  unique_name = "trackers-eu"
  networks    = [%q]
}

resource "supersim_network_access_profile" "us" {
  unique_name = "trackers-us"
  networks    = [%q]
}
`, eeGB, attUS))
	out, _ := a.plan()
	if n := strings.Count(out, "Warning: Could not tell which SIMs this plan cuts off"); n != 1 || !strings.Contains(out, "HTTP 403") {
		t.Fatalf("the plan says %d times that it cannot tell the impact, want once, with the API's answer:\n%s", n, out)
	}
	if !strings.Contains(out, "Plan: 2 to import, 0 to add, 2 to change, 0 to destroy.") {
		t.Fatalf("a failed usage read changed the plan:\n%s", out)
	}

	a.w.WriteConfig("impact.tf", fmt.Sprintf(`
data "supersim_network_access_profile_impact" "eu" {
  network_access_profile = "trackers-eu"
  networks               = [%q]
}
`, eeGB))
	res, err := a.w.Run(a.ctx, "plan")
	if err != nil || res.ExitCode == 0 || !expectText("Error: Could not read the usage of the Fleets of Network Access Profile trackers-eu", "HTTP 403").MatchString(res.Output) {
		t.Fatalf("the data source did not fail on the failed usage read (%v):\n%s", err, res)
	}
}

// Each link resource removed or replaced reports its own network.
func TestAccCLI_linkRemovalSaysWhichSIMsItCutsOff(t *testing.T) {
	t.Parallel()
	a := newImpactAccount(t)
	fleetRef := "trackers (" + a.fleetSID + ")"
	links := func(networks ...string) string {
		return tfcli.ProviderBlock(a.env.URL, a.env.AccountSID, a.env.AuthToken) + fmt.Sprintf(`
import {
  for_each = toset(%[1]s)
  to       = supersim_network_access_profile_network.eu[each.value]
  id       = "trackers-eu/${each.value}"
}

resource "supersim_network_access_profile_network" "eu" {
  for_each                   = toset(%[1]s)
  network_access_profile_sid = %[2]q
  network_sid                = each.value
}
`, hclSet(networks...), a.env.Emulator.NetworkAccessProfiles()[0].SID)
	}
	a.w.WriteConfig("main.tf", links(vodafoneGB, eeGB))
	a.w.RunOK(a.ctx, "apply", "-auto-approve")
	a.w.WriteConfig("main.tf", links(eeGB))
	out, _ := a.plan()
	if !expectText("Warning: 3 SIMs of Fleet "+fleetRef+" lose every network they used",
		"removes Vodafone UK (GB, 234-15", "sim-1 (8988307000000000001), sim-2 (8988307000000000002), sim-3 (8988307000000000003)").MatchString(out) {
		t.Fatalf("the plan does not say which SIMs removing the link strands:\n%s", out)
	}
}
