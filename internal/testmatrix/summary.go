package main

import (
	"bufio"
	"encoding/json"
	"io"
	"regexp"
	"strings"
)

// event is one line of `go test -json` (see `go doc test2json`).
type event struct {
	Action     string
	Package    string
	Test       string
	Elapsed    float64
	Output     string
	ImportPath string // build-output and build-fail events
}

// summary collects the results of one go test -json stream.
type summary struct {
	packages map[string]*pkgResult
	order    []string
	// build is what the compiler said (build-output events), for a
	// package that did not build.
	build strings.Builder
	// onPackageDone is called when a package's result is known.
	onPackageDone func(*pkgResult)
}

type pkgResult struct {
	name    string
	action  string // pass, fail, skip (no test files), or "" while running
	elapsed float64
	output  strings.Builder // the package's own output, outside any test
	tests   map[string]*testResult
	order   []string
}

type testResult struct {
	action string // pass, fail, skip, or "" if it never ended
	output strings.Builder
}

func newSummary() *summary { return &summary{packages: map[string]*pkgResult{}} }

func (s *summary) pkg(name string) *pkgResult {
	p, ok := s.packages[name]
	if !ok {
		p = &pkgResult{name: name, tests: map[string]*testResult{}}
		s.packages[name] = p
		s.order = append(s.order, name)
	}
	return p
}

// read consumes a go test -json stream to its end. Lines that are not JSON
// (go test writes some, such as a "no Go files" notice) go to the build
// output.
func (s *summary) read(r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil {
			s.build.Write(line)
			s.build.WriteByte('\n')
			continue
		}
		s.add(e)
	}
	return sc.Err()
}

func (s *summary) add(e event) {
	switch e.Action {
	case "build-output":
		s.build.WriteString(e.Output)
		return
	case "build-fail":
		return
	}
	if e.Package == "" {
		return
	}
	p := s.pkg(e.Package)
	if e.Test == "" {
		switch e.Action {
		case "output":
			p.output.WriteString(e.Output)
		case "pass", "fail", "skip":
			p.action, p.elapsed = e.Action, e.Elapsed
			if s.onPackageDone != nil {
				s.onPackageDone(p)
			}
		}
		return
	}
	t, ok := p.tests[e.Test]
	if !ok {
		t = &testResult{}
		p.tests[e.Test] = t
		p.order = append(p.order, e.Test)
	}
	switch e.Action {
	case "output":
		t.output.WriteString(e.Output)
	case "pass", "fail", "skip":
		t.action = e.Action
	}
}

// ok says whether every package ran and passed (or had no test files).
func (s *summary) ok() bool {
	if len(s.packages) == 0 {
		return false
	}
	for _, p := range s.packages {
		if p.action != "pass" && p.action != "skip" {
			return false
		}
	}
	return true
}

// packageCounts returns how many packages passed (or had no tests) and how
// many failed or never finished.
func (s *summary) packageCounts() (ok, failed int) {
	for _, p := range s.packages {
		if p.action == "pass" || p.action == "skip" {
			ok++
		} else {
			failed++
		}
	}
	return ok, failed
}

// counts adds up the packages' tests (subtests=false: top-level tests
// only; true: subtests only).
func (s *summary) counts(subtests bool) (passed, skipped, failed int) {
	for _, name := range s.order {
		p, sk, f := s.packages[name].counts(subtests)
		passed, skipped, failed = passed+p, skipped+sk, failed+f
	}
	return passed, skipped, failed
}

// counts is summary.counts for one package. A test that never ended (the
// package timed out or crashed) counts as failed.
func (p *pkgResult) counts(subtests bool) (passed, skipped, failed int) {
	for _, name := range p.order {
		if strings.Contains(name, "/") != subtests {
			continue
		}
		switch p.tests[name].action {
		case "pass":
			passed++
		case "skip":
			skipped++
		default:
			failed++
		}
	}
	return passed, skipped, failed
}

type skip struct{ name, reason string }

// skipped lists the skipped tests and subtests, package by package, with
// the message each skipped with.
func (s *summary) skipped() []skip {
	var out []skip
	for _, pn := range s.order {
		p := s.packages[pn]
		for _, name := range p.order {
			if t := p.tests[name]; t.action == "skip" {
				out = append(out, skip{name: shortPackage(pn) + "." + name, reason: skipReason(t.output.String())})
			}
		}
	}
	return out
}

func shortPackage(pkg string) string {
	if i := strings.LastIndex(pkg, "/"); i >= 0 {
		return pkg[i+1:]
	}
	return pkg
}

var fileLine = regexp.MustCompile(`^[\w.-]+\.go:\d+: `)

// skipReason is what a skipped test logged, without the test's RUN and SKIP
// lines or the file:line prefixes, on one line.
func skipReason(output string) string {
	var parts []string
	for _, line := range strings.Split(output, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "=== ") || strings.HasPrefix(line, "--- ") {
			continue
		}
		parts = append(parts, fileLine.ReplaceAllString(line, ""))
	}
	if len(parts) == 0 {
		return "(no message)"
	}
	return strings.Join(parts, " ")
}
