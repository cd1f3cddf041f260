package provider

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

// providerData is what Configure hands to every resource and data source:
// one client, so all of them share its connection pool and caches.
type providerData struct {
	client *supersim.Client

	// impactLookback is the usage window of the impact warnings (0: off),
	// and impactFailed makes sure a failed usage read is reported once.
	impactLookback time.Duration
	impactFailed   atomic.Bool

	// plannedLists records, during one plan, the networks each profile's
	// `networks` attribute enforces, so that link resources of the same
	// profile can warn that the two would undo each other. Profiles are
	// planned before the links that reference them.
	mu           sync.Mutex
	plannedLists map[string]map[string]bool
}

func (d *providerData) recordPlannedNetworks(napSID string, sids []string) {
	set := make(map[string]bool, len(sids))
	for _, s := range sids {
		set[s] = true
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.plannedLists == nil {
		d.plannedLists = map[string]map[string]bool{}
	}
	d.plannedLists[napSID] = set
}

func (d *providerData) plannedNetworks(napSID string) (map[string]bool, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	set, ok := d.plannedLists[napSID]
	return set, ok
}

func newProviderData(c *supersim.Client) *providerData {
	return &providerData{client: c}
}

// providerDataFrom extracts what Configure handed over. It returns nil
// without error before the provider is configured, which the framework does
// during validation.
func providerDataFrom(data any, diags *diag.Diagnostics) *providerData {
	if data == nil {
		return nil
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("expected *providerData, got %T; this is a bug in the provider, please report it", data))
		return nil
	}
	return pd
}

// clientFrom extracts the shared client, or nil before configuration.
func clientFrom(data any, diags *diag.Diagnostics) *supersim.Client {
	if pd := providerDataFrom(data, diags); pd != nil {
		return pd.client
	}
	return nil
}

// clientOrError reports, as a diagnostic, an attempt to call the API before
// the provider was configured (its configuration was not known yet).
func clientOrError(c *supersim.Client, diags *diag.Diagnostics) bool {
	if c == nil {
		diags.AddError("Provider not configured", "The supersim provider has no configuration yet, so it cannot call the API. Check the provider \"supersim\" block.")
		return false
	}
	return true
}
