package tfcli_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/supersim-tf/terraform-provider-supersim/internal/emulator"
	"github.com/supersim-tf/terraform-provider-supersim/internal/tfcli"
)

func TestMain(m *testing.M) { os.Exit(tfcli.Main(m)) }

// Every test here must end well within a minute; a stuck terraform must
// fail the test, not hang it.
func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestApplyAgainstInProcessEmulator(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	w := tfcli.NewWorkdir(t)
	ts := emulator.NewTestServer(t, emulator.Options{})
	networks := []string{emulator.CatalogNetworkSID("310", "410"), emulator.CatalogNetworkSID("234", "30")}
	w.WriteConfig("main.tf", tfcli.ProviderBlock(ts.URL, ts.AccountSID, ts.AuthToken)+fmt.Sprintf(`
resource "supersim_network_access_profile" "test" {
  unique_name = "tfcli"
  networks    = [%q, %q]
}
`, networks[0], networks[1]))

	w.RunOK(ctx, "apply", "-auto-approve")

	naps := ts.Emulator.NetworkAccessProfiles()
	if len(naps) != 1 || naps[0].UniqueName == nil || *naps[0].UniqueName != "tfcli" {
		t.Fatalf("the emulator holds %+v, want one profile named tfcli", naps)
	}
	if got := slices.Sorted(slices.Values(naps[0].Networks)); !slices.Equal(got, slices.Sorted(slices.Values(networks))) {
		t.Errorf("the profile allows %v, want %v", got, networks)
	}
	addrs, err := w.StateAddresses(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(addrs, []string{"supersim_network_access_profile.test"}) {
		t.Errorf("state holds %v", addrs)
	}
	state, err := w.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res := state.Values.RootModule.Resources; len(res) != 1 || res[0].AttributeValues["sid"] != naps[0].SID {
		t.Errorf("state has %+v, want the profile %s", res, naps[0].SID)
	}
	empty, plan, err := w.PlanIsEmpty(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !empty {
		t.Errorf("the plan after apply is not empty:\n%s", plan)
	}
}

// linksConfig is a profile and one link resource per network of the
// emulator's catalog, up to n.
func linksConfig(ts *emulator.TestServer, n int) string {
	var sids []string
	for _, nw := range ts.Emulator.Catalog()[:n] {
		sids = append(sids, fmt.Sprintf("%q", nw.SID))
	}
	return tfcli.ProviderBlock(ts.URL, ts.AccountSID, ts.AuthToken) + fmt.Sprintf(`
resource "supersim_network_access_profile" "test" {
  unique_name = "interrupted"
}

resource "supersim_network_access_profile_network" "link" {
  for_each                   = toset([%s])
  network_access_profile_sid = supersim_network_access_profile.test.sid
  network_sid                = each.value
}
`, strings.Join(sids, ", "))
}

// startSlowLinksApply starts an apply of a profile and 20 links whose
// creates each take 300 ms, and returns once the first link create has
// reached the emulator, so that terraform is in the middle of applying.
func startSlowLinksApply(t *testing.T, ctx context.Context) (*tfcli.Workdir, *emulator.TestServer, *tfcli.Process) {
	t.Helper()
	w := tfcli.NewWorkdir(t)
	ts := emulator.NewTestServer(t, emulator.Options{})
	w.WriteConfig("main.tf", linksConfig(ts, 20))
	ts.Emulator.InjectFault(emulator.Fault{Route: emulator.RouteAddNAPNetwork, Kind: emulator.FaultLatency, Latency: 300 * time.Millisecond})
	p, err := w.Start("apply", "-auto-approve")
	if err != nil {
		t.Fatal(err)
	}
	for ts.Emulator.Counts()[emulator.RouteAddNAPNetwork] == 0 {
		select {
		case <-p.Done():
			t.Fatalf("terraform exited before creating a link: %s", p.Wait())
		case <-ctx.Done():
			t.Fatalf("no link create reached the emulator: %v; output so far:\n%s", ctx.Err(), p.Output())
		case <-time.After(5 * time.Millisecond):
		}
	}
	return w, ts, p
}

func TestInterruptStopsApplyGracefully(t *testing.T) {
	t.Parallel()
	for name, interrupt := range map[string]func(*tfcli.Process) error{
		"terraform alone":          func(p *tfcli.Process) error { return p.Signal(os.Interrupt) },
		"whole group, like Ctrl-C": func(p *tfcli.Process) error { return p.SignalGroup(syscall.SIGINT) },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := testContext(t)
			w, ts, p := startSlowLinksApply(t, ctx)

			sent := time.Now()
			if err := interrupt(p); err != nil {
				t.Fatal(err)
			}
			res, ok := p.WaitTimeout(15 * time.Second)
			if !ok {
				t.Fatalf("terraform still runs 15s after SIGINT; output so far:\n%s", p.Output())
			}
			t.Logf("terraform exited %v after SIGINT; %d link creates reached the emulator", time.Since(sent).Round(time.Millisecond),
				ts.Emulator.Counts()[emulator.RouteAddNAPNetwork])
			if res.ExitCode == 0 || res.Signal != "" {
				t.Errorf("want a non-zero exit of terraform's own, got %s", res)
			}
			if !strings.Contains(res.Output, "Interrupt received") {
				t.Errorf("the output does not mention the interrupt:\n%s", res.Output)
			}
			if members := p.GroupMembers(); len(members) > 0 {
				t.Errorf("processes of terraform's group outlived it: %+v", members)
			}

			addrs, err := w.StateAddresses(ctx)
			if err != nil {
				t.Fatalf("the state is unreadable after SIGINT: %v", err)
			}
			t.Logf("state after SIGINT: %d resources", len(addrs))
		})
	}
}

func TestKillTakesProvidersDown(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	w, _, p := startSlowLinksApply(t, ctx)

	// The provider must be running in the group, or the test would prove
	// nothing about it.
	if !slices.ContainsFunc(p.GroupMembers(), func(m tfcli.Member) bool { return m.Exe == w.ProviderBinary }) {
		t.Fatalf("no provider process in terraform's group: %+v", p.GroupMembers())
	}
	if err := p.Kill(); err != nil {
		t.Fatal(err)
	}
	res, ok := p.WaitTimeout(15 * time.Second)
	if !ok {
		t.Fatal("terraform still runs 15s after SIGKILL")
	}
	if res.Signal != "killed" || res.ExitCode != -1 {
		t.Errorf("want terraform killed by SIGKILL, got %s", res)
	}
	deadline := time.Now().Add(5 * time.Second)
	for members := p.GroupMembers(); len(members) > 0; members = p.GroupMembers() {
		if time.Now().After(deadline) {
			t.Fatalf("processes of the killed group still run: %+v", members)
		}
		time.Sleep(10 * time.Millisecond)
	}

	addrs, err := w.StateAddresses(ctx)
	t.Logf("state after SIGKILL: %v (err %v)", addrs, err)
}

func TestNotRunWithoutTFAcc(t *testing.T) {
	if os.Getenv("TF_ACC") != "" {
		t.Skip("TF_ACC is set")
	}
	ran := false
	t.Run("skips", func(t *testing.T) {
		tfcli.NewWorkdir(t)
		ran = true
	})
	if ran {
		t.Error("NewWorkdir did not skip without TF_ACC")
	}
}
