package supersim

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"
)

// A refresh reads every profile and Fleet in state. One GET each costs a
// request per object, and an adopted account has dozens; the account's
// list answers for up to 1,000 of them in one request. So refreshes read
// the list once per client and find each object in it. An object the list
// does not hold was created after the list was read, or is gone: a GET of
// it tells which, so the answer is never guessed from a stale list.

// directoryTTL bounds how long one list answers refreshes, like snapshotTTL.
const directoryTTL = 2 * time.Minute

// directory is one read of an account list, shared by the refreshes of a
// run (single flight). Any write through this client drops it.
type directory[T any] struct {
	mu      sync.Mutex
	current *directoryRead[T]
}

type directoryRead[T any] struct {
	done      chan struct{}
	bySID     map[string]T
	err       error
	fetchedAt time.Time
}

// lookup finds sid in the list, reading it with list when there is no
// fresh read. found is false when the list does not hold sid.
func (d *directory[T]) lookup(ctx context.Context, now func() time.Time, sid string, list func(context.Context) ([]T, error), sidOf func(*T) string) (obj T, found bool, err error) {
	read, err := d.read(ctx, now, list, sidOf)
	if err != nil {
		return obj, false, err
	}
	obj, found = read.bySID[sid]
	return obj, found, nil
}

// read returns a fresh read of the list, making it or waiting for the one
// in flight.
func (d *directory[T]) read(ctx context.Context, now func() time.Time, list func(context.Context) ([]T, error), sidOf func(*T) string) (*directoryRead[T], error) {
	read, leader := d.join(now())
	if leader {
		items, err := list(ctx)
		read.err = err
		read.fetchedAt = now()
		read.bySID = make(map[string]T, len(items))
		for i := range items {
			read.bySID[sidOf(&items[i])] = items[i]
		}
		if err != nil {
			d.drop(read) // the next refresh tries again
		}
		close(read.done)
	} else {
		select {
		case <-read.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return read, read.err
}

func (d *directory[T]) join(now time.Time) (*directoryRead[T], bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if r := d.current; r != nil {
		select {
		case <-r.done:
			if r.err == nil && now.Sub(r.fetchedAt) < directoryTTL {
				return r, false
			}
		default:
			return r, false // in flight
		}
	}
	r := &directoryRead[T]{done: make(chan struct{})}
	d.current = r
	return r, true
}

func (d *directory[T]) drop(r *directoryRead[T]) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.current == r {
		d.current = nil
	}
}

// forget drops the list after a write that may have changed it.
func (d *directory[T]) forget() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.current = nil
}

// RefreshNetworkAccessProfile reads a profile by SID for a refresh, from the
// account's list of profiles, which the refreshes of a run share; a profile
// the list does not hold is read on its own, so a 404 is the API's answer
// for that profile.
func (c *Client) RefreshNetworkAccessProfile(ctx context.Context, sid string) (*NetworkAccessProfile, error) {
	nap, found, err := c.profiles.lookup(ctx, c.now, sid, c.ListNetworkAccessProfiles, profileSID)
	if err != nil {
		return nil, err
	}
	if !found {
		return c.FetchNetworkAccessProfile(ctx, sid)
	}
	return &nap, nil
}

// RefreshFleet is RefreshNetworkAccessProfile for Fleets.
func (c *Client) RefreshFleet(ctx context.Context, sid string) (*Fleet, error) {
	fleet, found, err := c.fleets.lookup(ctx, c.now, sid, c.listAllFleets, fleetSID)
	if err != nil {
		return nil, err
	}
	if !found {
		return c.FetchFleet(ctx, sid)
	}
	return &fleet, nil
}

// FleetsUsing lists the Fleets that use a profile, sorted by SID, from the
// account's list of Fleets that refreshes share.
func (c *Client) FleetsUsing(ctx context.Context, napSID string) ([]Fleet, error) {
	read, err := c.fleets.read(ctx, c.now, c.listAllFleets, fleetSID)
	if err != nil {
		return nil, err
	}
	var fleets []Fleet
	for _, f := range read.bySID {
		if f.NetworkAccessProfileSID == napSID {
			fleets = append(fleets, f)
		}
	}
	slices.SortFunc(fleets, func(a, b Fleet) int { return strings.Compare(a.SID, b.SID) })
	return fleets, nil
}

func (c *Client) listAllFleets(ctx context.Context) ([]Fleet, error) { return c.ListFleets(ctx, "") }

func fleetSID(f *Fleet) string { return f.SID }

func profileSID(n *NetworkAccessProfile) string { return n.SID }

// nameBook remembers the unique names of the profiles and Fleets this
// client has read or written, so that a message about an object known only
// by its SID (a link's profile, a Fleet's) can name it.
type nameBook struct {
	mu    sync.Mutex
	names map[string]string
}

func (b *nameBook) note(sid string, name *string) {
	if sid == "" {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.names == nil {
		b.names = map[string]string{}
	}
	if name == nil {
		b.names[sid] = "" // read, and without a name
		return
	}
	b.names[sid] = *name
}

// lookup returns the name noted for sid, and whether sid was noted at all.
func (b *nameBook) lookup(sid string) (name string, noted bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	name, noted = b.names[sid]
	return name, noted
}

// KnownName is the unique name of the profile or Fleet with this SID, as
// this client last read it, or "" when it has none or was not read. It
// sends no request.
func (c *Client) KnownName(sid string) string {
	name, _ := c.names.lookup(sid)
	return name
}

// ProfileName is the unique name of the profile with this SID: the one this
// client last read, or else the one the account's list of profiles gives,
// a list that the reads of a run share. A plan that destroys link resources
// reads no profile, since Terraform refreshes in another provider process,
// and this is how its messages still name the profile. It is "" when the
// profile has no name or is not in the list.
func (c *Client) ProfileName(ctx context.Context, sid string) (string, error) {
	if name, noted := c.names.lookup(sid); noted {
		return name, nil
	}
	nap, found, err := c.profiles.lookup(ctx, c.now, sid, c.ListNetworkAccessProfiles, profileSID)
	if err != nil || !found || nap.UniqueName == nil {
		return "", err
	}
	return *nap.UniqueName, nil
}
