package main

import (
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

// The environment variables the provider reads, read here the same way: a
// shell (or CI job) that runs terraform against an account can export it
// with nothing more to set. Credentials come only from the environment,
// never from flags, so they stay out of shell history and out of the
// command line that the generated file records.
const (
	envAccountSID = supersim.EnvAccountSID
	envAuthToken  = supersim.EnvAuthToken
	envAPIKey     = supersim.EnvAPIKey
	envAPISecret  = supersim.EnvAPISecret
	envBaseURL    = supersim.EnvBaseURL
)

var (
	accountSIDRe = regexp.MustCompile(supersim.AccountSIDPattern)
	apiKeyRe     = regexp.MustCompile(supersim.APIKeySIDPattern)
)

// connection is what the client needs, resolved from flags and the
// environment with the provider's rules and defaults.
type connection struct {
	baseURL          string
	username         string
	password         string
	maxRetries       int
	requestTimeout   time.Duration
	maxRetryDuration time.Duration
	caCertFile       string
}

// credentials picks the credential pair as the provider does: an API key
// pair wins over an account SID and auth token; half a pair is an error
// that names the missing variable.
func credentials(lookup func(string) string) (user, password string, err error) {
	accountSID, authToken := lookup(envAccountSID), lookup(envAuthToken)
	apiKey, apiSecret := lookup(envAPIKey), lookup(envAPISecret)
	if accountSID != "" && !accountSIDRe.MatchString(accountSID) {
		return "", "", fmt.Errorf("%s is %q, which is not an Account SID (AC followed by 32 hexadecimal digits): set it to the SID shown in the Twilio Console", envAccountSID, accountSID)
	}
	if apiKey != "" && !apiKeyRe.MatchString(apiKey) {
		return "", "", fmt.Errorf("%s is %q, which is not an API key SID (SK followed by 32 hexadecimal digits): set it to the key's SID, not its secret", envAPIKey, apiKey)
	}
	switch {
	case apiKey != "" && apiSecret != "":
		return apiKey, apiSecret, nil
	case apiKey != "":
		return "", "", fmt.Errorf("%s is set but %s is not: export the key's secret as %s, or unset %s", envAPIKey, envAPISecret, envAPISecret, envAPIKey)
	case apiSecret != "":
		return "", "", fmt.Errorf("%s is set but %s is not: export the key's SID as %s, or unset %s", envAPISecret, envAPIKey, envAPIKey, envAPISecret)
	case accountSID != "" && authToken != "":
		return accountSID, authToken, nil
	case accountSID != "":
		return "", "", fmt.Errorf("%s is set but %s is not: export the account's auth token as %s (or use an API key pair, %s and %s)", envAccountSID, envAuthToken, envAuthToken, envAPIKey, envAPISecret)
	case authToken != "":
		return "", "", fmt.Errorf("%s is set but %s is not: export the account's SID as %s", envAuthToken, envAccountSID, envAccountSID)
	}
	return "", "", fmt.Errorf("no Super SIM credentials: export %s and %s, or an API key pair %s and %s, as for the provider", envAccountSID, envAuthToken, envAPIKey, envAPISecret)
}

// clientConfig checks the connection settings and turns them into the
// client's configuration. Errors name the flag or variable to fix.
func (c connection) clientConfig(version string) (supersim.Config, error) {
	cfg := supersim.Config{
		BaseURL:          c.baseURL,
		Username:         c.username,
		Password:         c.password,
		UserAgent:        "supersim-export/" + version + " (terraform-provider-supersim)",
		MaxRetries:       c.maxRetries,
		RequestTimeout:   c.requestTimeout,
		MaxRetryDuration: c.maxRetryDuration,
	}
	if _, err := supersim.ParseBaseURL(c.baseURL); err != nil {
		return cfg, fmt.Errorf("-base-url (or %s): %v", envBaseURL, err)
	}
	if c.maxRetries == 0 {
		cfg.MaxRetries = -1 // the client reads 0 as its default; the user asked for none
	}
	if c.maxRetries < 0 {
		return cfg, fmt.Errorf("-max-retries is %d: use 0 (no retries) or more", c.maxRetries)
	}
	if c.requestTimeout <= 0 {
		return cfg, fmt.Errorf("-request-timeout is %s: give a positive duration such as 30s", c.requestTimeout)
	}
	if c.maxRetryDuration <= 0 {
		return cfg, fmt.Errorf("-max-retry-duration is %s: give a positive duration such as 5m", c.maxRetryDuration)
	}
	if c.caCertFile != "" {
		pool, err := loadCAFile(c.caCertFile)
		if err != nil {
			return cfg, fmt.Errorf("-ca-cert-file: %v; give a PEM file of the CA certificates to trust", err)
		}
		cfg.RootCAs = pool
	}
	return cfg, nil
}

func loadCAFile(name string) (*x509.CertPool, error) {
	pem, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, errors.New(name + " holds no PEM certificate")
	}
	return pool, nil
}

// redact replaces every secret in s, for error messages that quote what
// the API or the network said.
func redact(s string, secrets ...string) string {
	for _, secret := range secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	return s
}
