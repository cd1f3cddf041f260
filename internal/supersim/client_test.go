package supersim

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeAPI is a hand-written server for one behaviour at a time; the emulator
// covers the API as a whole in the provider's tests.
func newTestClient(t *testing.T, h http.HandlerFunc, mutate ...func(*Config)) (*Client, *httptest.Server) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	cfg := Config{BaseURL: srv.URL, Username: "AC00000000000000000000000000000001", Password: "s3cret-token", MaxRetries: 3}
	for _, m := range mutate {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c.sleep = func(ctx context.Context, d time.Duration) error { return ctx.Err() }
	return c, srv
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func twilioError(w http.ResponseWriter, status, code int, msg string) {
	writeJSON(w, status, map[string]any{"code": code, "message": msg, "more_info": fmt.Sprintf("https://www.twilio.com/docs/errors/%d", code), "status": status})
}

func TestParseBaseURL(t *testing.T) {
	t.Parallel()
	ok := map[string]string{
		"":                              "https://supersim.twilio.com",
		"https://supersim.twilio.com/":  "https://supersim.twilio.com",
		"http://127.0.0.1:8080":         "http://127.0.0.1:8080",
		"http://localhost:1":            "http://localhost:1",
		"http://[::1]:9/":               "http://[::1]:9",
		"https://proxy.example.com:443": "https://proxy.example.com:443",
	}
	for in, want := range ok {
		u, err := ParseBaseURL(in)
		if err != nil || u.String() != want {
			t.Errorf("ParseBaseURL(%q) = %v, %v; want %s", in, u, err, want)
		}
	}
	bad := map[string]string{
		"http://supersim.twilio.com":     "plain http",
		"https://supersim.twilio.com/v1": "scheme and host",
		"https://x.com/?a=b":             "scheme and host",
		"ftp://x.com":                    "absolute http(s)",
		"supersim.twilio.com":            "absolute http(s)",
		"https://user:pw@x.com":          "must not contain credentials",
	}
	for in, want := range bad {
		_, err := ParseBaseURL(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseBaseURL(%q) error = %v; want it to mention %q", in, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "pw@") {
			t.Errorf("error leaks the URL's password: %v", err)
		}
	}
}

func TestPathEscapingRoundTrips(t *testing.T) {
	t.Parallel()
	names := []string{"plain", "with space", "a/b", "what?", "hash#tag", "100%", "Zürich 📡", "a%2Fb", ".", "..", "../x"}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var got string
			c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
				got = r.URL.EscapedPath()
				seg := strings.TrimPrefix(r.URL.EscapedPath(), "/v1/NetworkAccessProfiles/")
				writeJSON(w, 200, map[string]any{"sid": "HA00000000000000000000000000000001", "unique_name": seg})
			})
			if _, err := c.FetchNetworkAccessProfile(context.Background(), name); err != nil {
				t.Fatal(err)
			}
			seg := strings.TrimPrefix(got, "/v1/NetworkAccessProfiles/")
			if strings.Contains(seg, "/") {
				t.Fatalf("name %q was not kept in one path segment: %s", name, got)
			}
			if unescaped, err := unescapePath(seg); err != nil || unescaped != name {
				t.Fatalf("segment %q unescapes to %q (%v), want %q", seg, unescaped, err, name)
			}
		})
	}
}

func TestListFollowsEveryPage(t *testing.T) {
	t.Parallel()
	const total = 2345
	var requests atomic.Int32
	var srvURL string
	c, srv := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if r.URL.Query().Get("PageSize") != "1000" {
			t.Errorf("PageSize = %q, want 1000", r.URL.Query().Get("PageSize"))
		}
		if r.URL.Query().Get("IsoCountry") != "DE" {
			t.Errorf("filter lost on %s", r.URL)
		}
		page := 0
		_, _ = fmt.Sscan(r.URL.Query().Get("Page"), &page) // no Page on the first request
		var items []map[string]any
		for i := page * 1000; i < min(total, (page+1)*1000); i++ {
			items = append(items, map[string]any{"sid": fmt.Sprintf("HW%032x", i), "iso_country": "DE", "identifiers": []map[string]string{{"mcc": "262", "mnc": "01"}}})
		}
		var next any
		if (page+1)*1000 < total {
			next = fmt.Sprintf("%s/v1/Networks?IsoCountry=DE&PageSize=1000&Page=%d&PageToken=PT%d", srvURL, page+1, page+1)
		}
		writeJSON(w, 200, map[string]any{"networks": items, "meta": map[string]any{"key": "networks", "next_page_url": next, "page": page, "page_size": 1000}})
	})
	srvURL = srv.URL
	nets, err := c.ListNetworks(context.Background(), NetworkFilter{ISOCountry: "DE"})
	if err != nil {
		t.Fatal(err)
	}
	if len(nets) != total || nets[total-1].SID != fmt.Sprintf("HW%032x", total-1) {
		t.Fatalf("got %d networks, want %d in order", len(nets), total)
	}
	if nets[0].Identifiers[0] != (Identifier{MCC: "262", MNC: "01"}) {
		t.Fatalf("identifiers decoded as %+v", nets[0].Identifiers)
	}
	if n := requests.Load(); n != 3 {
		t.Fatalf("%d requests for %d items, want 3", n, total)
	}
}

// A next_page_url naming another host is followed on base_url: its path and
// query only. Credentials never go to the host an answer names.
func TestNextPageIsFetchedFromTheBaseURLNeverFromTheHostItNames(t *testing.T) {
	t.Parallel()
	var leaked atomic.Bool
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked.Store(true)
	}))
	t.Cleanup(evil.Close)
	var secondPage atomic.Bool
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("PageToken") == "p2" {
			secondPage.Store(true)
			writeJSON(w, 200, map[string]any{"network_access_profiles": []any{}, "meta": map[string]any{"key": "network_access_profiles", "next_page_url": nil}})
			return
		}
		writeJSON(w, 200, map[string]any{"network_access_profiles": []any{}, "meta": map[string]any{"key": "network_access_profiles", "next_page_url": evil.URL + "/v1/NetworkAccessProfiles?Page=1&PageToken=p2"}})
	})
	if _, err := c.ListNetworkAccessProfiles(context.Background()); err != nil {
		t.Fatal(err)
	}
	if leaked.Load() {
		t.Fatal("a request went to the host named in next_page_url")
	}
	if !secondPage.Load() {
		t.Fatal("the second page was not fetched from base_url")
	}
}

func TestNextPageOutsideTheAPIIsRefused(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"network_access_profiles": []any{}, "meta": map[string]any{"key": "network_access_profiles", "next_page_url": "https://supersim.twilio.com/admin?x=1"}})
	})
	_, err := c.ListNetworkAccessProfiles(context.Background())
	if err == nil || !strings.Contains(err.Error(), "not a Super SIM API path") {
		t.Fatalf("err = %v, want a refusal", err)
	}
}

// A base_url with the scheme's default port written out is the same origin
// as one without, for page URLs and redirects alike.
func TestExplicitDefaultPortIsTheSameOrigin(t *testing.T) {
	t.Parallel()
	c, err := New(Config{BaseURL: "https://supersim.twilio.com:443", Username: "AC1", Password: "x"})
	if err != nil {
		t.Fatal(err)
	}
	next, err := c.nextPage("https://supersim.twilio.com/v1/Networks?PageSize=1000&Page=1&PageToken=PT1", map[string]bool{})
	if err != nil || next.String() != "https://supersim.twilio.com:443/v1/Networks?PageSize=1000&Page=1&PageToken=PT1" {
		t.Fatalf("next page = %v, %v", next, err)
	}
	for raw, same := range map[string]bool{
		"https://supersim.twilio.com/v1/Networks":      true,
		"https://SUPERSIM.twilio.com:443/v1/Networks":  true,
		"https://supersim.twilio.com:8443/v1/Networks": false,
		"http://supersim.twilio.com/v1/Networks":       false,
		"https://proxy.example.com/v1/Networks":        false,
	} {
		u, _ := url.Parse(raw)
		if got := c.sameOrigin(u); got != same {
			t.Errorf("sameOrigin(%s) = %v, want %v", raw, got, same)
		}
	}
}

func TestRedirectToAnotherHostIsRefused(t *testing.T) {
	t.Parallel()
	var leaked atomic.Bool
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked.Store(true)
	}))
	t.Cleanup(evil.Close)
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, evil.URL+r.URL.Path, http.StatusTemporaryRedirect)
	})
	_, err := c.FetchNetwork(context.Background(), "HW00000000000000000000000000000001")
	if err == nil || !strings.Contains(err.Error(), "refusing to follow a redirect") {
		t.Fatalf("err = %v", err)
	}
	if leaked.Load() {
		t.Fatal("the redirect was followed")
	}
}

func TestErrorDecoding(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		twilioError(w, 404, 20404, "The requested resource was not found")
	})
	_, err := c.FetchNetworkAccessProfile(context.Background(), "HA00000000000000000000000000000009")
	var apiErr *Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %T %v, want *Error", err, err)
	}
	if apiErr.Status != 404 || apiErr.Code != 20404 || apiErr.MoreInfo != "https://www.twilio.com/docs/errors/20404" || !IsNotFound(err) {
		t.Fatalf("decoded %+v", apiErr)
	}
	for _, want := range []string{"GET /v1/NetworkAccessProfiles/HA00000000000000000000000000000009", "HTTP 404", "Twilio error 20404", "not found"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

func TestNonAPIAnswerIsAClearError(t *testing.T) {
	t.Parallel()
	for _, status := range []int{200, 502} {
		c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(status)
			fmt.Fprint(w, "<html><body>Welcome to nginx!</body></html>")
		}, func(cfg *Config) { cfg.MaxRetries = -1 })
		_, err := c.FetchNetworkAccessProfile(context.Background(), "x")
		if err == nil || !strings.Contains(err.Error(), "text/html") || !strings.Contains(err.Error(), "Welcome to nginx") {
			t.Fatalf("status %d: err = %v", status, err)
		}
	}
}

func TestUnauthorizedNeverShowsTheSecret(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		user, pass, _ := r.BasicAuth()
		if user != "AC00000000000000000000000000000001" || pass != "s3cret-token" {
			t.Errorf("basic auth = %q", user)
		}
		if !strings.HasPrefix(r.Header.Get("User-Agent"), "terraform-provider-supersim") {
			t.Errorf("User-Agent = %q", r.Header.Get("User-Agent"))
		}
		twilioError(w, 401, 20003, "Authenticate")
	})
	_, err := c.ListNetworkAccessProfiles(context.Background())
	if !IsUnauthorized(err) || strings.Contains(err.Error(), "s3cret-token") {
		t.Fatalf("err = %v", err)
	}
}

func TestRetryAfterIsHonouredAndCapped(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 2 {
			w.Header().Set("Retry-After", map[int32]string{1: "7", 2: "3600"}[calls.Load()])
			twilioError(w, 429, 20429, "Too Many Requests")
			return
		}
		writeJSON(w, 200, map[string]any{"sid": "HW00000000000000000000000000000001"})
	}, func(cfg *Config) { cfg.MaxRetryAfter = 30 * time.Second })
	var waits []time.Duration
	c.sleep = func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }
	if _, err := c.FetchNetwork(context.Background(), "HW00000000000000000000000000000001"); err != nil {
		t.Fatal(err)
	}
	// Each wait is the header's (capped), and a little more so that the
	// requests refused together do not all come back at once.
	spread := c.baseBackoff / 2
	if len(waits) != 2 || waits[0] < 7*time.Second || waits[0] > 7*time.Second+spread || waits[1] < 30*time.Second || waits[1] > 30*time.Second+spread {
		t.Fatalf("waits = %v, want [7s 30s], each plus at most %v", waits, spread)
	}
}

func TestRetryAfterAsHTTPDate(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t, nil)
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	c.now = func() time.Time { return now }
	h := http.Header{"Retry-After": {now.Add(12 * time.Second).Format(http.TimeFormat)}}
	if d, ok := c.retryAfter(h); !ok || d != 12*time.Second {
		t.Fatalf("retryAfter = %v %v", d, ok)
	}
	if _, ok := c.retryAfter(http.Header{"Retry-After": {"soon"}}); ok {
		t.Fatal("an unparsable Retry-After was accepted")
	}
}

func TestBackoffGrowsWithJitterAndCap(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t, nil)
	for attempt := 0; attempt < 20; attempt++ {
		step := min(c.baseBackoff<<attempt, 30*time.Second)
		for range 20 {
			d := c.backoff(attempt)
			if d < step/2 || d > step {
				t.Fatalf("attempt %d: backoff %v outside [%v, %v]", attempt, d, step/2, step)
			}
		}
	}
}

func TestReadsRetryServerErrorsAndResets(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		switch calls.Add(1) {
		case 1:
			twilioError(w, 503, 20503, "Service Unavailable")
		case 2:
			hj, _ := w.(http.Hijacker)
			conn, _, _ := hj.Hijack()
			conn.Close()
		default:
			writeJSON(w, 200, map[string]any{"sid": "HA00000000000000000000000000000001"})
		}
	})
	if _, err := c.FetchNetworkAccessProfile(context.Background(), "HA00000000000000000000000000000001"); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 3 {
		t.Fatalf("%d calls, want 3", calls.Load())
	}
}

func TestRetriesStopAtMaxRetries(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		twilioError(w, 500, 20500, "Internal Server Error")
	})
	_, err := c.FetchNetwork(context.Background(), "HW00000000000000000000000000000001")
	if err == nil || calls.Load() != 4 {
		t.Fatalf("err = %v after %d calls, want an error after 4", err, calls.Load())
	}
}

func TestCreateIsNotRepeatedAfterServerError(t *testing.T) {
	t.Parallel()
	var posts atomic.Int32
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "POST" {
			posts.Add(1)
			twilioError(w, 500, 20500, "Internal Server Error")
			return
		}
		// Recovery looks the network up: it is not there.
		twilioError(w, 404, 20404, "not found")
	}, func(cfg *Config) { cfg.MaxRetries = 2 })
	_, err := c.AddNetworkAccessProfileNetwork(context.Background(), "HA00000000000000000000000000000001", "HW00000000000000000000000000000001")
	if !IsNotApplied(err) {
		t.Fatalf("err = %v, want not applied", err)
	}
	// One first attempt plus one per recovery round, each after checking
	// that the network was not added: never a blind repeat.
	if posts.Load() != 3 {
		t.Fatalf("%d POSTs", posts.Load())
	}
}

func TestCreateRetriesRateLimits(t *testing.T) {
	t.Parallel()
	var posts atomic.Int32
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		if posts.Add(1) == 1 {
			twilioError(w, 429, 20429, "Too Many Requests")
			return
		}
		writeJSON(w, 201, map[string]any{"sid": "HA00000000000000000000000000000001"})
	})
	nap, err := c.CreateNetworkAccessProfile(context.Background(), CreateNetworkAccessProfileParams{UniqueName: "limited"})
	if err != nil || nap.SID != "HA00000000000000000000000000000001" || posts.Load() != 2 {
		t.Fatalf("nap=%v err=%v posts=%d", nap, err, posts.Load())
	}
}

func TestCreateSendsRepeatedNetworks(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		if ct := r.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
			t.Errorf("Content-Type = %q", ct)
		}
		_ = r.ParseForm()
		if got := r.PostForm["Networks"]; len(got) != 2 || got[0] != "HW01" || got[1] != "HW02" {
			t.Errorf("Networks = %v", got)
		}
		if r.PostForm.Get("UniqueName") != "fleet a/b" {
			t.Errorf("UniqueName = %q", r.PostForm.Get("UniqueName"))
		}
		writeJSON(w, 201, map[string]any{"sid": "HA00000000000000000000000000000001", "unique_name": "fleet a/b", "date_created": "2020-05-01T20:00:00Z"})
	})
	name := "fleet a/b"
	nap, err := c.CreateNetworkAccessProfile(context.Background(), CreateNetworkAccessProfileParams{UniqueName: name, Networks: []string{"HW01", "HW02"}})
	if err != nil {
		t.Fatal(err)
	}
	if *nap.UniqueName != name || !nap.DateCreated.Equal(time.Date(2020, 5, 1, 20, 0, 0, 0, time.UTC)) {
		t.Fatalf("decoded %+v", nap)
	}
}

func TestRequestTimeoutBoundsEachAttempt(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}, func(cfg *Config) { cfg.RequestTimeout = 50 * time.Millisecond; cfg.MaxRetries = -1 })
	start := time.Now()
	_, err := c.FetchNetwork(context.Background(), "HW00000000000000000000000000000001")
	if err == nil || !strings.Contains(err.Error(), "request_timeout") {
		t.Fatalf("err = %v", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Fatal("the request was not bounded by its timeout")
	}
}

func TestCancelStopsBackoffPromptly(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "60")
		twilioError(w, 429, 20429, "Too Many Requests")
	})
	c.sleep = sleepContext
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err := c.FetchNetwork(ctx, "HW00000000000000000000000000000001")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Fatal("cancel did not interrupt the wait")
	}
}

func TestMaxRetryDurationBoundsTheWholeCall(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "20")
		twilioError(w, 429, 20429, "Too Many Requests")
	}, func(cfg *Config) { cfg.MaxRetryDuration = 30 * time.Second; cfg.MaxRetries = 10 })
	clock := time.Now()
	c.now = func() time.Time { return clock }
	c.sleep = func(_ context.Context, d time.Duration) error { clock = clock.Add(d); return nil }
	_, err := c.FetchNetwork(context.Background(), "HW00000000000000000000000000000001")
	if err == nil || !strings.Contains(err.Error(), "gave up after 2 attempts") || !IsRateLimited(err) {
		t.Fatalf("err = %v", err)
	}
}

func TestConnectionRefusedIsClear(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL
	srv.Close()
	c, err := New(Config{BaseURL: base, Username: "u", Password: "p", MaxRetries: 1, BaseBackoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListNetworkAccessProfiles(context.Background())
	if err == nil || !strings.Contains(err.Error(), "check base_url") {
		t.Fatalf("err = %v", err)
	}
}

// Readers that arrive while a snapshot is being read wait for that read
// instead of sending their own: the server holds the first list long
// enough for every reader to start, and must see one list, not one each.
func TestSnapshotIsSharedAndDroppedOnWrite(t *testing.T) {
	t.Parallel()
	var lists atomic.Int32
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case "GET":
			if lists.Add(1) == 1 {
				time.Sleep(300 * time.Millisecond)
			}
			writeJSON(w, 200, map[string]any{"networks": []map[string]any{{"sid": "HW01"}}, "meta": map[string]any{"key": "networks"}})
		case "DELETE":
			w.WriteHeader(204)
		}
	})
	const nap = "HA00000000000000000000000000000001"
	const readers = 20
	var started sync.WaitGroup
	started.Add(readers)
	errs := make(chan error, readers)
	for range readers {
		go func() {
			started.Done()
			links, err := c.NetworkAccessProfileNetworksSnapshot(context.Background(), nap)
			if err == nil && len(links) != 1 {
				err = fmt.Errorf("got %d networks", len(links))
			}
			errs <- err
		}()
	}
	started.Wait()
	for range readers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if lists.Load() != 1 {
		t.Fatalf("%d list requests for %d concurrent reads, want 1", lists.Load(), readers)
	}
	if err := c.RemoveNetworkAccessProfileNetwork(context.Background(), nap, "HW01"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.NetworkAccessProfileNetworksSnapshot(context.Background(), nap); err != nil {
		t.Fatal(err)
	}
	if lists.Load() != 2 {
		t.Fatalf("a write did not drop the snapshot: %d lists", lists.Load())
	}
}

func TestDiffSets(t *testing.T) {
	t.Parallel()
	add, remove := diffSets([]string{"a", "b", "c"}, []string{"c", "d", "d", "e"})
	if fmt.Sprint(add) != "[d e]" || fmt.Sprint(remove) != "[a b]" {
		t.Fatalf("add=%v remove=%v", add, remove)
	}
}

func TestSetNetworksAddsBeforeRemoving(t *testing.T) {
	t.Parallel()
	var order []string
	var mu = make(chan struct{}, 1)
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		mu <- struct{}{}
		order = append(order, r.Method)
		<-mu
		if r.Method == "POST" {
			writeJSON(w, 201, map[string]any{"sid": r.FormValue("Network")})
			return
		}
		w.WriteHeader(204)
	})
	res, err := c.SetNetworkAccessProfileNetworks(context.Background(), "HA00000000000000000000000000000001", []string{"HW1", "HW2"}, []string{"HW3", "HW4", "HW5"})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(order) != "[POST POST POST DELETE DELETE]" {
		t.Fatalf("order = %v", order)
	}
	if fmt.Sprint(res.Allowed) != "[HW3 HW4 HW5]" {
		t.Fatalf("allowed = %v", res.Allowed)
	}
}

func TestSetNetworksReportsPartialProgress(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == "POST" && r.FormValue("Network") == "HW4" {
			twilioError(w, 400, 20001, "Network HW4 not found")
			return
		}
		writeJSON(w, 201, map[string]any{"sid": r.FormValue("Network")})
	})
	res, err := c.SetNetworkAccessProfileNetworks(context.Background(), "HA00000000000000000000000000000001", []string{"HW1"}, []string{"HW3", "HW4"})
	if err == nil {
		t.Fatal("want an error")
	}
	// HW1 must not be removed when an add failed; HW3 was added.
	if fmt.Sprint(res.Allowed) != "[HW1 HW3]" {
		t.Fatalf("allowed = %v", res.Allowed)
	}
}

func TestLostAnswerIsAdoptedEvenWithRetriesOff(t *testing.T) {
	t.Parallel()
	const nap, hw = "HA00000000000000000000000000000001", "HW00000000000000000000000000000001"
	var posts atomic.Int32
	var applied atomic.Bool
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case "POST":
			posts.Add(1)
			applied.Store(true)
			// The change is applied, then the answer is lost.
			if hj, ok := w.(http.Hijacker); ok {
				conn, _, _ := hj.Hijack()
				conn.Close()
			}
		case "GET":
			if !applied.Load() {
				twilioError(w, 404, 20404, "not found")
				return
			}
			writeJSON(w, 200, map[string]any{"sid": hw, "network_access_profile_sid": nap})
		}
	}, func(cfg *Config) { cfg.MaxRetries = -1 })
	link, err := c.AddNetworkAccessProfileNetwork(context.Background(), nap, hw)
	if err != nil || link.SID != hw {
		t.Fatalf("link = %+v, err = %v; want the applied link adopted", link, err)
	}
	if posts.Load() != 1 {
		t.Fatalf("%d POSTs with retries off, want 1", posts.Load())
	}
}

// Terraform runs ten operations at once by default. Ten concurrent calls
// open ten connections; the next ten must find them all kept alive in the
// pool, not closed for want of room (Go's default keeps two per host).
func TestConnectionsAreKeptForTerraformsParallelism(t *testing.T) {
	t.Parallel()
	const parallelism = 10
	var arrived atomic.Int32
	var mu sync.Mutex
	allIn := make(chan struct{})
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		// Hold each request until all ten of its round are in, so each
		// round needs ten connections at the same moment.
		mu.Lock()
		round := allIn
		if arrived.Add(1)%parallelism == 0 {
			close(allIn)
			allIn = make(chan struct{})
		}
		mu.Unlock()
		select {
		case <-round:
		case <-time.After(5 * time.Second):
		}
		writeJSON(w, 200, map[string]any{"sid": "HW00000000000000000000000000000001"})
	})
	round := func(ctx context.Context) {
		var wg sync.WaitGroup
		for range parallelism {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := c.FetchNetwork(ctx, "HW00000000000000000000000000000001"); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
	}
	round(context.Background())
	var reused atomic.Int32
	trace := &httptrace.ClientTrace{GotConn: func(info httptrace.GotConnInfo) {
		if info.Reused {
			reused.Add(1)
		}
	}}
	// Connections go back to the pool just after their body is read.
	time.Sleep(100 * time.Millisecond)
	round(httptrace.WithClientTrace(context.Background(), trace))
	if got := reused.Load(); got < parallelism-2 {
		t.Fatalf("the second round reused %d of %d connections; the pool does not keep them", got, parallelism)
	}
}

// A refresh reads a profile and its networks in one round trip: the two
// requests are in flight together.
func TestProfileAndNetworksAreReadTogether(t *testing.T) {
	t.Parallel()
	var inFlight, most atomic.Int32
	bothIn := make(chan struct{})
	var once sync.Once
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		if n == 2 {
			once.Do(func() { close(bothIn) })
		}
		select {
		case <-bothIn:
		case <-time.After(2 * time.Second):
		}
		if strings.HasSuffix(r.URL.Path, "/Networks") {
			writeJSON(w, 200, map[string]any{"networks": []map[string]any{{"sid": "HW01"}}, "meta": map[string]any{"key": "networks"}})
			return
		}
		// The profile comes from the account's list of profiles.
		writeJSON(w, 200, map[string]any{"network_access_profiles": []map[string]any{{"sid": "HA00000000000000000000000000000001"}}, "meta": map[string]any{"key": "network_access_profiles"}})
	})
	nap, links, err := c.NetworkAccessProfileWithNetworks(context.Background(), "HA00000000000000000000000000000001")
	if err != nil || nap.SID == "" || len(links) != 1 {
		t.Fatalf("nap=%v links=%v err=%v", nap, links, err)
	}
	if most.Load() != 2 {
		t.Fatalf("at most %d request in flight: the reads went one after the other", most.Load())
	}
}
