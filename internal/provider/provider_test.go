package provider

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/supersim-tf/terraform-provider-supersim/internal/emulator"
	"github.com/supersim-tf/terraform-provider-supersim/internal/openapicheck"
	"github.com/supersim-tf/terraform-provider-supersim/internal/tfcli"
)

// testProviders runs the provider in the test process, so the emulator's Go
// API and the provider share one process and no binary is built.
var testProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"supersim": providerserver.NewProtocol6WithError(New("test")()),
}

// TestMain points terraform-plugin-testing at an installed Terraform CLI:
// tests must never download one. Without a CLI, acceptance tests skip with
// a message instead of failing on a machine that cannot run them.
//
// TF_ACC_TERRAFORM_PATH may also be an OpenTofu binary (`make testmatrix`
// runs the suite with one). terraform-plugin-testing serves the provider in
// this process and hands the CLI its address in TF_REATTACH_PROVIDERS, on
// the host registry.terraform.io unless TF_ACC_PROVIDER_HOST says
// otherwise. OpenTofu resolves the configurations' `supersim` to
// registry.opentofu.org/hashicorp/supersim and matches reattached providers
// by their full address, so under OpenTofu the host must be its registry's,
// or tofu would try to install the provider instead of using this one.
func TestMain(m *testing.M) {
	if os.Getenv("TF_ACC") != "" && os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		if tf, err := exec.LookPath("terraform"); err == nil {
			os.Setenv("TF_ACC_TERRAFORM_PATH", tf)
		} else {
			fmt.Fprintln(os.Stderr, "terraform is not on PATH and TF_ACC_TERRAFORM_PATH is not set: acceptance tests are skipped. Install Terraform 1.5 or later to run them.")
			os.Unsetenv("TF_ACC")
		}
	}
	if cli := os.Getenv("TF_ACC_TERRAFORM_PATH"); os.Getenv("TF_ACC") != "" && cli != "" {
		tofu, err := tfcli.IsOpenTofu(cli)
		if err != nil {
			fmt.Fprintln(os.Stderr, "TF_ACC_TERRAFORM_PATH:", err)
			os.Exit(1)
		}
		if tofu && os.Getenv("TF_ACC_PROVIDER_HOST") == "" {
			os.Setenv("TF_ACC_PROVIDER_HOST", tfcli.OpenTofuRegistryHost)
		}
	}
	os.Setenv("CHECKPOINT_DISABLE", "1")
	os.Exit(tfcli.Main(m))
}

// accEnv is one acceptance test's private API: an emulator of its own, so
// tests run in parallel without seeing each other's profiles. Every request
// the provider sends it, and every answer, is checked against the API's
// OpenAPI description: a misspelt or misplaced parameter fails the test
// instead of being answered kindly.
type accEnv struct {
	*emulator.TestServer
	faults []injectedFault
}

type injectedFault struct {
	fault emulator.Fault
	id    emulator.FaultID
}

func newAccEnv(t *testing.T, opts ...func(*emulator.Options)) *accEnv {
	t.Helper()
	o := emulator.Options{}
	for _, f := range opts {
		f(&o)
	}
	checked := func(h http.Handler) http.Handler { return openapicheck.Middleware(t, h) }
	return &accEnv{TestServer: emulator.NewTestServerWrapped(t, o, checked)}
}

// providerBlock configures the provider for this test's emulator; extra
// lines go inside the block.
func (e *accEnv) providerBlock(extra ...string) string {
	return fmt.Sprintf(`
provider "supersim" {
  base_url    = %q
  account_sid = %q
  auth_token  = %q
  %s
}
`, e.URL, e.AccountSID, e.AuthToken, strings.Join(extra, "\n  "))
}

// config prepends the provider block to HCL.
func (e *accEnv) config(hcl string) string {
	return e.providerBlock() + hcl
}

// network returns the SID of a seeded catalog network by its first MCC-MNC.
func network(mcc, mnc string) string { return emulator.CatalogNetworkSID(mcc, mnc) }

// Real operators from the seeded catalog, by name, for readable tests.
var (
	attUS      = network("310", "410")
	tmobileUS  = network("310", "260")
	verizonUS  = network("311", "480")
	eeGB       = network("234", "30")
	vodafoneGB = network("234", "15")
	telekomDE  = network("262", "01")
)

// hclSet renders SIDs as an HCL list.
func hclSet(sids ...string) string {
	quoted := make([]string, len(sids))
	for i, s := range sids {
		quoted[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}
