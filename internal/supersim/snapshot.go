package supersim

import (
	"context"
	"errors"
	"sync"
	"time"
)

// snapshotTTL bounds how long one read of a profile's networks may answer
// later reads. Within a single Terraform refresh, every resource that looks
// at the same profile shares one read; the TTL keeps a long-lived process
// from serving an old answer.
const snapshotTTL = 2 * time.Minute

// snapshotCache shares one list of a profile's networks among the reads of a
// Terraform run (single flight), so K link resources on one profile cost one
// list, not K. Any write to a profile through this client drops its entry.
type snapshotCache struct {
	mu      sync.Mutex
	entries map[string]*snapshot
}

type snapshot struct {
	done      chan struct{}
	links     []NetworkAccessProfileNetwork
	err       error
	fetchedAt time.Time
}

// NetworkAccessProfileNetworksSnapshot returns the networks of a profile,
// sharing one API read among all callers asking for the same profile until
// a write through this client changes it. Use it for refresh-time reads only;
// the returned slice must not be modified.
func (c *Client) NetworkAccessProfileNetworksSnapshot(ctx context.Context, napSID string) ([]NetworkAccessProfileNetwork, error) {
	s, leader := c.snapshots.join(napSID, c.now())
	if leader {
		s.links, s.err = c.ListNetworkAccessProfileNetworks(ctx, napSID)
		s.fetchedAt = c.now()
		if s.err != nil {
			// Errors are not shared beyond the callers already waiting: the
			// next read tries again.
			c.snapshots.drop(napSID, s)
		}
		close(s.done)
		return s.links, s.err
	}
	select {
	case <-s.done:
		return s.links, s.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// join returns the entry for key and whether the caller must fill it.
func (sc *snapshotCache) join(key string, now time.Time) (*snapshot, bool) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if s, ok := sc.entries[key]; ok {
		select {
		case <-s.done:
			if now.Sub(s.fetchedAt) < snapshotTTL {
				return s, false
			}
		default:
			return s, false // in flight
		}
	}
	if sc.entries == nil {
		sc.entries = map[string]*snapshot{}
	}
	s := &snapshot{done: make(chan struct{})}
	sc.entries[key] = s
	return s, true
}

func (sc *snapshotCache) drop(key string, s *snapshot) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.entries[key] == s {
		delete(sc.entries, key)
	}
}

// forget drops what is known of a profile after a write to it.
func (sc *snapshotCache) forget(key string) {
	if key == "" {
		return
	}
	sc.mu.Lock()
	defer sc.mu.Unlock()
	delete(sc.entries, key)
}

// catalogCache holds the whole Networks catalog once per client: the catalog
// is read-only, and plan-time checks must not cost a read per resource.
type catalogCache struct {
	mu       sync.Mutex
	networks map[string]Network
	ordered  []Network // in the API's order
	loaded   bool
	loading  *catalogLoad // the read in flight, if any
}

// catalogLoad is one read of the catalog that other callers wait for.
type catalogLoad struct {
	done chan struct{}
	err  error
}

// CatalogNetwork looks a network SID up in the catalog, reading the whole
// catalog at most once per client. ok is false when the SID is not in it.
func (c *Client) CatalogNetwork(ctx context.Context, sid string) (Network, bool, error) {
	if err := c.loadCatalog(ctx); err != nil {
		return Network{}, false, err
	}
	cc := &c.catalog
	cc.mu.Lock()
	defer cc.mu.Unlock()
	n, ok := cc.networks[sid]
	return n, ok, nil
}

// CatalogNetworks lists the catalog's networks that match the filter, in
// the API's order, from the one read of the catalog per client: a
// configuration that looks up many networks costs one list, not one
// request each. The filter means what the API's does: the country ignoring
// case, and MCC and MNC matched by one identifier of the network.
func (c *Client) CatalogNetworks(ctx context.Context, f NetworkFilter) ([]Network, error) {
	if err := c.loadCatalog(ctx); err != nil {
		return nil, err
	}
	cc := &c.catalog
	cc.mu.Lock()
	defer cc.mu.Unlock()
	var out []Network
	for _, n := range cc.ordered {
		if f.matches(n) {
			out = append(out, n)
		}
	}
	return out, nil
}

// PrefetchCatalog starts reading the catalog in the background, for a caller
// that knows it will be needed after a round trip it is about to make. The
// read is bounded by max_retry_duration, not by ctx's end, so it outlives
// the call that started it; whoever needs the catalog next waits for it, or
// for its own context, whichever ends first.
func (c *Client) PrefetchCatalog(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.maxRetryDuration)
	go func() {
		defer cancel()
		_ = c.loadCatalog(ctx)
	}()
}

// loadCatalog makes sure the catalog is loaded, with one read. Callers
// that arrive during a read wait for it rather than read again; a caller
// whose context ends stops waiting, so an interrupt is never held up by
// somebody else's read.
func (c *Client) loadCatalog(ctx context.Context) error {
	cc := &c.catalog
	for {
		cc.mu.Lock()
		if cc.loaded {
			cc.mu.Unlock()
			return nil
		}
		if l := cc.loading; l != nil {
			cc.mu.Unlock()
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-l.done:
			}
			if l.err != nil && !errors.Is(l.err, context.Canceled) && !errors.Is(l.err, context.DeadlineExceeded) {
				return l.err
			}
			continue // loaded, or the reader gave up for its own reasons: look again
		}
		l := &catalogLoad{done: make(chan struct{})}
		cc.loading = l
		cc.mu.Unlock()

		networks, err := c.ListNetworks(ctx, NetworkFilter{})
		cc.mu.Lock()
		if err == nil {
			cc.networks = make(map[string]Network, len(networks))
			for _, n := range networks {
				cc.networks[n.SID] = n
			}
			cc.ordered = networks
			cc.loaded = true
		}
		cc.loading, l.err = nil, err
		close(l.done)
		cc.mu.Unlock()
		return err
	}
}

// NetworkAccessProfileWithNetworks reads a profile and its networks at once,
// for a refresh: the two requests go out together, so a refresh waits for
// one round trip, not two. The profile comes from the account's list (see
// RefreshNetworkAccessProfile) and the networks from the shared snapshot
// (see NetworkAccessProfileNetworksSnapshot), so sid must be the profile's
// SID. A 404 from either means the profile is gone.
func (c *Client) NetworkAccessProfileWithNetworks(ctx context.Context, sid string) (*NetworkAccessProfile, []NetworkAccessProfileNetwork, error) {
	var (
		links    []NetworkAccessProfileNetwork
		linksErr error
		done     = make(chan struct{})
	)
	go func() {
		defer close(done)
		links, linksErr = c.NetworkAccessProfileNetworksSnapshot(ctx, sid)
	}()
	nap, err := c.RefreshNetworkAccessProfile(ctx, sid)
	<-done
	switch {
	case err != nil:
		return nil, nil, err
	case linksErr != nil:
		return nil, nil, linksErr
	}
	return nap, links, nil
}
