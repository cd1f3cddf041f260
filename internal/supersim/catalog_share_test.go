package supersim

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/supersim-tf/terraform-provider-supersim/internal/emulator"
)

// Two provider processes of one Terraform run (here: two clients with one
// key) read the catalog once between them.
func TestCatalogIsSharedWithinARun(t *testing.T) {
	t.Parallel()
	ts := emulator.NewTestServer(t, emulator.Options{})
	dir := t.TempDir()
	client := func(key string) *Client {
		c, err := New(Config{BaseURL: ts.URL, Username: ts.AccountSID, Password: ts.AuthToken, CatalogShareDir: dir, CatalogShareKey: key})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	lookup := func(c *Client) {
		t.Helper()
		if _, ok, err := c.CatalogNetwork(context.Background(), attUS); err != nil || !ok {
			t.Fatalf("lookup: ok=%v err=%v", ok, err)
		}
	}
	reads := func() int { return ts.Emulator.Counts()[emulator.RouteListNetworks] }

	lookup(client("run-1")) // the plan's process
	lookup(client("run-1")) // the apply's process
	if reads() != 1 {
		t.Fatalf("%d catalog reads in one run, want 1", reads())
	}
	lookup(client("run-2"))
	if reads() != 2 {
		t.Fatalf("another run reused the first run's catalog (%d reads)", reads())
	}

	// A damaged or old file is ignored, never trusted.
	c := client("run-3")
	path := c.catalogSharePath()
	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	lookup(c)
	if reads() != 3 {
		t.Fatalf("a damaged file was used (%d reads)", reads())
	}
	old := client("run-3")
	old.now = func() time.Time { return time.Now().Add(catalogShareTTL + time.Minute) }
	lookup(old)
	if reads() != 4 {
		t.Fatalf("a catalog older than %v was used (%d reads)", catalogShareTTL, reads())
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "catalog-*.json")); len(files) == 0 {
		t.Fatal("no shared catalog file was written")
	}
}

func TestCatalogIsNotSharedWithoutAKey(t *testing.T) {
	t.Parallel()
	ts := emulator.NewTestServer(t, emulator.Options{})
	dir := t.TempDir()
	for range 2 {
		c, err := New(Config{BaseURL: ts.URL, Username: ts.AccountSID, Password: ts.AuthToken, CatalogShareDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := c.CatalogNetwork(context.Background(), attUS); err != nil {
			t.Fatal(err)
		}
	}
	if n := ts.Emulator.Counts()[emulator.RouteListNetworks]; n != 2 {
		t.Fatalf("%d reads, want one per client without a key", n)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "*")); len(files) != 0 {
		t.Fatalf("files written without a key: %v", files)
	}
}

// A prefetched catalog is the one later lookups use: one read in all.
func TestPrefetchedCatalogIsReadOnce(t *testing.T) {
	t.Parallel()
	c, emu := emulatorClient(t, emulator.Options{})
	slow := emu.InjectFault(emulator.Fault{Route: emulator.RouteListNetworks, Kind: emulator.FaultLatency, Latency: 300 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	c.PrefetchCatalog(ctx)
	for emu.FaultFired(slow) == 0 { // the read is in flight
		time.Sleep(5 * time.Millisecond)
	}
	cancel() // the call that started it ends; the read goes on
	for _, sid := range []string{attUS, eeGB} {
		if _, ok, err := c.CatalogNetwork(context.Background(), sid); err != nil || !ok {
			t.Fatalf("lookup %s: ok=%v err=%v", sid, ok, err)
		}
	}
	if n := emu.Counts()[emulator.RouteListNetworks]; n != 1 {
		t.Fatalf("%d catalog reads, want 1: the lookups did not wait for the prefetch", n)
	}
}

// Somebody else's catalog read never holds up a caller whose own context
// ends, as an interrupted plan's does.
func TestCatalogWaiterStopsWithItsOwnContext(t *testing.T) {
	t.Parallel()
	c, emu := emulatorClient(t, emulator.Options{})
	slow := emu.InjectFault(emulator.Fault{Route: emulator.RouteListNetworks, Kind: emulator.FaultLatency, Latency: 2 * time.Second})
	c.PrefetchCatalog(context.Background())
	for emu.FaultFired(slow) == 0 { // the prefetch is in flight
		time.Sleep(5 * time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, _, err := c.CatalogNetwork(ctx, attUS)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("lookup during another read = %v, want its own deadline", err)
	}
	if n := emu.Counts()[emulator.RouteListNetworks]; n != 1 {
		t.Fatalf("%d catalog reads, want only the prefetch's", n)
	}
}
