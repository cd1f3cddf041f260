package supersim

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/supersim-tf/terraform-provider-supersim/internal/emulator"
)

// Refreshing many profiles and Fleets reads each account list once, not
// one GET per object.
func TestRefreshesShareOneListOfTheAccount(t *testing.T) {
	t.Parallel()
	c, e := emulatorClient(t, emulator.Options{})
	var naps, fleets []string
	for i := range 30 {
		name := fmt.Sprintf("profile-%02d", i)
		sid, _ := e.CreateNAP(&name, nil)
		naps = append(naps, sid)
		if i < 5 {
			f, _ := e.CreateFleet(sid, fmt.Sprintf("fleet-%d", i))
			fleets = append(fleets, f)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(naps)+len(fleets))
	for _, sid := range naps {
		wg.Go(func() {
			nap, err := c.RefreshNetworkAccessProfile(context.Background(), sid)
			if err == nil && nap.SID != sid {
				err = fmt.Errorf("asked for %s, got %s", sid, nap.SID)
			}
			errs <- err
		})
	}
	for _, sid := range fleets {
		wg.Go(func() {
			fleet, err := c.RefreshFleet(context.Background(), sid)
			if err == nil && fleet.SID != sid {
				err = fmt.Errorf("asked for %s, got %s", sid, fleet.SID)
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	counts := e.Counts()
	if counts[emulator.RouteListNAPs] != 1 || counts[emulator.RouteListFleets] != 1 || counts[emulator.RouteFetchNAP] != 0 || counts[emulator.RouteFetchFleet] != 0 {
		t.Fatalf("requests %v, want one list of each and no GET", counts)
	}
	if got := c.KnownName(naps[3]); got != "profile-03" {
		t.Fatalf("KnownName = %q", got)
	}
}

// A profile the list does not hold is asked for on its own: created since
// the list was read, it is found; gone, its 404 is the API's own answer.
func TestRefreshOfAnObjectTheListLacksAsksTheAPI(t *testing.T) {
	t.Parallel()
	c, e := emulatorClient(t, emulator.Options{})
	first, _ := e.CreateNAP(nil, nil)
	if _, err := c.RefreshNetworkAccessProfile(context.Background(), first); err != nil {
		t.Fatal(err)
	}
	later, _ := e.CreateNAP(nil, nil) // after the list was read
	if nap, err := c.RefreshNetworkAccessProfile(context.Background(), later); err != nil || nap.SID != later {
		t.Fatalf("nap = %v, err = %v; want the profile made after the list", nap, err)
	}
	if _, err := c.RefreshNetworkAccessProfile(context.Background(), "HA0123456789abcdef0123456789abcdef"); !IsNotFound(err) {
		t.Fatalf("err = %v, want the API's 404", err)
	}
	if got := e.Counts()[emulator.RouteListNAPs]; got != 1 {
		t.Fatalf("%d lists, want 1", got)
	}
}

// A write through the client drops the list, so a refresh after it never
// answers from what the account held before.
func TestWritesDropTheSharedList(t *testing.T) {
	t.Parallel()
	c, e := emulatorClient(t, emulator.Options{})
	old := "old"
	sid, _ := e.CreateNAP(&old, nil)
	if _, err := c.RefreshNetworkAccessProfile(context.Background(), sid); err != nil {
		t.Fatal(err)
	}
	name := "new"
	if _, err := c.UpdateNetworkAccessProfile(context.Background(), sid, UpdateNetworkAccessProfileParams{UniqueName: &name}); err != nil {
		t.Fatal(err)
	}
	nap, err := c.RefreshNetworkAccessProfile(context.Background(), sid)
	if err != nil || nap.UniqueName == nil || *nap.UniqueName != name {
		t.Fatalf("nap = %+v, err = %v; want the renamed profile", nap, err)
	}
}

// Every resource of a plan that removes networks asks for the impact on the
// same Fleets: each usage query is read once per client.
func TestFleetImpactReadsEachQueryOnce(t *testing.T) {
	t.Parallel()
	var behind atomic.Int64
	behind.Store(int64(time.Hour)) // the SIM is registered an hour ago
	c, e := emulatorClient(t, emulator.Options{Now: func() time.Time { return time.Now().Add(-time.Duration(behind.Load())) }})
	name := "impact"
	nap, _ := e.CreateNAP(&name, []string{attUS, eeGB})
	fleet, _ := e.CreateFleet(nap, "fleet")
	sim, _ := e.CreateSim("8988307000000000009")
	if err := e.AssignSimToFleet(sim, fleet); err != nil {
		t.Fatal(err)
	}
	behind.Store(0)
	if _, err := e.AddUsage(emulator.Usage{Sim: sim, Network: attUS, DataDownload: 500, Time: time.Now().Add(-time.Minute)}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			impact, err := c.FleetImpact(context.Background(), fleet, []string{attUS}, 7*24*time.Hour)
			if err != nil || len(impact.Stranded) != 1 || impact.Data() != 500 {
				t.Errorf("impact = %+v, err = %v", impact, err)
			}
		})
	}
	wg.Wait()
	if n := e.Counts()[emulator.RouteListUsageRecords]; n != 2 {
		t.Fatalf("%d usage queries for 10 callers, want 2: all networks and the removed one", n)
	}
}

// ProfileName answers from what the client has read, and otherwise from
// one read of the account's list, shared by every later question; a
// profile read without a name is known to have none, with no request.
func TestProfileNameReadsTheListOnceAndOnlyWhenNeeded(t *testing.T) {
	t.Parallel()
	c, e := emulatorClient(t, emulator.Options{})
	named, other := "trackers-eu", "trackers-us"
	namedSID, _ := e.CreateNAP(&named, nil)
	otherSID, _ := e.CreateNAP(&other, nil)
	namelessSID, _ := e.CreateNAP(nil, nil)
	if _, err := c.FetchNetworkAccessProfile(context.Background(), namelessSID); err != nil {
		t.Fatal(err)
	}
	if name, err := c.ProfileName(context.Background(), namelessSID); err != nil || name != "" {
		t.Fatalf("ProfileName of the nameless profile = %q, %v", name, err)
	}
	if n := e.Counts()[emulator.RouteListNAPs]; n != 0 {
		t.Fatalf("%d list reads for a profile already read, want 0", n)
	}
	for sid, want := range map[string]string{namedSID: named, otherSID: other, "HA0123456789abcdef0123456789abcdef": ""} {
		if name, err := c.ProfileName(context.Background(), sid); err != nil || name != want {
			t.Fatalf("ProfileName(%s) = %q, %v; want %q", sid, name, err, want)
		}
	}
	if n := e.Counts()[emulator.RouteListNAPs]; n != 1 {
		t.Fatalf("%d list reads, want 1", n)
	}
}
