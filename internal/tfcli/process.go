package tfcli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Process is a terraform command running in the background, in a process
// group of its own that the provider plugins it starts join. The group
// lets a test kill terraform together with its providers, as when a CI
// runner dies, and keeps signals meant for the test (a Ctrl-C at the
// developer's terminal) away from terraform.
type Process struct {
	cmd     *exec.Cmd
	args    []string
	out     *output
	started time.Time
	done    chan struct{}
	result  Result // set before done is closed
}

// Start starts a terraform command in Dir and returns at once. It adds
// -no-color after the subcommand (see Run). The process is killed, with
// its whole group, when the test ends if it is still running then.
func (w *Workdir) Start(args ...string) (*Process, error) {
	args = commandArgs(args)
	out := &output{}
	cmd := exec.Command(w.Terraform, args...)
	cmd.Dir, cmd.Env = w.Dir, w.Env
	cmd.Stdout, cmd.Stderr = out.writer(&out.stdout), out.writer(&out.stderr)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	// Wait also waits for every holder of terraform's stdout and stderr to
	// close them; a process that inherited them and outlived terraform
	// must not hang the test.
	cmd.WaitDelay = 5 * time.Second
	p := &Process{cmd: cmd, args: args, out: out, done: make(chan struct{})}
	p.started = time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting terraform %s: %w", strings.Join(args, " "), err)
	}
	go p.wait()
	w.tb.Cleanup(func() {
		select {
		case <-p.done:
		default:
			w.tb.Logf("terraform %s still ran when the test ended: killed", strings.Join(args, " "))
			_ = p.Kill()
			<-p.done
		}
		// A provider whose terraform died by a signal sent to terraform
		// alone keeps running; do not leave it behind.
		if len(p.GroupMembers()) > 0 {
			_ = p.Kill()
		}
	})
	return p, nil
}

func (p *Process) wait() {
	err := p.cmd.Wait()
	r := Result{Args: p.args, ExitCode: -1, Duration: time.Since(p.started)}
	r.Stdout, r.Stderr, r.Output = p.out.strings()
	if ps := p.cmd.ProcessState; ps != nil {
		r.ExitCode = ps.ExitCode()
		if ws, ok := ps.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			r.Signal = ws.Signal().String()
		}
	}
	var exitErr *exec.ExitError
	if err != nil && !errors.As(err, &exitErr) {
		// Only an I/O error is left (WaitDelay expired): say so where the
		// test will look.
		r.Output += fmt.Sprintf("\n[tfcli: waiting for terraform: %v]\n", err)
	}
	p.result = r
	close(p.done)
}

// Pid is terraform's process ID, which is also the ID of its process group.
func (p *Process) Pid() int { return p.cmd.Process.Pid }

// Signal sends sig to terraform alone, as `kill -INT <pid>` or a CI system
// stopping its job does. Its providers ignore SIGINT in any case: plugins
// leave shutting down to terraform.
func (p *Process) Signal(sig os.Signal) error {
	return p.cmd.Process.Signal(sig)
}

// SignalGroup sends sig to every process of the group, terraform and its
// providers, as Ctrl-C at a terminal does.
func (p *Process) SignalGroup(sig syscall.Signal) error {
	err := syscall.Kill(-p.Pid(), sig)
	if errors.Is(err, syscall.ESRCH) {
		return nil // all gone already
	}
	return err
}

// Kill sends SIGKILL to the whole group, so that the providers die with
// terraform as when the machine or the CI runner under them is killed. It
// also works after terraform exited, on providers it left behind.
func (p *Process) Kill() error {
	return p.SignalGroup(syscall.SIGKILL)
}

// Done is closed when terraform has exited and its output is complete.
func (p *Process) Done() <-chan struct{} { return p.done }

// Wait waits for terraform to exit and returns its result. It can be
// called any number of times.
func (p *Process) Wait() Result {
	<-p.done
	return p.result
}

// WaitTimeout is Wait for at most d; ok is false, and terraform still
// runs, when it did not exit in time.
func (p *Process) WaitTimeout(d time.Duration) (res Result, ok bool) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-p.done:
		return p.result, true
	case <-t.C:
		return Result{}, false
	}
}

// Output returns what terraform has written so far, stdout and stderr
// interleaved.
func (p *Process) Output() string {
	_, _, combined := p.out.strings()
	return combined
}

// WaitForOutput waits until the output contains s. It fails when terraform
// exits without writing s or ctx ends first.
func (p *Process) WaitForOutput(ctx context.Context, s string) error {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if strings.Contains(p.Output(), s) {
			return nil
		}
		select {
		case <-p.done:
			if strings.Contains(p.Output(), s) {
				return nil
			}
			return fmt.Errorf("terraform exited without writing %q:\n%s", s, p.result)
		case <-ctx.Done():
			return fmt.Errorf("waiting for %q in terraform's output: %w", s, ctx.Err())
		case <-tick.C:
		}
	}
}

// Member is a live process of a Process's group.
type Member struct {
	PID int
	// Exe is the path of its executable: the provider's is
	// Workdir.ProviderBinary.
	Exe string
}

// GroupMembers returns the processes of the group that are still alive:
// terraform until it exits, and the providers it runs. Zombies (dead
// processes no one has reaped yet, which can linger when the init process
// does not reap orphans) are left out, since they no longer run. It reads
// /proc; where there is none it can only tell whether the group has any
// process left, and returns a single Member with the group's ID and no Exe
// if so.
func (p *Process) GroupMembers() []Member {
	pgid := p.Pid()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		if syscall.Kill(-pgid, 0) == nil {
			return []Member{{PID: pgid}}
		}
		return nil
	}
	var members []Member
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue // exited meanwhile
		}
		// The command name before the fields is in parentheses and may
		// hold spaces and parentheses itself.
		i := bytes.LastIndexByte(stat, ')')
		if i < 0 {
			continue
		}
		fields := strings.Fields(string(stat[i+1:])) // state, ppid, pgrp, …
		if len(fields) < 3 || fields[0] == "Z" || fields[2] != strconv.Itoa(pgid) {
			continue
		}
		exe, _ := os.Readlink(filepath.Join("/proc", e.Name(), "exe"))
		members = append(members, Member{PID: pid, Exe: exe})
	}
	return members
}

// output collects a command's stdout and stderr, each alone and both
// interleaved, and can be read while the command runs.
type output struct {
	mu                       sync.Mutex
	stdout, stderr, combined bytes.Buffer
}

type outputWriter struct {
	o   *output
	own *bytes.Buffer
}

func (o *output) writer(own *bytes.Buffer) outputWriter { return outputWriter{o, own} }

func (w outputWriter) Write(b []byte) (int, error) {
	w.o.mu.Lock()
	defer w.o.mu.Unlock()
	w.own.Write(b)
	return w.o.combined.Write(b)
}

func (o *output) strings() (stdout, stderr, combined string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.stdout.String(), o.stderr.String(), o.combined.String()
}
