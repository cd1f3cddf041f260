package provider

import (
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

// providerData is what Configure hands to every resource and data source:
// one client, so all of them share its connection pool and caches.
type providerData struct {
	client *supersim.Client
}

func newProviderData(c *supersim.Client) *providerData {
	return &providerData{client: c}
}

// clientFrom extracts the client from ProviderData. It returns nil without
// error before the provider is configured, which the framework does during
// validation.
func clientFrom(data any, diags *diag.Diagnostics) *supersim.Client {
	if data == nil {
		return nil
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("expected *providerData, got %T; this is a bug in the provider, please report it", data))
		return nil
	}
	return pd.client
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

func pathRoot(name string) path.Path { return path.Root(name) }

func sortStrings(s []string) { slices.Sort(s) }
