// Command bench measures the provider end to end: the real terraform CLI
// drives the provider built from this repository (through a dev_overrides
// CLI configuration, as scripts/demo.sh does) against the standalone
// emulator, one fresh emulator per scenario so that request counts are
// clean. For every phase it reports wall time, API requests by route beside
// the fewest the phase needs, and the provider's peak resident memory, and it
// fails when a phase did not do what it should.
//
//	go run ./internal/bench [-latency 50ms] [-out FILE] [-only 2,5]
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

const modulePath = "github.com/supersim-tf/terraform-provider-supersim"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := benchmark(ctx)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// result is one measured phase.
type result struct {
	num      int // scenario number, from 1
	scenario string
	phase    phase
	run      run
	stats    stats
	runs     int // how many runs this is the median of
}

func benchmark(ctx context.Context) error {
	latency := flag.Duration("latency", 50*time.Millisecond, "delay the emulator adds to every API request")
	outFile := flag.String("out", "", "also write the report to this file")
	only := flag.String("only", "", "comma-separated scenario numbers to run (default: all)")
	flag.Parse()

	tf := os.Getenv("TERRAFORM")
	if tf == "" {
		var err error
		if tf, err = exec.LookPath("terraform"); err != nil {
			return errors.New("needs the terraform CLI on PATH or TERRAFORM=/path/to/terraform")
		}
	}
	work, err := os.MkdirTemp("", "supersim-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	fmt.Fprintln(os.Stderr, "building the provider and the emulator")
	bin := filepath.Join(work, "bin")
	providerExe, emulatorBin := filepath.Join(bin, "terraform-provider-supersim"), filepath.Join(bin, "supersim-emulator")
	floorExe := filepath.Join(bin, "terraform-provider-floor")
	for _, b := range [][2]string{
		{providerExe, modulePath},
		{emulatorBin, modulePath + "/cmd/supersim-emulator"},
		{floorExe, modulePath + "/internal/bench/floorprovider"},
	} {
		cmd := exec.CommandContext(ctx, "go", "build", "-o", b[0], b[1])
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("go build %s: %w", b[1], err)
		}
	}
	if providerExe, err = filepath.EvalSymlinks(providerExe); err != nil { // as /proc/<pid>/exe shows it
		return err
	}
	if floorExe, err = filepath.EvalSymlinks(floorExe); err != nil {
		return err
	}
	rc := filepath.Join(work, "terraformrc")
	if err := os.WriteFile(rc, []byte(fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/supersim-tf/supersim" = %q
    "registry.terraform.io/supersim-bench/floor" = %q
  }
  direct {}
}
`, bin, bin)), 0o600); err != nil {
		return err
	}
	baseEnv := append(cleanEnv(), "TF_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")

	var results []result
	for i, sc := range scenarios() {
		num := i + 1
		if *only != "" && !slices.Contains(strings.Split(*only, ","), strconv.Itoa(num)) {
			continue
		}
		scLatency := *latency
		if sc.latency > 0 {
			scLatency = sc.latency
		}
		var runs [][]result
		var err error
		for rep := range max(1, sc.repeat) {
			var rs []result
			exe := providerExe
			if sc.floorProvider {
				exe = floorExe
			}
			rs, err = runScenario(ctx, num, sc, tf, exe, emulatorBin, filepath.Join(work, fmt.Sprintf("scenario-%d-%d", num, rep)), baseEnv, scLatency)
			if err != nil {
				results = append(results, rs...)
				break
			}
			runs = append(runs, rs)
		}
		results = append(results, medianRuns(runs)...)
		if err != nil {
			if len(results) > 0 {
				fmt.Fprint(os.Stderr, "\nMeasured before the failure:\n\n"+report(results, "", *latency))
			}
			return fmt.Errorf("scenario %d (%s): %w", num, sc.name, err)
		}
	}

	out := report(results, terraformVersion(ctx, tf, baseEnv), *latency)
	fmt.Print(out)
	if *outFile != "" {
		return os.WriteFile(*outFile, []byte(generatedFile(ctx, out, terraformVersion(ctx, tf, baseEnv))), 0o644)
	}
	return nil
}

// runScenario starts a fresh emulator with the scenario's catalog, writes its
// configuration and runs its phases in order.
func runScenario(ctx context.Context, num int, sc scenario, tf, providerExe, emulatorBin, dir string, env []string, latency time.Duration) ([]result, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	var extra []string
	if sc.concurrencyLimit > 0 {
		extra = append(extra, "-concurrency-limit", strconv.Itoa(sc.concurrencyLimit))
	}
	emu, err := startEmulator(ctx, emulatorBin, dir, sc.catalog, latency, extra...)
	if err != nil {
		return nil, err
	}
	defer emu.stop()
	sids, err := emu.networkSIDs(ctx, sc.sids)
	if err != nil {
		return nil, err
	}
	dirs, err := writeWorkdirs(dir, sc, sids)
	if err != nil {
		return nil, err
	}
	for k, v := range emu.env {
		env = append(env, k+"="+v)
	}
	env = append(env, "FLOOR_LATENCY="+latency.String())
	l := &live{emu: emu, sids: sids}

	var results []result
	for _, ph := range sc.phases {
		fmt.Fprintf(os.Stderr, "scenario %d (%s): %s … ", num, sc.name, ph.name)
		if ph.before != nil {
			if err := ph.before(ctx, l); err != nil {
				return results, fmt.Errorf("%s: preparing: %w", ph.name, err)
			}
		}
		if err := emu.resetStats(ctx); err != nil {
			return results, err
		}
		r, err := terraformInEach(ctx, tf, providerExe, dirs, env, ph.args)
		if err != nil {
			return results, fmt.Errorf("%s: terraform %s: %w", ph.name, ph.args[0], err)
		}
		st, err := emu.stats(ctx)
		if err != nil {
			return results, err
		}
		fmt.Fprintf(os.Stderr, "%.2f s, %d requests (%d refused for concurrency)\n", r.wall.Seconds(), st.Total, st.Refused)
		if r.exit != ph.exit {
			return results, fmt.Errorf("%s: terraform %s exited %d, want %d:\n%s", ph.name, ph.args[0], r.exit, ph.exit, tail(r.output, 40))
		}
		if ph.check != nil {
			if err := ph.check(r.output, l); err != nil {
				return results, fmt.Errorf("%s: %w:\n%s", ph.name, err, tail(r.output, 40))
			}
		}
		results = append(results, result{num: num, scenario: sc.name, phase: ph, run: r, stats: st})
	}
	return results, nil
}

// writeWorkdirs writes the scenario's configuration in dir, or, for a
// scenario of several pipelines, in one subdirectory per pipeline.
func writeWorkdirs(dir string, sc scenario, sids []string) ([]string, error) {
	if sc.pipelines <= 1 {
		return []string{dir}, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(sc.hcl(sids)), 0o600)
	}
	var dirs []string
	for i := range sc.pipelines {
		d := filepath.Join(dir, fmt.Sprintf("pipeline-%d", i+1))
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, err
		}
		hcl := strings.ReplaceAll(sc.hcl(sids), "PIPELINE", strconv.Itoa(i+1))
		if err := os.WriteFile(filepath.Join(d, "main.tf"), []byte(hcl), 0o600); err != nil {
			return nil, err
		}
		dirs = append(dirs, d)
	}
	return dirs, nil
}

// terraformInEach runs the command in every directory at once. The run's
// wall time is the slowest one's, its exit code the worst, its output each
// one's in turn, and its provider figures the largest peak and the sum of
// CPU.
func terraformInEach(ctx context.Context, tf, providerExe string, dirs []string, env []string, args []string) (run, error) {
	if len(dirs) == 1 {
		return terraform(ctx, tf, providerExe, dirs[0], env, args)
	}
	runs := make([]run, len(dirs))
	errs := make([]error, len(dirs))
	var wg sync.WaitGroup
	for i, d := range dirs {
		wg.Go(func() { runs[i], errs[i] = terraform(ctx, tf, providerExe, d, env, args) })
	}
	wg.Wait()
	var all run
	for i, r := range runs {
		if errs[i] != nil {
			return r, errs[i]
		}
		all.wall = max(all.wall, r.wall)
		all.exit = max(all.exit, r.exit)
		all.output += r.output
		all.peakKiB = max(all.peakKiB, r.peakKiB)
		all.cpu = max(all.cpu, r.cpu) // each watcher sees every pipeline's providers
	}
	return all, nil
}

// medianRuns keeps, for each phase, the run with the median wall time, so
// a scenario repeated to steady its timings reports a typical run rather
// than a lucky or an unlucky one. The report says how many runs there were.
func medianRuns(runs [][]result) []result {
	if len(runs) == 0 {
		return nil
	}
	out := make([]result, len(runs[0]))
	for i := range runs[0] {
		phase := make([]result, 0, len(runs))
		for _, r := range runs {
			if i < len(r) {
				phase = append(phase, r[i])
			}
		}
		slices.SortFunc(phase, func(a, b result) int { return int(a.run.wall - b.run.wall) })
		out[i] = phase[len(phase)/2]
		out[i].runs = len(phase)
	}
	return out
}

// cleanEnv is the environment minus anything that would point the provider
// or terraform elsewhere (an API key pair would win over the emulator's
// token).
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "TWILIO_") && !strings.HasPrefix(kv, "SUPERSIM_") && !strings.HasPrefix(kv, "TF_CLI_CONFIG_FILE=") {
			env = append(env, kv)
		}
	}
	return env
}

func terraformVersion(ctx context.Context, tf string, env []string) string {
	cmd := exec.CommandContext(ctx, tf, "version", "-json")
	cmd.Env = env
	out, err := cmd.Output()
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err != nil || json.Unmarshal(out, &v) != nil {
		return "terraform (unknown version)"
	}
	return "terraform " + v.Version
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// report renders the Markdown table, the notes on requests above the
// minimum, and the growth ratios.
func report(results []result, tfVersion string, latency time.Duration) string {
	var b strings.Builder
	if tfVersion != "" {
		fmt.Fprintf(&b, "Provider benchmark: %s, emulator latency %s, -parallelism=10 (terraform's default), %s/%s, %d CPUs.\n\n",
			tfVersion, latency, runtime.GOOS, runtime.GOARCH, runtime.NumCPU())
	}
	b.WriteString("| # | Scenario | Phase | Wall time | Requests | Minimum | Peak provider RSS (MiB) | Provider CPU | Requests by route |\n")
	b.WriteString("|---|---|---|---:|---:|---:|---:|---:|---|\n")
	var notes []string
	for _, r := range results {
		minimum := 0
		for _, n := range r.phase.minimum {
			minimum += n
		}
		rss, cpu := "n/a", "n/a"
		if r.run.peakKiB > 0 {
			rss = fmt.Sprintf("%.1f", float64(r.run.peakKiB)/1024)
			cpu = fmt.Sprintf("%.2f s", r.run.cpu.Seconds())
		}
		wall := fmt.Sprintf("%.2f s", r.run.wall.Seconds())
		if r.runs > 1 {
			wall += fmt.Sprintf(" (median of %d)", r.runs)
		}
		routes := compactRoutes(r.stats.Requests)
		if r.stats.Refused > 0 {
			routes += fmt.Sprintf("; %d of them refused for the account's concurrency (429)", r.stats.Refused)
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %s | %d | %d | %s | %s | %s |\n", r.num, r.scenario, r.phase.name,
			wall, r.stats.Total, minimum, rss, cpu, routes)
		for _, n := range explain(r) {
			notes = append(notes, fmt.Sprintf("- %d · %s: %s", r.num, r.phase.name, n))
		}
	}
	if len(notes) > 0 {
		b.WriteString("\nRequests above (or below) the minimum:\n\n" + strings.Join(notes, "\n") + "\n")
	}
	if g := growthLines(results); len(g) > 0 {
		b.WriteString("\nGrowth:\n\n" + strings.Join(g, "\n") + "\n")
	}
	if i := idealLines(results); len(i) > 0 {
		b.WriteString("\nAgainst the ideal (terraform core's floor for the same graph, plus the API's latency where it cannot overlap), " +
			"and against a plugin provider that makes no request and only waits out the same round trips:\n\n" + strings.Join(i, "\n") + "\n")
	}
	return b.String()
}

// idealLines compares each paired scenario with its ideal: an apply with
// terraform's floor plus one latency per round of writes (ceil(writes/10)),
// a no-op plan with the floor plus two latencies (the profile and its
// networks). The goals: apply within 1.15× its ideal, no-op plan within it.
func idealLines(results []result) []string {
	find := func(num int, phaseName string) *result {
		for i := range results {
			if results[i].num == num && results[i].phase.name == phaseName {
				return &results[i]
			}
		}
		return nil
	}
	var lines []string
	for _, pair := range ideals {
		for _, ph := range []struct {
			name string
			goal float64
		}{{"apply", 1.15}, {"no-op plan", 1.0}} {
			m, f := find(pair.measured, ph.name), find(pair.floor, ph.name)
			if m == nil || f == nil {
				continue
			}
			latency := peerLatency
			rounds := 2 // a refresh: the profile, then its networks
			if ph.name == "apply" {
				rounds = (writes(m.phase.minimum) + 9) / 10
			}
			ideal := f.run.wall + time.Duration(rounds)*latency
			ratio := m.run.wall.Seconds() / ideal.Seconds()
			verdict := "within the goal"
			if ratio > ph.goal {
				verdict = "ABOVE THE GOAL"
			}
			lines = append(lines, fmt.Sprintf("- %d · %s: %.2f s against an ideal of %.2f s (floor %.2f s + %d × %s): %.2f× the ideal; goal %.2f×, %s",
				pair.measured, ph.name, m.run.wall.Seconds(), ideal.Seconds(), f.run.wall.Seconds(), rounds, latency, ratio, ph.goal, verdict))
			if p := find(pair.pluginFloor, ph.name); p != nil {
				lines = append(lines, fmt.Sprintf("  - %d · %s, a plugin provider that only waits: %.2f s, %.2f× the same ideal, so terraform with any plugin provider costs %+.2f s over it; %d is %+.2f s over that provider",
					pair.pluginFloor, ph.name, p.run.wall.Seconds(), p.run.wall.Seconds()/ideal.Seconds(), (p.run.wall-ideal).Seconds(),
					pair.measured, (m.run.wall-p.run.wall).Seconds()))
			}
		}
	}
	return lines
}

// writes counts the requests of a minimum that change the account.
func writes(minimum map[string]int) int {
	n := 0
	for route, count := range minimum {
		if strings.HasPrefix(route, "POST ") || strings.HasPrefix(route, "DELETE ") {
			n += count
		}
	}
	return n
}

// generatedFile wraps the report for BENCHMARKS.md: what made it, on which
// machine and when, so a reader can tell whether it still applies.
func generatedFile(ctx context.Context, report, tfVersion string) string {
	goVersion := runtime.Version()
	if out, err := exec.CommandContext(ctx, "go", "env", "GOVERSION").Output(); err == nil {
		goVersion = strings.TrimSpace(string(out))
	}
	return fmt.Sprintf(`<!-- Generated by make bench (go run ./internal/bench -out BENCHMARKS.md). Do not edit. -->
# Benchmarks

Measured %s on %s (%d CPUs, %s/%s), %s, %s.

Each scenario runs the real terraform CLI with the provider built from this
repository against a fresh emulator that adds a fixed latency to every
request. Wall times include terraform itself; the reference scenarios run
the same graph with terraform_data and no provider, which is terraform's own
floor, and with a plugin provider that only waits (internal/bench/floorprovider),
which is the floor of any provider.

%s`, time.Now().UTC().Format("2006-01-02"), cpuModel(), runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, tfVersion, goVersion, report)
}

// cpuModel names the processor, from /proc/cpuinfo where there is one.
func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "an unnamed processor"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "an unnamed processor"
}

// explain turns the difference between measured and minimum counts, route
// by route, into notes.
func explain(r result) []string {
	routes := map[string]bool{}
	for route := range r.stats.Requests {
		routes[route] = true
	}
	for route := range r.phase.minimum {
		routes[route] = true
	}
	var notes []string
	for _, route := range slices.Sorted(func(yield func(string) bool) {
		for k := range routes {
			if !yield(k) {
				return
			}
		}
	}) {
		diff := r.stats.Requests[route] - r.phase.minimum[route]
		switch {
		case diff > 0:
			why := r.phase.why[route]
			if why == "" {
				why = defaultWhy[route]
			}
			if why == "" {
				why = "NOT EXPLAINED: more than this phase needs"
			}
			notes = append(notes, fmt.Sprintf("+%d %s: %s", diff, route, why))
		case diff < 0:
			notes = append(notes, fmt.Sprintf("%d %s: below the minimum, so the phase skipped a read or write it needs (or the minimum is wrong)", diff, route))
		}
	}
	return notes
}

// compactRoutes renders route counts briefly for the table.
func compactRoutes(counts map[string]int) string {
	var parts []string
	for _, route := range slices.Sorted(func(yield func(string) bool) {
		for k := range counts {
			if !yield(k) {
				return
			}
		}
	}) {
		short := strings.NewReplacer("/v1/", "", "NetworkAccessProfiles", "NAPs").Replace(route)
		parts = append(parts, fmt.Sprintf("%s ×%d", short, counts[route]))
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// growthLines compares the provider's own cost (CPU, peak memory) and the
// wall time between scenarios of different sizes. Wall time includes
// terraform core, so each line also shows how terraform alone grows (the
// reference scenarios) and how much longer than terraform alone the large
// scenario took.
func growthLines(results []result) []string {
	find := func(num int, phaseName string) *result {
		for i := range results {
			if results[i].num == num && results[i].phase.name == phaseName {
				return &results[i]
			}
		}
		return nil
	}
	ratio := func(a, b float64) float64 { return a / max(b, 1e-9) }
	var lines []string
	for _, g := range growth {
		small, large := find(g.small, g.phase), find(g.large, g.phase)
		if small == nil || large == nil {
			continue
		}
		wall := ratio(large.run.wall.Seconds(), small.run.wall.Seconds())
		line := fmt.Sprintf("- %s, scenario %d vs %d (%.0f× the %s): wall time ×%.2f, requests ×%.2f",
			g.phase, g.large, g.small, g.factor, g.what, wall, ratio(float64(large.stats.Total), float64(small.stats.Total)))
		if small.run.peakKiB > 0 && large.run.peakKiB > 0 {
			cpu := ratio(large.run.cpu.Seconds(), small.run.cpu.Seconds())
			rss := ratio(float64(large.run.peakKiB), float64(small.run.peakKiB))
			line += fmt.Sprintf(", provider CPU ×%.2f, peak provider RSS ×%.2f", cpu, rss)
			line += verdict(" → provider CPU and memory", cpu <= g.factor && rss <= g.factor)
		}
		line += verdict("; wall time", wall <= g.factor)
		if refSmall, refLarge := find(g.refSmall, g.phase), find(g.refLarge, g.phase); refSmall != nil && refLarge != nil {
			line += fmt.Sprintf(". Terraform core alone (scenario %d vs %d): wall time ×%.2f; at the large size, %+.2f s compared with terraform core alone",
				g.refLarge, g.refSmall, ratio(refLarge.run.wall.Seconds(), refSmall.run.wall.Seconds()),
				large.run.wall.Seconds()-refLarge.run.wall.Seconds())
		}
		lines = append(lines, line)
	}
	return lines
}

func verdict(what string, linear bool) string {
	if linear {
		return what + ": linear or better"
	}
	return what + ": WORSE THAN LINEAR"
}
