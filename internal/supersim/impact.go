package supersim

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// A plan that removes networks from a profile, or moves a Fleet to another
// profile, can cut SIMs off. The account's usage says which: a SIM whose
// every byte over the lookback went over networks the change removes loses
// every network it was seen on (it is stranded); a SIM with any byte over
// them loses some. "Used a network" means data went over it: the API
// reports usage as bytes.
//
// Each query of a Fleet's usage is read once per client, whatever the
// number of resources asking: one grouped by SIM over every network, and
// one per removed network, each paged like any list.

// FleetImpact is what removing networks would do to one Fleet's SIMs.
type FleetImpact struct {
	FleetSID string
	// Lookback is the window the usage was read over, ending at Until.
	Lookback time.Duration
	Until    time.Time
	// Stranded are the SIDs of the SIMs whose usage all went over the
	// removed networks; Affected, of those with any usage over them. Both
	// sorted; Stranded is part of Affected.
	Stranded []string
	Affected []string
	// DataByNetwork is the bytes that went over each removed network.
	DataByNetwork map[string]int64
}

// Data is the bytes that went over all the removed networks.
func (f FleetImpact) Data() int64 {
	var total int64
	for _, n := range f.DataByNetwork {
		total += n
	}
	return total
}

// FleetImpact reads the Fleet's usage over the lookback (ending when this
// client first read usage, so that every resource of a plan judges the
// same window) and says what removing the networks would do to its SIMs.
func (c *Client) FleetImpact(ctx context.Context, fleetSID string, removed []string, lookback time.Duration) (FleetImpact, error) {
	if lookback <= 0 {
		return FleetImpact{}, fmt.Errorf("the lookback must be positive, not %s", lookback)
	}
	until := c.usage.anchor(c.now)
	impact := FleetImpact{FleetSID: fleetSID, Lookback: lookback, Until: until, DataByNetwork: map[string]int64{}}
	total, err := c.simUsage(ctx, fleetSID, "", lookback, until)
	if err != nil {
		return impact, err
	}
	overRemoved := map[string]int64{}
	for _, network := range sortedUnique(removed) {
		bySIM, err := c.simUsage(ctx, fleetSID, network, lookback, until)
		if err != nil {
			return impact, err
		}
		impact.DataByNetwork[network] = 0
		for sim, bytes := range bySIM {
			overRemoved[sim] += bytes
			impact.DataByNetwork[network] += bytes
		}
	}
	for sim, bytes := range overRemoved {
		if bytes <= 0 {
			continue
		}
		impact.Affected = append(impact.Affected, sim)
		if bytes >= total[sim] {
			impact.Stranded = append(impact.Stranded, sim)
		}
	}
	slices.Sort(impact.Affected)
	slices.Sort(impact.Stranded)
	return impact, nil
}

// simUsage is the bytes each SIM of the Fleet used over the window, on one
// network or ("") on all, from one shared read.
func (c *Client) simUsage(ctx context.Context, fleetSID, network string, lookback time.Duration, until time.Time) (map[string]int64, error) {
	key := fleetSID + "|" + network + "|" + lookback.String()
	return c.usage.once(ctx, key, func(ctx context.Context) (map[string]int64, error) {
		records, err := c.ListUsageRecords(ctx, UsageFilter{
			Fleet: fleetSID, Network: network, Group: GroupBySim, Granularity: "all",
			Start: until.Add(-lookback), End: until,
		})
		if err != nil {
			return nil, err
		}
		bySIM := make(map[string]int64, len(records))
		for _, r := range records {
			if r.SimSID != nil {
				bySIM[*r.SimSID] += r.DataTotal
			}
		}
		return bySIM, nil
	})
}

// SimsOfFleet lists a Fleet's SIMs, once per client.
func (c *Client) SimsOfFleet(ctx context.Context, fleetSID string) ([]Sim, error) {
	c.simLists.mu.Lock()
	if c.simLists.byFleet == nil {
		c.simLists.byFleet = map[string][]Sim{}
	}
	if sims, ok := c.simLists.byFleet[fleetSID]; ok {
		c.simLists.mu.Unlock()
		return sims, nil
	}
	c.simLists.mu.Unlock()
	sims, err := c.ListSims(ctx, SimFilter{Fleet: fleetSID})
	if err != nil {
		return nil, err
	}
	c.simLists.mu.Lock()
	c.simLists.byFleet[fleetSID] = sims
	c.simLists.mu.Unlock()
	return sims, nil
}

type simLists struct {
	mu      sync.Mutex
	byFleet map[string][]Sim
}

// usageReads shares each usage query among the callers of a client.
type usageReads struct {
	mu      sync.Mutex
	until   time.Time
	flights map[string]*usageFlight
}

type usageFlight struct {
	done  chan struct{}
	bySIM map[string]int64
	err   error
}

// anchor is the end of every usage window of this client: the end of the
// second of its first usage read. The API's end time is exclusive and
// usage is stamped to the second, so usage of that very second counts too.
func (u *usageReads) anchor(now func() time.Time) time.Time {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.until.IsZero() {
		u.until = now().UTC().Truncate(time.Second).Add(time.Second)
	}
	return u.until
}

func (u *usageReads) once(ctx context.Context, key string, read func(context.Context) (map[string]int64, error)) (map[string]int64, error) {
	u.mu.Lock()
	if u.flights == nil {
		u.flights = map[string]*usageFlight{}
	}
	f, ok := u.flights[key]
	if !ok {
		f = &usageFlight{done: make(chan struct{})}
		u.flights[key] = f
	}
	u.mu.Unlock()
	if !ok {
		f.bySIM, f.err = read(ctx)
		if f.err != nil {
			// A failure is shared with those already waiting; the next
			// caller tries again.
			u.mu.Lock()
			delete(u.flights, key)
			u.mu.Unlock()
		}
		close(f.done)
	}
	select {
	case <-f.done:
		return f.bySIM, f.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
