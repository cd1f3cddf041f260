package supersim

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/supersim-tf/terraform-provider-supersim/internal/emulator"
)

// These tests drive the client against the emulator with answers that are
// lost or late after the write landed, and check what matters to a user:
// what the client reports matches what the account holds.

var (
	attUS = emulator.CatalogNetworkSID("310", "410")
	eeGB  = emulator.CatalogNetworkSID("234", "30")
)

// emulatorClient is a client of a fresh emulator whose backoff does not
// wait.
func emulatorClient(t *testing.T, opts emulator.Options, mutate ...func(*Config)) (*Client, *emulator.Emulator) {
	t.Helper()
	ts := emulator.NewTestServer(t, opts)
	cfg := Config{BaseURL: ts.URL, Username: ts.AccountSID, Password: ts.AuthToken, MaxRetries: 3}
	for _, m := range mutate {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c.sleep = func(ctx context.Context, d time.Duration) error { return ctx.Err() }
	return c, ts.Emulator
}

// cancelWhen returns a context that is cancelled as soon as landed reports
// true: the write has reached the account, its answer is still held back.
func cancelWhen(t *testing.T, landed func() bool) context.Context {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go func() {
		deadline := time.Now().Add(10 * time.Second)
		for !landed() && time.Now().Before(deadline) {
			time.Sleep(2 * time.Millisecond)
		}
		cancel()
	}()
	return ctx
}

// holdAnswers makes the route apply its writes and hold their answers for
// a minute, as an API answering after a cancelled pipeline gave up.
func holdAnswers(e *emulator.Emulator, route string) {
	e.InjectFault(emulator.Fault{Route: route, Kind: emulator.FaultDelayAnswer, Latency: time.Minute, Times: 1})
}

func TestCancelAfterSend_namedCreateIsFound(t *testing.T) {
	t.Parallel()
	c, e := emulatorClient(t, emulator.Options{})
	holdAnswers(e, emulator.RouteCreateNAP)
	ctx := cancelWhen(t, func() bool { return len(e.NetworkAccessProfiles()) > 0 })
	name := "cancelled"
	nap, err := c.CreateNetworkAccessProfile(ctx, CreateNetworkAccessProfileParams{UniqueName: name, Networks: []string{attUS, eeGB}})
	if err != nil {
		t.Fatalf("err = %v, want the created profile", err)
	}
	naps := e.NetworkAccessProfiles()
	if len(naps) != 1 || nap.SID != naps[0].SID || !nap.Adopted {
		t.Fatalf("got %+v, account holds %+v", nap, naps)
	}
}

func TestCancelAfterSend_linkCreateIsFound(t *testing.T) {
	t.Parallel()
	c, e := emulatorClient(t, emulator.Options{})
	sid, _ := e.CreateNAP(nil, nil)
	holdAnswers(e, emulator.RouteAddNAPNetwork)
	ctx := cancelWhen(t, func() bool { nets, _ := e.NAPNetworks(sid); return len(nets) > 0 })
	link, err := c.AddNetworkAccessProfileNetwork(ctx, sid, attUS)
	if err != nil || link.SID != attUS || link.FriendlyName == "" {
		t.Fatalf("link = %+v, err = %v; want the added network", link, err)
	}
}

func TestCancelAfterSend_linkDeleteIsConfirmed(t *testing.T) {
	t.Parallel()
	c, e := emulatorClient(t, emulator.Options{})
	sid, _ := e.CreateNAP(nil, []string{attUS})
	holdAnswers(e, emulator.RouteRemoveNAPNetwork)
	ctx := cancelWhen(t, func() bool { nets, _ := e.NAPNetworks(sid); return len(nets) == 0 })
	if err := c.RemoveNetworkAccessProfileNetwork(ctx, sid, attUS); err != nil {
		t.Fatalf("err = %v, want the removal confirmed", err)
	}
}

func TestCancelAfterSend_renameIsConfirmed(t *testing.T) {
	t.Parallel()
	c, e := emulatorClient(t, emulator.Options{})
	old := "old"
	sid, _ := e.CreateNAP(&old, nil)
	holdAnswers(e, emulator.RouteUpdateNAP)
	ctx := cancelWhen(t, func() bool { _, ok := e.NetworkAccessProfile("new"); return ok })
	name := "new"
	nap, err := c.UpdateNetworkAccessProfile(ctx, sid, UpdateNetworkAccessProfileParams{UniqueName: &name})
	if err != nil || nap.UniqueName == nil || *nap.UniqueName != name {
		t.Fatalf("nap = %+v, err = %v; want the renamed profile", nap, err)
	}
}

// A write cancelled before the API applied it is looked up too, and the
// lookup proves that nothing was made.
func TestCancelBeforeApply_createSaysNothingWasCreated(t *testing.T) {
	t.Parallel()
	c, e := emulatorClient(t, emulator.Options{})
	delay := e.InjectFault(emulator.Fault{Route: emulator.RouteCreateNAP, Kind: emulator.FaultLatency, Latency: time.Minute, Times: 1})
	ctx := cancelWhen(t, func() bool { return e.FaultFired(delay) == 1 })
	start := time.Now()
	_, err := c.CreateNetworkAccessProfile(ctx, CreateNetworkAccessProfileParams{UniqueName: "never"})
	if !IsNotApplied(err) || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want not applied because cancelled", err)
	}
	if took := time.Since(start); took > recoveryTimeout+2*time.Second {
		t.Fatalf("took %v after cancel", took)
	}
	if n := len(e.NetworkAccessProfiles()); n != 0 {
		t.Fatalf("%d profiles, want 0", n)
	}
}

// A create refused with a 503 made nothing: the lookup shows it, and the
// request is sent again instead of failing the apply.
func TestCreateAfterServerErrorIsSentAgain(t *testing.T) {
	t.Parallel()
	c, e := emulatorClient(t, emulator.Options{})
	e.InjectFault(emulator.Fault{Route: emulator.RouteCreateNAP, Kind: emulator.FaultStatus, Status: http.StatusServiceUnavailable, Times: 2})
	nap, err := c.CreateNetworkAccessProfile(context.Background(), CreateNetworkAccessProfileParams{UniqueName: "retried", Networks: []string{attUS}})
	if err != nil {
		t.Fatalf("err = %v, want the profile created on a later try", err)
	}
	if naps := e.NetworkAccessProfiles(); len(naps) != 1 || naps[0].SID != nap.SID {
		t.Fatalf("account holds %+v", naps)
	}
}

func TestCreateWithRetriesSpentSaysNothingWasCreated(t *testing.T) {
	t.Parallel()
	c, e := emulatorClient(t, emulator.Options{}, func(cfg *Config) { cfg.MaxRetries = 1 })
	e.InjectFault(emulator.Fault{Route: emulator.RouteCreateNAP, Kind: emulator.FaultStatus, Status: http.StatusServiceUnavailable})
	_, err := c.CreateNetworkAccessProfile(context.Background(), CreateNetworkAccessProfileParams{UniqueName: "spent", Networks: []string{attUS}})
	if !IsNotApplied(err) {
		t.Fatalf("err = %v, want not applied", err)
	}
	if got := e.Counts()[emulator.RouteCreateNAP]; got != 2 {
		t.Fatalf("%d creates sent with max_retries 1, want 2", got)
	}
}

// skewedClock is an emulator clock that runs off the local one by a fixed
// amount and can be moved on.
type skewedClock struct {
	mu   sync.Mutex
	skew time.Duration
}

func (s *skewedClock) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return time.Now().Add(s.skew)
}

func (s *skewedClock) advance(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.skew += d
}

// After a lost answer, a profile with the requested name is adopted only
// when it was created after the request started on the API's clock, and
// allows exactly the requested networks, whatever the local clock says.
func TestNamedRecoveryAdoptsOnlyWhatProvablyMatches(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		apiSkew       time.Duration // API clock minus local clock
		existing      []string      // networks of a profile made 30 s (API time) before the request; nil for none
		concurrent    []string      // networks of a profile made while the request is on its way
		wantAdopted   bool
		wantNameTaken bool
	}{
		"our profile, API clock an hour ahead":       {apiSkew: time.Hour, wantAdopted: true},
		"our profile, API clock an hour behind":      {apiSkew: -time.Hour, wantAdopted: true},
		"older profile, same networks, clock ahead":  {apiSkew: time.Hour, existing: []string{attUS, eeGB}, wantNameTaken: true},
		"older profile, same networks, clock behind": {apiSkew: -time.Hour, existing: []string{attUS, eeGB}, wantNameTaken: true},
		"concurrent profile, other networks":         {concurrent: []string{attUS}, wantNameTaken: true},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			clock := &skewedClock{skew: tc.apiSkew}
			c, e := emulatorClient(t, emulator.Options{Now: clock.Now})
			profile := "shared"
			if tc.existing != nil {
				if _, err := e.CreateNAP(&profile, tc.existing); err != nil {
					t.Fatal(err)
				}
				clock.advance(30 * time.Second)
			}
			if tc.concurrent != nil {
				// Someone else takes the name while the request travels.
				slow := e.InjectFault(emulator.Fault{Route: emulator.RouteCreateNAP, Kind: emulator.FaultLatency, Latency: 200 * time.Millisecond, Times: 1})
				go func() {
					for e.FaultFired(slow) == 0 {
						time.Sleep(time.Millisecond)
					}
					_, _ = e.CreateNAP(&profile, tc.concurrent)
				}()
			}
			// The create is applied (or refused as a duplicate) and its
			// answer is lost either way.
			e.InjectFault(emulator.Fault{Route: emulator.RouteCreateNAP, Kind: emulator.FaultDropAfterApply, Times: 1})
			nap, err := c.CreateNetworkAccessProfile(context.Background(), CreateNetworkAccessProfileParams{UniqueName: profile, Networks: []string{attUS, eeGB}})
			var taken *NameTakenError
			switch {
			case tc.wantAdopted && (err != nil || !nap.Adopted):
				t.Fatalf("nap = %+v, err = %v; want it adopted", nap, err)
			case tc.wantNameTaken && !errors.As(err, &taken):
				t.Fatalf("nap = %+v, err = %v; want a NameTakenError", nap, err)
			case tc.wantNameTaken && taken.SID != e.NetworkAccessProfiles()[0].SID:
				t.Fatalf("the error names %q, want the existing profile", taken.SID)
			}
			if n := len(e.NetworkAccessProfiles()); n != 1 {
				t.Fatalf("%d profiles, want 1", n)
			}
		})
	}
}

// A gateway forwards the first try 600 ms late, after its timeout: the
// lookup finds nothing, the create is sent again with the same name, and
// one of the two meets the other's name taken. One profile, found by name.
func TestLateLandingIsTakenOverByName(t *testing.T) {
	t.Parallel()
	for name, late := range map[string]time.Duration{"lands after the repeat": 600 * time.Millisecond, "lands before the repeat": 250 * time.Millisecond} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, e := emulatorClient(t, emulator.Options{}, func(cfg *Config) { cfg.RequestTimeout = 200 * time.Millisecond })
			c.sleep = sleepContext // the repeat waits its backoff, so "before" can happen
			c.baseBackoff = 200 * time.Millisecond
			e.InjectFault(emulator.Fault{Route: emulator.RouteCreateNAP, Kind: emulator.FaultApplyLate, Latency: late, Times: 1})
			nap, err := c.CreateNetworkAccessProfile(context.Background(), CreateNetworkAccessProfileParams{UniqueName: "tf-late", Networks: []string{attUS}})
			if err != nil {
				t.Fatalf("err = %v, want the profile", err)
			}
			time.Sleep(late) // whatever is late has landed now
			naps := e.NetworkAccessProfiles()
			if len(naps) != 1 || naps[0].SID != nap.SID {
				t.Fatalf("got %s, account holds %+v", nap.SID, naps)
			}
		})
	}
}

// Two creates of one client that ask for the same name and networks (two
// resources of one configuration): the second's answer is lost, and the
// profile its lookup finds is the first's. It is recorded once, not twice.
func TestAnObjectIsRecordedForOneCreateOnly(t *testing.T) {
	t.Parallel()
	frozen := time.Now()
	c, e := emulatorClient(t, emulator.Options{Now: func() time.Time { return frozen }}) // every profile made in the same second
	params := CreateNetworkAccessProfileParams{UniqueName: "twice", Networks: []string{attUS}}
	first, err := c.CreateNetworkAccessProfile(context.Background(), params)
	if err != nil {
		t.Fatal(err)
	}
	e.InjectFault(emulator.Fault{Route: emulator.RouteCreateNAP, Kind: emulator.FaultDropAfterApply, Times: 1})
	second, err := c.CreateNetworkAccessProfile(context.Background(), params)
	var taken *NameTakenError
	if !errors.As(err, &taken) || taken.SID != first.SID || !strings.Contains(err.Error(), "another resource of this run") {
		t.Fatalf("second = %+v, err = %v; want the name taken by the first", second, err)
	}
}

// Without a unique name, nothing could find a profile whose create answer
// was lost, so the client refuses before it sends anything.
func TestCreateWithoutUniqueNameIsRefused(t *testing.T) {
	t.Parallel()
	c, e := emulatorClient(t, emulator.Options{})
	if _, err := c.CreateNetworkAccessProfile(context.Background(), CreateNetworkAccessProfileParams{Networks: []string{attUS}}); err == nil {
		t.Fatal("a create without a unique name was accepted")
	}
	if n := e.Counts()[emulator.RouteCreateNAP]; n != 0 {
		t.Fatalf("%d creates sent, want none", n)
	}
}

func TestAddingAnAllowedNetworkAdoptsIt(t *testing.T) {
	t.Parallel()
	for name, idempotent := range map[string]bool{"API answers 409": false, "API answers 201": true} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, e := emulatorClient(t, emulator.Options{IdempotentNetworkAdd: idempotent})
			sid, _ := e.CreateNAP(nil, []string{attUS})
			link, err := c.AddNetworkAccessProfileNetwork(context.Background(), sid, attUS)
			if err != nil || link.SID != attUS || link.FriendlyName == "" {
				t.Fatalf("link = %+v, err = %v", link, err)
			}
			// Only a 409 says the network was there before.
			if link.AlreadyAllowed == idempotent {
				t.Fatalf("AlreadyAllowed = %v", link.AlreadyAllowed)
			}
			if nets, _ := e.NAPNetworks(sid); len(nets) != 1 {
				t.Fatalf("networks %v", nets)
			}
		})
	}
}

// A link whose answer was lost and whose repeat meets a 409 was added by
// the first try, late: it is ours, not one that was there before.
func TestLostLinkAnswerThenConflictIsOurs(t *testing.T) {
	t.Parallel()
	c, e := emulatorClient(t, emulator.Options{})
	sid, _ := e.CreateNAP(nil, nil)
	e.InjectFault(emulator.Fault{Route: emulator.RouteAddNAPNetwork, Kind: emulator.FaultStatus, Status: http.StatusBadGateway, Times: 1})
	// The lookup finds nothing, and while its answer travels the first
	// add lands late, as one stuck in a queue would.
	lookup := e.InjectFault(emulator.Fault{Route: emulator.RouteFetchNAPNetwork, Kind: emulator.FaultDelayAnswer, Latency: 300 * time.Millisecond, Times: 1})
	go func() {
		for e.FaultFired(lookup) == 0 {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(50 * time.Millisecond)
		_ = e.AddNAPNetwork(sid, attUS)
	}()
	link, err := c.AddNetworkAccessProfileNetwork(context.Background(), sid, attUS)
	if err != nil || link.SID != attUS || link.AlreadyAllowed {
		t.Fatalf("link = %+v, err = %v; want ours, not already allowed", link, err)
	}
	if got := e.Counts()[emulator.RouteAddNAPNetwork]; got != 2 {
		t.Fatalf("%d adds, want 2", got)
	}
}

func TestAPIClockLowerBound(t *testing.T) {
	t.Parallel()
	var a apiClock
	local := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	if _, ok := a.earliest(local); ok {
		t.Fatal("known before any answer")
	}
	header := func(at time.Time) http.Header {
		return http.Header{"Date": {at.Format(http.TimeFormat)}}
	}
	// The API is 2 h ahead. An answer stamped 14:00:05 arrives at 12:00:05.8
	// local time, a slow one stamped 14:00:06 at 12:00:09.
	a.observe(header(local.Add(2*time.Hour+5*time.Second)), local.Add(5800*time.Millisecond))
	a.observe(header(local.Add(2*time.Hour+6*time.Second)), local.Add(9*time.Second))
	a.observe(http.Header{"Date": {"not a date"}}, local)
	got, ok := a.earliest(local.Add(10 * time.Second))
	want := local.Add(2*time.Hour + 10*time.Second - 800*time.Millisecond)
	if !ok || !got.Equal(want) {
		t.Fatalf("earliest = %v, want %v", got, want)
	}
}

// After a cancel, a write sent just before may land after the first look
// finds nothing (queued at the API, or slow on the wire). Nothing will send
// it again, so the client looks a second time before it says so.
func TestCancelAfterSend_lateLandingIsFoundOnTheSecondLook(t *testing.T) {
	t.Parallel()
	c, e := emulatorClient(t, emulator.Options{})
	sid, _ := e.CreateNAP(nil, nil)
	sent := e.InjectFault(emulator.Fault{Route: emulator.RouteAddNAPNetwork, Kind: emulator.FaultLatency, Latency: time.Minute, Times: 1})
	firstLook := e.InjectFault(emulator.Fault{Route: emulator.RouteFetchNAPNetwork, Kind: emulator.FaultLatency, Latency: time.Millisecond, Times: 1})
	ctx := cancelWhen(t, func() bool { return e.FaultFired(sent) == 1 })
	go func() {
		for e.FaultFired(firstLook) == 0 {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(100 * time.Millisecond) // after the first look has answered
		_ = e.AddNAPNetwork(sid, attUS)    // the write lands late
	}()
	link, err := c.AddNetworkAccessProfileNetwork(ctx, sid, attUS)
	if err != nil || link.SID != attUS {
		t.Fatalf("link = %+v, err = %v; want the late write found", link, err)
	}
	if got := e.Counts()[emulator.RouteFetchNAPNetwork]; got != 2 {
		t.Fatalf("%d looks, want 2", got)
	}
}
