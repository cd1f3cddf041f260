package supersim

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/supersim-tf/terraform-provider-supersim/internal/emulator"
)

func answer(status int, accountInFlight int, body string) *response {
	h := http.Header{"Content-Type": {"application/json"}}
	if accountInFlight > 0 {
		h.Set(concurrentRequestsHeader, fmt.Sprint(accountInFlight))
	}
	return &response{status: status, header: h, body: []byte(body)}
}

var refusedForConcurrency = `{"code":20429,"message":"Too Many Requests","more_info":"","status":429}`

func TestWindowHalvesOncePerRefusalAndGrowsBack(t *testing.T) {
	t.Parallel()
	var w window
	ctx := context.Background()
	var slots []slot
	for range 8 {
		s, err := w.acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		slots = append(slots, s)
	}
	// Three refusals of requests sent together halve the window once.
	for _, s := range slots[:3] {
		w.release(s, answer(429, 0, refusedForConcurrency))
	}
	if w.size != 4 {
		t.Fatalf("window %v after refusals of one flight of 8, want 4", w.size)
	}
	for _, s := range slots[3:] {
		w.release(s, answer(200, 0, "{}"))
	}
	if w.size <= 4 || w.size > 6 {
		t.Fatalf("window %v after 5 answers, want it grown by about one", w.size)
	}
	// A 429 that is not about concurrency leaves the window alone.
	s, _ := w.acquire(ctx)
	before := w.size
	w.release(s, answer(429, 0, `{"code":20001,"message":"other","status":429}`))
	if w.size != before {
		t.Fatalf("window %v after another kind of 429, want %v", w.size, before)
	}
}

// Where the API reports the account's requests in flight, the window does
// not grow while the account is where it last refused one.
func TestWindowHoldsAtTheReportedLimit(t *testing.T) {
	t.Parallel()
	var w window
	ctx := context.Background()
	a, _ := w.acquire(ctx)
	b, _ := w.acquire(ctx)
	w.release(a, answer(429, 5, refusedForConcurrency)) // refused at 5: the limit is 4
	size := w.size
	w.release(b, answer(200, 4, "{}"))
	if w.size != size {
		t.Fatalf("window grew from %v to %v with the account at its limit", size, w.size)
	}
	c, _ := w.acquire(ctx)
	w.release(c, answer(200, 2, "{}"))
	if w.size <= size {
		t.Fatalf("window %v did not grow with the account below its limit", w.size)
	}
}

// A full window holds the next request until a place frees, and a cancel
// ends the wait.
func TestWindowWaitsForAPlace(t *testing.T) {
	t.Parallel()
	w := window{size: 1, freed: make(chan struct{})}
	ctx := context.Background()
	first, _ := w.acquire(ctx)
	got := make(chan error, 1)
	go func() {
		s, err := w.acquire(ctx)
		if err == nil {
			w.release(s, answer(200, 0, "{}"))
		}
		got <- err
	}()
	select {
	case err := <-got:
		t.Fatalf("a second request got into a window of 1 (%v)", err)
	case <-time.After(50 * time.Millisecond):
	}
	w.release(first, answer(200, 0, "{}"))
	if err := <-got; err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	w.size = 1 // the answers above grew it
	held, _ := w.acquire(ctx)
	cancel()
	if _, err := w.acquire(cancelled); err == nil {
		t.Fatal("a cancelled wait got a place")
	}
	w.release(held, nil)
}

// Two clients of one account whose limit is 4 requests in flight, each
// sending 30 creates 10 at a time: all of them succeed, within the retries.
func TestTwoClientsShareAnAccountsConcurrencyLimit(t *testing.T) {
	t.Parallel()
	ts := emulator.NewTestServer(t, emulator.Options{ConcurrencyLimit: 4})
	ts.Emulator.InjectFault(emulator.Fault{Kind: emulator.FaultLatency, Latency: 20 * time.Millisecond})
	var wg sync.WaitGroup
	errs := make(chan error, 60)
	for pipeline := range 2 {
		c, err := New(Config{BaseURL: ts.URL, Username: ts.AccountSID, Password: ts.AuthToken})
		if err != nil {
			t.Fatal(err)
		}
		slots := make(chan struct{}, 10)
		for i := range 30 {
			slots <- struct{}{}
			wg.Go(func() {
				defer func() { <-slots }()
				_, err := c.CreateNetworkAccessProfile(context.Background(), CreateNetworkAccessProfileParams{UniqueName: fmt.Sprintf("p%d-%02d", pipeline, i)})
				errs <- err
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := len(ts.Emulator.NetworkAccessProfiles()); n != 60 {
		t.Fatalf("%d profiles, want 60", n)
	}
	t.Logf("%d requests refused for concurrency", ts.Emulator.RefusedForConcurrency())
}
