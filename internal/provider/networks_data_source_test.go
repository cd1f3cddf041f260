package provider

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/supersim-tf/terraform-provider-supersim/internal/emulator"
)

// More seeded operators, beyond those provider_test.go names.
var (
	o2GB        = network("234", "10")
	threeGB     = network("234", "20")
	telstraAU   = network("505", "01")
	vodafoneES  = network("214", "01")
	orangeFR    = network("208", "01")
	timIT       = network("222", "01")
	o2DE        = network("262", "03")
	vodafoneDE  = network("262", "02")
	optusAU     = network("505", "02")
	unknownHWID = "HW00000000000000000000000000000000"
)

// dsNetwork is the expected state of one network object: its SID, name,
// country and "mcc-mnc" identifiers in API order.
func dsNetwork(sid, name, country string, pairs ...string) knownvalue.Check {
	ids := make([]knownvalue.Check, len(pairs))
	for i, p := range pairs {
		mcc, mnc, _ := strings.Cut(p, "-")
		ids[i] = knownvalue.ObjectExact(map[string]knownvalue.Check{
			"mcc": knownvalue.StringExact(mcc),
			"mnc": knownvalue.StringExact(mnc),
		})
	}
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"sid":           knownvalue.StringExact(sid),
		"friendly_name": knownvalue.StringExact(name),
		"iso_country":   knownvalue.StringExact(country),
		"identifiers":   knownvalue.ListExact(ids),
	})
}

// dsList is an exact, ordered list of strings.
func dsList(values ...string) knownvalue.Check {
	checks := make([]knownvalue.Check, len(values))
	for i, v := range values {
		checks[i] = knownvalue.StringExact(v)
	}
	return knownvalue.ListExact(checks)
}

// dsTap stands between the provider and a test's emulator: it records the
// query string of every catalog list request, so tests can see that filters
// reach the API, and can rewrite catalog list answers to build a catalog the
// emulator does not have (duplicate names or MCC-MNC pairs).
type dsTap struct {
	url     string
	env     *accEnv
	mu      sync.Mutex
	queries []string
	rewrite func(networks []map[string]any) []map[string]any
}

func newDSTap(t *testing.T, env *accEnv, rewrite func([]map[string]any) []map[string]any) *dsTap {
	t.Helper()
	tap := &dsTap{env: env, rewrite: rewrite}
	srv := httptest.NewServer(http.HandlerFunc(tap.serve))
	t.Cleanup(srv.Close)
	tap.url = srv.URL
	return tap
}

func (tap *dsTap) serve(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet || r.URL.Path != "/v1/Networks" {
		tap.env.Emulator.ServeHTTP(w, r)
		return
	}
	tap.mu.Lock()
	tap.queries = append(tap.queries, r.URL.RawQuery)
	tap.mu.Unlock()
	if tap.rewrite == nil {
		tap.env.Emulator.ServeHTTP(w, r)
		return
	}
	rec := httptest.NewRecorder()
	tap.env.Emulator.ServeHTTP(rec, r)
	body := rec.Body.Bytes()
	if rec.Code == http.StatusOK {
		var page map[string]json.RawMessage
		var networks []map[string]any
		if json.Unmarshal(body, &page) == nil && json.Unmarshal(page["networks"], &networks) == nil {
			page["networks"], _ = json.Marshal(tap.rewrite(networks))
			body, _ = json.Marshal(page)
		}
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(rec.Code)
	_, _ = bytes.NewReader(body).WriteTo(w)
}

// seen returns the recorded catalog list queries.
func (tap *dsTap) seen() []string {
	tap.mu.Lock()
	defer tap.mu.Unlock()
	return slices.Clone(tap.queries)
}

// config configures the provider to go through the tap.
func (tap *dsTap) config(hcl string) string {
	return fmt.Sprintf(`
provider "supersim" {
  base_url    = %q
  account_sid = %q
  auth_token  = %q
}
`, tap.url, tap.env.AccountSID, tap.env.AuthToken) + hcl
}

// expectQueries checks that every catalog list request carried want.
func (tap *dsTap) expectQueries(want ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		got := tap.seen()
		for _, w := range want {
			if !slices.ContainsFunc(got, func(q string) bool { return sameQuery(q, w) }) {
				return fmt.Errorf("no GET /v1/Networks request had the query %q (besides PageSize); requests: %q", w, got)
			}
		}
		return nil
	}
}

// sameQuery compares a request query with want, ignoring PageSize.
func sameQuery(query, want string) bool {
	parts := slices.DeleteFunc(strings.Split(query, "&"), func(p string) bool { return strings.HasPrefix(p, "PageSize=") })
	wantParts := strings.Split(want, "&")
	if want == "" {
		wantParts = nil
	}
	slices.Sort(parts)
	slices.Sort(wantParts)
	return slices.Equal(parts, wantParts)
}

// badCredentials configures the provider with a wrong auth token.
func (e *accEnv) badCredentials(hcl string) string {
	return fmt.Sprintf(`
provider "supersim" {
  base_url    = %q
  account_sid = %q
  auth_token  = "0000000000000000000000000000dead"
}
`, e.URL, e.AccountSID) + hcl
}

func TestAccNetworksDataSource_countryFilter(t *testing.T) {
	env := newAccEnv(t)
	tap := newDSTap(t, env, nil)
	const addr = "data.supersim_networks.gb"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			// Lower case on purpose: the provider sends it upper-cased.
			Config: tap.config(`
data "supersim_networks" "gb" {
  iso_country = "gb"
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("iso_country"), knownvalue.StringExact("gb")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("sids"), dsList(eeGB, o2GB, threeGB, vodafoneGB)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("networks"), knownvalue.ListExact([]knownvalue.Check{
					dsNetwork(eeGB, "EE", "GB", "234-30", "234-33"),
					dsNetwork(o2GB, "O2 UK", "GB", "234-10"),
					dsNetwork(threeGB, "Three UK", "GB", "234-20"),
					dsNetwork(vodafoneGB, "Vodafone UK", "GB", "234-15"),
				})),
			},
			Check: tap.expectQueries("IsoCountry=GB"),
		}},
	})
}

func TestAccNetworksDataSource_mccMncFilters(t *testing.T) {
	env := newAccEnv(t)
	tap := newDSTap(t, env, nil)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: tap.config(`
data "supersim_networks" "mcc" {
  mcc = "310"
}

data "supersim_networks" "pair" {
  mcc = "310"
  mnc = "260"
}

# MNC 01 exists in several countries: the result is ordered by country.
data "supersim_networks" "mnc" {
  mnc = "01"
}

# Both filters must hold for the same identifier: no US network has 310-01.
data "supersim_networks" "none" {
  mcc = "310"
  mnc = "01"
}

data "supersim_networks" "country_and_mcc" {
  iso_country = "US"
  mcc         = "311"
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.supersim_networks.mcc", tfjsonpath.New("networks"), knownvalue.ListExact([]knownvalue.Check{
					dsNetwork(attUS, "AT&T", "US", "310-410", "310-150"),
					dsNetwork(tmobileUS, "T-Mobile", "US", "310-260", "310-160", "311-490"),
				})),
				statecheck.ExpectKnownValue("data.supersim_networks.pair", tfjsonpath.New("sids"), dsList(tmobileUS)),
				statecheck.ExpectKnownValue("data.supersim_networks.mnc", tfjsonpath.New("sids"), dsList(telstraAU, telekomDE, vodafoneES, orangeFR, timIT)),
				statecheck.ExpectKnownValue("data.supersim_networks.none", tfjsonpath.New("sids"), knownvalue.ListSizeExact(0)),
				statecheck.ExpectKnownValue("data.supersim_networks.none", tfjsonpath.New("networks"), knownvalue.ListSizeExact(0)),
				// T-Mobile has 311-490 as its third identifier.
				statecheck.ExpectKnownValue("data.supersim_networks.country_and_mcc", tfjsonpath.New("sids"), dsList(tmobileUS, verizonUS)),
			},
			Check: tap.expectQueries("Mcc=310", "Mcc=310&Mnc=260", "Mnc=01", "Mcc=310&Mnc=01", "IsoCountry=US&Mcc=311"),
		}},
	})
}

func TestAccNetworksDataSource_wholeCatalogOrdered(t *testing.T) {
	env := newAccEnv(t)
	const addr = "data.supersim_networks.all"
	catalog := env.Emulator.Catalog()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(`data "supersim_networks" "all" {}`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("sids"), knownvalue.ListSizeExact(len(catalog))),
				// AU sorts first, and Optus before Telstra; the US last, Verizon Wireless last of all.
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("networks").AtSliceIndex(0), dsNetwork(optusAU, "Optus", "AU", "505-02")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("networks").AtSliceIndex(1), dsNetwork(telstraAU, "Telstra", "AU", "505-01")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("networks").AtSliceIndex(len(catalog)-1), dsNetwork(verizonUS, "Verizon Wireless", "US", "311-480")),
				// After AU, BR and CA (three each), Germany: O2 Germany, Telekom Deutschland, Vodafone Germany.
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("sids"), knownvalue.ListPartial(map[int]knownvalue.Check{
					9:  knownvalue.StringExact(o2DE),
					10: knownvalue.StringExact(telekomDE),
					11: knownvalue.StringExact(vodafoneDE),
				})),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				checkNetworksOrdered(addr),
				checkSIDsAreCatalog(addr, catalog),
			),
		}, {
			// The order is stable: reading again plans nothing.
			Config:   env.config(`data "supersim_networks" "all" {}`),
			PlanOnly: true,
		}},
	})
}

// TestAccNetworksDataSource_pagination reads a catalog of several pages and
// checks that it costs exactly ceil(2500/1000) = 3 list requests.
func TestAccNetworksDataSource_pagination(t *testing.T) {
	const size = 2500
	env := newAccEnv(t, func(o *emulator.Options) { o.CatalogSize = size })
	const addr = "data.supersim_networks.all"
	catalog := env.Emulator.Catalog()
	if len(catalog) != size {
		t.Fatalf("the emulator's catalog has %d networks, want %d", len(catalog), size)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(`data "supersim_networks" "all" {}`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("sids"), knownvalue.ListSizeExact(size)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("networks"), knownvalue.ListSizeExact(size)),
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				// The step's plan read the data source once; apply does
				// not read it again.
				func(*terraform.State) error {
					counts := env.Emulator.Counts()
					if got := counts[emulator.RouteListNetworks]; got != 3 {
						return fmt.Errorf("reading %d networks took %d GET /v1/Networks requests, want 3 (pages of 1000); all counts: %v", size, got, counts)
					}
					if got := env.Emulator.TotalRequests(); got != 3 {
						return fmt.Errorf("reading the catalog took %d API requests in all, want 3; counts: %v", got, env.Emulator.Counts())
					}
					return nil
				},
				checkNetworksOrdered(addr),
				checkSIDsAreCatalog(addr, catalog),
			),
		}},
	})
}

// A filter that matches nothing gives empty lists and a warning that says
// so.
func TestNetworksDataSource_noMatchIsEmptyWithAWarning(t *testing.T) {
	t.Parallel()
	h := newProtocolHarness(t, newAccEnv(t))
	// Antarctica has an ISO code and, in the catalog, no network.
	state, diags := h.readDataSource("supersim_networks", map[string]any{"iso_country": "AQ"})
	expectDiagnostic(t, diags, tfprotov6.DiagnosticSeverityWarning, "No network matches the filters", `iso_country "AQ"`)
	var attrs map[string]tftypes.Value
	if err := state.As(&attrs); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"sids", "networks"} {
		var items []tftypes.Value
		if err := attrs[name].As(&items); err != nil || len(items) != 0 {
			t.Fatalf("%s = %v (%v), want empty", name, attrs[name], err)
		}
	}
}

func TestAccNetworksDataSource_invalidFilters(t *testing.T) {
	env := newAccEnv(t)
	step := func(arg, value string, want ...string) resource.TestStep {
		return resource.TestStep{
			Config:      env.config(fmt.Sprintf("data \"supersim_networks\" \"x\" {\n  %s = %q\n}\n", arg, value)),
			PlanOnly:    true,
			ExpectError: expectText(want...),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			step("iso_country", "GBR", `"GBR" is not an ISO 3166-1 alpha-2 country code`),
			step("mcc", "31", "mobile country code of exactly three digits", "got: 31"),
			step("mnc", "1", "mobile network code of two or three digits", "got: 1"),
			step("mnc", "41a", "mobile network code of two or three digits", "got: 41a"),
		},
	})
	if n := env.Emulator.TotalRequests(); n != 0 {
		t.Errorf("invalid filters made %d API requests; they must fail at plan time without any", n)
	}
}

func TestAccNetworksDataSource_unauthorized(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:      env.badCredentials(`data "supersim_networks" "all" {}`),
			ExpectError: expectText("Could not list the Networks catalog", "HTTP 401", "refused the credentials", "auth_token"),
		}},
	})
}

func TestAccNetworksDataSource_rateLimited(t *testing.T) {
	env := newAccEnv(t)
	env.Emulator.InjectFault(emulator.Fault{Route: emulator.RouteListNetworks, Kind: emulator.FaultStatus, Status: http.StatusTooManyRequests})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "supersim" {
  base_url    = %q
  account_sid = %q
  auth_token  = %q
  max_retries = 0
}

data "supersim_networks" "de" {
  iso_country = "DE"
}
`, env.URL, env.AccountSID, env.AuthToken),
			ExpectError: expectText(`Could not list the Networks catalog with iso_country "DE"`, "HTTP 429", "rate limit", "max_retries"),
		}},
	})
}

// checkNetworksOrdered checks the documented order on the flattened state:
// country, then name ignoring case, then SID, with sids matching networks.
func checkNetworksOrdered(addr string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[addr]
		if !ok {
			return fmt.Errorf("%s is not in state", addr)
		}
		a := rs.Primary.Attributes
		n, _ := strconv.Atoi(a["networks.#"])
		if a["sids.#"] != a["networks.#"] {
			return fmt.Errorf("%s has %s sids but %s networks", addr, a["sids.#"], a["networks.#"])
		}
		key := func(i int) []string {
			p := fmt.Sprintf("networks.%d.", i)
			return []string{a[p+"iso_country"], strings.ToLower(a[p+"friendly_name"]), a[p+"sid"]}
		}
		for i := range n {
			if sid := a[fmt.Sprintf("sids.%d", i)]; sid != a[fmt.Sprintf("networks.%d.sid", i)] {
				return fmt.Errorf("%s: sids[%d] = %s but networks[%d].sid = %s", addr, i, sid, i, a[fmt.Sprintf("networks.%d.sid", i)])
			}
			if i > 0 && slices.Compare(key(i-1), key(i)) >= 0 {
				return fmt.Errorf("%s: networks[%d] %v sorts after networks[%d] %v", addr, i-1, key(i-1), i, key(i))
			}
		}
		return nil
	}
}

// checkSIDsAreCatalog checks that sids holds every catalog network once.
func checkSIDsAreCatalog(addr string, catalog []emulator.NetworkState) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		a := s.RootModule().Resources[addr].Primary.Attributes
		want := make(map[string]bool, len(catalog))
		for _, n := range catalog {
			want[n.SID] = true
		}
		n, _ := strconv.Atoi(a["sids.#"])
		got := map[string]bool{}
		for i := range n {
			sid := a[fmt.Sprintf("sids.%d", i)]
			if got[sid] {
				return fmt.Errorf("%s lists %s twice", addr, sid)
			}
			if !want[sid] {
				return fmt.Errorf("%s lists %s, which is not in the catalog", addr, sid)
			}
			got[sid] = true
		}
		if len(got) != len(want) {
			return fmt.Errorf("%s lists %d networks, the catalog has %d", addr, len(got), len(want))
		}
		return nil
	}
}
