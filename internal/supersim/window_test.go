package supersim

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
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

// Each refusal takes one place off the window, down from what was in
// flight: a flight of 8 of which 3 are refused leaves a window of 5, the
// 5 the account took. Answers grow it back gently.
func TestWindowShrinksByTheRefusalsAndGrowsBack(t *testing.T) {
	t.Parallel()
	var w window
	ctx := context.Background()
	for range 8 {
		if err := w.acquire(ctx); err != nil {
			t.Fatal(err)
		}
	}
	for range 3 {
		w.release(answer(429, 0, refusedForConcurrency))
	}
	if w.size != 5 {
		t.Fatalf("window %v after 3 refusals in a flight of 8, want 5", w.size)
	}
	for range 5 {
		w.release(answer(200, 0, "{}"))
	}
	if w.size <= 5 || w.size > 6.5 {
		t.Fatalf("window %v after 5 answers, want it grown by about one", w.size)
	}
	// A 429 that is not about concurrency leaves the window alone.
	_ = w.acquire(ctx)
	before := w.size
	w.release(answer(429, 0, `{"code":20001,"message":"other","status":429}`))
	if w.size != before {
		t.Fatalf("window %v after another kind of 429, want %v", w.size, before)
	}
}

// A refusal that leaves nothing of this client in flight pauses the whole
// window, so that one request tries again, not every waiting one at once;
// an answer ends the run of pauses.
func TestWindowPausesWhenNothingPacesIt(t *testing.T) {
	t.Parallel()
	var w window
	ctx := context.Background()
	_ = w.acquire(ctx)
	w.release(answer(429, 0, refusedForConcurrency))
	start := time.Now()
	if err := w.acquire(ctx); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < idlePause/2 {
		t.Fatalf("the next request went out after %v, want a pause of about %v", waited, idlePause)
	}
	w.release(answer(200, 0, "{}"))
	start = time.Now()
	_ = w.acquire(ctx)
	if waited := time.Since(start); waited > idlePause/4 {
		t.Fatalf("a request after an answer waited %v", waited)
	}
	w.release(nil)
}

// A refused request is held until another request of the client is
// answered, which is when the account has room again.
func TestRefusedRequestWaitsForAnAnswer(t *testing.T) {
	t.Parallel()
	var w window
	ctx := context.Background()
	_ = w.acquire(ctx)
	_ = w.acquire(ctx)
	answered := w.release(answer(429, 0, refusedForConcurrency))
	got := make(chan bool, 1)
	go func() {
		paced, _ := w.awaitAnswer(ctx, answered)
		got <- paced
	}()
	select {
	case <-got:
		t.Fatal("the refused request went on before any answer")
	case <-time.After(50 * time.Millisecond):
	}
	w.release(answer(200, 0, "{}"))
	if paced := <-got; !paced {
		t.Fatal("the answer did not pace the refused request")
	}
	// With nothing in flight there is no answer to wait for.
	if paced, err := w.awaitAnswer(ctx, w.answered); paced || err != nil {
		t.Fatalf("awaitAnswer with nothing in flight = %v, %v", paced, err)
	}
}

// Where the API reports the account's requests in flight, the window does
// not grow while the account is where it last refused one.
func TestWindowHoldsAtTheReportedLimit(t *testing.T) {
	t.Parallel()
	var w window
	ctx := context.Background()
	_ = w.acquire(ctx)
	_ = w.acquire(ctx)
	w.release(answer(429, 5, refusedForConcurrency)) // refused at 5: the limit is 4
	size := w.size
	w.release(answer(200, 4, "{}"))
	if w.size != size {
		t.Fatalf("window grew from %v to %v with the account at its limit", size, w.size)
	}
	w.size = 2 // room for the two requests below
	size = w.size
	_ = w.acquire(ctx)
	_ = w.acquire(ctx)
	w.release(answer(200, 2, "{}"))
	if w.size <= size || w.size > size+1 {
		t.Fatalf("window %v, want it grown a little from %v with the account below its limit", w.size, size)
	}
	// The account had nothing else in flight: the other client is done,
	// and the whole limit is ours at once.
	w.size = 1
	w.release(answer(200, 1, "{}"))
	if w.size != 4 {
		t.Fatalf("window %v with the account otherwise idle, want its limit of 4", w.size)
	}
}

// A full window holds the next request until a place frees, and a cancel
// ends the wait.
func TestWindowWaitsForAPlace(t *testing.T) {
	t.Parallel()
	w := window{size: 1, freed: make(chan struct{})}
	ctx := context.Background()
	_ = w.acquire(ctx)
	got := make(chan error, 1)
	go func() {
		err := w.acquire(ctx)
		if err == nil {
			w.release(answer(200, 0, "{}"))
		}
		got <- err
	}()
	select {
	case err := <-got:
		t.Fatalf("a second request got into a window of 1 (%v)", err)
	case <-time.After(50 * time.Millisecond):
	}
	w.release(answer(200, 0, "{}"))
	if err := <-got; err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	w.size = 1 // the answers above grew it
	_ = w.acquire(ctx)
	cancel()
	if err := w.acquire(cancelled); err == nil {
		t.Fatal("a cancelled wait got a place")
	}
	w.release(nil)
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

// An account that refuses every request for its concurrency, with nothing
// of this client answered between the refusals, is not flow control but a
// full account: the retries count toward max_retries as any 429's do.
func TestRefusalsWithoutProgressCountAsRetries(t *testing.T) {
	t.Parallel()
	var requests atomic.Int32
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		twilioError(w, 429, 20429, "Too Many Requests")
	}, func(cfg *Config) { cfg.MaxRetries = 2 })
	_, err := c.FetchNetworkAccessProfile(context.Background(), "x")
	if !IsRateLimited(err) || requests.Load() != 3 {
		t.Fatalf("err = %v after %d requests, want the 429 after 3", err, requests.Load())
	}
}
