package main

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/supersim-tf/terraform-provider-supersim/internal/emulator"
)

// A scenario is data: a catalog size, a configuration, and the phases run on
// it in order against one fresh emulator.
type scenario struct {
	name    string
	catalog int // -catalog-size of its emulator
	sids    int // how many catalog SIDs hcl needs
	hcl     func(sids []string) string
	phases  []phase
	// latency, when set, replaces -latency for this scenario's emulator.
	latency time.Duration
	// repeat runs the scenario this many times, each on a fresh emulator,
	// and reports the median of each phase.
	repeat int
	// floorProvider runs the scenario with the do-nothing plugin provider
	// of ./internal/bench/floorprovider, whose processes are then the ones
	// measured.
	floorProvider bool
	// pipelines, when above 1, runs every phase in that many working
	// directories at once against the one emulator, as pipelines sharing
	// an account do; hcl's "PIPELINE" becomes each one's number. A phase's
	// wall time is then the time until the last of them is done.
	pipelines int
	// concurrencyLimit is the emulator's -concurrency-limit (0: none).
	concurrencyLimit int
}

// A phase is one measured terraform command.
type phase struct {
	name    string
	args    []string       // terraform subcommand and its flags
	exit    int            // the exit code it must have
	minimum map[string]int // the fewest requests it needs, by emulator route
	// why explains, by route, requests above the minimum that are expected
	// for this phase; routes not listed fall back to defaultWhy.
	why    map[string]string
	before func(context.Context, *live) error // out-of-band change, not measured
	check  func(output string, l *live) error // the phase did what it should
}

// live is what the phases of one scenario share.
type live struct {
	emu     *emulatorProc
	sids    []string
	removed []string // networks removed out of band by a drift phase
}

// Every command gets terraform's default parallelism, spelled out so the
// report can say what was used.
const parallelism = "-parallelism=10"

var (
	apply   = []string{"apply", "-auto-approve", "-input=false", "-no-color", parallelism}
	plan    = []string{"plan", "-detailed-exitcode", "-input=false", "-no-color", parallelism}
	destroy = []string{"destroy", "-auto-approve", "-input=false", "-no-color", parallelism}
)

// defaultWhy explains extra requests on routes whose only extra use in
// these workflows is known from the provider's code.
var defaultWhy = map[string]string{
	emulator.RouteListNetworks: "the plan checks new networks against the catalog, read once per provider process " +
		"(terraform apply plans again in a second provider process, which reads it again)",
	emulator.RouteListFleets: "a profile's destroy plan lists the Fleets that still use it, one request per profile, to name them in its warning",
}

// pages is the number of list pages of n items at the API's largest page.
func pages(n int) int { return max(1, (n+999)/1000) }

// refresh is the minimum of reading napCount profiles of linksPer networks
// each: the account's list of profiles once, and each profile's networks
// once (links share the list).
func refresh(napCount, linksPer int) map[string]int {
	return map[string]int{
		emulator.RouteListNAPs:        pages(napCount),
		emulator.RouteListNAPNetworks: napCount * pages(linksPer),
	}
}

// createLinks is the minimum of creating napCount empty profiles and
// linksPer link resources on each.
func createLinks(napCount, linksPer int) map[string]int {
	return map[string]int{
		emulator.RouteCreateNAP:     napCount,
		emulator.RouteAddNAPNetwork: napCount * linksPer,
	}
}

func scenarios() []scenario {
	measured := []scenario{{
		name: "1 NAP, 100 networks (networks)", catalog: 100, sids: 100,
		hcl: napWithNetworks,
		phases: []phase{
			{name: "apply", args: apply, minimum: map[string]int{emulator.RouteCreateNAP: 1},
				why:   map[string]string{emulator.RouteListNAPNetworks: "create verifies the networks it set (reads the new profile's list back)"},
				check: applied(1)},
			{name: "no-op plan", args: plan, minimum: refresh(1, 100), check: noChanges},
			{name: "destroy", args: destroy, minimum: refresh(1, 100), check: destroyed(1)},
		},
	}, {
		name: "1 NAP + 100 links", catalog: 100, sids: 100,
		hcl: napWithLinks(100),
		phases: []phase{
			{name: "apply", args: apply, minimum: createLinks(1, 100), check: applied(101)},
			{name: "no-op plan", args: plan, minimum: refresh(1, 100), check: noChanges},
			{name: "drift plan (5 removed)", args: plan, exit: 2, minimum: refresh(1, 100),
				before: removeOutOfBand("bench-links-100", 5), check: plansLinks},
		},
	}, {
		name: "10 NAPs × 50 links", catalog: 100, sids: 50,
		hcl: napsWithLinks(10),
		phases: []phase{
			{name: "apply", args: apply, minimum: createLinks(10, 50), check: applied(510)},
			{name: "no-op plan", args: plan, minimum: refresh(10, 50), check: noChanges},
		},
	}, {
		name: "supersim_networks, 5,000 networks", catalog: 5000,
		hcl: allNetworks(5000),
		phases: []phase{
			{name: "apply (data source only)", args: apply, minimum: map[string]int{emulator.RouteListNetworks: pages(5000)},
				check: all(applied(0), contains("network_count = 5000"))},
			{name: "plan", args: plan, minimum: map[string]int{emulator.RouteListNetworks: pages(5000)}, check: noChanges},
		},
	}, {
		name: "1 NAP + 1,000 links", catalog: 1000, sids: 1000,
		hcl: napWithLinks(1000),
		phases: []phase{
			{name: "apply", args: apply, minimum: createLinks(1, 1000), check: applied(1001)},
			{name: "no-op plan", args: plan, minimum: refresh(1, 1000), check: noChanges},
		},
	}}
	// References: the same shape with terraform's builtin terraform_data and
	// no provider, to tell terraform core's own growth from the provider's.
	measured = append(measured, reference(100), reference(1000))
	// Against the ideal, at a latency like a distant API's: the same
	// profile and links, and terraform core's floor for that graph.
	peer := scenario{
		name: "1 NAP + 100 links, 200 ms latency", catalog: 100, sids: 100, latency: peerLatency, repeat: 5,
		hcl: napWithLinks(100),
		phases: []phase{
			{name: "apply", args: apply, minimum: createLinks(1, 100), check: applied(101)},
			{name: "no-op plan", args: plan, minimum: refresh(1, 100), check: noChanges},
		},
	}
	floor := reference(100)
	floor.name += ", 200 ms latency"
	floor.latency = peerLatency
	floor.repeat = 5
	// The same graph once more with a plugin provider that only waits out
	// the writes and the one refresh round: what terraform costs with any
	// provider process, before anything the Super SIM provider does.
	pluginFloor := scenario{
		name: "reference: 1 + 100 resources of a do-nothing plugin provider, 200 ms per write", catalog: 100, sids: 100,
		latency: peerLatency, repeat: 5, floorProvider: true,
		hcl: floorResources,
		phases: []phase{
			{name: "apply", args: apply, check: applied(101)},
			{name: "no-op plan", args: plan, check: noChanges},
		},
	}
	// The pipeline's way: plan -out in one job, apply the file in the next.
	// The apply's provider processes have no catalog from a plan of the
	// same terraform run, yet its new links must repeat their planned names.
	savedPlan := scenario{
		name: "1 NAP + 100 links, saved plan, 200 ms latency", catalog: 100, sids: 100, latency: peerLatency, repeat: 5,
		hcl: napWithLinks(100),
		phases: []phase{
			{name: "plan -out", args: append(slices.Clone(plan), "-out=tfplan"), exit: 2,
				minimum: map[string]int{}, check: contains("101 to add"),
				why: map[string]string{emulator.RouteListNetworks: "the plan checks the new links' networks against the catalog and names them, one read"}},
			{name: "apply of the saved plan", args: []string{"apply", "-input=false", "-no-color", parallelism, "tfplan"},
				minimum: createLinks(1, 100), check: applied(101),
				why: map[string]string{emulator.RouteListNetworks: "terraform plans the new links again in the apply's own provider process, " +
					"which checks their networks against the catalog, read during the profile's create"}},
		},
	}
	// Two pipelines apply 30 links each at once, to an account that allows
	// 4 requests in flight and answers each in 200 ms: the limit lets
	// their 62 writes through in 16 rounds, about 3.2 s.
	sharedLimit := scenario{
		name: "2 pipelines × (1 NAP + 30 links), account limit of 4 requests in flight, 200 ms latency", catalog: 30, sids: 30,
		latency: peerLatency, pipelines: 2, concurrencyLimit: 4, repeat: 5,
		hcl: func(sids []string) string {
			return strings.ReplaceAll(napWithLinks(30)(sids), "bench-links-30", "bench-pipeline-PIPELINE")
		},
		phases: []phase{
			{name: "both applies", args: apply, minimum: createLinks(2, 30), check: appliedIn(2, 31),
				why: map[string]string{
					emulator.RouteListNetworks: "each apply checks its new networks against the catalog, in each of its two provider processes",
					emulator.RouteAddNAPNetwork: "links the account refused for its concurrency (429, code 20429) and the client sent again " +
						"once its window had room; the refusals shrink that window",
					emulator.RouteCreateNAP: "a profile create the account refused for its concurrency and the client sent again",
				}},
		},
	}
	// An adopted account: 60 profiles and 5 Fleets. A refresh reads the
	// account's list of profiles and of Fleets once, and each profile's
	// networks.
	account := scenario{
		name: "60 NAPs (2 networks each) + 5 Fleets", catalog: 100, sids: 2,
		hcl: accountOf(60, 5),
		phases: []phase{
			{name: "apply", args: apply, minimum: map[string]int{emulator.RouteCreateNAP: 60, emulator.RouteCreateFleet: 5}, check: applied(65)},
			{name: "no-op plan", args: plan, check: noChanges, minimum: map[string]int{
				emulator.RouteListNAPs: 1, emulator.RouteListNAPNetworks: 60, emulator.RouteListFleets: 1,
			}},
			{name: "no-op plan, 1 NAP targeted", args: append(slices.Clone(plan), "-target=supersim_network_access_profile.bench[\"bench-account-00\"]"),
				check: noChanges, minimum: refresh(1, 2)},
		},
	}
	// A Fleet of 10,000 SIMs, and a plan that removes one of its profile's
	// two networks: the plan reads the Fleet's usage to say which SIMs lose
	// every network they used, and names some of them.
	impact := scenario{
		name: "Fleet of 10,000 SIMs, removal of 1 of its 2 networks", catalog: 100, sids: 2,
		hcl: fleetOfSims,
		phases: []phase{
			{name: "apply", args: apply, minimum: map[string]int{emulator.RouteCreateNAP: 1, emulator.RouteCreateFleet: 1}, check: applied(2)},
			{name: "removal plan", args: append(slices.Clone(plan), "-var=drop_first=true"), exit: 2,
				before: seedSims(10000),
				why:    map[string]string{emulator.RouteListNetworks: "the plan names the removed network by operator and country from the catalog"},
				minimum: map[string]int{
					emulator.RouteListNAPs: 1, emulator.RouteListNAPNetworks: 1, emulator.RouteListFleets: 1,
					// The Fleet's usage by SIM over all networks and over
					// the removed one, and its SIMs, to name them.
					emulator.RouteListUsageRecords: pages(10000) + pages(5000),
					emulator.RouteListSims:         pages(10000),
				},
				check: contains("2500 SIMs of Fleet bench-fleet")},
		},
	}
	return append(measured, peer, floor, pluginFloor, savedPlan, sharedLimit, account, impact)
}

func fleetOfSims(sids []string) string {
	return header + fmt.Sprintf(`
variable "drop_first" {
  type    = bool
  default = false
}

resource "supersim_network_access_profile" "bench" {
  unique_name = "bench-impact"
  networks    = var.drop_first ? [%[2]q] : [%[1]q, %[2]q]
}

resource "supersim_fleet" "bench" {
  unique_name            = "bench-fleet"
  network_access_profile = supersim_network_access_profile.bench.sid
}
`, sids[0], sids[1])
}

// seedSims registers n SIMs in bench-fleet and gives each usage: a quarter
// only on the first network (they are stranded by its removal), a half on
// both, and the rest only on the second.
func seedSims(n int) func(context.Context, *live) error {
	return func(ctx context.Context, l *live) error {
		work := make(chan int)
		errs := make(chan error, 64)
		var wg sync.WaitGroup
		for range 64 {
			wg.Go(func() {
				for i := range work {
					if err := seedSim(ctx, l, i); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		for i := range n {
			select {
			case work <- i:
			case err := <-errs:
				close(work)
				wg.Wait()
				return err
			}
		}
		close(work)
		wg.Wait()
		select {
		case err := <-errs:
			return err
		default:
			return nil
		}
	}
}

func seedSim(ctx context.Context, l *live, i int) error {
	var sim struct{ SID string }
	if err := l.emu.send(ctx, "POST", "/v1/Sims", url.Values{"Iccid": {fmt.Sprintf("8988307%012d", i)}, "RegistrationCode": {"BENCH"}}, &sim); err != nil {
		return err
	}
	if err := l.emu.send(ctx, "POST", "/v1/Sims/"+sim.SID, url.Values{"Fleet": {"bench-fleet"}, "UniqueName": {fmt.Sprintf("device-%05d", i)}}, nil); err != nil {
		return err
	}
	var networks []string
	switch i % 4 {
	case 0:
		networks = l.sids[:1]
	case 1:
		networks = l.sids[:2]
	default:
		networks = l.sids[1:2]
	}
	for _, network := range networks {
		usage := url.Values{"Sim": {sim.SID}, "Network": {network}, "DataUpload": {"2000"}, "DataDownload": {"8000"}}
		if err := l.emu.send(ctx, "POST", "/_emulator/UsageRecords", usage, nil); err != nil {
			return err
		}
	}
	return nil
}

// accountOf is naps profiles of two networks each and fleets Fleets, each
// on one of the profiles.
func accountOf(naps, fleets int) func([]string) string {
	return func(sids []string) string {
		return header + fmt.Sprintf(`
locals {
  naps = [for i in range(%d) : format("bench-account-%%02d", i)]
}

resource "supersim_network_access_profile" "bench" {
  for_each    = toset(local.naps)
  unique_name = each.value
  networks    = %s
}

resource "supersim_fleet" "bench" {
  count                  = %d
  unique_name            = format("bench-fleet-%%d", count.index)
  network_access_profile = supersim_network_access_profile.bench[local.naps[count.index]].sid
}
`, naps, quoted(sids), fleets)
	}
}

// peerLatency is the latency of the scenarios measured against the ideal.
const peerLatency = 200 * time.Millisecond

// ideals pair a measured scenario with terraform core's floor for the same
// graph (a reference scenario): the ideal of a phase is the floor plus one
// latency per round of writes at terraform's parallelism of 10, or, for a
// no-op plan, plus the two reads a refresh needs.
var ideals = []struct {
	measured, floor, pluginFloor int // scenario numbers
}{{8, 9, 10}}

func reference(n int) scenario {
	return scenario{
		name: fmt.Sprintf("reference: 1 + %d terraform_data, no provider", n), catalog: n, sids: n,
		hcl: terraformData,
		phases: []phase{
			{name: "apply", args: apply, check: applied(n + 1)},
			{name: "no-op plan", args: plan, check: noChanges},
		},
	}
}

// growth compares a phase of two scenarios whose sizes differ by factor,
// beside the same comparison of terraform core alone (the references).
var growth = []struct {
	phase              string
	small, large       int // scenario numbers
	refSmall, refLarge int // reference scenarios of the same sizes
	factor             float64
	what               string
}{
	{"no-op plan", 2, 5, 6, 7, 10, "links"},
	{"apply", 2, 5, 6, 7, 10, "links"},
}

const header = `terraform {
  required_providers {
    supersim = {
      source = "supersim-tf/supersim"
    }
  }
}

provider "supersim" {}
`

func quoted(sids []string) string {
	var b strings.Builder
	b.WriteString("[\n")
	for _, s := range sids {
		fmt.Fprintf(&b, "    %q,\n", s)
	}
	b.WriteString("  ]")
	return b.String()
}

func napWithNetworks(sids []string) string {
	return header + fmt.Sprintf(`
resource "supersim_network_access_profile" "bench" {
  unique_name = "bench-networks-%d"
  networks = %s
}
`, len(sids), quoted(sids))
}

func napWithLinks(n int) func([]string) string {
	return func(sids []string) string {
		return header + fmt.Sprintf(`
locals {
  sids = %s
}

resource "supersim_network_access_profile" "bench" {
  unique_name = "bench-links-%d"
}

resource "supersim_network_access_profile_network" "link" {
  for_each                   = toset(local.sids)
  network_access_profile_sid = supersim_network_access_profile.bench.sid
  network_sid                = each.value
}
`, quoted(sids), n)
	}
}

func napsWithLinks(naps int) func([]string) string {
	return func(sids []string) string {
		return header + fmt.Sprintf(`
locals {
  sids  = %s
  naps  = [for i in range(%d) : format("bench-nap-%%02d", i)]
  links = { for p in setproduct(local.naps, local.sids) : "${p[0]}/${p[1]}" => p }
}

resource "supersim_network_access_profile" "bench" {
  for_each    = toset(local.naps)
  unique_name = each.value
}

resource "supersim_network_access_profile_network" "link" {
  for_each                   = local.links
  network_access_profile_sid = supersim_network_access_profile.bench[each.value[0]].sid
  network_sid                = each.value[1]
}
`, quoted(sids), naps)
	}
}

func terraformData(sids []string) string {
	return fmt.Sprintf(`
locals {
  sids = %s
}

resource "terraform_data" "nap" {
  input = "bench"
}

resource "terraform_data" "link" {
  for_each = toset(local.sids)
  input    = { nap = terraform_data.nap.id, network = each.value }
}
`, quoted(sids))
}

// floorResources is napWithLinks for the do-nothing plugin provider: one
// profile, and one link per SID that needs the profile's id, so the links
// wait for it as real links wait for a new profile's SID.
func floorResources(sids []string) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    floor = {
      source = "supersim-bench/floor"
    }
  }
}

locals {
  sids = %s
}

resource "floor_profile" "nap" {
  input = "bench"
}

resource "floor_link" "link" {
  for_each = toset(local.sids)
  input    = "${floor_profile.nap.id}/${each.value}"
}
`, quoted(sids))
}

func allNetworks(n int) func([]string) string {
	return func([]string) string {
		return header + fmt.Sprintf(`
data "supersim_networks" "all" {}

output "network_count" {
  value = length(data.supersim_networks.all.sids)
  precondition {
    condition     = length(data.supersim_networks.all.sids) == %d
    error_message = "supersim_networks did not return the whole catalog of %d networks."
  }
}
`, n, n)
	}
}

// removeOutOfBand removes n of the profile's networks behind terraform's
// back, as the Console or another tool would.
func removeOutOfBand(uniqueName string, n int) func(context.Context, *live) error {
	return func(ctx context.Context, l *live) error {
		var nap struct{ SID string }
		if err := l.emu.call(ctx, "GET", "/v1/NetworkAccessProfiles/"+uniqueName, &nap); err != nil {
			return err
		}
		step := len(l.sids) / n
		for i := range n {
			hw := l.sids[i*step]
			if err := l.emu.call(ctx, "DELETE", "/v1/NetworkAccessProfiles/"+nap.SID+"/Networks/"+hw, nil); err != nil {
				return err
			}
			l.removed = append(l.removed, hw)
		}
		return nil
	}
}

// Checks of a phase's output.

func contains(want string) func(string, *live) error {
	return func(out string, _ *live) error {
		if !strings.Contains(out, want) {
			return fmt.Errorf("the output lacks %q", want)
		}
		return nil
	}
}

func all(checks ...func(string, *live) error) func(string, *live) error {
	return func(out string, l *live) error {
		for _, c := range checks {
			if err := c(out, l); err != nil {
				return err
			}
		}
		return nil
	}
}

func applied(n int) func(string, *live) error {
	return contains(fmt.Sprintf("Apply complete! Resources: %d added, 0 changed, 0 destroyed.", n))
}

// appliedIn checks that each of several pipelines applied n resources.
func appliedIn(pipelines, n int) func(string, *live) error {
	want := fmt.Sprintf("Apply complete! Resources: %d added, 0 changed, 0 destroyed.", n)
	return func(out string, _ *live) error {
		if got := strings.Count(out, want); got != pipelines {
			return fmt.Errorf("%d of %d pipelines say %q", got, pipelines, want)
		}
		return nil
	}
}

func destroyed(n int) func(string, *live) error {
	return contains(fmt.Sprintf("Destroy complete! Resources: %d destroyed.", n))
}

var noChanges = contains("No changes.")

var createdLink = regexp.MustCompile(`# supersim_network_access_profile_network\.link\["(HW[0-9a-f]+)"\] will be created`)

// plansLinks checks that the plan recreates exactly the removed links.
func plansLinks(out string, l *live) error {
	var got []string
	for _, m := range createdLink.FindAllStringSubmatch(out, -1) {
		got = append(got, m[1])
	}
	want := slices.Sorted(slices.Values(l.removed))
	slices.Sort(got)
	if !slices.Equal(got, want) {
		return fmt.Errorf("the plan creates links %v, want the removed %v", got, want)
	}
	return contains(fmt.Sprintf("Plan: %d to add, 0 to change, 0 to destroy.", len(l.removed)))(out, l)
}
