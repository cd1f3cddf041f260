package main

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// A go test -json stream as Go 1.26 writes it, trimmed: one package with a
// pass, a skip with a message, a test with a skipped and a failed subtest,
// and a package with no test files.
const stream = `{"Action":"start","Package":"example.com/m/a"}
{"Action":"run","Package":"example.com/m/a","Test":"TestPass"}
{"Action":"output","Package":"example.com/m/a","Test":"TestPass","Output":"=== RUN   TestPass\n"}
{"Action":"output","Package":"example.com/m/a","Test":"TestPass","Output":"--- PASS: TestPass (0.01s)\n"}
{"Action":"pass","Package":"example.com/m/a","Test":"TestPass","Elapsed":0.01}
{"Action":"run","Package":"example.com/m/a","Test":"TestNewer"}
{"Action":"output","Package":"example.com/m/a","Test":"TestNewer","Output":"=== RUN   TestNewer\n"}
{"Action":"output","Package":"example.com/m/a","Test":"TestNewer","Output":"    a_test.go:12: Terraform CLI version 1.11.4 is below minimum version 1.12.0: skipping test\n"}
{"Action":"output","Package":"example.com/m/a","Test":"TestNewer","Output":"--- SKIP: TestNewer (0.00s)\n"}
{"Action":"skip","Package":"example.com/m/a","Test":"TestNewer","Elapsed":0}
{"Action":"run","Package":"example.com/m/a","Test":"TestTable"}
{"Action":"run","Package":"example.com/m/a","Test":"TestTable/one"}
{"Action":"output","Package":"example.com/m/a","Test":"TestTable/one","Output":"    --- SKIP: TestTable/one (0.00s)\n"}
{"Action":"output","Package":"example.com/m/a","Test":"TestTable/one","Output":"    a_test.go:30: not on OpenTofu\n"}
{"Action":"skip","Package":"example.com/m/a","Test":"TestTable/one","Elapsed":0}
{"Action":"run","Package":"example.com/m/a","Test":"TestTable/two"}
{"Action":"output","Package":"example.com/m/a","Test":"TestTable/two","Output":"    a_test.go:40: got 1, want 2\n"}
{"Action":"output","Package":"example.com/m/a","Test":"TestTable/two","Output":"    --- FAIL: TestTable/two (0.00s)\n"}
{"Action":"fail","Package":"example.com/m/a","Test":"TestTable/two","Elapsed":0}
{"Action":"output","Package":"example.com/m/a","Test":"TestTable","Output":"--- FAIL: TestTable (0.00s)\n"}
{"Action":"fail","Package":"example.com/m/a","Test":"TestTable","Elapsed":0}
{"Action":"output","Package":"example.com/m/a","Output":"FAIL\n"}
{"Action":"fail","Package":"example.com/m/a","Elapsed":1.5}
{"Action":"start","Package":"example.com/m/b"}
{"Action":"output","Package":"example.com/m/b","Output":"?   \texample.com/m/b\t[no test files]\n"}
{"Action":"skip","Package":"example.com/m/b","Elapsed":0}
`

func TestSummaryCounts(t *testing.T) {
	s := newSummary()
	var done []string
	s.onPackageDone = func(p *pkgResult) { done = append(done, p.action+" "+p.name) }
	if err := s.read(strings.NewReader(stream)); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(done, ", "); got != "fail example.com/m/a, skip example.com/m/b" {
		t.Errorf("packages done: %s", got)
	}
	if s.ok() {
		t.Error("ok() with a failed package")
	}
	if ok, failed := s.packageCounts(); ok != 1 || failed != 1 {
		t.Errorf("packages ok %d, failed %d; want 1, 1", ok, failed)
	}
	if p, sk, f := s.counts(false); p != 1 || sk != 1 || f != 1 {
		t.Errorf("tests passed %d, skipped %d, failed %d; want 1, 1, 1", p, sk, f)
	}
	if p, sk, f := s.counts(true); p != 0 || sk != 1 || f != 1 {
		t.Errorf("subtests passed %d, skipped %d, failed %d; want 0, 1, 1", p, sk, f)
	}
	skips := s.skipped()
	want := []skip{
		{"a.TestNewer", "Terraform CLI version 1.11.4 is below minimum version 1.12.0: skipping test"},
		{"a.TestTable/one", "not on OpenTofu"},
	}
	if len(skips) != len(want) {
		t.Fatalf("skipped %v, want %v", skips, want)
	}
	for i := range want {
		if skips[i] != want[i] {
			t.Errorf("skip %d is %+v, want %+v", i, skips[i], want[i])
		}
	}
}

func TestSummaryUnfinishedTestFails(t *testing.T) {
	s := newSummary()
	err := s.read(strings.NewReader(`{"Action":"run","Package":"p","Test":"TestHangs"}
{"Action":"output","Package":"p","Output":"panic: test timed out after 1s\n"}
`))
	if err != nil {
		t.Fatal(err)
	}
	if s.ok() {
		t.Error("ok() for a package that never ended")
	}
	if _, _, f := s.counts(false); f != 1 {
		t.Errorf("%d failed; want the unfinished test counted as failed", f)
	}
}

func TestReport(t *testing.T) {
	s := newSummary()
	if err := s.read(strings.NewReader(stream)); err != nil {
		t.Fatal(err)
	}
	out := report([]*cliRun{
		{path: "/bin/tofu", version: "OpenTofu v1.10.7", summary: s, elapsed: 90 * time.Second},
		{path: "/bin/missing", err: errors.New("sentinel")},
	}, []string{"./..."}, 2*time.Minute)
	for _, want := range []string{
		"| OpenTofu v1.10.7 | 1 | 1 | 1 | 1 | 1 | 0 / 1 / 1 | 1m30s |",
		"| /bin/missing | - | - | - | - | - | - | did not run: sentinel |",
		"Skipped under OpenTofu v1.10.7:\n- a.TestNewer: Terraform CLI version 1.11.4",
		"- a.TestTable/one: not on OpenTofu",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
}

func TestSuiteEnv(t *testing.T) {
	env := suiteEnv([]string{"PATH=/bin", "TF_ACC=0", "TF_ACC_PROVIDER_HOST=example.com", "TF_LOG=off"}, "/cli/tofu")
	got := strings.Join(env, " ")
	want := "PATH=/bin TF_LOG=off TF_ACC=1 TF_ACC_TERRAFORM_PATH=/cli/tofu CHECKPOINT_DISABLE=1"
	if got != want {
		t.Errorf("env %s, want %s", got, want)
	}
}
