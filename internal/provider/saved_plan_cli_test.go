package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/supersim-tf/terraform-provider-supersim/internal/tfcli"
)

// A saved plan (plan -out in one pipeline job, apply in the next, often on
// another machine and hours later) must apply as planned whatever happened
// to the catalog in between: Terraform plans every change again when it
// applies it, in a provider process that has not read the catalog, and a
// plan that took values from the catalog would fail then ("Provider
// produced inconsistent final plan") if the catalog could not be read or
// read differently.
func TestAccCLI_savedPlanDoesNotDependOnTheCatalog(t *testing.T) {
	for name, change := range map[string]catalogChange{
		"catalog unreadable": catalogUnreadable,
		"catalog renamed":    catalogRenamed,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(t.Context(), 3*time.Minute)
			defer cancel()
			env := newAccEnv(t)
			catalog := &catalogTap{next: env.Emulator}
			api := httptest.NewServer(catalog)
			t.Cleanup(api.Close)

			w := tfcli.NewWorkdir(t)
			w.WriteConfig("main.tf", tfcli.ProviderBlock(api.URL, env.AccountSID, env.AuthToken, "max_retries = 1")+fmt.Sprintf(`
resource "supersim_network_access_profile" "listed" {
  unique_name = "saved-plan-list"
  networks    = [%[1]q, %[2]q]
}

resource "supersim_network_access_profile" "linked" {
  unique_name = "saved-plan-links"
}

resource "supersim_network_access_profile_network" "allowed" {
  for_each                   = toset([%[1]q, %[2]q, %[3]q])
  network_access_profile_sid = supersim_network_access_profile.linked.sid
  network_sid                = each.value
}
`, attUS, eeGB, vodafoneGB))
			w.RunOK(ctx, "plan", "-out=tfplan")
			catalog.change.Store(int32(change))
			res := w.RunOK(ctx, "apply", "tfplan")
			if change == catalogUnreadable && !strings.Contains(res.Output, "not checked against the catalog") {
				t.Errorf("the apply did not say that the catalog could not be read:\n%s", res)
			}
			if n := catalog.served.Load(); n == 0 {
				t.Fatal("the apply never read the catalog: the change between plan and apply was not seen")
			}
			for name, want := range map[string][]string{"saved-plan-list": {attUS, eeGB}, "saved-plan-links": {attUS, eeGB, vodafoneGB}} {
				if got, _ := env.Emulator.NAPNetworks(name); !sameStrings(got, want) {
					t.Errorf("%s allows %v, want %v", name, got, want)
				}
			}
			if res, _ := w.Run(ctx, "plan", "-detailed-exitcode"); res.ExitCode != 0 {
				t.Fatalf("plan after apply is not empty:\n%s", res)
			}
		})
	}
}

type catalogChange int32

const (
	catalogAsIs catalogChange = iota
	catalogUnreadable
	catalogRenamed
)

// catalogTap passes requests to the emulator and, once change says so,
// answers the catalog's list with a 500 or renames every network in it.
type catalogTap struct {
	next   http.Handler
	change atomic.Int32
	served atomic.Int32 // catalog reads answered since the change
}

func (c *catalogTap) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	change := catalogChange(c.change.Load())
	if r.Method != http.MethodGet || r.URL.Path != "/v1/Networks" || change == catalogAsIs {
		c.next.ServeHTTP(w, r)
		return
	}
	c.served.Add(1)
	if change == catalogUnreadable {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte(`{"code":20500,"message":"Internal Server Error","more_info":"https://www.twilio.com/docs/errors/20500","status":500}`))
		return
	}
	rec := httptest.NewRecorder()
	c.next.ServeHTTP(rec, r)
	var page map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	networks, _ := page["networks"].([]any)
	for _, n := range networks {
		if n, ok := n.(map[string]any); ok {
			n["friendly_name"] = fmt.Sprint(n["friendly_name"], " (renamed)")
		}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(page)
}
