// Command testmatrix runs the acceptance tests once per Terraform or OpenTofu
// CLI, one CLI after the other (the tests are CPU bound, so running the CLIs
// at once would only slow each down), and prints a table: for every CLI, the
// packages that passed or failed and how many tests passed, skipped and
// failed, then why each skipped test skipped. `make testmatrix` builds the
// CLIs it lacks and runs it:
//
//	go run ./internal/testmatrix -cli /usr/bin/terraform -cli bin/cli/tofu-1.10.7/tofu \
//		[-parallel 4] [-timeout 15m] [-logdir bin/testmatrix] ./internal/provider/... ./internal/tfcli/...
//
// Each run is `go test -json -count=1` with TF_ACC=1 and
// TF_ACC_TERRAFORM_PATH set to the CLI; the tests themselves find out
// whether it is OpenTofu (see tfcli.RegistryHost). The complete -json
// stream of each run is kept in -logdir, and the output of every failed test
// is printed as soon as its package ends. testmatrix fails when any package
// fails under any CLI.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "testmatrix:", err)
		os.Exit(1)
	}
}

// cliRun is one CLI's run of the suite.
type cliRun struct {
	path    string
	version string // first line of `<cli> version`, e.g. "OpenTofu v1.10.7"
	summary *summary
	elapsed time.Duration
	err     error // the run could not start or go test failed
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("testmatrix", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var clis []string
	fs.Func("cli", "a terraform or tofu binary to run the tests with (repeatable, in order)", func(s string) error {
		clis = append(clis, s)
		return nil
	})
	parallel := fs.Int("parallel", 4, "go test -parallel")
	timeout := fs.Duration("timeout", 15*time.Minute, "go test -timeout, per CLI")
	logDir := fs.String("logdir", "", "directory for each run's go test -json output (default: none kept)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	pkgs := fs.Args()
	if len(clis) == 0 || len(pkgs) == 0 {
		return errors.New("usage: testmatrix -cli PATH [-cli PATH…] [flags] PACKAGES…")
	}
	if *logDir != "" {
		if err := os.MkdirAll(*logDir, 0o755); err != nil {
			return err
		}
	}

	start := time.Now()
	var runs []*cliRun
	for _, cli := range clis {
		r := &cliRun{path: cli}
		runs = append(runs, r)
		if r.path, r.err = exec.LookPath(cli); r.err == nil {
			r.path, r.err = filepath.Abs(r.path)
		}
		if r.err == nil {
			r.version, r.err = cliVersion(ctx, r.path)
		}
		if r.err != nil {
			fmt.Fprintf(stderr, "testmatrix: %s: %v\n", cli, r.err)
			continue
		}
		fmt.Fprintf(stdout, "\n=== %s (%s): go test %s\n", r.version, r.path, strings.Join(pkgs, " "))
		t0 := time.Now()
		r.summary, r.err = runSuite(ctx, r, pkgs, *parallel, *timeout, *logDir, stdout, stderr)
		r.elapsed = time.Since(t0)
		if ctx.Err() != nil {
			break
		}
	}

	fmt.Fprint(stdout, "\n"+report(runs, pkgs, time.Since(start)))
	var failed []string
	for _, r := range runs {
		if r.err != nil || r.summary == nil || !r.summary.ok() {
			failed = append(failed, cmp(r.version, r.path))
		}
	}
	if len(runs) < len(clis) {
		return fmt.Errorf("interrupted after %d of %d CLIs", len(runs), len(clis))
	}
	if len(failed) > 0 {
		return fmt.Errorf("the acceptance tests failed under %s", strings.Join(failed, ", "))
	}
	return nil
}

func cmp(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// cliVersion returns the first line of `<cli> version`: "Terraform v1.11.4"
// or "OpenTofu v1.10.7".
func cliVersion(ctx context.Context, cli string) (string, error) {
	cmd := exec.CommandContext(ctx, cli, "version")
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1")
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s version: %w", cli, err)
	}
	first, _, _ := strings.Cut(string(out), "\n")
	first = strings.TrimSpace(first)
	if !regexp.MustCompile(`^(Terraform|OpenTofu) v\d`).MatchString(first) {
		return "", fmt.Errorf("%s is neither Terraform nor OpenTofu: `version` printed %q", cli, first)
	}
	return first, nil
}

// runSuite runs go test -json for one CLI, printing package results as they
// come and the output of failed tests.
func runSuite(ctx context.Context, r *cliRun, pkgs []string, parallel int, timeout time.Duration, logDir string, stdout, stderr io.Writer) (*summary, error) {
	args := append([]string{"test", "-json", "-count=1", "-timeout", timeout.String(), "-parallel", fmt.Sprint(parallel)}, pkgs...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = time.Minute
	cmd.Env = suiteEnv(os.Environ(), r.path)
	cmd.Stderr = stderr // build failures and the like
	pipe, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var in io.Reader = pipe
	if logDir != "" {
		name := strings.ToLower(strings.NewReplacer(" v", "-", " ", "-").Replace(r.version)) + ".json"
		f, err := os.Create(filepath.Join(logDir, name))
		if err != nil {
			return nil, err
		}
		defer f.Close()
		in = io.TeeReader(pipe, f)
		defer fmt.Fprintf(stdout, "go test -json output: %s\n", f.Name())
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := newSummary()
	s.onPackageDone = func(p *pkgResult) { printPackage(stdout, p) }
	parseErr := s.read(in)
	waitErr := cmd.Wait()
	if s.build.Len() > 0 && !s.ok() {
		fmt.Fprint(stderr, s.build.String())
	}
	if parseErr != nil {
		return s, parseErr
	}
	if waitErr != nil && s.ok() {
		// go test failed without a failed package: a build error, a
		// timeout before any output…
		return s, fmt.Errorf("go test: %w", waitErr)
	}
	return s, nil
}

// suiteEnv is the environment of one CLI's go test: the caller's, with the
// CLI as TF_ACC_TERRAFORM_PATH and without variables that would make every
// CLI's run alike or point it at another provider address: the tests pick
// the registry host that suits the CLI themselves.
func suiteEnv(environ []string, cli string) []string {
	var env []string
	for _, kv := range environ {
		name, _, _ := strings.Cut(kv, "=")
		switch name {
		case "TF_ACC", "TF_ACC_TERRAFORM_PATH", "TF_ACC_TERRAFORM_VERSION", "TF_ACC_PROVIDER_HOST", "TF_ACC_PROVIDER_NAMESPACE", "CHECKPOINT_DISABLE":
			continue
		}
		env = append(env, kv)
	}
	return append(env, "TF_ACC=1", "TF_ACC_TERRAFORM_PATH="+cli, "CHECKPOINT_DISABLE=1")
}

func printPackage(w io.Writer, p *pkgResult) {
	for _, name := range p.order {
		t := p.tests[name]
		if t.action == "fail" && !hasFailedSubtest(p, name) {
			fmt.Fprintf(w, "%s", t.output.String())
		}
	}
	status := "ok  "
	switch p.action {
	case "fail":
		status = "FAIL"
	case "skip":
		status = "?   "
	}
	passed, skipped, failed := p.counts(false)
	fmt.Fprintf(w, "%s %s\t%.1fs\t%d passed, %d skipped, %d failed\n", status, p.name, p.elapsed, passed, skipped, failed)
	if p.action == "fail" && p.output.Len() > 0 && failed == 0 {
		// The package failed outside any test (a panic in TestMain, a
		// timeout): its own output says why.
		fmt.Fprint(w, p.output.String())
	}
}

// hasFailedSubtest says whether a failed test failed because a subtest did,
// whose output is printed instead.
func hasFailedSubtest(p *pkgResult, name string) bool {
	for _, other := range p.order {
		if strings.HasPrefix(other, name+"/") && p.tests[other].action == "fail" {
			return true
		}
	}
	return false
}

// report renders the table of all runs, then the skipped tests and why.
func report(runs []*cliRun, pkgs []string, total time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Acceptance tests (%s) by CLI, %s in all:\n\n", strings.Join(pkgs, " "), total.Round(time.Second))
	b.WriteString("| CLI | Packages ok | Packages failed | Tests passed | Tests skipped | Tests failed | Subtests passed / skipped / failed | Time |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range runs {
		name := cmp(r.version, r.path)
		if r.summary == nil {
			fmt.Fprintf(&b, "| %s | - | - | - | - | - | - | did not run: %v |\n", name, r.err)
			continue
		}
		ok, failed := r.summary.packageCounts()
		passed, skipped, fail := r.summary.counts(false)
		sp, ss, sf := r.summary.counts(true)
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %d | %d | %d / %d / %d | %s |\n",
			name, ok, failed, passed, skipped, fail, sp, ss, sf, r.elapsed.Round(time.Second))
	}
	for _, r := range runs {
		if r.summary == nil {
			continue
		}
		skips := r.summary.skipped()
		if len(skips) == 0 {
			continue
		}
		fmt.Fprintf(&b, "\nSkipped under %s:\n", r.version)
		for _, s := range skips {
			fmt.Fprintf(&b, "- %s: %s\n", s.name, s.reason)
		}
	}
	for _, r := range runs {
		if r.err != nil {
			fmt.Fprintf(&b, "\n%s: %v\n", cmp(r.version, r.path), r.err)
		}
	}
	return b.String()
}
