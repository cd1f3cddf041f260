package main

import (
	"bytes"
	"context"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/supersim-tf/terraform-provider-supersim/internal/emulator"
)

// runWith runs the command in-process with env as its whole environment.
func runWith(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, func(k string) string { return env[k] }, &out, &errb)
	return code, out.String(), errb.String()
}

func emulatorEnv(ts *emulator.TestServer) map[string]string {
	return map[string]string{envBaseURL: ts.URL, envAccountSID: ts.AccountSID, envAuthToken: ts.AuthToken}
}

func TestHelpDocumentsEveryFlag(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := runWith(t, nil, "-help")
	if code != 0 || stdout != "" {
		t.Fatalf("-help exited %d with stdout %q", code, stdout)
	}
	var names []string
	fs := newFlagSet(&config{}, io.Discard)
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	if len(names) < 14 {
		t.Fatalf("only %d flags found: %v", len(names), names)
	}
	for _, name := range names {
		if !strings.Contains(stderr, "  -"+name) {
			t.Errorf("-help does not document -%s:\n%s", name, stderr)
		}
	}
	for _, want := range []string{envAccountSID, envAuthToken, envAPIKey, envAPISecret, envBaseURL, "Terraform 1.12", "OpenTofu", "Exit status"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("-help does not mention %s", want)
		}
	}
}

func TestCommandLineMistakesNameTheFlagAndTheFix(t *testing.T) {
	t.Parallel()
	creds := map[string]string{envAccountSID: emulator.DefaultAccountSID, envAuthToken: emulator.DefaultAuthToken}
	existing := filepath.Join(t.TempDir(), "main.tf")
	if err := os.WriteFile(existing, []byte("# mine\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	dirWithFiles := t.TempDir()
	if err := os.WriteFile(filepath.Join(dirWithFiles, "profiles.tf"), []byte("# mine\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		env  map[string]string
		args []string
		want []string
	}{
		{creds, []string{"-out", "a.tf", "-dir", "."}, []string{"-out and -dir cannot be used together"}},
		{creds, []string{"-force"}, []string{"-force applies to -out or -dir"}},
		{creds, []string{"out.tf"}, []string{`unexpected argument "out.tf"`, "-out out.tf"}},
		{creds, []string{"-out", "export.hcl"}, []string{`-out "export.hcl"`, "export.tf"}},
		{creds, []string{"-links", " "}, []string{"-links", "SID (HA…) or unique name"}},
		{creds, []string{"-max-retries", "x"}, []string{"-max-retries"}},
		{nil, nil, []string{"no Super SIM credentials", envAccountSID, envAuthToken, envAPIKey, envAPISecret}},
		{map[string]string{envAccountSID: emulator.DefaultAccountSID}, nil, []string{envAuthToken + " is not", "export the account's auth token"}},
		{map[string]string{envAPIKey: "SK0123456789abcdef0123456789abcdef"}, nil, []string{envAPISecret + " is not"}},
		{map[string]string{envAccountSID: "AC123", envAuthToken: "x"}, nil, []string{envAccountSID, "AC followed by 32 hexadecimal digits"}},
		{creds, []string{"-base-url", "http://example.com"}, []string{"-base-url (or SUPERSIM_BASE_URL)", "plain http to a non-loopback host"}},
		{creds, []string{"-base-url", "https://supersim.twilio.com/v1"}, []string{"-base-url", "only a scheme and host"}},
		{creds, []string{"-request-timeout", "0s"}, []string{"-request-timeout", "positive duration"}},
		{creds, []string{"-max-retries", "-1"}, []string{"-max-retries is -1", "0 (no retries)"}},
		{creds, []string{"-ca-cert-file", filepath.Join(t.TempDir(), "none.pem")}, []string{"-ca-cert-file", "PEM"}},
		{creds, []string{"-out", existing}, []string{"-out " + existing, "the file exists", "-force"}},
		{creds, []string{"-out", filepath.Join(t.TempDir(), "missing", "a.tf")}, []string{"does not exist; create it first"}},
		{creds, []string{"-dir", dirWithFiles}, []string{"profiles.tf would be overwritten", "-force"}},
		{creds, []string{"-dir", filepath.Join(t.TempDir(), "missing")}, []string{"no such directory", "mkdir -p"}},
	} {
		code, stdout, stderr := runWith(t, tc.env, tc.args...)
		if code != 2 || stdout != "" {
			t.Errorf("%v: exit %d, stdout %q; want exit 2 and nothing on stdout", tc.args, code, stdout)
		}
		for _, want := range tc.want {
			if !strings.Contains(stderr, want) {
				t.Errorf("%v: the error does not say %q:\n%s", tc.args, want, stderr)
			}
		}
		if strings.Contains(stderr, emulator.DefaultAuthToken) {
			t.Errorf("%v: the error shows the auth token", tc.args)
		}
	}
}

func TestExportToStdoutAFileAndADirectory(t *testing.T) {
	t.Parallel()
	ts := emulator.NewTestServer(t, emulator.Options{})
	seedSmall(t, ts.Emulator)
	env := emulatorEnv(ts)

	code, stdout, stderr := runWith(t, env)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "It holds 4 Network Access Profiles and 3 Fleets.") || !strings.Contains(stdout, "from the Super SIM API at "+ts.URL) {
		t.Errorf("stdout:\n%s", stdout)
	}
	checkHCL(t, "stdout", []byte(stdout))

	out := filepath.Join(t.TempDir(), "adopted.tf")
	if code, _, stderr := runWith(t, env, "-out", out, "-name-prefix", "team-a-"); code != 0 || !strings.Contains(stderr, "Wrote "+out) ||
		!strings.Contains(stderr, `Left out 1 Fleet whose unique name does not start with "team-a-"`) {
		t.Fatalf("-out: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runWith(t, env, "-out", out); code != 2 || !strings.Contains(stderr, "-force") {
		t.Errorf("-out over an existing file: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runWith(t, env, "-out", out, "-force", "-profiles-only"); code != 0 {
		t.Errorf("-out -force: exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(out); strings.Contains(string(b), "supersim_fleet") {
		t.Errorf("-force did not replace the file:\n%s", b)
	}

	dir := t.TempDir()
	if code, _, stderr := runWith(t, env, "-dir", dir, "-provider-block"); code != 0 {
		t.Fatalf("-dir: exit %d: %s", code, stderr)
	}
	// Again, profiles only: fleets.tf must not survive from the first run.
	code, _, stderr = runWith(t, env, "-dir", dir, "-force", "-profiles-only")
	if code != 0 || !strings.Contains(stderr, "Removed fleets.tf") || !strings.Contains(stderr, "Removed provider.tf") {
		t.Fatalf("-dir -force: exit %d: %s", code, stderr)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		checkHCL(t, e.Name(), b)
		if strings.Contains(string(b), ts.AuthToken) {
			t.Errorf("%s holds the auth token", e.Name())
		}
	}
	if got := strings.Join(names, " "); got != "imports.tf networks.tf profiles.tf" {
		t.Errorf("the directory holds %s", got)
	}
}

// The export only reads, and never writes a credential anywhere.
func TestExportReadsOnlyAndWritesNoSecret(t *testing.T) {
	t.Parallel()
	const keySID, keySecret = "SK0123456789abcdef0123456789abcdef", "s3cr3t-api-key-secret-value"
	ts := emulator.NewTestServer(t, emulator.Options{APIKeySID: keySID, APIKeySecret: keySecret})
	seedSmall(t, ts.Emulator)
	ts.Emulator.ResetCounts()
	// Both pairs set: the API key wins, as in the provider; the auth token
	// here is wrong and would be refused.
	env := map[string]string{envBaseURL: ts.URL, envAccountSID: ts.AccountSID, envAuthToken: "wrong", envAPIKey: keySID, envAPISecret: keySecret}
	code, stdout, stderr := runWith(t, env, "-links", "team-a-core")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, secret := range []string{keySecret, "wrong", ts.AuthToken} {
		if strings.Contains(stdout, secret) || strings.Contains(stderr, secret) {
			t.Errorf("the output holds a credential (%q)", secret)
		}
	}
	for route, n := range ts.Emulator.Counts() {
		if !strings.HasPrefix(route, "GET ") {
			t.Errorf("the export sent %d requests to %s", n, route)
		}
	}
	// One list of profiles, one of networks per profile, one of Fleets and
	// one of the catalog.
	if total := ts.Emulator.TotalRequests(); total != 1+4+1+1 {
		t.Errorf("the export sent %d requests, want 7: %v", total, ts.Emulator.Counts())
	}
}

func TestRefusedCredentialsSayWhatToCheck(t *testing.T) {
	t.Parallel()
	ts := emulator.NewTestServer(t, emulator.Options{})
	env := map[string]string{envBaseURL: ts.URL, envAccountSID: ts.AccountSID, envAuthToken: "not-the-token"}
	code, stdout, stderr := runWith(t, env, "-max-retries", "0")
	if code != 1 || stdout != "" {
		t.Fatalf("exit %d, stdout %q", code, stdout)
	}
	for _, want := range []string{"HTTP 401", "refused the credentials", envAuthToken} {
		if !strings.Contains(stderr, want) {
			t.Errorf("the error does not say %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "not-the-token") {
		t.Error("the error shows the auth token")
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	if code, stdout, _ := runWith(t, nil, "-version"); code != 0 || stdout != "supersim-export dev\n" {
		t.Errorf("-version: exit %d, %q", code, stdout)
	}
}
