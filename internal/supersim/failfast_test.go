package supersim

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// failingTransport fails every request with err and counts them.
type failingTransport struct {
	err   error
	calls atomic.Int32
}

func (f *failingTransport) RoundTrip(*http.Request) (*http.Response, error) {
	f.calls.Add(1)
	return nil, f.err
}

func clientWithTransport(t *testing.T, rt http.RoundTripper, mutate ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{BaseURL: "https://supersim.example.test", Username: "AC00000000000000000000000000000001", Password: "s3cret", Transport: rt}
	for _, m := range mutate {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	c.sleep = func(ctx context.Context, d time.Duration) error { return ctx.Err() }
	return c
}

func TestPermanentFailuresAreNotRetriedAndFailLaterCallsAtOnce(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		err  error
		want []string
	}{
		"host does not resolve": {&net.DNSError{Err: "no such host", Name: "supersim.example.test", IsNotFound: true},
			[]string{"does not resolve", "check base_url", "https://supersim.example.test"}},
		"certificate not trusted": {&tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}},
			[]string{"not trusted", "ca_cert_file", "https://supersim.example.test"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rt := &failingTransport{err: tc.err}
			c := clientWithTransport(t, rt, func(cfg *Config) { cfg.MaxRetries = 8 })
			_, err := c.ListNetworks(context.Background(), NetworkFilter{})
			for _, w := range tc.want {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Fatalf("err = %v, want it to say %q", err, w)
				}
			}
			if rt.calls.Load() != 1 {
				t.Fatalf("%d attempts, want 1: no retry can fix this", rt.calls.Load())
			}
			_, err = c.FetchNetworkAccessProfile(context.Background(), "x")
			if !IsEarlierFailure(err) || rt.calls.Load() != 1 {
				t.Fatalf("the next call sent a request (%d in all) or did not point to the first failure: %v", rt.calls.Load(), err)
			}
		})
	}
}

func TestRefusedConnectionIsRetriedOnlyBriefly(t *testing.T) {
	t.Parallel()
	rt := &failingTransport{err: &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}}
	c := clientWithTransport(t, rt, func(cfg *Config) { cfg.MaxRetries = 50; cfg.MaxRetryDuration = time.Hour })
	clock := time.Now()
	c.now = func() time.Time { return clock }
	c.sleep = func(_ context.Context, d time.Duration) error { clock = clock.Add(d); return nil }
	start := clock
	_, err := c.ListNetworks(context.Background(), NetworkFilter{})
	if err == nil || !strings.Contains(err.Error(), "nothing accepts connections") {
		t.Fatalf("err = %v", err)
	}
	if spent := clock.Sub(start); spent < refusedBudget/2 || spent > 2*refusedBudget {
		t.Fatalf("retried a refused connection for %v, want about %v, not the whole retry budget", spent, refusedBudget)
	}
	calls := rt.calls.Load()
	if _, err := c.ListNetworks(context.Background(), NetworkFilter{}); !IsEarlierFailure(err) || rt.calls.Load() != calls {
		t.Fatalf("the next call was sent again: %v", err)
	}
}

// With a wrong token, Terraform's ten parallel operations send at most ten
// requests, those in flight before the first answer; every other call of
// the run fails at once.
func TestRefusedCredentialsStopTheRun(t *testing.T) {
	t.Parallel()
	var requests atomic.Int32
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		twilioError(w, 401, 20003, "Authenticate")
	})
	const parallelism, calls = 10, 100
	slots := make(chan struct{}, parallelism)
	var wg sync.WaitGroup
	errs := make(chan error, calls)
	for range calls {
		wg.Add(1)
		slots <- struct{}{}
		go func() {
			defer func() { <-slots; wg.Done() }()
			_, err := c.FetchNetwork(context.Background(), "HW00000000000000000000000000000001")
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if !IsUnauthorized(err) {
			t.Fatalf("err = %v, want every call to report the refused credentials", err)
		}
	}
	if n := requests.Load(); n > parallelism {
		t.Fatalf("%d calls at parallelism %d sent %d requests, want at most %d", calls, parallelism, n, parallelism)
	}
}

// max_retry_duration bounds the whole call, the time inside a slow attempt
// included, not only the waits between attempts.
func TestMaxRetryDurationBoundsTimeInsideAnAttempt(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}, func(cfg *Config) {
		cfg.RequestTimeout = 30 * time.Second
		cfg.MaxRetryDuration = 300 * time.Millisecond
	})
	start := time.Now()
	_, err := c.FetchNetwork(context.Background(), "HW00000000000000000000000000000001")
	if took := time.Since(start); took > 3*time.Second {
		t.Fatalf("took %v with max_retry_duration 300ms", took)
	}
	if err == nil || !strings.Contains(err.Error(), "max retry duration 300ms") || errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}

func TestRealUntrustedCertificateIsRecognised(t *testing.T) {
	t.Parallel()
	srv := httptest.NewTLSServer(http.NotFoundHandler())
	t.Cleanup(srv.Close)
	c, err := New(Config{BaseURL: srv.URL, Username: "u", Password: "p", MaxRetries: 5})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListNetworks(context.Background(), NetworkFilter{})
	if err == nil || !strings.Contains(err.Error(), "ca_cert_file") || c.unusable.err() == nil {
		t.Fatalf("err = %v, want the untrusted certificate named with ca_cert_file", err)
	}
}

// flakyTransport answers through next until fail is set, then fails every
// request with err, and counts every request.
type flakyTransport struct {
	next  http.RoundTripper
	fail  atomic.Bool
	err   error
	calls atomic.Int32
}

func (f *flakyTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	f.calls.Add(1)
	if f.fail.Load() {
		return nil, f.err
	}
	return f.next.RoundTrip(r)
}

// Once the API has answered, base_url is proven right: a refused
// connection or a host that stops resolving is a proxy restarting or a
// resolver hiccup, retried within max_retries like any transient failure,
// and it does not stop the run.
func TestOnceReachedConnectionFailuresAreRetried(t *testing.T) {
	t.Parallel()
	for name, failure := range map[string]error{
		"refused":            &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED},
		"host not resolving": &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: "supersim.example.test", IsNotFound: true}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, 200, map[string]any{"sid": "HW00000000000000000000000000000001"})
			}))
			t.Cleanup(srv.Close)
			rt := &flakyTransport{next: http.DefaultTransport, err: failure}
			c, err := New(Config{BaseURL: srv.URL, Username: "u", Password: "p", Transport: rt, MaxRetries: 8, MaxRetryDuration: time.Hour})
			if err != nil {
				t.Fatal(err)
			}
			clock := time.Now()
			c.now = func() time.Time { return clock }
			// The outage lasts 10 s of backoff, far beyond the 4 s budget
			// of an API never reached.
			c.sleep = func(_ context.Context, d time.Duration) error {
				clock = clock.Add(d)
				if time.Until(clock) > 10*time.Second {
					rt.fail.Store(false)
				}
				return nil
			}
			if _, err := c.FetchNetwork(context.Background(), "HW00000000000000000000000000000001"); err != nil {
				t.Fatal(err)
			}
			rt.fail.Store(true)
			if _, err := c.FetchNetwork(context.Background(), "HW00000000000000000000000000000001"); err != nil {
				t.Fatalf("err = %v, want the call to ride out the outage", err)
			}
			if c.unusable.err() != nil {
				t.Fatalf("the outage made the API unusable: %v", c.unusable.err())
			}
		})
	}
}

// A lookup that decides whether a write landed is sent even after another
// call found the API unusable: it is the only way to record what the write
// made.
func TestOutcomeLookupsAreNotStoppedByTheFailFastState(t *testing.T) {
	t.Parallel()
	var requests atomic.Int32
	c, _ := newTestClient(t, func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		writeJSON(w, 200, map[string]any{"sid": "HA00000000000000000000000000000001"})
	})
	_ = c.unusable.record(errors.New("an earlier failure"))
	if _, err := c.FetchNetworkAccessProfile(context.Background(), "x"); !IsEarlierFailure(err) {
		t.Fatalf("err = %v, want an ordinary call stopped", err)
	}
	found, _, err := lookUp(context.Background(), func(ctx context.Context) (*NetworkAccessProfile, bool, error) {
		nap, err := c.FetchNetworkAccessProfile(ctx, "x")
		return nap, err == nil, err
	})
	if err != nil || found == nil || requests.Load() != 1 {
		t.Fatalf("lookup = %v, %v after %d requests; want it sent", found, err, requests.Load())
	}
}

// base_url with the other scheme than the server speaks: no retry helps,
// the error names base_url and its scheme, and the run stops.
func TestSchemeMismatchFailsAtOnce(t *testing.T) {
	t.Parallel()
	for name, serverTLS := range map[string]bool{"https to plain http": false, "http to https": true} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var conns atomic.Int32
			srv := httptest.NewUnstartedServer(http.NotFoundHandler())
			srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
				if s == http.StateNew {
					conns.Add(1)
				}
			}
			var base string
			if serverTLS {
				srv.StartTLS()
				base = strings.Replace(srv.URL, "https://", "http://", 1)
			} else {
				srv.Start()
				base = strings.Replace(srv.URL, "http://", "https://", 1)
			}
			t.Cleanup(srv.Close)
			c, err := New(Config{BaseURL: base, Username: "u", Password: "p", MaxRetries: 8})
			if err != nil {
				t.Fatal(err)
			}
			c.sleep = func(ctx context.Context, d time.Duration) error { return ctx.Err() }
			_, err = c.ListNetworks(context.Background(), NetworkFilter{})
			if err == nil || !strings.Contains(err.Error(), "check the scheme of base_url") || !strings.Contains(err.Error(), base) {
				t.Fatalf("err = %v, want base_url and its scheme named", err)
			}
			if n := conns.Load(); n != 1 {
				t.Fatalf("%d connections, want 1: no retry can fix this", n)
			}
			if _, err := c.FetchNetwork(context.Background(), "HW00000000000000000000000000000001"); !IsEarlierFailure(err) {
				t.Fatalf("err = %v, want the next call stopped", err)
			}
		})
	}
}
