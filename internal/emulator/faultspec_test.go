package emulator

import (
	"testing"
	"time"
)

func TestParseFault(t *testing.T) {
	t.Parallel()
	cases := []struct {
		spec string
		want Fault
	}{
		{"kind=status,status=429,retry-after=1,route=POST /v1/NetworkAccessProfiles,every=3",
			Fault{Kind: FaultStatus, Status: 429, RetryAfter: "1", Route: RouteCreateNAP, Every: 3}},
		{"kind=drop-after-apply, route=DELETE /v1/NetworkAccessProfiles/{Sid}/Networks/{NetworkSid}, times=1",
			Fault{Kind: FaultDropAfterApply, Route: RouteRemoveNAPNetwork, Times: 1}},
		{"kind=latency,latency=250ms", Fault{Kind: FaultLatency, Latency: 250 * time.Millisecond}},
		{"kind=reset,probability=0.25", Fault{Kind: FaultResetBeforeApply, Probability: 0.25}},
		{"KIND=Drop", Fault{Kind: FaultDropAfterApply}},
		{"kind=apply-late,latency=2500ms,times=1", Fault{Kind: FaultApplyLate, Latency: 2500 * time.Millisecond, Times: 1}},
		{"kind=status-after-apply,status=502", Fault{Kind: FaultStatusAfterApply, Status: 502}},
		{"kind=drop,outage=5s", Fault{Kind: FaultDropAfterApply, Outage: 5 * time.Second}},
	}
	for _, tc := range cases {
		got, err := ParseFault(tc.spec)
		if err != nil || got != tc.want {
			t.Errorf("ParseFault(%q) = %+v, %v; want %+v", tc.spec, got, err, tc.want)
		}
	}
	for _, bad := range []string{
		"", "status=500", "kind=explode", "kind=status", "kind=status,status=abc",
		"kind=latency", "kind=latency,latency=soon", "kind=drop,route=GET /v1/Nope",
		"kind=drop,colour=red", "kind=drop,times", "kind=drop,probability=1.5",
		"kind=apply-late", "kind=status-after-apply", "kind=status-after-apply,status=200", "kind=drop,outage=-1s",
	} {
		if _, err := ParseFault(bad); err == nil {
			t.Errorf("ParseFault(%q) accepted an invalid spec", bad)
		}
	}
}
