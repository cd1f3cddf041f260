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
