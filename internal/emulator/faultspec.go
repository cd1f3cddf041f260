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
  kind=latency|status|reset-before-apply|drop-after-apply|delay-answer
                        (required; "reset" and "drop" are short forms; delay-answer
                        applies the change at once and holds the answer for latency)
  route=<route key>     e.g. "POST /v1/NetworkAccessProfiles"; omitted = every /v1 API route
  latency=<duration>    for kind=latency or delay-answer, e.g. 250ms
  status=<code>         for kind=status, 400-599 (429 answers code 20429 "Too Many Requests")
  retry-after=<value>   for kind=status, sent as the Retry-After header
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
	default:
		return fmt.Errorf("unknown key")
	}
	return err
}
