package supersim

import (
	"context"
	"slices"
	"sync"
)

// networkWriteConcurrency overlaps the one-request-per-network writes of a
// large change without bursting into the account's rate limit.
const networkWriteConcurrency = 4

// NetworkChangeResult says what SetNetworkAccessProfileNetworks managed to do
// before it returned, so a failed change can still be recorded truthfully.
type NetworkChangeResult struct {
	// Allowed is the set of networks the profile is known to allow now.
	Allowed []string
	Added   []string
	Removed []string
}

// SetNetworkAccessProfileNetworks makes a profile allow exactly desired,
// given current, what it allows now. It adds the missing networks first and
// removes the extra ones only after every add succeeded, so the profile is
// never briefly narrower than both the old and the new list: a fleet keeps
// its networks through the change. On error, the result still says what was
// applied.
func (c *Client) SetNetworkAccessProfileNetworks(ctx context.Context, napSID string, current, desired []string) (NetworkChangeResult, error) {
	toAdd, toRemove := diffSets(current, desired)
	allowed := map[string]bool{}
	for _, sid := range current {
		allowed[sid] = true
	}
	res := NetworkChangeResult{}

	added, err := forEachLimited(ctx, toAdd, func(ctx context.Context, sid string) error {
		_, err := c.AddNetworkAccessProfileNetwork(ctx, napSID, sid)
		return err
	})
	for _, sid := range added {
		allowed[sid] = true
	}
	res.Added = added
	if err == nil {
		var removed []string
		removed, err = forEachLimited(ctx, toRemove, func(ctx context.Context, sid string) error {
			return c.RemoveNetworkAccessProfileNetwork(ctx, napSID, sid)
		})
		for _, sid := range removed {
			delete(allowed, sid)
		}
		res.Removed = removed
	}
	for sid := range allowed {
		res.Allowed = append(res.Allowed, sid)
	}
	slices.Sort(res.Allowed)
	return res, err
}

// diffSets returns what desired has that current lacks, and the reverse, in
// a stable order.
func diffSets(current, desired []string) (toAdd, toRemove []string) {
	have := make(map[string]bool, len(current))
	for _, s := range current {
		have[s] = true
	}
	want := make(map[string]bool, len(desired))
	for _, s := range desired {
		want[s] = true
		if !have[s] {
			toAdd = append(toAdd, s)
		}
	}
	for _, s := range current {
		if !want[s] {
			toRemove = append(toRemove, s)
		}
	}
	slices.Sort(toAdd)
	slices.Sort(toRemove)
	return slices.Compact(toAdd), slices.Compact(toRemove)
}

// forEachLimited runs fn over items with bounded concurrency, stops starting
// new work after the first error, and returns the items that succeeded with
// the first error.
func forEachLimited(ctx context.Context, items []string, fn func(context.Context, string) error) ([]string, error) {
	var (
		mu       sync.Mutex
		done     []string
		firstErr error
		wg       sync.WaitGroup
	)
	sem := make(chan struct{}, networkWriteConcurrency)
	for _, item := range items {
		mu.Lock()
		failed := firstErr != nil
		mu.Unlock()
		if failed || ctx.Err() != nil {
			break
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			err := fn(ctx, item)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if firstErr == nil {
					firstErr = err
				}
				return
			}
			done = append(done, item)
		}()
	}
	wg.Wait()
	if firstErr == nil && ctx.Err() != nil {
		firstErr = ctx.Err()
	}
	slices.Sort(done)
	return done, firstErr
}
