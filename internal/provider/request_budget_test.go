package provider

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/supersim-tf/terraform-provider-supersim/internal/emulator"
)

// The API is rate limited per account and every call is a round trip, so
// these tests hold the provider to its request budget. Counts come from the
// emulator and are deterministic.

func budgetEnv(t *testing.T, catalog int) (*accEnv, []string) {
	env := newAccEnv(t, func(o *emulator.Options) { o.CatalogSize = catalog })
	return env, catalogSIDs(env, catalog)
}

func counts(env *accEnv) map[string]int {
	c := env.Emulator.Counts()
	for k, v := range c {
		if v == 0 {
			delete(c, k)
		}
	}
	return c
}

func expectCounts(t *testing.T, env *accEnv, what string, want map[string]int) {
	t.Helper()
	got := counts(env)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("%s made requests %v, want %v", what, got, want)
	}
}

func TestBudget_createWithNetworks(t *testing.T) {
	t.Parallel()
	env, sids := budgetEnv(t, 1000)
	h := newProtocolHarness(t, env)
	// The plan reads the catalog once to check the networks; apply is
	// measured on its own.
	h.plan(napType, nil, map[string]any{"unique_name": "budget", "networks": sids})
	env.Emulator.ResetCounts()
	_, diags := h.planAndApply(context.Background(), napType, nil, map[string]any{"unique_name": "budget", "networks": sids})
	if hasError(diags) {
		t.Fatal(diagText(diags))
	}
	// planAndApply plans again in the same provider process: the catalog
	// is not read twice.
	expectCounts(t, env, "creating a NAP with 1000 networks", map[string]int{emulator.RouteCreateNAP: 1})
}

func TestBudget_refresh(t *testing.T) {
	t.Parallel()
	env, sids := budgetEnv(t, 2500)
	name := "refresh"
	sid, err := env.Emulator.CreateNAP(&name, sids)
	if err != nil {
		t.Fatal(err)
	}
	h := newProtocolHarness(t, env)
	state, diags := h.read(napType, napPrior(sid, name))
	if hasError(diags) {
		t.Fatal(diagText(diags))
	}
	if n := len(stringSetAttr(t, state, "networks")); n != 2500 {
		t.Fatalf("refresh read %d networks, want 2500", n)
	}
	// The profile itself comes from the account's list, which the refreshes
	// of every profile share.
	expectCounts(t, env, "refreshing a NAP with 2500 networks", map[string]int{
		emulator.RouteListNAPs:        1,
		emulator.RouteListNAPNetworks: 3,
	})
}

func TestBudget_updateNetworks(t *testing.T) {
	t.Parallel()
	env, sids := budgetEnv(t, 100)
	name := "update"
	sid, err := env.Emulator.CreateNAP(&name, sids[:50])
	if err != nil {
		t.Fatal(err)
	}
	h := newProtocolHarness(t, env)
	desired := sids[20:80] // adds 30, removes 20
	h.plan(napType, napPrior(sid, name, sids[:50]...), map[string]any{"unique_name": name, "networks": desired})
	env.Emulator.ResetCounts()
	_, diags := h.planAndApply(context.Background(), napType, napPrior(sid, name, sids[:50]...), map[string]any{"unique_name": name, "networks": desired})
	if hasError(diags) {
		t.Fatal(diagText(diags))
	}
	expectCounts(t, env, "adding 30 and removing 20 networks", map[string]int{
		emulator.RouteAddNAPNetwork:    30,
		emulator.RouteRemoveNAPNetwork: 20,
		emulator.RouteFetchNAP:         1,
	})
}

func TestBudget_linkCreateAndDelete(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	name := "links"
	sid, err := env.Emulator.CreateNAP(&name, nil)
	if err != nil {
		t.Fatal(err)
	}
	h := newProtocolHarness(t, env)
	link := map[string]any{"network_access_profile_sid": sid, "network_sid": attUS}
	h.plan(linkType, nil, link)
	env.Emulator.ResetCounts()
	state, diags := h.planAndApply(context.Background(), linkType, nil, link)
	if hasError(diags) {
		t.Fatal(diagText(diags))
	}
	expectCounts(t, env, "creating a link", map[string]int{emulator.RouteAddNAPNetwork: 1})

	env.Emulator.ResetCounts()
	_, diags = h.planAndApply(context.Background(), linkType, stateMap(t, state), nil)
	if hasError(diags) {
		t.Fatal(diagText(diags))
	}
	// The plan looks for the Fleets that use the profile, to say which SIMs
	// the removal cuts off: none here, so it reads no usage. This process
	// has read no profile (as a destroy plan has not), so its warning reads
	// the account's list of profiles once to name the profile.
	expectCounts(t, env, "deleting a link", map[string]int{emulator.RouteRemoveNAPNetwork: 1, emulator.RouteListFleets: 1, emulator.RouteListNAPs: 1})
}

func TestBudget_refreshOfManyLinksSharesOneList(t *testing.T) {
	t.Parallel()
	env, sids := budgetEnv(t, 1500)
	name := "shared"
	napSID, err := env.Emulator.CreateNAP(&name, sids)
	if err != nil {
		t.Fatal(err)
	}
	const links = 300
	refreshAll := func(h *protocolHarness) (removed int) {
		var wg sync.WaitGroup
		var gone atomic.Int32
		sem := make(chan struct{}, 10) // terraform's default parallelism
		for _, nw := range sids[:links] {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer func() { <-sem; wg.Done() }()
				state, diags := h.read(linkType, map[string]any{"id": napSID + "/" + nw, "network_access_profile_sid": napSID, "network_sid": nw})
				if hasError(diags) {
					t.Error(diagText(diags))
				}
				if state.IsNull() {
					gone.Add(1)
				}
			}()
		}
		wg.Wait()
		return int(gone.Load())
	}
	if removed := refreshAll(newProtocolHarness(t, env)); removed != 0 {
		t.Fatalf("%d links reported missing", removed)
	}
	expectCounts(t, env, "refreshing 300 links of a NAP with 1500 networks", map[string]int{emulator.RouteListNAPNetworks: 2})

	// Drift detection still works: the next run (a new provider process)
	// sees a network removed out of band.
	if err := env.Emulator.RemoveNAPNetwork(napSID, sids[7]); err != nil {
		t.Fatal(err)
	}
	if removed := refreshAll(newProtocolHarness(t, env)); removed != 1 {
		t.Fatalf("%d links reported missing after one was removed out of band, want 1", removed)
	}
}

// stateMap turns a state object back into the harness's attribute map.
func stateMap(t *testing.T, v tftypes.Value) map[string]any {
	t.Helper()
	var attrs map[string]tftypes.Value
	if err := v.As(&attrs); err != nil {
		t.Fatal(err)
	}
	out := map[string]any{}
	for k, a := range attrs {
		var s string
		if a.IsNull() || a.As(&s) != nil {
			continue
		}
		out[k] = s
	}
	return out
}
