package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer lets the test read output while run is still writing.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestRunPrintsEnvServesAndShutsDownCleanly(t *testing.T) {
	t.Parallel()
	envFile := filepath.Join(t.TempDir(), "env")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	exit := make(chan int, 1)
	go func() {
		exit <- run(ctx, []string{"-quiet", "-print-env-file", envFile,
			"-fault", "kind=status,status=429,retry-after=1,route=GET /v1/Fleets,times=1"}, &stdout, &stderr)
	}()

	env := waitForFile(t, envFile)
	vars := parseExports(t, env)
	if stdout.String() != env {
		t.Fatalf("stdout %q differs from env file %q", stdout.String(), env)
	}
	if len(vars["TWILIO_AUTH_TOKEN"]) != 32 || !strings.HasPrefix(vars["SUPERSIM_BASE_URL"], "http://127.0.0.1:") {
		t.Fatalf("unexpected exports: %v", vars)
	}
	if info, err := os.Stat(envFile); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("env file mode: %v %v", info, err)
	}

	get := func() int {
		req, _ := http.NewRequest(http.MethodGet, vars["SUPERSIM_BASE_URL"]+"/v1/Fleets", nil)
		req.SetBasicAuth(vars["TWILIO_ACCOUNT_SID"], vars["TWILIO_AUTH_TOKEN"])
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode
	}
	if first, second := get(), get(); first != 429 || second != 200 {
		t.Fatalf("statuses %d, %d; want the -fault 429 then 200", first, second)
	}

	cancel()
	select {
	case code := <-exit:
		if code != 0 {
			t.Fatalf("exit code %d; stderr:\n%s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no shutdown")
	}
	if _, err := os.Stat(envFile); !os.IsNotExist(err) {
		t.Fatalf("env file left behind: %v", err)
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"-fault", "kind=nope"},
		{"-api-key", "SKx"},
		{"-latency", "-1s"},
		{"-page-url-origin", "supersim.twilio.com"},
		{"-page-url-origin", "https://supersim.twilio.com/v1"},
		{"extra"},
	} {
		var stderr bytes.Buffer
		if code := run(context.Background(), args, io.Discard, &stderr); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	var help bytes.Buffer
	if code := run(context.Background(), []string{"-help"}, io.Discard, &help); code != 0 {
		t.Fatalf("-help exit %d:\n%s", code, help.String())
	}
	for _, want := range []string{
		"apply-late", "outage=<duration>", "POST /v1/NetworkAccessProfiles", "GET /v1/UsageRecords",
		"/v1/Sims[/{Sid}]", "18 to 22 digits", "POST   /_emulator/UsageRecords", "DELETE /_console/NetworkAccessProfiles",
	} {
		if !strings.Contains(help.String(), want) {
			t.Errorf("-help does not mention %q:\n%s", want, help.String())
		}
	}
}

func TestIsLoopbackAndBaseURL(t *testing.T) {
	t.Parallel()
	for addr, want := range map[string]bool{
		"127.0.0.1:0": true, "localhost:8080": true, "[::1]:0": true,
		":8080": false, "0.0.0.0:0": false, "192.168.1.2:80": false, "garbage": false,
	} {
		if got := isLoopback(addr); got != want {
			t.Errorf("isLoopback(%q) = %v", addr, got)
		}
	}
	if got := baseURLFor(&net.TCPAddr{IP: net.IPv4zero, Port: 9}); got != "http://127.0.0.1:9" {
		t.Errorf("wildcard bind URL = %s", got)
	}
	if got := shellQuote("it's"); got != `'it'\''s'` {
		t.Errorf("shellQuote = %s", got)
	}
}

func waitForFile(t *testing.T, path string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(path); err == nil {
			return string(b)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("env file never appeared")
	return ""
}

func parseExports(t *testing.T, env string) map[string]string {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(env, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("want exactly 3 lines, got %q", env)
	}
	vars := map[string]string{}
	for _, l := range lines {
		kv, ok := strings.CutPrefix(l, "export ")
		name, value, ok2 := strings.Cut(kv, "=")
		if !ok || !ok2 {
			t.Fatalf("not an export line: %q", l)
		}
		vars[name] = value
	}
	return vars
}
