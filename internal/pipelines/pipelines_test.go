package pipelines

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/supersim-tf/terraform-provider-supersim/internal/emulator"
	"github.com/supersim-tf/terraform-provider-supersim/internal/tfcli"
)

func TestMain(m *testing.M) { os.Exit(tfcli.Main(m)) }

// examples is the pipelines' folder, from this package's directory.
var examples = filepath.Join("..", "..", "examples", "pipelines")

var scriptRef = regexp.MustCompile(`ci/[a-z-]+\.sh`)

// Every script a pipeline runs is one of ci/, so what the tests below run
// is what the pipelines run.
func TestPipelinesRunTheShippedScripts(t *testing.T) {
	t.Parallel()
	for _, file := range []string{"github/supersim.yml", "gitlab/supersim.gitlab-ci.yml"} {
		data, err := os.ReadFile(filepath.Join(examples, file))
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := yaml.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s is not YAML: %v", file, err)
		}
		refs := scriptRef.FindAllString(string(data), -1)
		if len(refs) < 4 {
			t.Fatalf("%s runs %v, want the plan, apply, drift and module-test scripts", file, refs)
		}
		for _, ref := range refs {
			if _, err := os.Stat(filepath.Join(examples, ref)); err != nil {
				t.Errorf("%s runs %s, which is not shipped: %v", file, ref, err)
			}
		}
	}
}

// The GitLab jobs a team relies on are there, and the apply and plan jobs
// share one resource group, so that they never touch the state at once.
func TestGitLabPipelineShape(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(filepath.Join(examples, "gitlab", "supersim.gitlab-ci.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	job := func(name string) map[string]any {
		j, _ := doc[name].(map[string]any)
		return j
	}
	for _, name := range []string{"module-test", "plan", "apply", "drift"} {
		if _, ok := job(name)["script"]; !ok {
			t.Errorf("job %q has no script", name)
		}
	}
	if job("plan")["resource_group"] != "supersim" || job("apply")["resource_group"] != "supersim" {
		t.Errorf("plan and apply are not serialised by one resource_group")
	}
	if artifacts, _ := job("plan")["artifacts"].(map[string]any); !strings.Contains(fmt.Sprint(artifacts["paths"]), "tfplan") {
		t.Errorf("the plan job does not keep tfplan: %v", artifacts)
	}
}

// pipeline is a working directory set up as a pipeline's: the provider is
// installed by terraform init from a local mirror (no network), and the
// credentials come from the environment, as a CI's secret store gives them.
type pipeline struct {
	t   *testing.T
	ctx context.Context
	dir string
	env []string
	ts  *emulator.TestServer
}

const mirroredVersion = "0.1.0"

func newPipeline(t *testing.T) *pipeline {
	t.Helper()
	tf := tfcli.Terraform(t)
	bin := tfcli.ProviderBinary(t)
	ctx, cancel := context.WithTimeout(t.Context(), 4*time.Minute)
	t.Cleanup(cancel)
	work := t.TempDir()
	// A filesystem mirror holding the built provider under both registries'
	// names, Terraform's and OpenTofu's, as a version that the examples'
	// constraints (~> 0.1) accept.
	for _, host := range []string{"registry.terraform.io", tfcli.OpenTofuRegistryHost} {
		dir := filepath.Join(work, "mirror", host, "supersim-tf", "supersim", mirroredVersion, runtime.GOOS+"_"+runtime.GOARCH)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(bin, filepath.Join(dir, "terraform-provider-supersim_v"+mirroredVersion)); err != nil {
			t.Fatal(err)
		}
	}
	rc := filepath.Join(work, "cli.tfrc")
	writeFile(t, rc, fmt.Sprintf("provider_installation {\n  filesystem_mirror {\n    path = %q\n  }\n}\n", filepath.Join(work, "mirror")))
	ts := emulator.NewTestServer(t, emulator.Options{})
	p := &pipeline{t: t, ctx: ctx, dir: filepath.Join(work, "infra"), ts: ts}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TF_") && !strings.HasPrefix(kv, "TWILIO_") && !strings.HasPrefix(kv, "SUPERSIM_") {
			p.env = append(p.env, kv)
		}
	}
	p.env = append(p.env, "TERRAFORM="+tf, "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0",
		"TWILIO_ACCOUNT_SID="+ts.AccountSID, "TWILIO_AUTH_TOKEN="+ts.AuthToken, "SUPERSIM_BASE_URL="+ts.URL)
	if err := os.MkdirAll(p.dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// run runs a script of ci/ and returns its output and exit code.
func (p *pipeline) run(script string, args ...string) (string, int) {
	p.t.Helper()
	abs, err := filepath.Abs(filepath.Join(examples, "ci", script))
	if err != nil {
		p.t.Fatal(err)
	}
	cmd := exec.CommandContext(p.ctx, "bash", append([]string{abs}, args...)...)
	var out bytes.Buffer
	cmd.Env, cmd.Stdout, cmd.Stderr = p.env, &out, &out
	err = cmd.Run()
	if p.ctx.Err() != nil {
		p.t.Fatalf("%s ran out of time:\n%s", script, out.String())
	}
	code := 0
	if exitErr, ok := err.(*exec.ExitError); ok {
		code = exitErr.ExitCode()
	} else if err != nil {
		p.t.Fatalf("%s: %v", script, err)
	}
	return out.String(), code
}

func (p *pipeline) config(networks ...string) string {
	quoted := make([]string, len(networks))
	for i, n := range networks {
		quoted[i] = fmt.Sprintf("%q", n)
	}
	return fmt.Sprintf(`terraform {
  required_providers {
    supersim = {
      source = "supersim-tf/supersim"
    }
  }
}

# No credentials here: the pipeline's secret store puts them in the
# environment.
provider "supersim" {}

resource "supersim_network_access_profile" "trackers" {
  unique_name = "trackers-eu"
  networks    = [%s]
}
`, strings.Join(quoted, ", "))
}

// The pipeline of a team: a pull request plans and keeps the plan, the merge
// applies exactly that plan, a schedule finds drift, and a plan that another
// apply overtook is refused rather than applied.
func TestAccPipelineScripts(t *testing.T) {
	t.Parallel()
	p := newPipeline(t)
	vodafone, ee := emulator.CatalogNetworkSID("234", "15"), emulator.CatalogNetworkSID("234", "30")
	writeFile(t, filepath.Join(p.dir, "main.tf"), p.config(vodafone, ee))

	out, code := p.run("plan.sh", p.dir)
	if code != 0 || !strings.Contains(out, "1 to add") {
		t.Fatalf("plan.sh exited %d:\n%s", code, out)
	}
	if text, err := os.ReadFile(filepath.Join(p.dir, "plan.txt")); err != nil || !strings.Contains(string(text), "trackers-eu") {
		t.Fatalf("plan.txt: %v\n%s", err, text)
	}
	if n := len(p.ts.Emulator.NetworkAccessProfiles()); n != 0 {
		t.Fatalf("planning made %d profiles", n)
	}

	if out, code := p.run("apply.sh", p.dir, "tfplan"); code != 0 {
		t.Fatalf("apply.sh exited %d:\n%s", code, out)
	}
	if nets, _ := p.ts.Emulator.NAPNetworks("trackers-eu"); len(nets) != 2 {
		t.Fatalf("after apply the profile allows %v", nets)
	}

	if out, code := p.run("drift.sh", p.dir); code != 0 || !strings.Contains(out, "No drift.") {
		t.Fatalf("drift.sh right after apply exited %d:\n%s", code, out)
	}
	if err := p.ts.Emulator.RemoveNAPNetwork("trackers-eu", vodafone); err != nil {
		t.Fatal(err)
	}
	out, code = p.run("drift.sh", p.dir)
	if code != 2 || !strings.Contains(out, "DRIFT") || !strings.Contains(out, "Vodafone UK") || !strings.Contains(out, "trackers-eu") {
		t.Fatalf("drift.sh after a Console change exited %d, want 2 with the network and profile named:\n%s", code, out)
	}

	// A request plans a change; meanwhile another change is applied. The
	// reviewed plan is stale and must not be applied.
	writeFile(t, filepath.Join(p.dir, "main.tf"), p.config(vodafone))
	if out, code := p.run("plan.sh", p.dir); code != 0 {
		t.Fatalf("plan.sh exited %d:\n%s", code, out)
	}
	stale := filepath.Join(p.dir, "reviewed.tfplan")
	if err := os.Rename(filepath.Join(p.dir, "tfplan"), stale); err != nil {
		t.Fatal(err)
	}
	if out, code := p.run("plan.sh", p.dir); code != 0 {
		t.Fatalf("plan.sh exited %d:\n%s", code, out)
	}
	if out, code := p.run("apply.sh", p.dir, "tfplan"); code != 0 {
		t.Fatalf("apply.sh exited %d:\n%s", code, out)
	}
	out, code = p.run("apply.sh", p.dir, "reviewed.tfplan")
	if code == 0 || !strings.Contains(out, "stale") {
		t.Fatalf("apply.sh applied a plan another apply overtook (exit %d):\n%s", code, out)
	}
	if out, code := p.run("drift.sh", p.dir); code != 0 {
		t.Fatalf("drift.sh after the pipeline's apply exited %d:\n%s", code, out)
	}
}

// The module tests run terraform test against an emulator the script
// starts, from the emulator's binary.
func TestAccPipelineModuleTest(t *testing.T) {
	t.Parallel()
	p := newPipeline(t)
	emulatorBin := filepath.Join(t.TempDir(), "supersim-emulator")
	build := exec.CommandContext(p.ctx, "go", "build", "-o", emulatorBin, "github.com/supersim-tf/terraform-provider-supersim/cmd/supersim-emulator")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the emulator: %v\n%s", err, out)
	}
	module := filepath.Join(t.TempDir(), "module")
	if out, err := exec.Command("cp", "-R", filepath.Join("..", "..", "examples", "module-test"), module).CombinedOutput(); err != nil {
		t.Fatalf("copying the module: %v\n%s", err, out)
	}
	p.env = append(p.env, "SUPERSIM_EMULATOR="+emulatorBin)
	out, code := p.run("module-test.sh", module)
	if code != 0 || !regexp.MustCompile(`Success! \d+ passed, 0 failed`).MatchString(out) {
		t.Fatalf("module-test.sh exited %d:\n%s", code, out)
	}
}
