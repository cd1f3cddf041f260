// Package supersim is a typed client for the Super SIM v1 API: the
// NetworkAccessProfiles, their Networks, the Networks catalog and Fleets.
//
// It knows nothing of Terraform. It owns everything that makes talking to the
// API safe: timeouts, retries that never repeat a create blindly, pagination
// that never sends credentials to another host, and path escaping.
package supersim

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"time"
)

// DefaultBaseURL is the Super SIM API. It exists only in the US1 region.
const DefaultBaseURL = "https://supersim.twilio.com"

// The environment variables that hold credentials and the API's address
// for every tool of this project (the provider, supersim-export). The
// TWILIO_ names are the ones Twilio's own tools read, so existing shells
// just work.
const (
	EnvAccountSID = "TWILIO_ACCOUNT_SID"
	EnvAuthToken  = "TWILIO_AUTH_TOKEN"
	EnvAPIKey     = "TWILIO_API_KEY"
	EnvAPISecret  = "TWILIO_API_SECRET"
	EnvBaseURL    = "SUPERSIM_BASE_URL"
)

// Defaults for Config fields left zero.
const (
	DefaultMaxRetries       = 8
	DefaultRequestTimeout   = 30 * time.Second
	DefaultMaxRetryDuration = 5 * time.Minute
	DefaultMaxRetryAfter    = 60 * time.Second
)

// Config holds what a Client needs. Username and Password are either an
// Account SID and its auth token, or an API key SID and its secret.
type Config struct {
	BaseURL  string
	Username string
	Password string

	// UserAgent is sent on every request; the provider puts its name and
	// version in it so the API owner can tell its traffic apart.
	UserAgent string

	// MaxRetries bounds how often one call is retried after a 429, a 5xx or
	// a connection failure. Zero means DefaultMaxRetries; negative means none.
	MaxRetries int
	// RequestTimeout bounds each attempt, from dial to the last body byte.
	RequestTimeout time.Duration
	// MaxRetryDuration bounds one call including all its retries and waits.
	MaxRetryDuration time.Duration
	// MaxRetryAfter caps how long a Retry-After header can make us wait.
	MaxRetryAfter time.Duration
	// BaseBackoff is the first backoff step; tests shorten it.
	BaseBackoff time.Duration

	// RootCAs, when set, replaces the system trust store (corporate proxies
	// that re-sign TLS). Verification itself is never turned off.
	RootCAs *x509.CertPool
	// Transport replaces the default keep-alive transport (tests).
	Transport http.RoundTripper
}

// Client talks to one Super SIM account. It is safe for concurrent use and
// meant to be shared: all resources of a provider use one connection pool.
type Client struct {
	base      *url.URL
	username  string
	password  string
	userAgent string

	maxRetries       int
	requestTimeout   time.Duration
	maxRetryDuration time.Duration
	maxRetryAfter    time.Duration
	baseBackoff      time.Duration

	http *http.Client

	// now and sleep are replaceable so retry tests run without waiting.
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error

	snapshots snapshotCache
	catalog   catalogCache
	apiClock  apiClock
	unusable  unusable
	created   createdSIDs
	profiles  directory[NetworkAccessProfile]
	fleets    directory[Fleet]
	names     nameBook
	window    window
	usage     usageReads
	simLists  simLists
}

// New checks the configuration and returns a client. It makes no request.
func New(cfg Config) (*Client, error) {
	base, err := ParseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if cfg.Username == "" || cfg.Password == "" {
		return nil, errors.New("supersim: credentials are required")
	}
	c := &Client{
		base:             base,
		username:         cfg.Username,
		password:         cfg.Password,
		userAgent:        cfg.UserAgent,
		maxRetries:       orDefault(cfg.MaxRetries, DefaultMaxRetries),
		requestTimeout:   orDefault(cfg.RequestTimeout, DefaultRequestTimeout),
		maxRetryDuration: orDefault(cfg.MaxRetryDuration, DefaultMaxRetryDuration),
		maxRetryAfter:    orDefault(cfg.MaxRetryAfter, DefaultMaxRetryAfter),
		baseBackoff:      orDefault(cfg.BaseBackoff, 500*time.Millisecond),
		now:              time.Now,
		sleep:            sleepContext,
	}
	if c.maxRetries < 0 {
		c.maxRetries = 0
	}
	if c.userAgent == "" {
		c.userAgent = "terraform-provider-supersim"
	}
	transport := cfg.Transport
	if transport == nil {
		transport = newTransport(cfg.RootCAs)
	}
	c.http = &http.Client{Transport: transport, CheckRedirect: c.checkRedirect}
	return c, nil
}

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// BaseURL is the API root requests go to, without a trailing slash.
func (c *Client) BaseURL() string { return c.base.String() }

// newTransport is a keep-alive pool sized for Terraform's default parallelism
// (10) with room to spare, so concurrent resources reuse connections instead
// of paying a TLS handshake each.
func newTransport(roots *x509.CertPool) *http.Transport {
	return &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		DialContext: (&net.Dialer{
			Timeout:   15 * time.Second,
			KeepAlive: 30 * time.Second,
		}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          64,
		MaxIdleConnsPerHost:   32,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   15 * time.Second,
		ExpectContinueTimeout: time.Second,
		TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: roots},
	}
}

// checkRedirect refuses to follow a redirect anywhere but the API's own
// scheme and host: the Authorization header must never reach another server.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if !c.sameOrigin(req.URL) {
		return fmt.Errorf("refusing to follow a redirect to %s://%s: credentials are only sent to %s", req.URL.Scheme, req.URL.Host, c.base)
	}
	if len(via) >= 3 {
		return errors.New("stopped after 3 redirects")
	}
	return nil
}

// sameOrigin compares scheme, host and port, with a scheme's default port
// written or not: https://supersim.twilio.com:443 is https://supersim.twilio.com.
func (c *Client) sameOrigin(u *url.URL) bool {
	return strings.EqualFold(u.Scheme, c.base.Scheme) && strings.EqualFold(u.Hostname(), c.base.Hostname()) &&
		effectivePort(u) == effectivePort(c.base)
}

func effectivePort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if strings.EqualFold(u.Scheme, "https") {
		return "443"
	}
	return "80"
}

// ParseBaseURL checks a base URL the way the provider documents it: https, or
// plain http only to a loopback host (the emulator); no path beyond "/", no
// query, no credentials. A trailing slash is accepted and dropped.
func ParseBaseURL(raw string) (*url.URL, error) {
	if raw == "" {
		raw = DefaultBaseURL
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("base URL %q is not a URL: %v", raw, err)
	}
	if u.Scheme != "https" && u.Scheme != "http" || u.Host == "" {
		return nil, fmt.Errorf("base URL %q must be an absolute http(s) URL such as %s", raw, DefaultBaseURL)
	}
	if u.Scheme == "http" && !IsLoopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("base URL %q uses plain http to a non-loopback host; use https (plain http is allowed only for 127.0.0.1, ::1 or localhost, where the emulator runs)", raw)
	}
	if u.User != nil {
		return nil, fmt.Errorf("base URL %q must not contain credentials; set them with account_sid/auth_token or api_key/api_secret", redactUserinfo(u))
	}
	if u.Path != "" && u.Path != "/" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("base URL %q must be only a scheme and host, such as %s: the /v1 paths are added by the provider", raw, DefaultBaseURL)
	}
	return &url.URL{Scheme: u.Scheme, Host: u.Host}, nil
}

func redactUserinfo(u *url.URL) string {
	c := *u
	c.User = url.User("REDACTED")
	return c.String()
}

// IsLoopbackHost reports whether host names this machine.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// pathOf joins path segments, escaping each so that a unique name holding
// "/", "?", "#", "%", spaces or non-ASCII stays one segment. PathEscape
// leaves dots alone, so a name of "." or ".." is escaped by hand: sent
// plain, servers and proxies clean it out of the path.
func pathOf(segments ...string) string {
	var b strings.Builder
	for _, s := range segments {
		b.WriteByte('/')
		switch s {
		case ".", "..":
			b.WriteString(strings.Repeat("%2E", len(s)))
		default:
			b.WriteString(url.PathEscape(s))
		}
	}
	return b.String()
}
