package emulator

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// FaultSpecHelp documents the mini-language of ParseFault; the command
// prints it in -help so the syntax lives in one place.
const FaultSpecHelp = `A fault spec is a comma-separated list of key=value pairs:
  kind=<kind>           required, one of:
    latency             wait latency, then serve; a client that hangs up meanwhile
                        stops the request, and nothing is applied
    status              answer status with a Twilio error body; nothing is applied
    reset-before-apply  close the connection without applying anything ("reset")
    drop-after-apply    apply the change, then close the connection unanswered ("drop")
    delay-answer        apply the change at once, hold the answer for latency
    apply-late          hold the request for latency, then apply it even if the
                        client has hung up (a gateway forwarding a write late)
    status-after-apply  apply the change, then answer status with an error body
                        (a load balancer's 502 for a request its backend served)
  route=<route key>     e.g. "POST /v1/NetworkAccessProfiles"; omitted = every /v1 API route
  latency=<duration>    for latency, delay-answer and apply-late, e.g. 250ms
  status=<code>         for status and status-after-apply, 400-599 (429 answers
                        code 20429 "Too Many Requests")
  retry-after=<value>   for kind=status, sent as the Retry-After header
  outage=<duration>     with any kind: once the fault has acted, refuse connections
                        for this long and close the open ones, as a restarting
                        proxy does; e.g. kind=drop,outage=5s
  times=<n>             fire on the first n matching requests only (0 = unlimited)
  every=<n>             fire on every n-th matching request (0 or 1 = every one)
  probability=<p>       fire with probability p in (0,1], reproducible for a given -seed
Example: kind=status,status=429,retry-after=1,route=POST /v1/NetworkAccessProfiles,every=3`

// faultKindAliases maps spec spellings to kinds.
var faultKindAliases = map[string]FaultKind{
	"latency":            FaultLatency,
	"status":             FaultStatus,
	"reset-before-apply": FaultResetBeforeApply,
	"reset":              FaultResetBeforeApply,
	"drop-after-apply":   FaultDropAfterApply,
	"drop":               FaultDropAfterApply,
	"delay-answer":       FaultDelayAnswer,
	"apply-late":         FaultApplyLate,
	"status-after-apply": FaultStatusAfterApply,
}

// ParseFault reads a fault spec (see FaultSpecHelp) into a validated Fault.
// It lives here rather than in the command so the language is tested with
// the rest of the fault machinery.
func ParseFault(spec string) (Fault, error) {
	var f Fault
	kindGiven := false
	for _, field := range strings.Split(spec, ",") {
		field = strings.TrimSpace(field)
		if field == "" {
			continue
		}
		key, value, ok := strings.Cut(field, "=")
		if !ok {
			return Fault{}, fmt.Errorf("fault spec: %q is not key=value", field)
		}
		key, value = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(value)
		if key == "kind" {
			kindGiven = true
		}
		if err := setFaultField(&f, key, value); err != nil {
			return Fault{}, fmt.Errorf("fault spec: %s: %w", key, err)
		}
	}
	if !kindGiven {
		return Fault{}, fmt.Errorf("fault spec: kind is required")
	}
	if err := f.Validate(); err != nil {
		return Fault{}, fmt.Errorf("fault spec: %w", err)
	}
	return f, nil
}

func setFaultField(f *Fault, key, value string) error {
	var err error
	switch key {
	case "kind":
		kind, ok := faultKindAliases[strings.ToLower(value)]
		if !ok {
			return fmt.Errorf("unknown kind %q", value)
		}
		f.Kind = kind
	case "route":
		f.Route = value
	case "latency":
		f.Latency, err = time.ParseDuration(value)
	case "status":
		f.Status, err = strconv.Atoi(value)
	case "retry-after":
		f.RetryAfter = value
	case "times":
		f.Times, err = strconv.Atoi(value)
	case "every":
		f.Every, err = strconv.Atoi(value)
	case "probability":
		f.Probability, err = strconv.ParseFloat(value, 64)
	case "outage":
		f.Outage, err = time.ParseDuration(value)
	default:
		return fmt.Errorf("unknown key")
	}
	return err
}
