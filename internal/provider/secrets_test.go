package provider

import (
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/supersim-tf/terraform-provider-supersim/internal/emulator"
	"github.com/supersim-tf/terraform-provider-supersim/internal/tfcli"
)

// TestAccSecretsNeverLogged runs the built provider binary under the real
// Terraform CLI with TF_LOG=TRACE through a full apply, plan and destroy, and
// searches everything written (output, trace log, state) for the secrets,
// raw and as they would appear in an Authorization header.
func TestAccSecretsNeverLogged(t *testing.T) {
	tf := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if os.Getenv("TF_ACC") == "" || tf == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make testacc)")
	}
	t.Parallel()
	const (
		apiKey    = "SK00112233445566778899aabbccddeeff"
		apiSecret = "api-secret-that-must-stay-hidden-42"
	)
	env := newAccEnv(t, func(o *emulator.Options) {
		o.AuthToken = "auth-token-that-must-stay-hidden-17"
		o.APIKeySID, o.APIKeySecret = apiKey, apiSecret
	})
	pluginDir := buildProvider(t)

	secrets := []string{env.AuthToken, apiSecret,
		base64.StdEncoding.EncodeToString([]byte(env.AccountSID + ":" + env.AuthToken)),
		base64.StdEncoding.EncodeToString([]byte(apiKey + ":" + apiSecret))}

	runs := map[string]struct {
		provider string
		env      []string
	}{
		"auth token from the environment": {
			provider: fmt.Sprintf("provider \"supersim\" {\n  base_url = %q\n}\n", env.URL),
			env:      []string{"TWILIO_ACCOUNT_SID=" + env.AccountSID, "TWILIO_AUTH_TOKEN=" + env.AuthToken},
		},
		"api key in the provider block": {
			provider: fmt.Sprintf("provider \"supersim\" {\n  base_url = %q\n  api_key = %q\n  api_secret = %q\n}\n", env.URL, apiKey, apiSecret),
		},
	}
	for name, run := range runs {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			work := t.TempDir()
			config := requiredProviders + run.provider + fmt.Sprintf(`
resource "supersim_network_access_profile" "p" {
  unique_name = %q
  networks    = [%q]
}

resource "supersim_network_access_profile" "q" {}

resource "supersim_network_access_profile_network" "l" {
  network_access_profile_sid = supersim_network_access_profile.q.sid
  network_sid                = %q
}
`, "secrets-"+strings.ReplaceAll(name, " ", "-"), attUS, eeGB)
			writeFile(t, filepath.Join(work, "main.tf"), config)
			logPath := filepath.Join(work, "trace.log")
			cmdEnv := append(os.Environ(), run.env...)
			cmdEnv = append(cmdEnv, "TF_LOG=TRACE", "TF_LOG_PATH="+logPath, "CHECKPOINT_DISABLE=1",
				"TF_CLI_CONFIG_FILE="+devOverrides(t, pluginDir), "TF_IN_AUTOMATION=1")
			var output strings.Builder
			for _, args := range [][]string{{"apply", "-auto-approve", "-no-color"}, {"plan", "-no-color", "-detailed-exitcode"}, {"destroy", "-auto-approve", "-no-color"}} {
				cmd := exec.Command(tf, args...)
				cmd.Dir, cmd.Env = work, cmdEnv
				out, err := cmd.CombinedOutput()
				output.Write(out)
				if err != nil {
					t.Fatalf("terraform %s: %v\n%s", args[0], err, out)
				}
			}
			trace := readFile(t, logPath)
			if !strings.Contains(trace, "Super SIM API request") {
				t.Fatal("the trace log holds no provider request log: the search below would prove nothing")
			}
			everything := map[string]string{"output": output.String(), "trace log": trace,
				"state": readFile(t, filepath.Join(work, "terraform.tfstate"))}
			for where, text := range everything {
				for _, secret := range secrets {
					if strings.Contains(text, secret) {
						t.Errorf("the %s contains a secret (%.6s…)", where, secret)
					}
				}
			}
		})
	}
}

// requiredProviders maps the local name to the registry address that the
// dev_overrides point at the built binary.
const requiredProviders = `terraform {
  required_providers {
    supersim = {
      source = "supersim-tf/supersim"
    }
  }
}
`

// buildProvider compiles the provider binary once per test binary run.
func buildProvider(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command("go", "build", "-o", filepath.Join(dir, "terraform-provider-supersim"), "github.com/supersim-tf/terraform-provider-supersim")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	return dir
}

// devOverrides writes a CLI configuration that makes Terraform use the
// built binary without contacting any registry. The override's address has
// no host, so that Terraform and OpenTofu each complete it with their own
// default registry, as they complete requiredProviders' source.
func devOverrides(t *testing.T, pluginDir string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "terraformrc")
	writeFile(t, path, fmt.Sprintf(`provider_installation {
  dev_overrides {
    %q = %q
  }
  direct {}
}
`, tfcli.ProviderSource, pluginDir))
	return path
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
