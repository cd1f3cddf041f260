package provider

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/supersim-tf/terraform-provider-supersim/internal/emulator"
	"github.com/supersim-tf/terraform-provider-supersim/internal/tfcli"
)

// These tests run the real terraform CLI with the built provider as its
// plugin process, as a pipeline does, and stop it the two ways pipelines get
// stopped: a cancel (SIGINT, which Terraform turns into a graceful stop that
// cancels the provider's contexts) and a killed runner (SIGKILL to terraform
// and its provider). The API answers every write 400 ms after applying it,
// so writes are always in flight when the stop comes.

const interruptedLinks = 40

// answerLate makes every write of the emulator land at once and answer
// 400 ms later.
func answerLate(e *emulator.Emulator) {
	for _, route := range []string{emulator.RouteCreateNAP, emulator.RouteAddNAPNetwork, emulator.RouteRemoveNAPNetwork, emulator.RouteUpdateNAP} {
		e.InjectFault(emulator.Fault{Route: route, Kind: emulator.FaultDelayAnswer, Latency: 400 * time.Millisecond})
	}
}

type interruptedApply struct {
	t        *testing.T
	ctx      context.Context
	w        *tfcli.Workdir
	ts       *emulator.TestServer
	networks []string
}

func newInterruptedApply(t *testing.T) *interruptedApply {
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	t.Cleanup(cancel)
	a := &interruptedApply{t: t, ctx: ctx, w: tfcli.NewWorkdir(t), ts: emulator.NewTestServer(t, emulator.Options{})}
	for _, nw := range a.ts.Emulator.Catalog()[:interruptedLinks] {
		a.networks = append(a.networks, nw.SID)
	}
	config := strings.NewReplacer(`"test"`, `"fleet_a"`, ".test.", ".fleet_a.").Replace(napWithLinks("pipeline", a.networks))
	a.w.WriteConfig("main.tf", tfcli.ProviderBlock(a.ts.URL, a.ts.AccountSID, a.ts.AuthToken)+config)
	answerLate(a.ts.Emulator)
	return a
}

// start begins `terraform apply` and returns once until reports true.
func (a *interruptedApply) start(until func() bool) *tfcli.Process {
	p, err := a.w.Start("apply", "-auto-approve")
	if err != nil {
		a.t.Fatal(err)
	}
	for !until() {
		select {
		case <-p.Done():
			a.t.Fatalf("terraform ended before the moment to stop it: %s", p.Wait())
		case <-a.ctx.Done():
			a.t.Fatalf("the moment to stop terraform never came; output so far:\n%s", p.Output())
		case <-time.After(2 * time.Millisecond):
		}
	}
	return p
}

func (a *interruptedApply) landedLinks() int {
	nets, _ := a.ts.Emulator.NAPNetworks("pipeline")
	return len(nets)
}

// stateLinks returns the network SIDs of the links in state.
func (a *interruptedApply) stateLinks() []string {
	addrs, err := a.w.StateAddresses(a.ctx)
	if err != nil {
		a.t.Fatalf("state unreadable: %v", err)
	}
	var sids []string
	for _, addr := range addrs {
		if key, ok := strings.CutPrefix(addr, `supersim_network_access_profile_network.all["`); ok {
			sids = append(sids, strings.TrimSuffix(key, `"]`))
		}
	}
	slices.Sort(sids)
	return sids
}

// applyConverges runs apply and expects it to finish the job: exit 0 and no
// error, one profile allowing every network, every link in state, and an
// empty plan afterwards.
func (a *interruptedApply) applyConverges() tfcli.Result {
	a.t.Helper()
	res, err := a.w.Run(a.ctx, "apply", "-auto-approve")
	if err != nil || res.ExitCode != 0 || strings.Contains(res.Output, "Error:") {
		a.t.Fatalf("apply after the stop did not converge (%v):\n%s", err, res)
	}
	a.expectAccountAndStateComplete()
	empty, plan, err := a.w.PlanIsEmpty(a.ctx)
	if err != nil || !empty {
		a.t.Fatalf("the plan after the second apply is not empty (%v):\n%s", err, plan)
	}
	return res
}

func (a *interruptedApply) expectAccountAndStateComplete() {
	a.t.Helper()
	naps := a.ts.Emulator.NetworkAccessProfiles()
	if len(naps) != 1 {
		a.t.Fatalf("%d profiles in the account, want 1: %+v", len(naps), naps)
	}
	if !sameStrings(naps[0].Networks, a.networks) {
		a.t.Fatalf("the profile allows %d networks, want %d", len(naps[0].Networks), len(a.networks))
	}
	if inState := a.stateLinks(); !sameStrings(inState, a.networks) {
		a.t.Fatalf("state holds %d links, want %d", len(inState), len(a.networks))
	}
}

// A cancelled pipeline: SIGINT while link creates are in flight. Terraform
// records what the provider returns for them, and the provider returns what
// the API made, so nothing that landed is missing from state, and the next
// apply finishes without an error or an import.
func TestAccCLI_applyInterruptedBySIGINTConverges(t *testing.T) {
	t.Parallel()
	a := newInterruptedApply(t)
	p := a.start(func() bool { return a.landedLinks() >= 5 })
	if err := p.SignalGroup(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	res, ok := p.WaitTimeout(30 * time.Second)
	if !ok {
		t.Fatalf("terraform still runs 30 s after SIGINT:\n%s", p.Output())
	}
	if !strings.Contains(res.Output, "Interrupt received") {
		t.Fatalf("terraform did not see the interrupt:\n%s", res)
	}
	landed, _ := a.ts.Emulator.NAPNetworks("pipeline")
	inState := a.stateLinks()
	t.Logf("after SIGINT: %d of %d networks allowed, %d links in state", len(landed), interruptedLinks, len(inState))
	if missing := setDifference(inState, landed); len(missing) > 0 {
		t.Fatalf("%d networks the API allowed are not in state: %v\n%s", len(missing), missing, res)
	}
	if len(landed) == interruptedLinks {
		t.Fatal("every link landed before the interrupt took effect: the test proved nothing")
	}
	a.applyConverges()
}

// A killed runner: SIGKILL to terraform and its provider while the profile
// create is in flight. The profile exists but Terraform never heard of it.
// The only stop allowed is one import of the named profile, and the error
// gives the exact block, with the address that Terraform shows above it;
// with it, apply converges.
func TestAccCLI_applyKilledDuringProfileCreateNeedsOneImport(t *testing.T) {
	t.Parallel()
	a := newInterruptedApply(t)
	p := a.start(func() bool { return len(a.ts.Emulator.NetworkAccessProfiles()) == 1 })
	if err := p.Kill(); err != nil {
		t.Fatal(err)
	}
	if _, ok := p.WaitTimeout(15 * time.Second); !ok {
		t.Fatal("terraform still runs 15 s after SIGKILL")
	}
	sid := a.ts.Emulator.NetworkAccessProfiles()[0].SID

	res, err := a.w.Run(a.ctx, "apply", "-auto-approve")
	if err != nil || res.ExitCode == 0 {
		t.Fatalf("want the apply to stop at the taken name, got (%v):\n%s", err, res)
	}
	// Terraform names the resource above the error; the block in the
	// error's detail sends the reader there for its address.
	with := regexp.MustCompile(`with (\S+),`).FindStringSubmatch(res.Output)
	block := regexp.MustCompile(`(?s)import \{\s*to = <the address Terraform shows above this error>\s*id = "([^"]+)"\s*\}`).FindStringSubmatch(res.Output)
	if with == nil || block == nil {
		t.Fatalf("the error has no import block, or Terraform shows no address above it:\n%s", res)
	}
	if with[1] != "supersim_network_access_profile.fleet_a" || block[1] != sid {
		t.Fatalf("Terraform shows %s, the import block id = %s; want supersim_network_access_profile.fleet_a and %s", with[1], block[1], sid)
	}
	if n := len(a.ts.Emulator.NetworkAccessProfiles()); n != 1 {
		t.Fatalf("%d profiles after the second apply, want 1", n)
	}
	// The user pastes the block with the address Terraform showed, as the
	// error says, and applies.
	a.w.WriteConfig("import.tf", strings.Replace(block[0], "<the address Terraform shows above this error>", with[1], 1)+"\n")
	a.applyConverges()
}

// A killed runner while links are in flight: the profile is in state
// already, and the links that landed unrecorded are taken over by the next
// apply, with no import at all.
//
// The premise, that the profile is in state before the kill, holds with
// Terraform's local backend, which writes terraform.tfstate as each resource
// completes. OpenTofu's local backend writes it at most every 20 seconds
// during an apply (TF_STATE_PERSIST_INTERVAL, which can only lengthen it),
// so an apply killed in its first seconds leaves no state at all, and the
// next one meets the case of the test above instead.
func TestAccCLI_applyKilledDuringLinkCreatesConverges(t *testing.T) {
	tfcli.SkipIfOpenTofu(t, "its local backend persists state at most every 20 s during an apply, so a SIGKILL a few seconds in leaves the profile out of state; the killed-profile-create test covers that path")
	t.Parallel()
	a := newInterruptedApply(t)
	p := a.start(func() bool { return a.landedLinks() >= 5 })
	if err := p.Kill(); err != nil {
		t.Fatal(err)
	}
	if _, ok := p.WaitTimeout(15 * time.Second); !ok {
		t.Fatal("terraform still runs 15 s after SIGKILL")
	}
	landed, _ := a.ts.Emulator.NAPNetworks("pipeline")
	t.Logf("after SIGKILL: %d of %d networks allowed, %d links in state", len(landed), interruptedLinks, len(a.stateLinks()))
	res := a.applyConverges()
	if !strings.Contains(res.Output, "Network was already allowed") {
		t.Fatalf("no link was taken over, so the kill left nothing to recover:\n%s", res)
	}
}
