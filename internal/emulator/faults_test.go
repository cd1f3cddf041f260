package emulator

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// postNAP creates a NAP over HTTP and returns the response or the
// transport error, which is what connection faults produce.
func (h *apiHarness) postNAP(name string) (response, error) {
	req, err := h.ts.NewRequest(http.MethodPost, "/v1/NetworkAccessProfiles", form("UniqueName", name))
	if err != nil {
		return response{}, err
	}
	res, err := h.client.Do(req)
	if err != nil {
		return response{}, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return response{}, err
	}
	return response{status: res.StatusCode, header: res.Header, body: body}, nil
}

func TestStatusFaultWithRetryAfterChangesNothing(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	id := h.e.InjectFault(Fault{Route: RouteCreateNAP, Kind: FaultStatus, Status: 429, RetryAfter: "2", Times: 1})
	res, err := h.postNAP("limited")
	if err != nil {
		t.Fatal(err)
	}
	res.expectError(t, 429, 20429, "Too Many Requests")
	if got := res.header.Get("Retry-After"); got != "2" {
		t.Fatalf("Retry-After = %q", got)
	}
	if len(h.e.NetworkAccessProfiles()) != 0 {
		t.Fatal("a 429 applied the change")
	}
	if res, err = h.postNAP("limited"); err != nil || res.status != http.StatusCreated {
		t.Fatalf("second attempt: %v %d", err, res.status)
	}
	if h.e.FaultFired(id) != 1 {
		t.Fatalf("FaultFired = %d, want 1", h.e.FaultFired(id))
	}
}

func TestServerErrorFaultCodes(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	for _, status := range []int{500, 502, 503} {
		id := h.e.InjectFault(Fault{Route: RouteListNetworks, Kind: FaultStatus, Status: status})
		h.do(http.MethodGet, "/v1/Networks", nil).expectError(t, status, 20000+status, http.StatusText(status))
		h.e.RemoveFault(id)
	}
	h.do(http.MethodGet, "/v1/Networks", nil).expect(t, 200)
}

func TestResetBeforeApplyLeavesStateUnchanged(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	h.e.InjectFault(Fault{Route: RouteCreateNAP, Kind: FaultResetBeforeApply, Times: 1})
	if _, err := h.postNAP("reset"); err == nil {
		t.Fatal("expected a transport error")
	}
	if n := len(h.e.NetworkAccessProfiles()); n != 0 {
		t.Fatalf("state changed: %d NAPs", n)
	}
	if _, err := h.postNAP("reset"); err != nil {
		t.Fatalf("retry after the fault ran out: %v", err)
	}
}

func TestDropAfterApplyChangesStateButLosesTheAnswer(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	h.e.InjectFault(Fault{Route: RouteCreateNAP, Kind: FaultDropAfterApply, Times: 1})
	if _, err := h.postNAP("dropped"); err == nil {
		t.Fatal("expected a transport error")
	}
	if _, ok := h.e.NetworkAccessProfile("dropped"); !ok {
		t.Fatal("the change was not applied")
	}
	// A naive retry now collides with the change it cannot see.
	res, err := h.postNAP("dropped")
	if err != nil {
		t.Fatal(err)
	}
	res.expectError(t, 409, 20409)
}

func TestDropAfterApplyOnDelete(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	nap := mustCreateNAP(t, h.e, "", attSID)
	h.e.InjectFault(Fault{Route: RouteRemoveNAPNetwork, Kind: FaultDropAfterApply})
	req, _ := h.ts.NewRequest(http.MethodDelete, napURL(nap)+"/Networks/"+attSID, nil)
	if res, err := h.client.Do(req); err == nil {
		res.Body.Close()
		t.Fatal("expected a transport error")
	}
	if nets, _ := h.e.NAPNetworks(nap); len(nets) != 0 {
		t.Fatalf("network still present: %v", nets)
	}
}

func TestTimesAndEvery(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	h.e.InjectFault(Fault{Route: RouteListNetworks, Kind: FaultStatus, Status: 503, Every: 3, Times: 2})
	var got []int
	for range 10 {
		got = append(got, h.do(http.MethodGet, "/v1/Networks?PageSize=1", nil).status)
	}
	want := []int{200, 200, 503, 200, 200, 503, 200, 200, 200, 200}
	if !slices.Equal(got, want) {
		t.Fatalf("statuses = %v, want %v", got, want)
	}
}

func TestProbabilityIsReproducibleForASeed(t *testing.T) {
	t.Parallel()
	run := func(seed int64) []int {
		h := newHarness(t, Options{Seed: seed})
		h.e.InjectFault(Fault{Kind: FaultStatus, Status: 500, Probability: 0.5})
		var out []int
		for range 40 {
			out = append(out, h.do(http.MethodGet, "/v1/Networks?PageSize=1", nil).status)
		}
		return out
	}
	a, b := run(7), run(7)
	if !slices.Equal(a, b) {
		t.Fatalf("same seed, different sequences:\n%v\n%v", a, b)
	}
	fired := 0
	for _, s := range a {
		if s == 500 {
			fired++
		}
	}
	if fired == 0 || fired == len(a) {
		t.Fatalf("probability 0.5 fired %d of %d times", fired, len(a))
	}
}

func TestEmptyRouteMatchesAPIRoutesOnly(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	nap := mustCreateNAP(t, h.e, "")
	h.e.InjectFault(Fault{Kind: FaultStatus, Status: 503})
	h.do(http.MethodGet, "/v1/Fleets", nil).expectError(t, 503, 20503)
	h.do(http.MethodGet, napURL(nap), nil).expectError(t, 503, 20503)
	h.do(http.MethodDelete, consoleURL(nap), nil).expectNoContent(t)
	h.do(http.MethodGet, "/_emulator/stats", nil).expect(t, 200)
	h.do(http.MethodDelete, "/v1/Networks", nil).expectError(t, 405, 20004)
	h.e.ClearFaults()
	h.do(http.MethodGet, "/v1/Fleets", nil).expect(t, 200)
}

func TestRouteFaultLeavesOtherRoutesAlone(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	h.e.InjectFault(Fault{Route: RouteFetchNAP, Kind: FaultStatus, Status: 500})
	nap := mustCreateNAP(t, h.e, "x")
	h.do(http.MethodGet, napURL(nap), nil).expectError(t, 500, 20500)
	h.do(http.MethodGet, napURL(nap)+"/Networks", nil).expect(t, 200)
	h.do(http.MethodPost, napURL(nap), nil).expect(t, 200)
}

func TestLatencyDelaysAndCombinesWithStatus(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	h.e.InjectFault(Fault{Kind: FaultLatency, Latency: 60 * time.Millisecond})
	h.e.InjectFault(Fault{Route: RouteListFleets, Kind: FaultStatus, Status: 429})
	start := time.Now()
	h.do(http.MethodGet, "/v1/Fleets", nil).expectError(t, 429, 20429)
	h.do(http.MethodGet, "/v1/Networks?PageSize=1", nil).expect(t, 200)
	if elapsed := time.Since(start); elapsed < 120*time.Millisecond {
		t.Fatalf("two requests took %v, want at least 120ms of injected latency", elapsed)
	}
}

func TestLatencyIsAbandonedWhenTheClientGivesUp(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	h.e.InjectFault(Fault{Route: RouteCreateNAP, Kind: FaultLatency, Latency: time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := h.ts.NewRequest(http.MethodPost, "/v1/NetworkAccessProfiles", form("UniqueName", "slow"))
	start := time.Now()
	if res, err := h.client.Do(req.WithContext(ctx)); err == nil {
		res.Body.Close()
		t.Fatal("expected a timeout")
	}
	if time.Since(start) > 5*time.Second {
		t.Fatal("request was not abandoned")
	}
	if !sleepContext(context.Background(), time.Millisecond) {
		t.Fatal("sleepContext reported an uncancelled sleep as aborted")
	}
	done, cancelNow := context.WithCancel(context.Background())
	cancelNow()
	if sleepContext(done, time.Minute) {
		t.Fatal("sleepContext ignored cancellation")
	}
}

func TestInjectFaultPanicsOnInvalidFault(t *testing.T) {
	t.Parallel()
	e := New(Options{})
	for _, f := range []Fault{
		{Kind: FaultStatus, Status: 200},
		{Kind: FaultLatency},
		{Kind: FaultStatus, Status: 500, Route: "GET /v1/Typo"},
		{Kind: 99},
		{Kind: FaultDropAfterApply, Probability: 2},
		{Kind: FaultDropAfterApply, Times: -1},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("InjectFault(%+v) did not panic", f)
				}
			}()
			e.InjectFault(f)
		}()
	}
}

func TestStackedTerminalFaultsFireOneAtATime(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	first := h.e.InjectFault(Fault{Route: RouteListFleets, Kind: FaultStatus, Status: 500, Times: 1})
	second := h.e.InjectFault(Fault{Route: RouteListFleets, Kind: FaultStatus, Status: 503, Times: 1})
	h.do(http.MethodGet, "/v1/Fleets", nil).expectError(t, 500, 20500)
	h.do(http.MethodGet, "/v1/Fleets", nil).expectError(t, 503, 20503)
	h.do(http.MethodGet, "/v1/Fleets", nil).expect(t, 200)
	if h.e.FaultFired(first) != 1 || h.e.FaultFired(second) != 1 {
		t.Fatalf("fired %d and %d, want 1 and 1", h.e.FaultFired(first), h.e.FaultFired(second))
	}
}

func TestAbortedLatencyAnswers503NotAnEmpty200(t *testing.T) {
	t.Parallel()
	e := New(Options{})
	e.InjectFault(Fault{Kind: FaultLatency, Latency: time.Minute})
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // as when the server shuts down or the client has gone
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://emulator.test/v1/Networks", nil)
	req.SetBasicAuth(DefaultAccountSID, DefaultAuthToken)
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	if rec.Code != 503 || !strings.Contains(rec.Body.String(), `"code":20503`) {
		t.Fatalf("got %d %s", rec.Code, rec.Body.String())
	}
}

func TestDelayAnswerAppliesAtOnceAndLosesTheAnswerWhenTheClientGivesUp(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	id := h.e.InjectFault(Fault{Route: RouteCreateNAP, Kind: FaultDelayAnswer, Latency: time.Minute})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := h.ts.NewRequest(http.MethodPost, "/v1/NetworkAccessProfiles", form("UniqueName", "landed"))
	errc := make(chan error, 1)
	go func() {
		res, err := h.client.Do(req.WithContext(ctx))
		if err == nil {
			res.Body.Close()
		}
		errc <- err
	}()
	// The change lands before the answer is due; the client then gives up
	// as a cancelled pipeline would.
	deadline := time.Now().Add(5 * time.Second)
	for len(h.e.NetworkAccessProfiles()) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the delayed write was never applied")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	select {
	case err := <-errc:
		if err == nil {
			t.Fatal("the client got an answer although it gave up")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the held answer did not end when the client gave up")
	}
	if h.e.FaultFired(id) != 1 || len(h.e.NetworkAccessProfiles()) != 1 {
		t.Fatalf("fired %d, %d NAPs; want 1 and 1", h.e.FaultFired(id), len(h.e.NetworkAccessProfiles()))
	}
}

func TestDelayAnswerIsServedLate(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	h.e.InjectFault(Fault{Route: RouteCreateNAP, Kind: FaultDelayAnswer, Latency: 80 * time.Millisecond})
	start := time.Now()
	res, err := h.postNAP("late")
	if err != nil || res.status != http.StatusCreated {
		t.Fatalf("got %v %d", err, res.status)
	}
	if elapsed := time.Since(start); elapsed < 80*time.Millisecond {
		t.Fatalf("answered after %v, want at least 80ms", elapsed)
	}
}

func TestDateHeaderFollowsTheEmulatorClock(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	h.clock.Advance(90 * time.Second)
	for _, path := range []string{"/v1/Networks?PageSize=1", "/v1/NetworkAccessProfiles/nope"} {
		res := h.do(http.MethodGet, path, nil)
		got, err := http.ParseTime(res.header.Get("Date"))
		if err != nil || !got.Equal(testEpoch.Add(90*time.Second)) {
			t.Fatalf("%s: Date %q (%v), want the emulator's clock %v", path, res.header.Get("Date"), err, testEpoch.Add(90*time.Second))
		}
	}
}

func TestApplyLateLandsAfterTheClientHasGivenUp(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	id := h.e.InjectFault(Fault{Route: RouteCreateNAP, Kind: FaultApplyLate, Latency: 300 * time.Millisecond, Times: 1})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := h.ts.NewRequest(http.MethodPost, "/v1/NetworkAccessProfiles", form("UniqueName", "late"))
	if res, err := h.client.Do(req.WithContext(ctx)); err == nil {
		res.Body.Close()
		t.Fatal("the client got an answer before its timeout")
	}
	if n := len(h.e.NetworkAccessProfiles()); n != 0 {
		t.Fatalf("%d NAPs while the write is still held, want 0", n)
	}
	deadline := time.Now().Add(5 * time.Second)
	for len(h.e.NetworkAccessProfiles()) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the write the client gave up on never landed")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if h.e.FaultFired(id) != 1 {
		t.Fatalf("FaultFired = %d, want 1", h.e.FaultFired(id))
	}
	// A second create of the same name now meets the late one.
	if res, err := h.postNAP("late"); err != nil || res.status != http.StatusConflict {
		t.Fatalf("second create: %v %d, want 409", err, res.status)
	}
}

func TestStatusAfterApplyChangesStateAndAnswersAnError(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	h.e.InjectFault(Fault{Route: RouteCreateNAP, Kind: FaultStatusAfterApply, Status: http.StatusBadGateway, Times: 1})
	res, err := h.postNAP("landed")
	if err != nil {
		t.Fatal(err)
	}
	res.expectError(t, http.StatusBadGateway, 20502, "Bad Gateway")
	if _, ok := h.e.NetworkAccessProfile("landed"); !ok {
		t.Fatal("the write answered with 502 did not land")
	}
}

func TestOutageRefusesConnectionsThenComesBack(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	h.e.InjectFault(Fault{Route: RouteCreateNAP, Kind: FaultStatusAfterApply, Status: http.StatusBadGateway, Times: 1, Outage: 400 * time.Millisecond})
	// The answer of the request that starts the outage still arrives.
	res, err := h.postNAP("before-outage")
	if err != nil {
		t.Fatal(err)
	}
	res.expectError(t, http.StatusBadGateway, 20502, "Bad Gateway")
	start := time.Now()
	_, err = h.postNAP("during-outage")
	if !errors.Is(err, syscall.ECONNREFUSED) {
		t.Fatalf("during the outage: %v, want connection refused", err)
	}
	for {
		res, err := h.postNAP("after-outage")
		if err == nil {
			if res.status != http.StatusCreated {
				t.Fatalf("after the outage: %d", res.status)
			}
			break
		}
		if time.Since(start) > 5*time.Second {
			t.Fatalf("still refused after 5 s: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if elapsed := time.Since(start); elapsed < 300*time.Millisecond {
		t.Fatalf("the outage lasted %v, want about 400ms", elapsed)
	}
	if _, ok := h.e.NetworkAccessProfile("during-outage"); ok {
		t.Fatal("a refused request was applied")
	}
}

func TestRefuseConnectionsNeedsTheEmulatorsListener(t *testing.T) {
	t.Parallel()
	if err := New(Options{}).RefuseConnections(time.Second); err == nil {
		t.Fatal("want an error without a listener from Listen")
	}
}

// An account over its concurrency limit is refused with a 429 and nothing
// is applied; every answer says how many requests were in flight.
func TestConcurrencyLimitRefusesTheRequestBeyondIt(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{ConcurrencyLimit: 2})
	h.e.InjectFault(Fault{Route: RouteCreateNAP, Kind: FaultLatency, Latency: 300 * time.Millisecond})
	type result struct {
		res response
		err error
	}
	results := make(chan result, 3)
	for i := range 3 {
		go func() {
			res, err := h.postNAP(fmt.Sprintf("busy-%d", i))
			results <- result{res, err}
		}()
	}
	statuses := map[int]int{}
	for range 3 {
		r := <-results
		if r.err != nil {
			t.Fatal(r.err)
		}
		statuses[r.res.status]++
		if r.res.header.Get("Twilio-Concurrent-Requests") == "" {
			t.Fatalf("answer %d has no Twilio-Concurrent-Requests header", r.res.status)
		}
		if r.res.status == http.StatusTooManyRequests {
			r.res.expectError(t, 429, 20429, "Too Many Requests")
			if r.res.header.Get("Retry-After") != "" {
				t.Fatal("the concurrency 429 carries a Retry-After")
			}
		}
	}
	if statuses[http.StatusCreated] != 2 || statuses[http.StatusTooManyRequests] != 1 {
		t.Fatalf("statuses %v, want two 201 and one 429", statuses)
	}
	if n := len(h.e.NetworkAccessProfiles()); n != 2 || h.e.RefusedForConcurrency() != 1 {
		t.Fatalf("%d NAPs and %d refused, want 2 and 1", n, h.e.RefusedForConcurrency())
	}
}
