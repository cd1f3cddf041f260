package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/supersim-tf/terraform-provider-supersim/internal/emulator"
	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
	"github.com/supersim-tf/terraform-provider-supersim/internal/tfcli"
)

// The round trips export an account seeded in the emulator, then run the
// real terraform with the provider built from this module against the
// exported files: the first plan must import everything and change
// nothing, the apply must not write to the account, the next plan must be
// empty, and a change made out of band must show in the plan, named.

func TestMain(m *testing.M) { os.Exit(tfcli.Main(m)) }

// Networks of the emulator's seeded catalog, by first MCC-MNC.
var (
	eeGB         = emulator.CatalogNetworkSID("234", "30")
	vodafoneUK   = emulator.CatalogNetworkSID("234", "15")
	o2UK         = emulator.CatalogNetworkSID("234", "10")
	threeUK      = emulator.CatalogNetworkSID("234", "20")
	telekomDE    = emulator.CatalogNetworkSID("262", "01")
	attUS        = emulator.CatalogNetworkSID("310", "410")
	tmobileUS    = emulator.CatalogNetworkSID("310", "260")
	kpnNL        = emulator.CatalogNetworkSID("204", "08")
	timIT        = emulator.CatalogNetworkSID("222", "01")
	vodafoneDE   = emulator.CatalogNetworkSID("262", "02")
	orangeFrance = emulator.CatalogNetworkSID("208", "01")
)

// ambiguousCatalog stands between the provider (and the export) and the
// emulator, and makes its catalog harder to read: O2 UK is renamed EE, so
// two networks of GB share that name, and Three UK is renamed EE too with
// only EE's first MCC-MNC pair, so that neither its name nor its pair
// finds it alone. The API still filters on the real pairs, which differ
// from the rewritten ones only where no lookup goes.
type ambiguousCatalog struct{ next http.Handler }

func (a ambiguousCatalog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := httptest.NewRecorder()
	a.next.ServeHTTP(rec, r)
	body := rec.Body.Bytes()
	if r.Method == http.MethodGet && rec.Code == http.StatusOK && strings.Contains(r.URL.Path, "/Networks") {
		var doc any
		if err := json.Unmarshal(body, &doc); err == nil {
			rewriteNetworks(doc)
			body, _ = json.Marshal(doc)
		}
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.Header().Del("Content-Length")
	w.WriteHeader(rec.Code)
	_, _ = w.Write(body)
}

func rewriteNetworks(v any) {
	switch v := v.(type) {
	case map[string]any:
		switch v["sid"] {
		case o2UK:
			v["friendly_name"] = "EE"
		case threeUK:
			v["friendly_name"] = "EE"
			v["identifiers"] = []any{map[string]any{"mcc": "234", "mnc": "30"}}
		}
		for _, child := range v {
			rewriteNetworks(child)
		}
	case []any:
		for _, child := range v {
			rewriteNetworks(child)
		}
	}
}

// account60 is the account of the main round trip: 60 profiles (8
// without a name, names that make the same label, a name with spaces and
// slashes, a generated name, names a label cannot be made of as they are)
// sharing networks, and 5 Fleets.
type account60 struct {
	generatedName string
}

func seedAccount60(t *testing.T, e *emulator.Emulator, url string) account60 {
	t.Helper()
	str := func(s string) *string { return &s }
	catalog := e.Catalog()
	names := []string{
		// trackers_eu_4, trackers_eu (the name is the label), trackers_eu_3
		// and trackers_eu_2 (the suffixes skip it).
		"trackers-eu", "trackers_eu", "Trackers EU", "trackers-eu-2",
		"fleet/gps tracker v2", // spaces and slashes
		"tf-0123456789abcdef01234567",
		"4g-only",        // a label cannot start with a digit
		"cost-${center}", // a template sequence in a string
		"Telefónica ES",  // an accent
		"日本",             // nothing to make a label of
		`quote"back\slash`,
	}
	for i := len(names); i < 52; i++ {
		names = append(names, fmt.Sprintf("team-%02d", i))
	}
	created := map[string]string{} // name → SID
	var nameless []string
	for i := range 60 {
		var networks []string
		switch i {
		case 0: // trackers-eu
			networks = []string{vodafoneUK, eeGB, o2UK, threeUK, telekomDE}
		case 1:
			networks = []string{eeGB, o2UK}
		case 2:
			networks = []string{threeUK}
		case 30:
			// no network at all
		default:
			for j := range 1 + i%4 {
				networks = append(networks, catalog[(i*7+j*13)%len(catalog)].SID)
			}
		}
		var name *string
		if i < 52 {
			name = str(names[i])
		}
		sid, err := e.CreateNAP(name, networks)
		if err != nil {
			t.Fatalf("seeding profile %d: %v", i, err)
		}
		if name != nil {
			created[*name] = sid
		} else {
			nameless = append(nameless, sid)
		}
	}

	client, err := supersim.New(supersim.Config{BaseURL: url, Username: e.AccountSID(), Password: emulator.DefaultAuthToken})
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if _, err := e.CreateFleet(created["trackers-eu"], "fleet-eu"); err != nil {
		t.Fatal(err)
	}
	no, get, post := false, "GET", "POST"
	limit := 250
	if _, err := client.CreateFleet(ctx, supersim.FleetParams{
		UniqueName: str("Fleet EU"), NetworkAccessProfile: str(created["trackers_eu"]),
		DataEnabled: &no, DataLimit: &limit, SMSCommandsEnabled: &no,
		SMSCommandsURL: str("https://example.com/sms?x=1&y=2"), SMSCommandsMethod: &get,
		IPCommandsURL: str("https://example.com/ip"), IPCommandsMethod: &post,
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.CreateFleet(nameless[0], ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.CreateFleet(created["fleet/gps tracker v2"], "fleet/gps"); err != nil {
		t.Fatal(err)
	}
	generated := "tf-abcdef0123456789abcdef01"
	if _, err := e.CreateFleet(created["日本"], generated); err != nil {
		t.Fatal(err)
	}
	return account60{generatedName: generated}
}

// exportInto runs the command in-process against url, as a user whose
// environment holds the emulator's credentials would, and returns what it
// said on stderr.
func exportInto(t *testing.T, url string, args ...string) string {
	t.Helper()
	env := map[string]string{
		envBaseURL:    url,
		envAccountSID: emulator.DefaultAccountSID,
		envAuthToken:  emulator.DefaultAuthToken,
	}
	var out, errb bytes.Buffer
	if code := run(t.Context(), args, func(k string) string { return env[k] }, &out, &errb); code != 0 {
		t.Fatalf("supersim-export %s exited %d:\n%s", strings.Join(args, " "), code, errb.String())
	}
	return errb.String()
}

// workdir is a terraform directory whose provider reads the emulator's
// credentials from the environment, as the exported provider block asks;
// the caller adds SUPERSIM_BASE_URL.
func workdir(t *testing.T) *tfcli.Workdir {
	t.Helper()
	w := tfcli.NewWorkdir(t)
	w.Env = append(w.Env, envAccountSID+"="+emulator.DefaultAccountSID, envAuthToken+"="+emulator.DefaultAuthToken)
	return w
}

// writes counts the requests that could change the account.
func writes(e *emulator.Emulator) (int, map[string]int) {
	n := 0
	counted := map[string]int{}
	for route, count := range e.Counts() {
		if strings.HasPrefix(route, "POST ") || strings.HasPrefix(route, "DELETE ") || strings.HasPrefix(route, "PUT ") || strings.HasPrefix(route, "PATCH ") {
			n += count
			counted[route] = count
		}
	}
	return n, counted
}

func readFile(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// planSummary is the summary line of a plan ("Plan: …" or "No changes.").
var planSummary = regexp.MustCompile(`(?m)^(Plan: .*|No changes\..*)$`)

func TestAccExport_roundTrip60Profiles5Fleets(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Minute)
	defer cancel()
	w := workdir(t) // skips without TF_ACC or terraform, before any seeding
	ts := emulator.NewTestServer(t, emulator.Options{CatalogSize: 60})
	proxy := httptest.NewServer(ambiguousCatalog{ts.Emulator})
	t.Cleanup(proxy.Close)
	w.Env = append(w.Env, envBaseURL+"="+proxy.URL)
	seeded := seedAccount60(t, ts.Emulator, ts.URL)
	ts.Emulator.ResetCounts()

	start := time.Now()
	stderr := exportInto(t, proxy.URL, "-dir", w.Dir, "-provider-block")
	exportTime := time.Since(start)
	t.Logf("export: %s, %d requests (%s)", exportTime.Round(time.Millisecond), ts.Emulator.TotalRequests(), strings.TrimSpace(stderr))
	exportRequests := ts.Emulator.TotalRequests()

	networks, profiles, fleets := readFile(t, w.Dir, "networks.tf"), readFile(t, w.Dir, "profiles.tf"), readFile(t, w.Dir, "fleets.tf")
	for _, want := range []string{
		// EE is ambiguous by name, and so is the O2 UK renamed EE: both by
		// MCC-MNC (EE's first pair is shared, its second is not).
		"data \"supersim_network\" \"ee_gb_234_33\" {\n  mcc = \"234\"\n  mnc = \"33\"\n}",
		"data \"supersim_network\" \"ee_gb_234_10\" {\n  mcc = \"234\"\n  mnc = \"10\"\n}",
		// Three UK renamed EE with EE's pair: only its SID finds it.
		fmt.Sprintf("  sid = %q", threeUK),
		"data \"supersim_network\" \"vodafone_uk_gb\" {\n  friendly_name = \"Vodafone UK\"\n  iso_country   = \"GB\"\n}",
	} {
		if !strings.Contains(networks, want) {
			t.Errorf("networks.tf lacks\n%s\nin\n%s", want, networks)
		}
	}
	if n := strings.Count(networks, "data \"supersim_network\""); n != strings.Count(networks, "friendly_name")+3 {
		t.Errorf("networks.tf has %d data sources, which should be every one by name but three", n)
	}
	for _, want := range []string{
		`resource "supersim_network_access_profile" "trackers_eu" {` + "\n  unique_name = \"trackers_eu\"",
		`resource "supersim_network_access_profile" "trackers_eu_2" {` + "\n  unique_name = \"trackers-eu-2\"",
		`resource "supersim_network_access_profile" "trackers_eu_3" {` + "\n  unique_name = \"Trackers EU\"",
		`resource "supersim_network_access_profile" "trackers_eu_4" {` + "\n  unique_name = \"trackers-eu\"",
		`resource "supersim_network_access_profile" "fleet_gps_tracker_v2" {`,
		`resource "supersim_network_access_profile" "tf_0123456789abcdef01234567" {`,
		`resource "supersim_network_access_profile" "nap_4g_only" {`,
		`unique_name = "cost-$${center}"`,
		`resource "supersim_network_access_profile" "telefonica_es" {`,
		`unique_name = "quote\"back\\slash"`,
		"networks    = []",
	} {
		if !strings.Contains(profiles, want) {
			t.Errorf("profiles.tf lacks %s", want)
		}
	}
	if n := strings.Count(profiles, "# This profile has no unique name, so its label is its SID."); n != 8 {
		t.Errorf("profiles.tf notes %d profiles without a name, want 8", n)
	}
	for _, want := range []string{
		"resource \"supersim_fleet\" \"fleet_eu\" {\n  unique_name            = \"Fleet EU\"\n  network_access_profile = supersim_network_access_profile.trackers_eu.sid",
		"resource \"supersim_fleet\" \"fleet_eu_2\" {\n  unique_name            = \"fleet-eu\"\n  network_access_profile = supersim_network_access_profile.trackers_eu_4.sid",
		`resource "supersim_fleet" "` + strings.ReplaceAll(seeded.generatedName, "-", "_") + `" {`,
		`sms_commands_url       = "https://example.com/sms?x=1&y=2"`,
		"data_enabled         = false",
	} {
		if !strings.Contains(fleets, want) {
			t.Errorf("fleets.tf lacks %s", want)
		}
	}
	for _, f := range []string{networks, profiles, fleets, readFile(t, w.Dir, "imports.tf"), readFile(t, w.Dir, "provider.tf")} {
		if strings.Contains(f, emulator.DefaultAuthToken) {
			t.Fatal("the export wrote the auth token")
		}
	}
	if res := w.RunOK(ctx, "fmt", "-check", "-diff", "-recursive"); res.Stdout != "" {
		t.Errorf("terraform fmt would change the export:\n%s", res.Stdout)
	}

	start = time.Now()
	plan := w.RunOK(ctx, "plan")
	planTime := time.Since(start)
	t.Logf("plan: %s, %d requests; export and plan: %s", planTime.Round(time.Millisecond),
		ts.Emulator.TotalRequests()-exportRequests, (exportTime + planTime).Round(time.Millisecond))
	if got := planSummary.FindString(plan.Stdout); got != "Plan: 65 to import, 0 to add, 0 to change, 0 to destroy." {
		t.Fatalf("the first plan says %q, want 65 to import and nothing else:\n%s", got, plan.Output)
	}

	apply := w.RunOK(ctx, "apply", "-auto-approve")
	if !strings.Contains(apply.Stdout, "Apply complete! Resources: 65 imported, 0 added, 0 changed, 0 destroyed.") {
		t.Fatalf("apply did not import exactly 65 objects:\n%s", apply.Output)
	}
	if n, routes := writes(ts.Emulator); n != 0 {
		t.Fatalf("export, plan and apply sent %d writes to the account: %v", n, routes)
	}
	if empty, out, err := w.PlanIsEmpty(ctx); err != nil || !empty {
		t.Fatalf("the plan after the import apply is not empty (%v):\n%s", err, out)
	}

	// Someone removes Vodafone UK from trackers-eu in the Console.
	if err := ts.Emulator.RemoveNAPNetwork("trackers-eu", vodafoneUK); err != nil {
		t.Fatal(err)
	}
	res, err := w.Run(ctx, "plan", "-detailed-exitcode")
	if err != nil || res.ExitCode != 2 {
		t.Fatalf("the plan after the drift should show a change (exit 2); %v:\n%s", err, res)
	}
	if got := planSummary.FindString(res.Stdout); got != "Plan: 0 to add, 1 to change, 0 to destroy." {
		t.Errorf("the plan after the drift says %q, want one change", got)
	}
	for _, want := range []string{"supersim_network_access_profile.trackers_eu_4 will be updated in-place", "Vodafone UK", vodafoneUK} {
		if !strings.Contains(res.Output, want) {
			t.Errorf("the plan after the drift does not mention %q:\n%s", want, res.Output)
		}
	}
}

// seedSmall is the account of the filter round trips: two profiles of
// team A, one of team B and one without a name; Fleets of both teams, one
// of team A on team B's profile.
func seedSmall(t *testing.T, e *emulator.Emulator) {
	t.Helper()
	str := func(s string) *string { return &s }
	core, err := e.CreateNAP(str("team-a-core"), []string{eeGB, vodafoneUK, attUS})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.CreateNAP(str("team-a-edge"), []string{tmobileUS, eeGB}); err != nil {
		t.Fatal(err)
	}
	teamB, err := e.CreateNAP(str("team-b"), []string{kpnNL})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.CreateNAP(nil, []string{timIT, vodafoneDE, orangeFrance}); err != nil {
		t.Fatal(err)
	}
	for name, nap := range map[string]string{"team-a-fleet": teamB, "team-a-core-fleet": core, "team-b-fleet": teamB} {
		if _, err := e.CreateFleet(nap, name); err != nil {
			t.Fatal(err)
		}
	}
}

func TestAccExport_roundTripLinksAndNamePrefix(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	w := workdir(t)
	ts := emulator.NewTestServer(t, emulator.Options{})
	w.Env = append(w.Env, envBaseURL+"="+ts.URL)
	seedSmall(t, ts.Emulator)
	teamB, _ := ts.Emulator.NetworkAccessProfile("team-b")
	ts.Emulator.ResetCounts()

	exportInto(t, ts.URL, "-dir", w.Dir, "-provider-block", "-name-prefix", "team-a-", "-links", "team-a-core")
	profiles, fleets := readFile(t, w.Dir, "profiles.tf"), readFile(t, w.Dir, "fleets.tf")
	for _, want := range []string{
		"resource \"supersim_network_access_profile\" \"team_a_core\" {\n  unique_name = \"team-a-core\"\n}",
		"resource \"supersim_network_access_profile_network\" \"team_a_core_ee_gb\" {\n" +
			"  network_access_profile_sid = supersim_network_access_profile.team_a_core.sid\n" +
			"  network_sid                = data.supersim_network.ee_gb.sid\n}",
	} {
		if !strings.Contains(profiles, want) {
			t.Errorf("profiles.tf lacks\n%s\nin\n%s", want, profiles)
		}
	}
	if strings.Contains(profiles, "team-b") || strings.Contains(fleets, "team-b-fleet") {
		t.Errorf("the export holds team B's objects:\n%s\n%s", profiles, fleets)
	}
	if want := fmt.Sprintf("network_access_profile = %q", teamB.SID); !strings.Contains(fleets, want) ||
		!strings.Contains(fleets, `-name-prefix "team-a-"`) {
		t.Errorf("fleets.tf should name team B's profile by SID with a comment:\n%s", fleets)
	}

	// 2 profiles, 3 links of team-a-core and 2 Fleets.
	plan := w.RunOK(ctx, "plan")
	if got := planSummary.FindString(plan.Stdout); got != "Plan: 7 to import, 0 to add, 0 to change, 0 to destroy." {
		t.Fatalf("the first plan says %q, want 7 to import and nothing else:\n%s", got, plan.Output)
	}
	w.RunOK(ctx, "apply", "-auto-approve")
	if n, routes := writes(ts.Emulator); n != 0 {
		t.Fatalf("export, plan and apply sent %d writes to the account: %v", n, routes)
	}
	if empty, out, err := w.PlanIsEmpty(ctx); err != nil || !empty {
		t.Fatalf("the plan after the import apply is not empty (%v):\n%s", err, out)
	}

	if err := ts.Emulator.RemoveNAPNetwork("team-a-core", eeGB); err != nil {
		t.Fatal(err)
	}
	res, err := w.Run(ctx, "plan", "-detailed-exitcode")
	if err != nil || res.ExitCode != 2 {
		t.Fatalf("the plan after the drift should show a change (exit 2); %v:\n%s", err, res)
	}
	if got := planSummary.FindString(res.Stdout); got != "Plan: 1 to add, 0 to change, 0 to destroy." {
		t.Errorf("the plan after the drift says %q, want the link added back", got)
	}
	if !strings.Contains(res.Output, "supersim_network_access_profile_network.team_a_core_ee_gb will be created") {
		t.Errorf("the plan after the drift does not name the link:\n%s", res.Output)
	}
}

func TestAccExport_roundTripIdentityImports(t *testing.T) {
	t.Parallel()
	tfcli.SkipIfOpenTofu(t, "import blocks by identity are a Terraform 1.12 feature")
	tfcli.SkipBelow(t, "1.12.0")
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	w := workdir(t)
	ts := emulator.NewTestServer(t, emulator.Options{})
	w.Env = append(w.Env, envBaseURL+"="+ts.URL)
	seedSmall(t, ts.Emulator)
	ts.Emulator.ResetCounts()

	exportInto(t, ts.URL, "-dir", w.Dir, "-provider-block", "-identity", "-links", "team-a-core")
	if imports := readFile(t, w.Dir, "imports.tf"); !strings.Contains(imports, "identity = {") || strings.Contains(imports, "  id = ") {
		t.Fatalf("imports.tf should import by identity only:\n%s", imports)
	}
	// 4 profiles, 3 links of team-a-core and 3 Fleets.
	plan := w.RunOK(ctx, "plan")
	if got := planSummary.FindString(plan.Stdout); got != "Plan: 10 to import, 0 to add, 0 to change, 0 to destroy." {
		t.Fatalf("the first plan says %q, want 10 to import and nothing else:\n%s", got, plan.Output)
	}
	w.RunOK(ctx, "apply", "-auto-approve")
	if n, routes := writes(ts.Emulator); n != 0 {
		t.Fatalf("export, plan and apply sent %d writes to the account: %v", n, routes)
	}
	if empty, out, err := w.PlanIsEmpty(ctx); err != nil || !empty {
		t.Fatalf("the plan after the import apply is not empty (%v):\n%s", err, out)
	}
}
