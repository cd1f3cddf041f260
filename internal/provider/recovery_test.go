package provider

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/supersim-tf/terraform-provider-supersim/internal/emulator"
)

// One fault of the kind load balancers, gateways and sidecars produce every
// day, on a create of an object the API can never delete. After each, the
// account must hold exactly the objects the configuration asks for, state
// must hold each of them once, and the next plan must be empty.

// accountMatchesState is a state check: every profile and Fleet of the
// account is in state exactly once, state holds no other, and there are
// wantProfiles profiles and wantFleets Fleets.
func (e *accEnv) accountMatchesState(wantProfiles, wantFleets int) statecheck.StateCheck {
	return stateCheck(func(state *tfjson.State) error {
		inState := map[string][]string{} // SID → addresses
		var walk func(m *tfjson.StateModule)
		walk = func(m *tfjson.StateModule) {
			if m == nil {
				return
			}
			for _, r := range m.Resources {
				if r.Mode != tfjson.ManagedResourceMode || (r.Type != napResourceType && r.Type != fleetResourceType) {
					continue
				}
				sid, _ := r.AttributeValues["sid"].(string)
				inState[sid] = append(inState[sid], r.Address)
			}
			for _, child := range m.ChildModules {
				walk(child)
			}
		}
		if state.Values != nil {
			walk(state.Values.RootModule)
		}
		var inAccount []string
		for _, nap := range e.Emulator.NetworkAccessProfiles() {
			inAccount = append(inAccount, nap.SID)
		}
		profiles := len(inAccount)
		for _, f := range e.Emulator.Fleets() {
			inAccount = append(inAccount, f.SID)
		}
		fleets := len(inAccount) - profiles
		var problems []string
		if profiles != wantProfiles || fleets != wantFleets {
			problems = append(problems, fmt.Sprintf("the account holds %d profiles and %d Fleets, want %d and %d", profiles, fleets, wantProfiles, wantFleets))
		}
		for _, sid := range inAccount {
			switch addrs := inState[sid]; len(addrs) {
			case 0:
				problems = append(problems, sid+" is in the account but not in state")
			case 1:
			default:
				problems = append(problems, fmt.Sprintf("%s is in state %d times: %v", sid, len(addrs), addrs))
			}
		}
		for sid, addrs := range inState {
			if !slices.Contains(inAccount, sid) {
				problems = append(problems, fmt.Sprintf("%v holds %s, which the account does not have", addrs, sid))
			}
		}
		if len(problems) > 0 {
			sort.Strings(problems)
			return fmt.Errorf("account and state disagree:\n  %s", strings.Join(problems, "\n  "))
		}
		return nil
	})
}

type stateCheck func(*tfjson.State) error

func (f stateCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil {
		resp.Error = fmt.Errorf("no state")
		return
	}
	resp.Error = f(req.State)
}

// expectFired fails the test, when it ends, unless the fault acted: a
// scenario whose fault never fired proves nothing.
func (e *accEnv) expectFired(t *testing.T, id emulator.FaultID) {
	t.Cleanup(func() {
		if !t.Skipped() && !t.Failed() && e.Emulator.FaultFired(id) == 0 {
			t.Error("the fault never fired: the scenario did not happen")
		}
	})
}

// Two profiles without a unique_name, made by one for_each with the same
// networks, and a 502 on one of the creates. "landed" is a 502 from a load
// balancer whose backend did make the profile; "not landed" is one whose
// backend never got it, while the sibling's create landed. Either
// way each instance must record its own profile, and no third one may be
// made.
func TestAccRecovery_badGatewayOnOneOfTwoNamelessSiblings(t *testing.T) {
	for name, kind := range map[string]emulator.FaultKind{"landed": emulator.FaultStatusAfterApply, "not landed": emulator.FaultStatus} {
		t.Run(name, func(t *testing.T) {
			env := newAccEnv(t)
			// The 502 takes half a second, time enough for the sibling's
			// create to land before the provider looks for its own.
			env.inject(t, emulator.Fault{Route: emulator.RouteCreateNAP, Kind: emulator.FaultLatency, Latency: 500 * time.Millisecond, Times: 1})
			env.expectFired(t, env.inject(t, emulator.Fault{Route: emulator.RouteCreateNAP, Kind: kind, Status: http.StatusBadGateway, Times: 1}))
			config := env.config(fmt.Sprintf(`
resource "supersim_network_access_profile" "fleet" {
  for_each = toset(["a", "b"])
  networks = %s
}
`, hclSet(attUS, eeGB)))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config:            config,
					ConfigPlanChecks:  emptyPlanAfterApply,
					ConfigStateChecks: []statecheck.StateCheck{env.accountMatchesState(2, 0)},
				}, env.destroyStep()},
			})
		})
	}
}

// A gateway that forwards a create 2.5 s after it was sent, when the
// provider has long given up on that try (request_timeout 1 s) and sent the
// create again.
func TestAccRecovery_createThatLandsLate(t *testing.T) {
	for name, hcl := range map[string]string{
		"profile without unique_name": napConfig("", attUS),
		"named profile":               napConfig("late", attUS),
		"Fleet without unique_name": `
resource "supersim_network_access_profile" "test" {
  unique_name = "late-fleet-profile"
}
resource "supersim_fleet" "test" {
  network_access_profile = supersim_network_access_profile.test.sid
}
`,
	} {
		t.Run(name, func(t *testing.T) {
			env := newAccEnv(t)
			route := emulator.RouteCreateNAP
			profiles, fleets := 1, 0
			if strings.Contains(hcl, "supersim_fleet") {
				route, fleets = emulator.RouteCreateFleet, 1
			}
			env.expectFired(t, env.inject(t, emulator.Fault{Route: route, Kind: emulator.FaultApplyLate, Latency: 2500 * time.Millisecond, Times: 1}))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config:           env.providerBlock(`request_timeout = "1s"`) + hcl,
					ConfigPlanChecks: emptyPlanAfterApply,
					// The late create lands after the provider has moved on;
					// the check waits until it must have.
					ConfigStateChecks: []statecheck.StateCheck{settled(2500*time.Millisecond, env.accountMatchesState(profiles, fleets))},
				}, env.destroyStep()},
			})
		})
	}
}

// settled runs a check only once a late write must have landed, so that a
// duplicate it makes cannot go unseen: it waits the write's whole delay,
// which began before the apply ended.
func settled(delay time.Duration, check statecheck.StateCheck) statecheck.StateCheck {
	return stateCheck(func(state *tfjson.State) error {
		time.Sleep(delay)
		var resp statecheck.CheckStateResponse
		check.CheckState(context.Background(), statecheck.CheckStateRequest{State: state}, &resp)
		return resp.Error
	})
}

// A proxy or sidecar restarts just after a named profile's create landed:
// the answer is lost and connections are refused for 5 s. The API is back
// before the retries are spent, so the first apply finishes the job: the
// profile found by its name, and all 8 links.
func TestAccRecovery_outageAfterALostAnswer(t *testing.T) {
	env := newAccEnv(t)
	networks := catalogSIDs(env, 8)
	env.expectFired(t, env.inject(t, emulator.Fault{Route: emulator.RouteCreateNAP, Kind: emulator.FaultDropAfterApply, Times: 1, Outage: 5 * time.Second}))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:           env.config(napWithLinks("outage", networks)),
			ConfigPlanChecks: emptyPlanAfterApply,
			ConfigStateChecks: []statecheck.StateCheck{
				env.expectAccount("outage", networks),
				env.accountMatchesState(1, 0),
			},
		}, env.destroyStep()},
	})
}

// base_url names https, but the server speaks plain http (or the reverse):
// a typo no retry can fix. The plan fails at once, naming base_url, and
// sends no request beyond the ones already in flight.
func TestAccRecovery_schemeTypoFailsAtOnce(t *testing.T) {
	for name, tls := range map[string]bool{"https to plain http": false, "http to https": true} {
		t.Run(name, func(t *testing.T) {
			env := newAccEnv(t)
			var connections atomic.Int64
			srv := httptest.NewUnstartedServer(env.Emulator)
			srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
				if s == http.StateNew {
					connections.Add(1)
				}
			}
			var url string
			if tls {
				srv.StartTLS()
				url = strings.Replace(srv.URL, "https://", "http://", 1)
			} else {
				srv.Start()
				url = strings.Replace(srv.URL, "http://", "https://", 1)
			}
			t.Cleanup(srv.Close)
			var lookups strings.Builder
			for i, nw := range env.Emulator.Catalog()[:15] {
				fmt.Fprintf(&lookups, "data \"supersim_network\" \"n%d\" {\n  sid = %q\n}\n", i, nw.SID)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config: fmt.Sprintf(`
provider "supersim" {
  base_url    = %q
  account_sid = %q
  auth_token  = %q
}
`, url, env.AccountSID, env.AuthToken) + lookups.String(),
					ExpectError: expectText("base_url", url, "check the scheme of base_url"),
				}},
			})
			// Terraform runs 10 operations at once; each may have sent its
			// first request before the first failure was known.
			if n := connections.Load(); n > 10 {
				t.Fatalf("%d connections to a server that speaks the other scheme, want at most 10: the failure was retried", n)
			}
		})
	}
}

// A Fleet in state that the API no longer finds. Fleets cannot be deleted,
// so the provider is talking to another account (other credentials, another
// subaccount): planning a new Fleet would make one that can never be
// deleted. The plan stops with an error instead.
func TestAccRecovery_fleetNotFoundIsAnError(t *testing.T) {
	home := newAccEnv(t)
	other := newAccEnv(t, func(o *emulator.Options) { o.AccountSID = "AC" + strings.Repeat("f", 32) })
	napSID, err := home.Emulator.CreateNAP(nil, []string{attUS})
	if err != nil {
		t.Fatal(err)
	}
	fleet := fmt.Sprintf(`
resource "supersim_fleet" "test" {
  unique_name            = "elsewhere"
  network_access_profile = %q
}
`, napSID)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: home.config(fleet), ConfigPlanChecks: emptyPlanAfterApply},
			{
				Config:      other.config(fleet),
				ExpectError: expectText("Fleet", "elsewhere", "not found", "credentials", "account"),
			},
			// Back on the right account, nothing was lost.
			{Config: home.config(fleet), ConfigPlanChecks: emptyPlanAfterApply},
		},
	})
	if n, m := len(home.Emulator.Fleets()), len(other.Emulator.Fleets()); n != 1 || m != 0 {
		t.Fatalf("%d Fleets in the account, %d in the other one; want 1 and 0", n, m)
	}
}

// A create without unique_name whose every try lost its answer (here its
// only try: max_retries = 0), and whose lookup by the generated name found
// nothing. That proves only that nothing had landed yet: a gateway still
// holding the request delivers it later, under a name the next apply will
// not know. The error must name it, so that the user can import the late
// profile instead of making a second one; it must not say that nothing
// changed.
func TestCreateNotFoundByGeneratedNameNamesIt(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	h := newProtocolHarness(t, env, map[string]any{"max_retries": 0, "request_timeout": "1s"})
	h.plan(napType, nil, map[string]any{"networks": []string{attUS}}) // reads the catalog first
	late := env.inject(t, emulator.Fault{Route: emulator.RouteCreateNAP, Kind: emulator.FaultApplyLate, Latency: 2500 * time.Millisecond, Times: 1})
	_, diags := h.planAndApply(context.Background(), napType, nil, map[string]any{"networks": []string{attUS}})
	text := diagText(diags)
	if !hasError(diags) {
		t.Fatalf("want an error, got:\n%s", text)
	}
	if env.Emulator.FaultFired(late) != 1 {
		t.Fatal("the late create never happened")
	}
	if strings.Contains(text, "nothing changed") || strings.Contains(text, "changed nothing") {
		t.Errorf("the error says that nothing changed, although the create can still land:\n%s", text)
	}
	named := regexp.MustCompile(`GET /v1/NetworkAccessProfiles/(tf-[0-9a-f]{24})`).FindStringSubmatch(text)
	if named == nil || !strings.Contains(text, "id = \""+named[1]+"\"") {
		t.Fatalf("the error names no generated name to look for, or no import block for it:\n%s", text)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(env.Emulator.NetworkAccessProfiles()) == 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	naps := env.Emulator.NetworkAccessProfiles()
	if len(naps) != 1 || naps[0].UniqueName == nil || *naps[0].UniqueName != named[1] {
		t.Fatalf("the error named %s, but the account holds %+v", named[1], naps)
	}
}

// The same create seen by the real CLI: the apply fails naming the
// generated name, the late create lands, and the import the error gives
// adopts it with an empty plan after. For a Fleet too.
func TestAccRecovery_lateCreateAfterTheLookupIsImportedByItsGeneratedName(t *testing.T) {
	for name, tc := range map[string]struct {
		route, addr, hcl, list string
		count                  func(*emulator.Emulator) []*string
	}{
		"profile": {
			route: emulator.RouteCreateNAP, addr: napAddr, hcl: napConfig("", attUS), list: "/v1/NetworkAccessProfiles/",
			count: func(e *emulator.Emulator) []*string {
				var names []*string
				for _, n := range e.NetworkAccessProfiles() {
					names = append(names, n.UniqueName)
				}
				return names
			},
		},
		"Fleet": {
			route: emulator.RouteCreateFleet, addr: fleetAddr, list: "/v1/Fleets/",
			hcl: `
resource "supersim_network_access_profile" "test" {
  unique_name = "late-fleet-profile"
}
resource "supersim_fleet" "test" {
  network_access_profile = supersim_network_access_profile.test.sid
}
`,
			count: func(e *emulator.Emulator) []*string {
				var names []*string
				for _, f := range e.Fleets() {
					names = append(names, f.UniqueName)
				}
				return names
			},
		},
	} {
		t.Run(name, func(t *testing.T) {
			env := newAccEnv(t)
			profiles, fleets := 1, 0
			if tc.route == emulator.RouteCreateFleet {
				fleets = 1
			}
			env.expectFired(t, env.inject(t, emulator.Fault{Route: tc.route, Kind: emulator.FaultApplyLate, Latency: 2500 * time.Millisecond, Times: 1}))
			provider := env.providerBlock(`max_retries = 0`, `request_timeout = "1s"`)
			var lateName string
			// Filled once the late create has landed, as the user would
			// copy the name from the error.
			variables := config.Variables{}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{
					{
						Config:      provider + tc.hcl,
						ExpectError: expectText("was not found after its create's answer was lost", "GET "+tc.list+"tf-", "import {", "<the address Terraform shows above this error>"),
					},
					{
						PreConfig: func() {
							deadline := time.Now().Add(5 * time.Second)
							for len(tc.count(env.Emulator)) < 1 && time.Now().Before(deadline) {
								time.Sleep(50 * time.Millisecond)
							}
							names := tc.count(env.Emulator)
							if len(names) != 1 || names[0] == nil {
								t.Fatalf("the late create did not land once with its name: %v", names)
							}
							lateName = *names[0]
							variables["late_name"] = config.StringVariable(lateName)
						},
						ConfigVariables: variables,
						Config: provider + tc.hcl + fmt.Sprintf(`
import {
  to = %s
  id = var.late_name
}
variable "late_name" {
  type = string
}
`, tc.addr),
						ConfigPlanChecks: emptyPlanAfterApply,
						ConfigStateChecks: []statecheck.StateCheck{
							env.accountMatchesState(profiles, fleets),
							statecheck.ExpectKnownValue(tc.addr, tfjsonpath.New("unique_name"), knownvalue.StringFunc(func(v string) error {
								if v != lateName {
									return fmt.Errorf("state names %q, the late create %q", v, lateName)
								}
								return nil
							})),
						},
					},
				},
			})
		})
	}
}
