package provider

import (
	"crypto/x509"
	"fmt"
	"os"
	"regexp"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

// Environment variables the provider block falls back to.
const (
	envAccountSID = supersim.EnvAccountSID
	envAuthToken  = supersim.EnvAuthToken
	envAPIKey     = supersim.EnvAPIKey
	envAPISecret  = supersim.EnvAPISecret
	envBaseURL    = supersim.EnvBaseURL
)

// env abstracts the process environment so that configuration rules can be
// tested without touching it.
type env interface {
	Lookup(name string) string
}

type osEnv struct{}

func (osEnv) Lookup(name string) string { return os.Getenv(name) }

// setting is one resolved value and where it came from, so that an error can
// point at the attribute or the environment variable the user actually set.
type setting struct {
	value     string
	attribute string
	envVar    string
	fromEnv   bool
}

func (s setting) set() bool { return s.value != "" }

// source names where the value came from, for error messages.
func (s setting) source() string {
	if s.fromEnv {
		return "the " + s.envVar + " environment variable"
	}
	return s.attribute
}

func resolve(attr string, v interface {
	IsNull() bool
	ValueString() string
}, envVar string, e env) setting {
	s := setting{attribute: attr, envVar: envVar}
	if !v.IsNull() {
		s.value = v.ValueString()
		return s
	}
	if envVar != "" {
		if val := e.Lookup(envVar); val != "" {
			s.value, s.fromEnv = val, true
		}
	}
	return s
}

// settings is the provider configuration after environment fallbacks and
// validation.
type settings struct {
	baseURL          string
	username         string
	password         string
	authKind         string
	maxRetries       int
	requestTimeout   time.Duration
	maxRetryDuration time.Duration
	rootCAs          *x509.CertPool
	// impactLookback is the usage window of the impact warnings; zero
	// turns them off.
	impactLookback time.Duration
}

// defaultImpactLookback is a week: long enough to see devices that report
// daily, short enough that the SIMs seen are still in the field.
const defaultImpactLookback = 7 * 24 * time.Hour

func (s settings) secrets() []string { return []string{s.password} }

func (s settings) clientConfig(providerVersion, terraformVersion string) supersim.Config {
	ua := fmt.Sprintf("terraform-provider-supersim/%s (+https://registry.terraform.io/providers/supersim-tf/supersim)", providerVersion)
	if terraformVersion != "" {
		ua += " Terraform/" + terraformVersion
	}
	retries := s.maxRetries
	if retries == 0 {
		retries = -1 // the client reads 0 as "default"; the user asked for none
	}
	return supersim.Config{
		BaseURL:          s.baseURL,
		Username:         s.username,
		Password:         s.password,
		UserAgent:        ua,
		MaxRetries:       retries,
		RequestTimeout:   s.requestTimeout,
		MaxRetryDuration: s.maxRetryDuration,
		RootCAs:          s.rootCAs,
	}
}

var (
	accountSIDRe = regexp.MustCompile(supersim.AccountSIDPattern)
	apiKeyRe     = regexp.MustCompile(supersim.APIKeySIDPattern)
)

// resolveSettings applies the environment fallbacks and the rules of the
// provider block. Every error names the attribute and its environment
// variable, and never shows a secret.
func resolveSettings(cfg providerModel, e env) (settings, diag.Diagnostics) {
	var diags diag.Diagnostics
	out := settings{
		maxRetries:       supersim.DefaultMaxRetries,
		requestTimeout:   supersim.DefaultRequestTimeout,
		maxRetryDuration: supersim.DefaultMaxRetryDuration,
		impactLookback:   defaultImpactLookback,
	}

	accountSID := resolve("account_sid", cfg.AccountSID, envAccountSID, e)
	authToken := resolve("auth_token", cfg.AuthToken, envAuthToken, e)
	apiKey := resolve("api_key", cfg.APIKey, envAPIKey, e)
	apiSecret := resolve("api_secret", cfg.APISecret, envAPISecret, e)

	checkSID(&diags, accountSID, accountSIDRe, supersim.AccountSIDPattern)
	checkSID(&diags, apiKey, apiKeyRe, supersim.APIKeySIDPattern)

	switch {
	case apiKey.set() && apiSecret.set():
		out.username, out.password, out.authKind = apiKey.value, apiSecret.value, "api_key"
	case apiKey.set() || apiSecret.set():
		missingPartner(&diags, apiKey, apiSecret)
	case accountSID.set() && authToken.set():
		out.username, out.password, out.authKind = accountSID.value, authToken.value, "auth_token"
	case accountSID.set() || authToken.set():
		missingPartner(&diags, accountSID, authToken)
	default:
		diags.AddError("Missing Super SIM credentials",
			fmt.Sprintf("Set account_sid and auth_token (or the %s and %s environment variables), "+
				"or api_key and api_secret (or %s and %s), in the provider \"supersim\" block.",
				envAccountSID, envAuthToken, envAPIKey, envAPISecret))
	}

	baseURL := resolve("base_url", cfg.BaseURL, envBaseURL, e)
	if baseURL.set() {
		if _, err := supersim.ParseBaseURL(baseURL.value); err != nil {
			diags.AddAttributeError(path.Root("base_url"), "Invalid base_url",
				fmt.Sprintf("%s (set by %s).", err, baseURL.source()))
		}
		out.baseURL = baseURL.value
	}

	if !cfg.MaxRetries.IsNull() {
		out.maxRetries = int(cfg.MaxRetries.ValueInt64())
	}
	if d, ok := parseDuration(cfg.RequestTimeout); ok {
		out.requestTimeout = d
	}
	if d, ok := parseDuration(cfg.MaxRetryDuration); ok {
		out.maxRetryDuration = d
	}
	if !cfg.ImpactLookback.IsNull() {
		if d, err := time.ParseDuration(cfg.ImpactLookback.ValueString()); err == nil && d >= 0 {
			out.impactLookback = d
		}
	}
	if !cfg.CACertFile.IsNull() {
		pool, err := loadCAFile(cfg.CACertFile.ValueString())
		if err != nil {
			diags.AddAttributeError(path.Root("ca_cert_file"), "Invalid ca_cert_file", err.Error())
		}
		out.rootCAs = pool
	}
	return out, diags
}

func checkSID(diags *diag.Diagnostics, s setting, re *regexp.Regexp, pattern string) {
	// Values from the provider block were checked by the schema's
	// validators already; only environment values are left to check.
	if !s.fromEnv || re.MatchString(s.value) {
		return
	}
	diags.AddAttributeError(path.Root(s.attribute), "Invalid "+s.attribute,
		fmt.Sprintf("%s is %q, which does not match %s. Set %s (or the %s environment variable) to the SID shown in the Twilio Console.",
			s.source(), s.value, pattern, s.attribute, s.envVar))
}

// missingPartner reports a credential pair of which only one half is set.
func missingPartner(diags *diag.Diagnostics, a, b setting) {
	present, missing := a, b
	if !a.set() {
		present, missing = b, a
	}
	diags.AddAttributeError(path.Root(missing.attribute), "Incomplete Super SIM credentials",
		fmt.Sprintf("%s is set by %s, but %s is not. Set %s in the provider block or the %s environment variable, or remove %s.",
			present.attribute, present.source(), missing.attribute, missing.attribute, missing.envVar, present.attribute))
}

func parseDuration(v interface {
	IsNull() bool
	ValueString() string
}) (time.Duration, bool) {
	if v.IsNull() {
		return 0, false
	}
	d, err := time.ParseDuration(v.ValueString())
	return d, err == nil && d > 0
}

func loadCAFile(name string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %v", name, err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("%s holds no PEM certificate", name)
	}
	return pool, nil
}

// unknownAttributes lists the provider attributes whose values are not known
// until apply.
func (m providerModel) unknownAttributes() []string {
	var names []string
	for name, v := range map[string]interface{ IsUnknown() bool }{
		"account_sid": m.AccountSID, "auth_token": m.AuthToken, "api_key": m.APIKey,
		"api_secret": m.APISecret, "base_url": m.BaseURL, "max_retries": m.MaxRetries,
		"request_timeout": m.RequestTimeout, "max_retry_duration": m.MaxRetryDuration,
		"ca_cert_file": m.CACertFile, "impact_lookback": m.ImpactLookback,
	} {
		if v.IsUnknown() {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}
