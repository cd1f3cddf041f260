package provider

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/supersim-tf/terraform-provider-supersim/internal/emulator"
	"github.com/supersim-tf/terraform-provider-supersim/internal/tfcli"
)

// An apply of a saved plan (plan -out in one pipeline job, apply in the
// next) runs in provider processes that have not read the catalog, and the
// links of a new profile are planned again there with the names the plan
// showed. That read overlaps the profile's create instead of following it.
func TestAccCLI_savedPlanApplyReadsTheCatalogDuringTheProfilesCreate(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
	defer cancel()
	env := newAccEnv(t)
	// A slow create, so that "during" and "after" cannot be confused.
	env.Emulator.InjectFault(emulator.Fault{Route: emulator.RouteCreateNAP, Kind: emulator.FaultLatency, Latency: time.Second})
	requests := &requestTimes{next: env.Emulator}
	api := httptest.NewServer(requests)
	t.Cleanup(api.Close)

	w := tfcli.NewWorkdir(t)
	w.WriteConfig("main.tf", tfcli.ProviderBlock(api.URL, env.AccountSID, env.AuthToken)+fmt.Sprintf(`
resource "supersim_network_access_profile" "fleet" {
  unique_name = "saved-plan"
}

resource "supersim_network_access_profile_network" "allowed" {
  for_each                   = toset([%q, %q, %q])
  network_access_profile_sid = supersim_network_access_profile.fleet.sid
  network_sid                = each.value
}
`, attUS, eeGB, vodafoneGB))
	w.RunOK(ctx, "plan", "-out=tfplan")
	requests.reset()
	w.RunOK(ctx, "apply", "tfplan")

	create := requests.only(t, http.MethodPost, "/v1/NetworkAccessProfiles")
	catalog := requests.only(t, http.MethodGet, "/v1/Networks")
	if !catalog.start.Before(create.end) {
		t.Errorf("the apply read the catalog %s after the profile's create was answered; it should overlap the create",
			catalog.start.Sub(create.end))
	}
	if res, _ := w.Run(ctx, "plan", "-detailed-exitcode"); res.ExitCode != 0 {
		t.Fatalf("plan after apply is not empty:\n%s", res)
	}
}

// requestTimes records when each API request started and was answered.
type requestTimes struct {
	next http.Handler
	mu   sync.Mutex
	seen []timedRequest
}

type timedRequest struct {
	method, path string
	start, end   time.Time
}

func (rt *requestTimes) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rt.next.ServeHTTP(w, r)
	rt.mu.Lock()
	defer rt.mu.Unlock()
	rt.seen = append(rt.seen, timedRequest{r.Method, r.URL.Path, start, time.Now()})
}

func (rt *requestTimes) reset() {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	rt.seen = nil
}

// only is the one request to method and path, failing the test unless there
// was exactly one.
func (rt *requestTimes) only(t *testing.T, method, path string) timedRequest {
	t.Helper()
	rt.mu.Lock()
	defer rt.mu.Unlock()
	var found []timedRequest
	for _, r := range rt.seen {
		if r.method == method && r.path == path {
			found = append(found, r)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%d requests %s %s, want 1", len(found), method, path)
	}
	return found[0]
}
