package tfcli

import (
	"encoding/json"
	"os/exec"
	"sync"
	"testing"

	"github.com/hashicorp/go-version"
)

// cliVersions caches `terraform version -json` per CLI path: every test asks.
var cliVersions sync.Map // path -> *version.Version or error

// CLIVersion returns the version of the CLI that Terraform(tb) picks.
func CLIVersion(tb testing.TB) *version.Version {
	tb.Helper()
	tf := Terraform(tb)
	if v, ok := cliVersions.Load(tf); ok {
		if err, isErr := v.(error); isErr {
			tb.Fatal(err)
		}
		return v.(*version.Version) //nolint:forcetypeassert // only versions and errors are stored
	}
	out, err := exec.Command(tf, "version", "-json").Output()
	var parsed struct {
		Version string `json:"terraform_version"`
	}
	if err == nil {
		err = json.Unmarshal(out, &parsed)
	}
	var v *version.Version
	if err == nil {
		v, err = version.NewVersion(parsed.Version)
	}
	if err != nil {
		cliVersions.Store(tf, err)
		tb.Fatalf("reading the version of %s: %v", tf, err)
	}
	cliVersions.Store(tf, v)
	return v
}

// SkipBelow skips a test that needs a CLI feature first released in minimum,
// such as `terraform query` (1.14): an older CLI is a reason to skip, not
// to fail.
func SkipBelow(tb testing.TB, minimum string) {
	tb.Helper()
	if v := CLIVersion(tb); v.LessThan(version.Must(version.NewVersion(minimum))) {
		tb.Skipf("needs terraform %s or later; %s is %s", minimum, Terraform(tb), v)
	}
}
