package emulator

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Default credentials used when Options leaves them empty. They are public
// knowledge, which is fine for in-process tests; the standalone command
// generates a random token instead so a laptop instance is not open with a
// known password.
const (
	DefaultAccountSID = "AC0123456789abcdef0123456789abcdef"
	DefaultAuthToken  = "feedfacecafebeef0123456789abcdef"
	// DefaultMaxBodyBytes mirrors the 1 MiB cap real APIs put on form bodies
	// so clients that build huge requests fail in tests too.
	DefaultMaxBodyBytes int64 = 1 << 20
)

// Options configures an Emulator. The zero value is usable: default
// credentials, the seeded catalog, seed 0, the wall clock.
type Options struct {
	// AccountSID and AuthToken are the primary Basic-auth credentials.
	AccountSID string
	AuthToken  string
	// APIKeySID and APIKeySecret, when both set, are a second accepted
	// credential pair, as an API key (SK…) of the account would be.
	APIKeySID    string
	APIKeySecret string
	// CatalogSize, when larger than the built-in list of real operators,
	// pads the Networks catalog with generated networks so scale tests can
	// page through thousands of entries. It is capped at the seed size plus
	// MaxGeneratedNetworks.
	CatalogSize int
	// Seed makes SIDs and probabilistic faults reproducible between runs.
	Seed int64
	// Now supplies timestamps; tests inject a fake clock to assert
	// date_created / date_updated exactly. Results are truncated to whole
	// seconds in UTC, as the API reports them.
	Now func() time.Time
	// MaxBodyBytes limits request bodies (413 beyond); 0 means
	// DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// Logger, when set, receives one line per request. Nil keeps tests quiet.
	Logger *slog.Logger
	// IdempotentNetworkAdd makes adding a network that a NAP already allows
	// answer 201 with the existing entry, as an idempotent API would,
	// instead of the default 409. Clients must cope with both.
	IdempotentNetworkAdd bool
	// ConcurrencyLimit, when above zero, is how many API requests the
	// account may have in flight: one more is refused with a 429 (code
	// 20429) without Retry-After, as the API refuses an account that sends
	// too many concurrent requests. Every API answer carries the account's
	// count of requests in flight in Twilio-Concurrent-Requests either way.
	ConcurrencyLimit int
	// PageURLOrigin, when set (scheme and host, such as
	// "https://supersim.twilio.com"), is the origin written in list page
	// URLs (meta.url, first_page_url, next_page_url, previous_page_url)
	// instead of the one requested. The API names its public host there,
	// so a client that reaches it through a proxy, or by an address with
	// an explicit port, sees another origin than the one it called.
	PageURLOrigin string
}

// Emulator is an http.Handler serving the emulated API plus the Go API that
// tests use to inspect and change state out of band. It is safe for
// concurrent use.
type Emulator struct {
	opts    Options
	catalog *catalog
	mux     *http.ServeMux
	// notFound answers paths ServeMux would redirect instead of serving.
	notFound http.Handler

	// mu guards all resource state below. One lock keeps multi-resource
	// invariants (a Fleet's NAP exists, names are unique) trivially atomic.
	mu         sync.Mutex
	sidCounter uint64
	naps       napStore
	fleets     fleetStore
	sims       simStore
	usage      []UsageEvent // in the order seeded

	instr instrumentation

	// inFlight counts the API requests being served, for the
	// Twilio-Concurrent-Requests header and ConcurrencyLimit.
	inFlight atomic.Int64

	// listeners are those made by Listen, which outages act on.
	listenersMu sync.Mutex
	listeners   []*outageListener
}

// New builds an Emulator; it never fails so tests can construct one inline.
func New(opts Options) *Emulator {
	opts = withDefaults(opts)
	e := &Emulator{
		opts:    opts,
		catalog: buildCatalog(opts.CatalogSize),
		naps:    newNAPStore(),
		fleets:  newFleetStore(),
		sims:    newSimStore(),
		instr:   newInstrumentation(rand.New(rand.NewPCG(uint64(opts.Seed), 0x5eed))),
	}
	e.mux = e.registerRoutes()
	e.notFound = e.plainHandler(RouteUnknown, true, notFoundPath)
	return e
}

func withDefaults(opts Options) Options {
	if opts.AccountSID == "" {
		opts.AccountSID = DefaultAccountSID
	}
	if opts.AuthToken == "" {
		opts.AuthToken = DefaultAuthToken
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return opts
}

// AccountSID is the account every resource reports in account_sid.
func (e *Emulator) AccountSID() string { return e.opts.AccountSID }

// now reads the injected clock in the API's precision. Callers hold e.mu, so
// a fake clock need not be safe for concurrent use.
func (e *Emulator) now() time.Time {
	return e.opts.Now().UTC().Truncate(time.Second)
}

// dateHeader is the HTTP Date of an answer, from the emulator's own clock as
// a real API's comes from its servers': clients may use it to compare their
// clock with the API's, so a skewed test clock must show in it too.
func (e *Emulator) dateHeader() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now().Format(http.TimeFormat)
}

// ServeHTTP is the single entry point so every request, routed or not, goes
// through panic recovery, path canonicalisation and optional logging.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if e.opts.Logger != nil {
		sw := &statusWriter{ResponseWriter: w}
		start := time.Now()
		defer func() { e.logRequest(r, sw.status, time.Since(start)) }()
		w = sw
	}
	defer recoverToTwilioError(w, e.opts.Logger)
	w.Header().Set("Date", e.dateHeader())
	if r.Method == http.MethodConnect || !isCleanPath(r.URL.EscapedPath()) {
		// ServeMux would answer these with a plain-text redirect; the API
		// knows no such paths, so they get the JSON 404 like any unknown path.
		e.notFound.ServeHTTP(w, r)
		return
	}
	e.mux.ServeHTTP(w, r)
}

// isCleanPath reports whether ServeMux would serve p as is rather than
// redirect to a cleaned form (dot segments, doubled slashes).
func isCleanPath(p string) bool {
	if p == "" || p[0] != '/' {
		return false
	}
	cleaned := path.Clean(p)
	if strings.HasSuffix(p, "/") && cleaned != "/" {
		cleaned += "/"
	}
	return cleaned == p
}

// operationHandler wraps a real API operation: count, authenticate, limit
// the body, then let the fault plan decide whether and how to run it.
func (e *Emulator) operationHandler(rt routeSpec) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.instr.count(rt.key)
		if !e.authenticate(w, r) {
			return
		}
		if !e.admit(w) {
			return
		}
		defer e.inFlight.Add(-1)
		e.limitBody(w, r)
		e.serveWithFaults(rt, w, r)
	})
}

// plainHandler wraps routes that only answer errors (405, 404): counted and
// authenticated like everything else, but never faulted.
func (e *Emulator) plainHandler(key string, counted bool, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if counted {
			e.instr.count(key)
		}
		if !e.authenticate(w, r) {
			return
		}
		h(w, r)
	})
}

// controlHandler wraps /_emulator routes: authenticated, but not counted so
// that reading the counters does not change them.
func (e *Emulator) controlHandler(h func(*Emulator, http.ResponseWriter, *http.Request)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !e.authenticate(w, r) {
			return
		}
		e.limitBody(w, r)
		h(e, w, r)
	})
}

// admit counts a request in flight and refuses it when the account is over
// ConcurrencyLimit. The header says how many are in flight, this one
// included, as the API's does.
func (e *Emulator) admit(w http.ResponseWriter) bool {
	n := e.inFlight.Add(1)
	w.Header().Set("Twilio-Concurrent-Requests", strconv.FormatInt(n, 10))
	if limit := e.opts.ConcurrencyLimit; limit > 0 && n > int64(limit) {
		e.inFlight.Add(-1)
		e.instr.countRefused()
		writeError(w, errInjectedStatus(http.StatusTooManyRequests))
		return false
	}
	return true
}

func (e *Emulator) limitBody(w http.ResponseWriter, r *http.Request) {
	if r.Body == nil {
		r.Body = http.NoBody
	}
	r.Body = http.MaxBytesReader(w, r.Body, e.opts.MaxBodyBytes)
}

// serveWithFaults runs the handler into a buffer so a DropAfterApply fault
// can apply the change and then discard the response.
func (e *Emulator) serveWithFaults(rt routeSpec, w http.ResponseWriter, r *http.Request) {
	bufferBody(r)
	plan := e.instr.planFaults(rt.key, rt.api)
	if plan.outage > 0 {
		// The outage starts once this request is done with, whatever the
		// fault did to it. Its own connection closes after the answer, if
		// there is one, so that the answer still arrives whole.
		w.Header().Set("Connection", "close")
		defer func() {
			if err := e.startOutage(plan.outage, r.RemoteAddr); err != nil && e.opts.Logger != nil {
				e.opts.Logger.Error("outage fault", "error", err)
			}
		}()
	}
	if plan.latency > 0 && !sleepContext(r.Context(), plan.latency) {
		// Either the client gave up (the write goes nowhere) or the server
		// is shutting down; never let net/http turn this into an empty 200.
		writeError(w, errInjectedStatus(http.StatusServiceUnavailable))
		return
	}
	if plan.applyLate > 0 {
		// Deliberately deaf to the client hanging up: the write is on its
		// way and lands anyway.
		time.Sleep(plan.applyLate)
	}
	switch plan.action.Kind {
	case FaultStatus:
		if plan.action.RetryAfter != "" {
			w.Header().Set("Retry-After", plan.action.RetryAfter)
		}
		writeError(w, errInjectedStatus(plan.action.Status))
		return
	case FaultResetBeforeApply:
		abortConnection(w)
		return
	}
	buf := newBufferedResponse()
	rt.serve(e, buf, r)
	switch plan.action.Kind {
	case FaultDropAfterApply:
		abortConnection(w)
		return
	case FaultStatusAfterApply:
		writeError(w, errInjectedStatus(plan.action.Status))
		return
	}
	if plan.answerDelay > 0 && !sleepContext(r.Context(), plan.answerDelay) {
		// The client gave up after the change was applied: it will never
		// hear that it landed, which is the point of this fault.
		return
	}
	buf.flushTo(w)
}

// bufferBody reads the (size-limited) body before any fault acts. Besides
// giving handlers a body that cannot fail halfway, reaching EOF is what lets
// net/http watch the connection and cancel r.Context() when the client
// hangs up, so an injected delay ends as soon as the client gives up.
func bufferBody(r *http.Request) {
	data, err := io.ReadAll(r.Body)
	r.Body = &replayBody{Reader: bytes.NewReader(data), err: err}
}

// replayBody serves buffered bytes, then the read error (e.g. the 413
// MaxBytesError) that ended buffering, so handlers see what they would
// have seen reading the wire.
type replayBody struct {
	*bytes.Reader
	err error
}

func (b *replayBody) Read(p []byte) (int, error) {
	n, err := b.Reader.Read(p)
	if err == io.EOF && b.err != nil {
		return n, b.err
	}
	return n, err
}

func (b *replayBody) Close() error { return nil }

// sleepContext waits d unless ctx ends first; it reports whether the full
// delay elapsed.
func sleepContext(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func (e *Emulator) logRequest(r *http.Request, status int, elapsed time.Duration) {
	outcome := any(status)
	if status == 0 {
		outcome = "none (connection aborted)"
	}
	e.opts.Logger.Info("request",
		"method", r.Method,
		"path", r.URL.EscapedPath(),
		"status", outcome,
		"duration", elapsed.Round(time.Microsecond).String())
}
