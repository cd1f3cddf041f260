package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// emulatorProc is a running standalone emulator.
type emulatorProc struct {
	cmd     *exec.Cmd
	done    chan struct{}
	logPath string
	env     map[string]string // SUPERSIM_BASE_URL, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN
}

// startEmulator starts bin as demo.sh does and waits for its env file.
func startEmulator(ctx context.Context, bin, dir string, catalog int, latency time.Duration, extra ...string) (*emulatorProc, error) {
	envFile := filepath.Join(dir, "emulator.env")
	e := &emulatorProc{done: make(chan struct{}), logPath: filepath.Join(dir, "emulator.log")}
	logFile, err := os.Create(e.logPath)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	e.cmd = exec.Command(bin, append([]string{"-quiet", "-catalog-size", strconv.Itoa(catalog),
		"-latency", latency.String(), "-print-env-file", envFile}, extra...)...)
	e.cmd.Stdout, e.cmd.Stderr = io.Discard, logFile
	e.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // Ctrl-C reaches us, and we stop it
	if err := e.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { _ = e.cmd.Wait(); close(e.done) }()

	deadline := time.Now().Add(15 * time.Second)
	for {
		if data, err := os.ReadFile(envFile); err == nil && len(data) > 0 {
			e.env = parseExports(string(data))
			if e.env["SUPERSIM_BASE_URL"] != "" {
				return e, nil
			}
		}
		select {
		case <-e.done:
			log, _ := os.ReadFile(e.logPath)
			return nil, fmt.Errorf("the emulator exited before listening: %s", log)
		case <-ctx.Done():
			e.stop()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			e.stop()
			return nil, errors.New("the emulator did not write its env file within 15s")
		}
	}
}

// stop ends the emulator: SIGTERM, then SIGKILL if it lingers.
func (e *emulatorProc) stop() {
	_ = e.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-e.done:
	case <-time.After(5 * time.Second):
		_ = e.cmd.Process.Kill()
		<-e.done
	}
}

// parseExports reads the emulator's `export K=V` lines, undoing its shell
// quoting.
func parseExports(s string) map[string]string {
	env := map[string]string{}
	for _, line := range strings.Split(s, "\n") {
		k, v, ok := strings.Cut(strings.TrimPrefix(line, "export "), "=")
		if !ok {
			continue
		}
		if len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'' {
			v = strings.ReplaceAll(v[1:len(v)-1], `'\''`, `'`)
		}
		env[k] = v
	}
	return env
}

// call sends one request to the emulator with its Basic auth and decodes a
// JSON answer into out when out is not nil.
func (e *emulatorProc) call(ctx context.Context, method, path string, out any) error {
	return e.send(ctx, method, path, nil, out)
}

// send is call with a form body, when form is not nil.
func (e *emulatorProc) send(ctx context.Context, method, path string, form url.Values, out any) error {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, e.env["SUPERSIM_BASE_URL"]+path, body)
	if err != nil {
		return err
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.SetBasicAuth(e.env["TWILIO_ACCOUNT_SID"], e.env["TWILIO_AUTH_TOKEN"])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		return fmt.Errorf("%s %s: HTTP %d: %s", method, path, resp.StatusCode, bytes.TrimSpace(answer))
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(answer, out); err != nil {
		return fmt.Errorf("%s %s: %v", method, path, err)
	}
	return nil
}

// networkSIDs returns the first n SIDs of the catalog (one page).
func (e *emulatorProc) networkSIDs(ctx context.Context, n int) ([]string, error) {
	if n == 0 {
		return nil, nil
	}
	var page struct {
		Networks []struct{ SID string }
	}
	if err := e.call(ctx, "GET", "/v1/Networks?PageSize=1000", &page); err != nil {
		return nil, err
	}
	if len(page.Networks) < n {
		return nil, fmt.Errorf("the catalog's first page has %d networks, the scenario needs %d", len(page.Networks), n)
	}
	sids := make([]string, n)
	for i := range sids {
		sids[i] = page.Networks[i].SID
	}
	return sids, nil
}

type stats struct {
	Requests map[string]int `json:"requests"`
	Total    int            `json:"total"`
	// Refused counts the 429s of the emulator's -concurrency-limit.
	Refused int `json:"refused_for_concurrency"`
}

func (e *emulatorProc) resetStats(ctx context.Context) error {
	return e.call(ctx, "POST", "/_emulator/reset-stats", nil)
}

func (e *emulatorProc) stats(ctx context.Context) (stats, error) {
	var s stats
	err := e.call(ctx, "GET", "/_emulator/stats", &s)
	for route, n := range s.Requests {
		if n == 0 {
			delete(s.Requests, route)
		}
	}
	return s, err
}

// run is one terraform command's outcome.
type run struct {
	wall   time.Duration
	exit   int
	output string
	provider
}

// provider is what the provider processes of one command used.
type provider struct {
	peakKiB int64         // largest VmHWM of one provider process; 0 when unknown
	cpu     time.Duration // user+system CPU of all provider processes
}

// terraform runs one command in dir and measures it. The command runs in
// its own process group, so that an interrupt kills it with the providers it
// started.
func terraform(ctx context.Context, tf, providerExe, dir string, env []string, args []string) (run, error) {
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, tf, args...)
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, env, &out, &out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }

	stop, used := make(chan struct{}), make(chan provider, 1)
	go func() { used <- watchProvider(providerExe, stop) }()
	start := time.Now()
	err := cmd.Run()
	r := run{wall: time.Since(start), output: out.String()}
	close(stop)
	r.provider = <-used

	var exitErr *exec.ExitError
	switch {
	case ctx.Err() != nil:
		return r, ctx.Err()
	case errors.As(err, &exitErr):
		r.exit = exitErr.ExitCode()
	case err != nil:
		return r, err
	}
	return r, nil
}

// clockTick is the unit of utime and stime in /proc/<pid>/stat (USER_HZ,
// 100 on every Linux ABI).
const clockTick = 10 * time.Millisecond

// watchProvider samples, every ~20 ms until stop, every process running the
// provider binary: the largest peak resident set (VmHWM) of one of them, and
// the CPU time they used (last sample of each process, so at most one
// interval short).
func watchProvider(exe string, stop <-chan struct{}) provider {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	var peak int64
	ticks := map[string]int64{}
	for {
		entries, _ := os.ReadDir("/proc")
		for _, e := range entries {
			if c := e.Name()[0]; c < '0' || c > '9' {
				continue
			}
			dir := filepath.Join("/proc", e.Name())
			if target, err := os.Readlink(filepath.Join(dir, "exe")); err != nil || target != exe {
				continue
			}
			peak = max(peak, vmHWM(dir))
			if t, ok := cpuTicks(dir); ok {
				ticks[e.Name()] = t
			}
		}
		select {
		case <-stop:
			var total int64
			for _, t := range ticks {
				total += t
			}
			return provider{peakKiB: peak, cpu: time.Duration(total) * clockTick}
		case <-tick.C:
		}
	}
}

// vmHWM reads a process's peak resident set in KiB.
func vmHWM(procDir string) int64 {
	status, err := os.ReadFile(filepath.Join(procDir, "status"))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kib, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kib
		}
	}
	return 0
}

// cpuTicks reads utime+stime (fields 14 and 15) of /proc/<pid>/stat. The
// command name before them is in parentheses and may hold spaces.
func cpuTicks(procDir string) (int64, bool) {
	stat, err := os.ReadFile(filepath.Join(procDir, "stat"))
	if err != nil {
		return 0, false
	}
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, false
	}
	fields := strings.Fields(string(stat[i+1:])) // fields[0] is field 3, state
	if len(fields) < 13 {
		return 0, false
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	return utime + stime, err1 == nil && err2 == nil
}
