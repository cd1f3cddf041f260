package supersim

import (
	"context"
	"testing"

	"github.com/supersim-tf/terraform-provider-supersim/internal/emulator"
)

// Behind a proxy the API still names its public host in page URLs. A list
// longer than one page is read whole, every page from base_url.
func TestListsPageThroughAProxy(t *testing.T) {
	t.Parallel()
	c, emu := emulatorClient(t, emulator.Options{CatalogSize: 2500, PageURLOrigin: "https://supersim.twilio.com"})
	networks, err := c.ListNetworks(context.Background(), NetworkFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(networks) != 2500 {
		t.Fatalf("read %d networks, want the whole catalog of 2500", len(networks))
	}
	if n := emu.Counts()[emulator.RouteListNetworks]; n != 3 {
		t.Fatalf("%d list requests reached the API, want 3 pages", n)
	}
}
