package emulator

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"sync"
	"time"
)

// FaultKind selects what an injected fault does to a matching request.
type FaultKind int

const (
	// FaultLatency delays the request by Fault.Latency, then serves it
	// normally (or lets another fault act). It combines with other faults.
	FaultLatency FaultKind = iota + 1
	// FaultStatus answers Fault.Status with a Twilio error body and changes
	// nothing, like a rate limiter or an overloaded front end.
	FaultStatus
	// FaultResetBeforeApply closes the connection without applying or
	// answering: the client cannot know, but nothing happened. Go's
	// transport replays a GET once when a reused keep-alive connection dies
	// this way, so on GET routes a fault with Times 1 can pass unnoticed.
	FaultResetBeforeApply
	// FaultDropAfterApply applies the change fully, then closes the
	// connection without answering: the client sees a transport error
	// although the state changed — the case idempotent retries must handle.
	FaultDropAfterApply
	// FaultDelayAnswer applies the change at once, then holds the answer for
	// Fault.Latency. A client that gives up meanwhile (a timeout, a
	// cancelled pipeline) never learns that the write landed. It combines
	// with other faults like FaultLatency.
	FaultDelayAnswer
	// FaultApplyLate holds the request for Fault.Latency and then applies
	// it, whether or not the client is still waiting: a gateway or queue
	// that forwards a write after the client timed out and gave up. Unlike
	// FaultLatency, a client that hangs up does not stop the write. It
	// combines with other faults like FaultLatency.
	FaultApplyLate
	// FaultStatusAfterApply applies the change fully, then answers
	// Fault.Status with an error body: a load balancer or sidecar that
	// reports a 502 or 504 for a request its backend did serve.
	FaultStatusAfterApply
)

var faultKindNames = map[FaultKind]string{
	FaultLatency:          "latency",
	FaultStatus:           "status",
	FaultResetBeforeApply: "reset-before-apply",
	FaultDropAfterApply:   "drop-after-apply",
	FaultDelayAnswer:      "delay-answer",
	FaultApplyLate:        "apply-late",
	FaultStatusAfterApply: "status-after-apply",
}

func (k FaultKind) String() string {
	if name, ok := faultKindNames[k]; ok {
		return name
	}
	return fmt.Sprintf("FaultKind(%d)", int(k))
}

// Fault describes one injected misbehaviour. Triggers combine: a request
// must match Route, be an Every-th match, pass the Probability draw, and the
// fault must not have used up Times.
type Fault struct {
	// Route is a route key (see the Route* constants) or "" for every /v1
	// API route. The Console route can be targeted by its key only.
	Route string
	Kind  FaultKind
	// Latency is the delay of a FaultLatency, FaultDelayAnswer or
	// FaultApplyLate.
	Latency time.Duration
	// Status is the HTTP status of a FaultStatus or FaultStatusAfterApply
	// (400–599).
	Status int
	// Outage, when set, makes the listener refuse connections for this long
	// once the fault has acted, and closes the connections it holds, as a
	// proxy or sidecar that restarts does. It needs a listener from
	// Emulator.Listen (NewTestServer and the command use one).
	Outage time.Duration
	// RetryAfter, if set, is sent verbatim as the Retry-After header of a
	// FaultStatus answer.
	RetryAfter string
	// Times limits the fault to its first Times firings; 0 is unlimited.
	Times int
	// Every fires on every Every-th matching request; 0 or 1 is every one.
	Every int
	// Probability fires with this chance, drawn from a generator seeded by
	// Options.Seed so runs are reproducible; 0 means always.
	Probability float64
}

// Validate reports a Fault that could never behave as its author meant, such
// as a typo in Route that would silently never match.
func (f Fault) Validate() error {
	if _, ok := faultKindNames[f.Kind]; !ok {
		return fmt.Errorf("unknown fault kind %d", int(f.Kind))
	}
	if f.Route != "" && !isOperationRoute(f.Route) {
		return fmt.Errorf("unknown route %q (want one of Routes() or empty for all API routes)", f.Route)
	}
	if f.Kind.isDelay() && f.Latency <= 0 {
		return fmt.Errorf("%s fault needs a positive Latency", f.Kind)
	}
	if (f.Kind == FaultStatus || f.Kind == FaultStatusAfterApply) && (f.Status < 400 || f.Status > 599) {
		return fmt.Errorf("%s fault needs a Status between 400 and 599, got %d", f.Kind, f.Status)
	}
	if f.Outage < 0 {
		return fmt.Errorf("outage must not be negative")
	}
	if f.Times < 0 || f.Every < 0 {
		return fmt.Errorf("times and every must not be negative")
	}
	if f.Probability < 0 || f.Probability > 1 {
		return fmt.Errorf("probability must be between 0 and 1, got %v", f.Probability)
	}
	return nil
}

// isDelay reports whether a fault only delays a request, so that it
// combines with the others instead of deciding the outcome.
func (k FaultKind) isDelay() bool {
	return k == FaultLatency || k == FaultDelayAnswer || k == FaultApplyLate
}

// FaultID identifies an injected fault for RemoveFault and FaultFired.
type FaultID int64

type activeFault struct {
	id      FaultID
	fault   Fault
	matched int
	fired   int
}

func (a *activeFault) matches(route string, api bool) bool {
	if a.fault.Route == "" {
		return api
	}
	return a.fault.Route == route
}

// trigger counts a matching request and decides whether the fault fires on
// it. Exhausted faults still count matches, so Every keeps its cadence.
func (a *activeFault) trigger(rng *rand.Rand) bool {
	a.matched++
	if a.fault.Times > 0 && a.fired >= a.fault.Times {
		return false
	}
	if a.fault.Every > 1 && a.matched%a.fault.Every != 0 {
		return false
	}
	if a.fault.Probability > 0 && rng.Float64() >= a.fault.Probability {
		return false
	}
	a.fired++
	return true
}

// faultPlan is what the faults decided for one request: a delay before it
// is applied (one the client can abandon, and one it cannot), a delay of its
// answer after, at most one terminal action (the first firing fault that is
// not a delay), and the longest outage any firing fault asks for.
type faultPlan struct {
	latency     time.Duration
	applyLate   time.Duration
	answerDelay time.Duration
	action      Fault
	outage      time.Duration
}

// instrumentation holds counters and faults under their own lock so a slow
// fault never blocks state access and vice versa.
type instrumentation struct {
	mu      sync.Mutex
	counts  map[string]int
	refused int // requests refused by Options.ConcurrencyLimit
	faults  []*activeFault
	nextID  FaultID
	rng     *rand.Rand
}

func newInstrumentation(rng *rand.Rand) instrumentation {
	return instrumentation{counts: map[string]int{}, rng: rng}
}

func (in *instrumentation) count(route string) {
	in.mu.Lock()
	in.counts[route]++
	in.mu.Unlock()
}

func (in *instrumentation) countRefused() {
	in.mu.Lock()
	in.refused++
	in.mu.Unlock()
}

// RefusedForConcurrency is how many requests Options.ConcurrencyLimit has
// refused since start or the last ResetCounts.
func (e *Emulator) RefusedForConcurrency() int {
	e.instr.mu.Lock()
	defer e.instr.mu.Unlock()
	return e.instr.refused
}

// planFaults evaluates faults in injection order. Once a terminal action is
// chosen, later terminal faults only count the match and do not consume
// their Times, so stacked faults fire one at a time.
func (in *instrumentation) planFaults(route string, api bool) faultPlan {
	in.mu.Lock()
	defer in.mu.Unlock()
	var plan faultPlan
	for _, af := range in.faults {
		if !af.matches(route, api) {
			continue
		}
		if !af.fault.Kind.isDelay() && plan.action.Kind != 0 {
			af.matched++
			continue
		}
		if !af.trigger(in.rng) {
			continue
		}
		switch af.fault.Kind {
		case FaultLatency:
			plan.latency += af.fault.Latency
		case FaultApplyLate:
			plan.applyLate += af.fault.Latency
		case FaultDelayAnswer:
			plan.answerDelay += af.fault.Latency
		default:
			plan.action = af.fault
		}
		plan.outage = max(plan.outage, af.fault.Outage)
	}
	return plan
}

// InjectFault activates f and returns its ID. It panics if f is invalid
// (see Fault.Validate), like regexp.MustCompile: a malformed fault is a bug
// in the test, and failing loudly beats a fault that silently never fires.
func (e *Emulator) InjectFault(f Fault) FaultID {
	if err := f.Validate(); err != nil {
		panic("emulator: InjectFault: " + err.Error())
	}
	e.instr.mu.Lock()
	defer e.instr.mu.Unlock()
	e.instr.nextID++
	e.instr.faults = append(e.instr.faults, &activeFault{id: e.instr.nextID, fault: f})
	return e.instr.nextID
}

// RemoveFault deactivates one fault; unknown IDs are ignored so cleanup
// code can call it unconditionally.
func (e *Emulator) RemoveFault(id FaultID) {
	e.instr.mu.Lock()
	defer e.instr.mu.Unlock()
	for i, af := range e.instr.faults {
		if af.id == id {
			e.instr.faults = append(e.instr.faults[:i], e.instr.faults[i+1:]...)
			return
		}
	}
}

// ClearFaults deactivates every fault, e.g. before a test's verification
// phase.
func (e *Emulator) ClearFaults() {
	e.instr.mu.Lock()
	defer e.instr.mu.Unlock()
	e.instr.faults = nil
}

// FaultFired says how often a fault acted, so tests can assert that the
// scenario they built actually happened. Removed faults report 0.
func (e *Emulator) FaultFired(id FaultID) int {
	e.instr.mu.Lock()
	defer e.instr.mu.Unlock()
	for _, af := range e.instr.faults {
		if af.id == id {
			return af.fired
		}
	}
	return 0
}

// Counts returns requests per route key since start or the last
// ResetCounts. Every request that reaches a route counts, including 401s
// and faulted ones; unsupported methods count under the method-less path
// pattern and unknown paths under "/". /_emulator routes are not counted.
func (e *Emulator) Counts() map[string]int {
	e.instr.mu.Lock()
	defer e.instr.mu.Unlock()
	return maps.Clone(e.instr.counts)
}

// ResetCounts zeroes the counters, e.g. between a benchmark's setup and its
// measured phase.
func (e *Emulator) ResetCounts() {
	e.instr.mu.Lock()
	defer e.instr.mu.Unlock()
	clear(e.instr.counts)
	e.instr.refused = 0
}

// TotalRequests is the sum of Counts.
func (e *Emulator) TotalRequests() int {
	e.instr.mu.Lock()
	defer e.instr.mu.Unlock()
	total := 0
	for _, n := range e.instr.counts {
		total += n
	}
	return total
}
