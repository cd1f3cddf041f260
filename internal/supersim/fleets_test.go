package supersim

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/supersim-tf/terraform-provider-supersim/internal/emulator"
)

// Fleets cannot be deleted either, so a create whose answer is lost follows
// the profiles' rules: adopt only what provably is this request's.

func fleetParams(nap string, name *string, limit int) FleetParams {
	post := "POST"
	return FleetParams{NetworkAccessProfile: &nap, UniqueName: name, DataLimit: &limit, SMSCommandsMethod: &post}
}

func TestFleetCreateWithLostAnswer(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		name        *string
		napByName   bool
		existing    bool // a Fleet with the name and the default settings exists 30 s (API time) before the request
		concurrent  int  // data_limit of a Fleet someone makes while the request travels; 0 for none
		apiSkew     time.Duration
		wantAdopted bool
		wantTaken   bool
		wantFleets  int
	}{
		"named, API clock an hour ahead":            {name: ptr("trackers"), apiSkew: time.Hour, wantAdopted: true, wantFleets: 1},
		"named, API clock an hour behind":           {name: ptr("trackers"), apiSkew: -time.Hour, wantAdopted: true, wantFleets: 1},
		"named, profile given by name":              {name: ptr("trackers"), napByName: true, wantAdopted: true, wantFleets: 1},
		"named, an older Fleet has the name":        {name: ptr("trackers"), existing: true, wantTaken: true, wantFleets: 1},
		"named, made meanwhile with other settings": {name: ptr("trackers"), concurrent: 42, wantTaken: true, wantFleets: 1},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			clock := &skewedClock{skew: tc.apiSkew}
			c, e := emulatorClient(t, emulator.Options{Now: clock.Now})
			napName := "iot"
			nap, _ := e.CreateNAP(&napName, []string{attUS})
			ref := nap
			if tc.napByName {
				ref = napName
			}
			if tc.existing {
				if _, err := e.CreateFleet(nap, *tc.name); err != nil {
					t.Fatal(err)
				}
				clock.advance(30 * time.Second)
			}
			if tc.concurrent != 0 {
				slow := e.InjectFault(emulator.Fault{Route: emulator.RouteCreateFleet, Kind: emulator.FaultLatency, Latency: 200 * time.Millisecond, Times: 1})
				go func() {
					for e.FaultFired(slow) == 0 {
						time.Sleep(time.Millisecond)
					}
					_, _ = e.CreateFleet(nap, *tc.name)
				}()
			}
			e.InjectFault(emulator.Fault{Route: emulator.RouteCreateFleet, Kind: emulator.FaultDropAfterApply, Times: 1})
			limit := 500
			if tc.existing {
				limit = e.Fleets()[0].DataLimit // the older Fleet differs only by its date
			}
			fleet, err := c.CreateFleet(context.Background(), fleetParams(ref, tc.name, limit))
			var taken *NameTakenError
			switch {
			case tc.wantAdopted && (err != nil || !fleet.Adopted || fleet.DataLimit != limit):
				t.Fatalf("fleet = %+v, err = %v; want it adopted", fleet, err)
			case tc.wantTaken && !errors.As(err, &taken):
				t.Fatalf("fleet = %+v, err = %v; want a NameTakenError", fleet, err)
			case tc.wantTaken && (taken.SID != e.Fleets()[0].SID || taken.Kind != KindFleet):
				t.Fatalf("the error names %s %q, want the existing Fleet", taken.Kind, taken.SID)
			}
			if n := len(e.Fleets()); n != tc.wantFleets {
				t.Fatalf("%d Fleets, want %d", n, tc.wantFleets)
			}
		})
	}
}

func TestFleetCreateMeetingATakenNameNamesTheHolder(t *testing.T) {
	t.Parallel()
	c, e := emulatorClient(t, emulator.Options{})
	nap, _ := e.CreateNAP(nil, nil)
	holder, _ := e.CreateFleet(nap, "taken")
	_, err := c.CreateFleet(context.Background(), fleetParams(nap, ptr("taken"), 10))
	var taken *NameTakenError
	if !errors.As(err, &taken) || taken.SID != holder || !IsConflict(taken.Cause) {
		t.Fatalf("err = %v, want the 409 naming %s", err, holder)
	}
}

// Without a unique name, nothing could find a Fleet whose create answer was
// lost, so the client refuses before it sends anything.
func TestFleetCreateWithoutUniqueNameIsRefused(t *testing.T) {
	t.Parallel()
	c, e := emulatorClient(t, emulator.Options{})
	nap, _ := e.CreateNAP(nil, nil)
	if _, err := c.CreateFleet(context.Background(), fleetParams(nap, nil, 7)); err == nil || !strings.Contains(err.Error(), "needs a unique name") {
		t.Fatalf("err = %v, want the create refused", err)
	}
	if n := e.Counts()[emulator.RouteCreateFleet]; n != 0 {
		t.Fatalf("%d creates sent, want none", n)
	}
}

func TestFleetCreateRefusedWithServerErrorsIsSentAgain(t *testing.T) {
	t.Parallel()
	c, e := emulatorClient(t, emulator.Options{})
	nap, _ := e.CreateNAP(nil, nil)
	e.InjectFault(emulator.Fault{Route: emulator.RouteCreateFleet, Kind: emulator.FaultStatus, Status: http.StatusServiceUnavailable, Times: 2})
	fleet, err := c.CreateFleet(context.Background(), fleetParams(nap, ptr("retried"), 7))
	if err != nil || fleet.Adopted {
		t.Fatalf("fleet = %+v, err = %v; want it created by a later try", fleet, err)
	}
	if fleets := e.Fleets(); len(fleets) != 1 || fleets[0].SID != fleet.SID {
		t.Fatalf("account holds %+v", fleets)
	}
	if got := e.Counts()[emulator.RouteCreateFleet]; got != 3 {
		t.Fatalf("%d creates sent, want 3", got)
	}
}

func TestFleetUpdateWithLostAnswer(t *testing.T) {
	t.Parallel()
	c, e := emulatorClient(t, emulator.Options{})
	a, _ := e.CreateNAP(ptr("a"), nil)
	b, _ := e.CreateNAP(ptr("b"), nil)
	sid, _ := e.CreateFleet(a, "fleet")

	e.InjectFault(emulator.Fault{Route: emulator.RouteUpdateFleet, Kind: emulator.FaultDropAfterApply, Times: 1})
	limit := 2000
	fleet, err := c.UpdateFleet(context.Background(), sid, FleetParams{NetworkAccessProfile: ptr("b"), DataLimit: &limit})
	if err != nil || fleet.NetworkAccessProfileSID != b || fleet.DataLimit != limit {
		t.Fatalf("fleet = %+v, err = %v; want the update confirmed", fleet, err)
	}

	delay := e.InjectFault(emulator.Fault{Route: emulator.RouteUpdateFleet, Kind: emulator.FaultLatency, Latency: time.Minute, Times: 1})
	ctx := cancelWhen(t, func() bool { return e.FaultFired(delay) == 1 })
	_, err = c.UpdateFleet(ctx, sid, FleetParams{NetworkAccessProfile: &a})
	if !IsNotApplied(err) {
		t.Fatalf("err = %v, want not applied", err)
	}
	if got := e.Fleets()[0].NetworkAccessProfileSID; got != b {
		t.Fatalf("the Fleet uses %s, want %s", got, b)
	}
}

func ptr[T any](v T) *T { return &v }
