package provider

import (
	"context"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/supersim-tf/terraform-provider-supersim/internal/emulator"
)

// The tests in this file inject the faults real pipelines meet through the
// emulator and check the one thing that matters: afterwards the account holds
// exactly what the configuration says, with no duplicate and nothing lost.

// emulatorCheck is a state check that asks the emulator instead of the
// legacy state shim, which cannot address for_each instances.
type emulatorCheck func() error

func (f emulatorCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = f()
}

// expectAccount checks that the emulator holds exactly one NAP with the
// unique name and exactly the networks.
func (e *accEnv) expectAccount(name string, networks []string) emulatorCheck {
	return func() error {
		var found []emulator.NAPState
		for _, nap := range e.Emulator.NetworkAccessProfiles() {
			if nap.UniqueName != nil && *nap.UniqueName == name {
				found = append(found, nap)
			}
		}
		if len(found) != 1 {
			return fmt.Errorf("%d NAPs named %q, want exactly 1", len(found), name)
		}
		if !sameStrings(found[0].Networks, networks) {
			return fmt.Errorf("NAP %q allows %d networks, want %d (missing %v, extra %v)", name, len(found[0].Networks), len(networks),
				setDifference(found[0].Networks, networks), setDifference(networks, found[0].Networks))
		}
		return nil
	}
}

// inject activates a fault and, when the test ends (or the fault is
// cleared), logs how often it fired and what the account holds: the figures
// of the reliability report.
func (e *accEnv) inject(t *testing.T, f emulator.Fault) emulator.FaultID {
	id := e.Emulator.InjectFault(f)
	e.faults = append(e.faults, injectedFault{fault: f, id: id})
	if len(e.faults) == 1 {
		t.Cleanup(func() { e.logFaults(t) })
	}
	return id
}

func (e *accEnv) clearFaults(t *testing.T) {
	e.logFaults(t)
	e.Emulator.ClearFaults()
}

func (e *accEnv) logFaults(t *testing.T) {
	for _, f := range e.faults {
		links := 0
		naps := e.Emulator.NetworkAccessProfiles()
		for _, nap := range naps {
			links += len(nap.Networks)
		}
		t.Logf("fault kind=%s route=%q status=%d every=%d times=%d fired %d times; account: %d NAPs, %d allowed networks",
			f.fault.Kind, f.fault.Route, f.fault.Status, f.fault.Every, f.fault.Times, e.Emulator.FaultFired(f.id), len(naps), links)
	}
	e.faults = nil
}

// destroyStep ends a test whose state holds for_each instances: the
// framework's legacy state shim cannot read their string keys, and it reads
// the final state unless it is empty.
func (e *accEnv) destroyStep() resource.TestStep {
	return resource.TestStep{Config: e.providerBlock()}
}

// napWithLinks is one NAP whose membership is managed by for_each links.
func napWithLinks(name string, networks []string) string {
	return fmt.Sprintf(`
resource "supersim_network_access_profile" "test" {
  unique_name = %q
}

resource "supersim_network_access_profile_network" "all" {
  for_each                   = toset(%s)
  network_access_profile_sid = supersim_network_access_profile.test.sid
  network_sid                = each.value
}
`, name, hclSet(networks...))
}

func catalogSIDs(env *accEnv, n int) []string {
	var sids []string
	for _, nw := range env.Emulator.Catalog()[:n] {
		sids = append(sids, nw.SID)
	}
	return sids
}

func TestAccReliability_rateLimitStorms(t *testing.T) {
	for name, retryAfter := range map[string]string{"with Retry-After": "1", "without Retry-After": ""} {
		t.Run(name, func(t *testing.T) {
			env := newAccEnv(t, func(o *emulator.Options) { o.CatalogSize = 250 })
			networks := catalogSIDs(env, 200)
			// Every third request on every route is refused, throughout
			// plan, apply and the plans after it.
			storm := env.inject(t, emulator.Fault{Kind: emulator.FaultStatus, Status: http.StatusTooManyRequests, RetryAfter: retryAfter, Every: 3})
			t.Cleanup(func() {
				if t.Skipped() {
					return
				}
				// 200 link creates alone meet the storm about 66 times.
				if fired := env.Emulator.FaultFired(storm); fired < 66 {
					t.Errorf("the 429 storm fired only %d times", fired)
				}
			})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config:            env.config(napWithLinks("storm", networks)),
					ConfigPlanChecks:  emptyPlanAfterApply,
					ConfigStateChecks: []statecheck.StateCheck{env.expectAccount("storm", networks)},
				}, env.destroyStep()},
			})
		})
	}
}

func TestAccReliability_serverErrorsAndResets(t *testing.T) {
	env := newAccEnv(t)
	networks := []string{attUS, tmobileUS, verizonUS, eeGB, vodafoneGB, telekomDE}
	unavailable := env.inject(t, emulator.Fault{Kind: emulator.FaultStatus, Status: http.StatusServiceUnavailable, Every: 3})
	resets := env.inject(t, emulator.Fault{Kind: emulator.FaultResetBeforeApply, Every: 5})
	t.Cleanup(func() {
		if t.Skipped() {
			return
		}
		if env.Emulator.FaultFired(unavailable) < 5 || env.Emulator.FaultFired(resets) < 3 {
			t.Errorf("faults fired too rarely: 503 %d times, resets %d times", env.Emulator.FaultFired(unavailable), env.Emulator.FaultFired(resets))
		}
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:            env.config(napWithLinks("flaky", networks)),
				ConfigPlanChecks:  emptyPlanAfterApply,
				ConfigStateChecks: []statecheck.StateCheck{env.expectAccount("flaky", networks)},
			},
			{
				Config:            env.config(napWithLinks("flaky", networks[:2])),
				ConfigPlanChecks:  emptyPlanAfterApply,
				ConfigStateChecks: []statecheck.StateCheck{env.expectAccount("flaky", networks[:2])},
			},
			env.destroyStep(),
		},
	})
}

func TestAccReliability_lostCreateResponseOfNamedProfileIsAdopted(t *testing.T) {
	env := newAccEnv(t)
	env.inject(t, emulator.Fault{Route: emulator.RouteCreateNAP, Kind: emulator.FaultDropAfterApply, Times: 1})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:            env.config(napConfig("lost", attUS, eeGB)),
			ConfigPlanChecks:  emptyPlanAfterApply,
			ConfigStateChecks: []statecheck.StateCheck{env.expectAccount("lost", []string{attUS, eeGB})},
		}},
	})
	if n := len(env.Emulator.NetworkAccessProfiles()); n != 1 {
		t.Fatalf("%d NAPs after a lost response, want 1", n)
	}
}

func TestAccReliability_lostCreateResponseOfNamelessProfileIsAdopted(t *testing.T) {
	env := newAccEnv(t)
	// An older nameless profile with other networks must not be mistaken
	// for the new one.
	if _, err := env.Emulator.CreateNAP(nil, []string{telekomDE}); err != nil {
		t.Fatal(err)
	}
	env.inject(t, emulator.Fault{Route: emulator.RouteCreateNAP, Kind: emulator.FaultDropAfterApply, Times: 1})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:           env.config(napConfig("", attUS, eeGB)),
			ConfigPlanChecks: emptyPlanAfterApply,
			ConfigStateChecks: []statecheck.StateCheck{emulatorCheck(func() error {
				naps := env.Emulator.NetworkAccessProfiles()
				if len(naps) != 2 || !sameStrings(naps[1].Networks, []string{attUS, eeGB}) {
					return fmt.Errorf("want the old NAP and one new one, got %+v", naps)
				}
				return nil
			})},
		}},
	})
}

// The create of a profile without a unique_name lands, and its answer is
// held past the request timeout. Meanwhile someone creates an identical
// profile without a name. The provider's create carried a generated name,
// so it finds its own profile by that name, and the twin is left alone.
func TestAccReliability_identicalProfileMadeMeanwhileIsNotMistakenForOurs(t *testing.T) {
	env := newAccEnv(t)
	var twin atomic.Value
	// makeTwin runs from the step's PreConfig, after the parallel test has
	// been let go, so its wait starts when the apply does.
	makeTwin := func() {
		held := env.inject(t, emulator.Fault{Route: emulator.RouteCreateNAP, Kind: emulator.FaultDelayAnswer, Latency: time.Minute, Times: 1})
		ctx := t.Context()
		go func() {
			for env.Emulator.FaultFired(held) == 0 || len(env.Emulator.NetworkAccessProfiles()) == 0 {
				if ctx.Err() != nil {
					return
				}
				time.Sleep(time.Millisecond)
			}
			if sid, err := env.Emulator.CreateNAP(nil, []string{attUS}); err == nil {
				twin.Store(sid)
			}
		}()
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			PreConfig:        makeTwin,
			Config:           env.providerBlock(`request_timeout = "1s"`) + napConfig("", attUS),
			ConfigPlanChecks: emptyPlanAfterApply,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(napAddr, tfjsonpath.New("unique_name"), knownvalue.StringRegexp(generatedName)),
				emulatorCheck(func() error {
					sid, _ := twin.Load().(string)
					if sid == "" {
						return fmt.Errorf("the twin was not created while the answer was held")
					}
					if naps := env.Emulator.NetworkAccessProfiles(); len(naps) != 2 || naps[0].SID == sid {
						return fmt.Errorf("want the apply's profile and the twin, got %+v", naps)
					}
					return nil
				}),
			},
		}},
	})
}

// A create reset before the API applied it made nothing: the lookup shows
// it, the create is sent again, and the first apply succeeds.
func TestAccReliability_resetBeforeNamelessCreateIsSentAgain(t *testing.T) {
	env := newAccEnv(t)
	reset := env.inject(t, emulator.Fault{Route: emulator.RouteCreateNAP, Kind: emulator.FaultResetBeforeApply, Times: 1})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:           env.config(napConfig("", attUS)),
			ConfigPlanChecks: emptyPlanAfterApply,
		}},
	})
	if env.Emulator.FaultFired(reset) != 1 {
		t.Fatal("the reset never happened")
	}
	if n := len(env.Emulator.NetworkAccessProfiles()); n != 1 {
		t.Fatalf("%d NAPs, want 1", n)
	}
}

// The storm a busy account meets: rate limits, server errors and lost
// answers on every route at once. The first apply must converge: no error,
// no duplicate, nothing missing, and an empty plan after it.
func TestAccReliability_mixedStormConvergesInOneApply(t *testing.T) {
	env := newAccEnv(t)
	linked := catalogSIDs(env, 12)
	nameless := []string{vodafoneGB, telekomDE}
	// About a third of all requests are rate limited, a tenth fail with a
	// 503, and a seventh lose their answer after being applied. A cadence
	// rather than a probability: which request meets which fault depends
	// on Terraform's ordering, but how many do, does not.
	faults := []emulator.FaultID{
		env.inject(t, emulator.Fault{Kind: emulator.FaultStatus, Status: http.StatusTooManyRequests, RetryAfter: "1", Every: 3}),
		env.inject(t, emulator.Fault{Kind: emulator.FaultStatus, Status: http.StatusServiceUnavailable, Every: 10}),
		env.inject(t, emulator.Fault{Kind: emulator.FaultDropAfterApply, Every: 7}),
	}
	hcl := napWithLinks("storm-named", linked) + fmt.Sprintf(`
resource "supersim_network_access_profile" "nameless" {
  networks = %s
}
`, hclSet(nameless...))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:           env.providerBlock(`max_retries = 12`) + hcl,
			ConfigPlanChecks: emptyPlanAfterApply,
			ConfigStateChecks: []statecheck.StateCheck{
				env.expectAccount("storm-named", linked),
				emulatorCheck(func() error {
					naps := env.Emulator.NetworkAccessProfiles()
					if len(naps) != 2 {
						return fmt.Errorf("%d NAPs, want 2", len(naps))
					}
					for _, nap := range naps {
						if nap.UniqueName == nil && !sameStrings(nap.Networks, nameless) {
							return fmt.Errorf("the nameless NAP allows %v, want %v", nap.Networks, nameless)
						}
					}
					for _, f := range faults {
						if env.Emulator.FaultFired(f) == 0 {
							return fmt.Errorf("fault %d never fired", f)
						}
					}
					return nil
				}),
			},
		}, env.destroyStep()},
	})
}

func TestAccReliability_lostLinkResponsesAreHarmless(t *testing.T) {
	env := newAccEnv(t)
	all := []string{attUS, eeGB, telekomDE}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					env.inject(t, emulator.Fault{Route: emulator.RouteAddNAPNetwork, Kind: emulator.FaultDropAfterApply, Every: 2})
				},
				Config:            env.config(linkConfig("links-lost", all...)),
				ConfigPlanChecks:  emptyPlanAfterApply,
				ConfigStateChecks: []statecheck.StateCheck{env.expectAccount("links-lost", all)},
			},
			{
				PreConfig: func() {
					env.clearFaults(t)
					env.inject(t, emulator.Fault{Route: emulator.RouteRemoveNAPNetwork, Kind: emulator.FaultDropAfterApply, Times: 1})
				},
				Config:            env.config(linkConfig("links-lost", attUS)),
				ConfigPlanChecks:  emptyPlanAfterApply,
				ConfigStateChecks: []statecheck.StateCheck{env.expectAccount("links-lost", []string{attUS})},
			},
			{
				PreConfig: func() {
					env.clearFaults(t)
					env.inject(t, emulator.Fault{Route: emulator.RouteUpdateNAP, Kind: emulator.FaultDropAfterApply, Times: 1})
				},
				Config:            env.config(linkConfig("links-renamed", attUS)),
				ConfigPlanChecks:  emptyPlanAfterApply,
				ConfigStateChecks: []statecheck.StateCheck{env.expectAccount("links-renamed", []string{attUS})},
			},
		},
	})
}

func TestAccReliability_networksUpdateFailingHalfwayIsFinishedNextApply(t *testing.T) {
	env := newAccEnv(t)
	before := []string{attUS}
	after := []string{tmobileUS, verizonUS, eeGB, vodafoneGB}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: env.providerBlock(`max_retries = 0`) + napConfig("halfway", before...)},
			{
				PreConfig: func() {
					env.inject(t, emulator.Fault{Route: emulator.RouteAddNAPNetwork, Kind: emulator.FaultStatus, Status: 500, Every: 3})
				},
				Config: env.providerBlock(`max_retries = 0`) + napConfig("halfway", after...),
				// It says what was done and what was not, and never that
				// nothing changed.
				ExpectError: regexp.MustCompile(`(?s)Could not finish changing the networks of Network Access Profile\s+halfway \(HA[0-9a-f]+\).*[0-3]\s+of\s+the\s+4\s+networks\s+to\s+add\s+were\s+added.*0\s+of\s+the\s+1\s+to\s+remove.*next\s+apply\s+finishes\s+the\s+job`),
			},
			{
				PreConfig: func() {
					// The failed apply kept AT&T: a NAP is never narrower
					// than both lists while a change is under way.
					nets, _ := env.Emulator.NAPNetworks("halfway")
					if !slices.Contains(nets, attUS) {
						t.Errorf("AT&T was removed although adds failed: %v", nets)
					}
					env.clearFaults(t)
				},
				Config: env.providerBlock(`max_retries = 0`) + napConfig("halfway", after...),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(napAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{env.expectAccount("halfway", after)},
			},
		},
	})
}

func TestNetworksUpdateFailingHalfwayRecordsWhatWasApplied(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	name := "partial"
	sid, err := env.Emulator.CreateNAP(&name, []string{attUS})
	if err != nil {
		t.Fatal(err)
	}
	h := newProtocolHarness(t, env, map[string]any{"max_retries": 0})
	env.inject(t, emulator.Fault{Route: emulator.RouteAddNAPNetwork, Kind: emulator.FaultStatus, Status: 500, Every: 2})
	newState, diags := h.planAndApply(context.Background(), napType, napPrior(sid, name, attUS),
		map[string]any{"unique_name": name, "networks": []string{eeGB, telekomDE, vodafoneGB, verizonUS}})
	if !hasError(diags) {
		t.Fatal("want the apply to fail")
	}
	inState := stringSetAttr(t, newState, "networks")
	inAccount, _ := env.Emulator.NAPNetworks(sid)
	if !sameStrings(inState, inAccount) {
		t.Fatalf("state records %v but the account allows %v", inState, inAccount)
	}
	if len(inAccount) < 2 || len(inAccount) > 4 {
		t.Fatalf("want a partial change, the account allows %v", inAccount)
	}
}

// Ctrl-C while the provider waits out a long Retry-After ends the wait at
// once: the create was refused with a 429, so nothing was made, and the
// error says so.
func TestApplyInterruptedByCancelReturnsPromptly(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	h := newProtocolHarness(t, env)
	h.plan(napType, nil, map[string]any{"unique_name": "interrupted", "networks": []string{attUS}}) // reads the catalog first
	limited := env.inject(t, emulator.Fault{Route: emulator.RouteCreateNAP, Kind: emulator.FaultStatus, Status: 429, RetryAfter: "30"})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for env.Emulator.FaultFired(limited) == 0 {
			time.Sleep(time.Millisecond)
		}
		// Let the 429 reach the client, which then waits its 30 seconds.
		time.Sleep(300 * time.Millisecond)
		cancel()
	}()
	start := time.Now()
	_, diags := h.planAndApply(ctx, napType, nil, map[string]any{"unique_name": "interrupted", "networks": []string{attUS}})
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Fatalf("cancel took %v to interrupt the wait", elapsed)
	}
	if fired := env.Emulator.FaultFired(limited); fired != 1 {
		t.Fatalf("the 429 fired %d times, want once: the wait was not what was interrupted", fired)
	}
	// On a loaded machine the cancel may still beat the 429 to the client;
	// then the provider looks the create up and finds nothing. Either way
	// the error must say that nothing changed.
	if !hasError(diags) || !regexp.MustCompile(`(changed nothing|nothing changed)`).MatchString(diagText(diags)) {
		t.Fatalf("want an error saying nothing changed, got:\n%s", diagText(diags))
	}
	if n := len(env.Emulator.NetworkAccessProfiles()); n != 0 {
		t.Fatalf("%d NAPs after an interrupted create, want 0", n)
	}
}

func TestAccReliability_slowAPIIsBounded(t *testing.T) {
	env := newAccEnv(t)
	env.inject(t, emulator.Fault{Kind: emulator.FaultLatency, Latency: 3 * time.Second})
	cases := map[string]struct {
		settings string
		want     []string
	}{
		"per request": {`request_timeout = "200ms"
  max_retries = 1`, []string{"timed out", "raise request_timeout"}},
		"whole call": {`request_timeout = "200ms"
  max_retries = 20
  max_retry_duration = "1s"`, []string{"gave up after", "max retry duration 1s"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config:      env.providerBlock(tc.settings) + napConfig("slow"),
					ExpectError: expectText(tc.want...),
				}},
			})
			if elapsed := time.Since(start); elapsed > 20*time.Second {
				t.Fatalf("a slow API held the apply for %v", elapsed)
			}
		})
	}
}

func TestAccReliability_wrongBaseURLFailsClearly(t *testing.T) {
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()
	html := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<!doctype html><html><body><h1>It works!</h1></body></html>")
	}))
	t.Cleanup(html.Close)
	tlsSrv := httptest.NewTLSServer(http.NotFoundHandler())
	t.Cleanup(tlsSrv.Close)
	untrusted := tlsSrv.URL
	cases := map[string]struct {
		url  string
		want []string
	}{
		"connection refused": {closedURL, []string{"connection refused", "check base_url"}},
		"DNS failure":        {"https://supersim.invalid", []string{"supersim.invalid", "does not resolve", "check base_url"}},
		"TLS not trusted":    {untrusted, []string{"certificate", "ca_cert_file"}},
		"not the API":        {html.URL, []string{"text/html", "It works!", "check base_url"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config: fmt.Sprintf(`
provider "supersim" {
  base_url    = %q
  account_sid = %q
  auth_token  = "token"
  max_retries = 1
  request_timeout = "5s"
}
`, tc.url, testAccountSID) + napConfig("nowhere"),
					ExpectError: expectText(tc.want...),
				}},
			})
			if elapsed := time.Since(start); elapsed > 30*time.Second {
				t.Fatalf("took %v", elapsed)
			}
		})
	}
}

func TestAccReliability_customCABundleIsTrusted(t *testing.T) {
	env := newAccEnv(t)
	srv := httptest.NewTLSServer(env.Emulator)
	t.Cleanup(srv.Close)
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, pemOf(srv.Certificate().Raw), 0o600); err != nil {
		t.Fatal(err)
	}
	block := func(extra string) string {
		return fmt.Sprintf("provider \"supersim\" {\n  base_url = %q\n  account_sid = %q\n  auth_token = %q\n  max_retries = 0\n  %s\n}\n",
			srv.URL, env.AccountSID, env.AuthToken, extra)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: block("") + napConfig("tls"), ExpectError: expectText("certificate")},
			{Config: block(fmt.Sprintf("ca_cert_file = %q", caFile)) + napConfig("tls"), ConfigPlanChecks: emptyPlanAfterApply},
		},
	})
}

func pemOf(der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

// After a lost create answer, a profile of the same name that allows other
// networks is not this apply's. Adopting it and then trying to change its
// networks ended, when that change failed, in state that differed from the
// plan: Terraform reported "Provider produced inconsistent result after
// apply", tainted the profile, and the next plan wanted to replace a
// profile that cannot be deleted. Now it is an error with no state, which
// Terraform neither records nor taints, and importing it works.
func TestAccReliability_unprovableAdoptionIsAnErrorNotATaint(t *testing.T) {
	env := newAccEnv(t)
	name := "someone-elses"
	existing, err := env.Emulator.CreateNAP(&name, []string{attUS})
	if err != nil {
		t.Fatal(err)
	}
	imported := fmt.Sprintf("import {\n  to = %s\n  id = %q\n}\n", napAddr, existing)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					// The create meets the taken name and that answer is lost;
					// any change to the profile's networks fails.
					env.inject(t, emulator.Fault{Route: emulator.RouteCreateNAP, Kind: emulator.FaultDropAfterApply, Times: 1})
					env.inject(t, emulator.Fault{Route: emulator.RouteAddNAPNetwork, Kind: emulator.FaultStatus, Status: 500})
				},
				Config:      env.providerBlock(`max_retries = 0`) + napConfig(name, attUS, eeGB),
				ExpectError: expectText("A Network Access Profile with this unique name already exists", "was lost", existing, "import {", `id = "`+existing+`"`),
			},
			{
				// Nothing is in state, so nothing is tainted: the import plans
				// an in-place update of the existing profile.
				PreConfig: func() { env.clearFaults(t) },
				Config:    env.providerBlock(`max_retries = 0`) + napConfig(name, attUS, eeGB) + imported,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(napAddr, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{env.expectAccount(name, []string{attUS, eeGB})},
			},
		},
	})
	if n := len(env.Emulator.NetworkAccessProfiles()); n != 1 {
		t.Fatalf("%d NAPs, want 1", n)
	}
}

// A wrong token in a configuration of one profile and fifteen catalog
// lookups: the run fails with the credentials named once, the other
// operations pointing to it, and no more requests than Terraform's ten
// parallel operations had in flight before the first answer.
func TestAccReliability_wrongTokenFailsOnce(t *testing.T) {
	env := newAccEnv(t)
	var lookups strings.Builder
	for i, nw := range env.Emulator.Catalog()[:15] {
		fmt.Fprintf(&lookups, "data \"supersim_network\" \"n%d\" {\n  sid = %q\n}\n", i, nw.SID)
	}
	config := fmt.Sprintf(`
provider "supersim" {
  base_url    = %q
  account_sid = %q
  auth_token  = "not-the-token-0123456789abcdef"
}
`, env.URL, env.AccountSID) + napConfig("wrong-token", attUS) + lookups.String()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:      config,
			ExpectError: expectText("HTTP 401", "refused the credentials", "the Super SIM API is not usable", "No request was sent"),
		}},
	})
	t.Logf("%d requests with a wrong token", env.Emulator.TotalRequests())
	if n := env.Emulator.TotalRequests(); n > 10 {
		t.Fatalf("%d requests with a wrong token, want at most 10 (one per parallel operation before the first answer)", n)
	}
}
