// Package tfcli runs the real terraform CLI against the provider built from
// this module, as a separate plugin process, the way users run it.
//
// terraform-plugin-testing serves the provider inside the test process, which
// is quicker and lets a test share memory with the emulator, but it cannot
// show what happens when terraform or the machine under it is interrupted:
// a SIGINT that makes terraform stop gracefully and cancel the provider's
// contexts, or a SIGKILL that takes terraform and its provider down at once.
// Tests of that use this package:
//
//	ts := emulator.NewTestServer(t, emulator.Options{})
//	w := tfcli.NewWorkdir(t) // skips unless TF_ACC is set and terraform is installed
//	w.WriteConfig("main.tf", tfcli.ProviderBlock(ts.URL, ts.AccountSID, ts.AuthToken)+resources)
//	p, err := w.Start("apply", "-auto-approve")
//	// … wait for a request to reach ts.Emulator, then p.Signal(os.Interrupt) or p.Kill()
//	res := p.Wait()
//
// The emulator stays in the test process: the provider reaches it over plain
// HTTP on 127.0.0.1, which the provider allows for loopback hosts.
//
// The provider comes from a dev_overrides CLI configuration, so terraform
// needs no `terraform init` and never contacts a registry; nothing here
// downloads terraform either (see Terraform).
//
// Only tests may import this package; .golangci.yml keeps it out of the
// shipped provider. It needs a Unix system (process groups); it is used on
// Linux, where Process.GroupMembers reads /proc.
package tfcli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tfjson "github.com/hashicorp/terraform-json"
)

// ProviderSource is the provider's source address as the examples'
// required_providers write it, without a registry host. The dev_overrides
// entry uses this short form too, so that each CLI completes it with its
// own default host, as it completes the configuration's source:
// registry.terraform.io/supersim-tf/supersim for Terraform and
// registry.opentofu.org/supersim-tf/supersim for OpenTofu. A fully
// qualified registry.terraform.io address would not match under OpenTofu,
// which would then look for the provider in its registry.
const ProviderSource = "supersim-tf/supersim"

// OpenTofuRegistryHost is the registry host that OpenTofu gives a provider
// source without one; Terraform's is registry.terraform.io.
const OpenTofuRegistryHost = "registry.opentofu.org"

// binaryName is what terraform looks for in a dev_overrides directory.
const binaryName = "terraform-provider-supersim"

// Terraform returns the terraform CLI to run: TF_ACC_TERRAFORM_PATH (the
// variable terraform-plugin-testing and `make testacc` use), else terraform
// on PATH. It skips the test when TF_ACC is unset or no CLI is found, like
// the acceptance tests, and never downloads one.
func Terraform(tb testing.TB) string {
	tb.Helper()
	if os.Getenv("TF_ACC") == "" {
		tb.Skip("TF_ACC is not set: tests that run the terraform CLI are skipped (set TF_ACC=1 to run them)")
	}
	if tf := os.Getenv("TF_ACC_TERRAFORM_PATH"); tf != "" {
		// A path set on purpose that does not work is a mistake to report,
		// not a reason to skip quietly.
		path, err := exec.LookPath(tf)
		if err != nil {
			tb.Fatalf("TF_ACC_TERRAFORM_PATH=%s: %v", tf, err)
		}
		return path
	}
	path, err := exec.LookPath("terraform")
	if err != nil {
		tb.Skip("terraform is not on PATH and TF_ACC_TERRAFORM_PATH is not set: tests that run the terraform CLI are skipped")
	}
	return path
}

// flavours caches IsOpenTofu's answers, by CLI path.
var flavours sync.Map // string → bool

// IsOpenTofu says whether cli is OpenTofu rather than Terraform, from the
// first line of its `version` output ("OpenTofu v1.10.7" or "Terraform
// v1.11.4"), whatever the binary's name. The answer is cached per path.
func IsOpenTofu(cli string) (bool, error) {
	if v, ok := flavours.Load(cli); ok {
		tofu, _ := v.(bool)
		return tofu, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, cli, "version")
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		return false, fmt.Errorf("%s version: %w", cli, err)
	}
	first, _, _ := strings.Cut(string(out), "\n")
	var tofu bool
	switch {
	case strings.HasPrefix(first, "OpenTofu "):
		tofu = true
	case strings.HasPrefix(first, "Terraform "):
	default:
		return false, fmt.Errorf("%s is neither Terraform nor OpenTofu: `version` printed %q", cli, first)
	}
	flavours.Store(cli, tofu)
	return tofu, nil
}

// SkipIfOpenTofu skips the test when the CLI it would run (see Terraform)
// is OpenTofu, for a test of something only Terraform does. why says what
// differs, for the skip message. Like Terraform, it also skips without
// TF_ACC.
func SkipIfOpenTofu(tb testing.TB, why string) {
	tb.Helper()
	cli := Terraform(tb)
	tofu, err := IsOpenTofu(cli)
	if err != nil {
		tb.Fatal(err)
	}
	if tofu {
		tb.Skipf("skipped under OpenTofu (%s): %s", cli, why)
	}
}

// build is the provider binary of this test process, built at most once
// however many tests ask for it, in parallel or not. A failed build is
// remembered, so that every test reports it instead of building again.
var build struct {
	once sync.Once
	dir  string // temporary directory holding only the binary
	path string
	err  error
}

// ProviderBinary builds the provider (the main package at the module root)
// once per test process and returns the binary's path. It skips the test
// when TF_ACC is unset or terraform is not found (see Terraform), before
// spending time on a build.
//
// The binary lives in a temporary directory that Main removes; a package
// whose TestMain does not call Main leaves it behind in os.TempDir.
func ProviderBinary(tb testing.TB) string {
	tb.Helper()
	Terraform(tb)
	build.once.Do(func() {
		build.dir, build.path, build.err = buildProvider()
	})
	if build.err != nil {
		tb.Fatalf("building the provider: %v", build.err)
	}
	return build.path
}

// Main runs a package's tests and then removes the provider binary that
// ProviderBinary built, if any. Use it as
//
//	func TestMain(m *testing.M) { os.Exit(tfcli.Main(m)) }
func Main(m *testing.M) int {
	code := m.Run()
	if build.dir != "" {
		_ = os.RemoveAll(build.dir)
	}
	return code
}

// buildProvider runs a plain `go build` (no -race: the binary runs outside
// the test and its speed matters more than checks the unit tests make) of
// the module root, found through `go env GOMOD` from the test's working
// directory, which `go test` sets to the package being tested.
func buildProvider() (dir, path string, err error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	gomod, err := exec.CommandContext(ctx, "go", "env", "GOMOD").Output()
	if err != nil {
		return "", "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(gomod))
	if mod == "" || mod == os.DevNull {
		return "", "", errors.New("the test does not run inside a Go module")
	}
	if dir, err = os.MkdirTemp("", "tfcli-provider-"); err != nil {
		return "", "", err
	}
	// Resolve symlinks (a macOS TMPDIR is one) so that the path matches
	// /proc/<pid>/exe of the running provider.
	if dir, err = filepath.EvalSymlinks(dir); err != nil {
		return "", "", err
	}
	path = filepath.Join(dir, binaryName)
	cmd := exec.CommandContext(ctx, "go", "build", "-o", path, ".")
	cmd.Dir = filepath.Dir(mod)
	if out, err := cmd.CombinedOutput(); err != nil {
		_ = os.RemoveAll(dir)
		return "", "", fmt.Errorf("go build in %s: %w\n%s", cmd.Dir, err, out)
	}
	return dir, path, nil
}

// Workdir is one terraform working directory (a root module and its local
// state) with a CLI configuration of its own.
type Workdir struct {
	// Dir is the working directory: configuration files, terraform.tfstate
	// and .terraform live here.
	Dir string
	// Terraform is the CLI that commands run.
	Terraform string
	// ProviderBinary is the provider that terraform runs for
	// supersim-tf/supersim.
	ProviderBinary string
	// Env is the whole environment of every command. Tests may append to
	// it, for example TF_LOG=trace and TF_LOG_PATH to debug one.
	Env []string

	tb testing.TB
}

// NewWorkdir makes an empty working directory whose terraform runs the
// provider built by ProviderBinary (so it skips like ProviderBinary). Its
// CLI configuration has a dev_overrides entry for the provider (see
// ProviderSource: it works with Terraform and OpenTofu alike) and no
// installation method at all: terraform needs no init for a configuration
// whose only provider is overridden, and a configuration that needs any
// other provider fails instead of downloading it. The directory is removed
// when the test ends.
//
// The environment is the test's without any TF_* variable (TF_LOG noise,
// TF_ACC, TF_PLUGIN_CACHE_DIR, TF_CLI_ARGS, TF_REATTACH_PROVIDERS, a
// developer's TF_CLI_CONFIG_FILE would all change what runs) and without
// TWILIO_* or SUPERSIM_* (a developer's real credentials must not reach a
// test, and an API key pair would win over the auth token of the provider
// block), plus TF_CLI_CONFIG_FILE, CHECKPOINT_DISABLE=1 (no version check
// over the network), TF_IN_AUTOMATION=1 (no "next, run terraform apply"
// hints) and TF_INPUT=0 (never a prompt).
func NewWorkdir(tb testing.TB) *Workdir {
	tb.Helper()
	tf := Terraform(tb)
	bin := ProviderBinary(tb)

	// The CLI configuration lives outside Dir, so that Dir holds only
	// what terraform itself writes there.
	rc := filepath.Join(tb.TempDir(), "terraformrc")
	cfg := fmt.Sprintf(`provider_installation {
  dev_overrides {
    %q = %q
  }
  # No direct {} or mirror: nothing else may be installed, and with no
  # installation method terraform cannot contact a registry.
}
`, ProviderSource, filepath.Dir(bin))
	if err := os.WriteFile(rc, []byte(cfg), 0o600); err != nil {
		tb.Fatal(err)
	}

	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "TF_") || strings.HasPrefix(name, "TWILIO_") ||
			strings.HasPrefix(name, "SUPERSIM_") || name == "CHECKPOINT_DISABLE" {
			continue
		}
		env = append(env, kv)
	}
	env = append(env, "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0")

	return &Workdir{Dir: tb.TempDir(), Terraform: tf, ProviderBinary: bin, Env: env, tb: tb}
}

// ProviderBlock is the start of a configuration that uses the provider: a
// terraform block naming its source and a provider block pointed at an API
// (usually an emulator.TestServer's URL and credentials). Extra lines go
// inside the provider block, for example `max_retries = 0`.
func ProviderBlock(url, accountSID, authToken string, extra ...string) string {
	return fmt.Sprintf(`terraform {
  required_providers {
    supersim = {
      source = "supersim-tf/supersim"
    }
  }
}

provider "supersim" {
  base_url    = %q
  account_sid = %q
  auth_token  = %q
  %s
}
`, url, accountSID, authToken, strings.Join(extra, "\n  "))
}

// WriteConfig writes a configuration file into Dir, replacing one of the
// same name. name should end in .tf (or .tf.json) for terraform to read it.
func (w *Workdir) WriteConfig(name, hcl string) {
	w.tb.Helper()
	if err := os.WriteFile(filepath.Join(w.Dir, name), []byte(hcl), 0o600); err != nil {
		w.tb.Fatal(err)
	}
}

// RemoveFile removes a file from Dir; a file that is not there is fine.
func (w *Workdir) RemoveFile(name string) {
	w.tb.Helper()
	if err := os.Remove(filepath.Join(w.Dir, name)); err != nil && !errors.Is(err, os.ErrNotExist) {
		w.tb.Fatal(err)
	}
}

// Result is the outcome of one terraform command.
type Result struct {
	// Args are the arguments terraform ran with, after the subcommand
	// flags this package adds.
	Args []string
	// Stdout and Stderr are what terraform wrote to each; Output is both,
	// interleaved in the order they were written.
	Stdout, Stderr, Output string
	// ExitCode is terraform's exit status, or -1 when a signal ended it
	// (see Signal).
	ExitCode int
	// Signal is the signal that ended terraform, or "" when it exited.
	Signal string
	// Duration is the wall time from start to exit.
	Duration time.Duration
}

// String describes the result for test failure messages: the command, how
// it ended and its output.
func (r Result) String() string {
	how := fmt.Sprintf("exited %d", r.ExitCode)
	if r.Signal != "" {
		how = "was killed by " + r.Signal
	}
	return fmt.Sprintf("terraform %s %s after %.1fs; output:\n%s", strings.Join(r.Args, " "), how, r.Duration.Seconds(), r.Output)
}

// Run runs one terraform command to its end and returns its result. A
// non-zero exit is not an error: look at ExitCode. The error is for a
// command that could not start, or a ctx that ended first, in which case
// terraform and its providers are killed and the result is what they wrote
// until then. See Start for the flags added to args.
func (w *Workdir) Run(ctx context.Context, args ...string) (Result, error) {
	p, err := w.Start(args...)
	if err != nil {
		return Result{}, err
	}
	select {
	case <-p.Done():
		return p.Wait(), nil
	case <-ctx.Done():
		_ = p.Kill()
		return p.Wait(), ctx.Err()
	}
}

// RunOK is Run for commands that must succeed: it fails the test, showing
// the output, when the command cannot run or exits non-zero.
func (w *Workdir) RunOK(ctx context.Context, args ...string) Result {
	w.tb.Helper()
	res, err := w.Run(ctx, args...)
	if err != nil {
		w.tb.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, res.Output)
	}
	if res.ExitCode != 0 {
		w.tb.Fatal(res)
	}
	return res
}

// State returns the state as `terraform show -json` renders it. An empty
// state (no apply yet) has nil Values.
func (w *Workdir) State(ctx context.Context) (*tfjson.State, error) {
	res, err := w.Run(ctx, "show", "-json")
	if err != nil {
		return nil, err
	}
	if res.ExitCode != 0 {
		return nil, errors.New(res.String())
	}
	var state tfjson.State
	if err := json.Unmarshal([]byte(res.Stdout), &state); err != nil {
		return nil, fmt.Errorf("terraform show -json: %w", err)
	}
	return &state, nil
}

// StateAddresses returns the address of every resource instance in state,
// as `terraform state list` prints them (data sources included), or none
// when there is no state file yet.
func (w *Workdir) StateAddresses(ctx context.Context) ([]string, error) {
	res, err := w.Run(ctx, "state", "list")
	if err != nil {
		return nil, err
	}
	if res.ExitCode != 0 {
		// Before the first apply there is no state file, which is not a
		// failure of the state.
		if strings.Contains(res.Output, "No state file was found") {
			return nil, nil
		}
		return nil, errors.New(res.String())
	}
	return strings.Fields(res.Stdout), nil
}

// PlanIsEmpty runs `terraform plan -detailed-exitcode` and says whether it
// planned no changes. It also returns the plan's output, for messages.
func (w *Workdir) PlanIsEmpty(ctx context.Context) (bool, string, error) {
	res, err := w.Run(ctx, "plan", "-detailed-exitcode")
	if err != nil {
		return false, res.Output, err
	}
	switch res.ExitCode {
	case 0:
		return true, res.Output, nil
	case 2:
		return false, res.Output, nil
	default:
		return false, res.Output, errors.New(res.String())
	}
}

// commandArgs adds -no-color after the subcommand: terraform writes colour
// codes even to a pipe, and they would get in the way of every assertion
// on the output. Every command accepts it. Input is turned off through
// TF_INPUT=0 in the environment instead of -input=false, which only some
// commands accept, and stdin is /dev/null besides.
func commandArgs(args []string) []string {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return args // terraform -version, -help: nothing to add to
	}
	words := 1
	switch args[0] {
	case "state", "workspace", "providers", "metadata":
		if len(args) > 1 && !strings.HasPrefix(args[1], "-") {
			words = 2 // state list, workspace new, providers schema…
		}
	}
	for _, a := range args[words:] {
		if a == "-no-color" {
			return args
		}
	}
	out := append([]string{}, args[:words]...)
	out = append(out, "-no-color")
	return append(out, args[words:]...)
}
