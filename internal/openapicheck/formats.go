package openapicheck

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
)

// The formats the Super SIM description uses. kin-openapi checks date-time
// and int64 itself; the others are Twilio's or ones kin-openapi leaves
// unchecked, so they are checked here.
const (
	formatURI        = "uri"
	formatURIMap     = "uri-map"
	formatHTTPMethod = "http-method"
	formatCountry    = "iso-country-code"
	formatCurrency   = "currency"
	formatDateTime   = "date-time"
	formatInt64      = "int64"
)

var (
	countryCode  = regexp.MustCompile(`^[A-Z]{2}$`)
	currencyCode = regexp.MustCompile(`^[A-Z]{3}$`)
	httpMethods  = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}
)

// formatChecked reports whether a schema's format is checked: by the
// validators below, by kin-openapi, or (uri-map) by the additionalProperties
// that Load gives such objects.
func formatChecked(s *openapi3.Schema) bool {
	switch {
	case s.Type.Is(openapi3.TypeString):
		_, ours := responseStringFormats()[s.Format]
		return ours || s.Format == formatDateTime
	case s.Type.Is(openapi3.TypeInteger):
		return s.Format == formatInt64
	case s.Type.Is(openapi3.TypeObject):
		return s.Format == formatURIMap
	}
	return false
}

// responseStringFormats check what the API sends.
func responseStringFormats() map[string]openapi3.StringFormatValidator {
	return map[string]openapi3.StringFormatValidator{
		formatURI:        openapi3.NewCallbackValidator(checkAbsoluteURI),
		formatHTTPMethod: openapi3.NewCallbackValidator(checkHTTPMethod),
		formatCountry:    openapi3.NewRegexpFormatValidator(countryCode.String()),
		formatCurrency:   openapi3.NewRegexpFormatValidator(currencyCode.String()),
	}
}

// requestStringFormats check what a client sends. They differ in one
// place: Twilio clears a URL parameter sent empty (a Fleet's
// IpCommandsUrl=), so an empty uri is a valid request value.
func requestStringFormats() map[string]openapi3.StringFormatValidator {
	formats := responseStringFormats()
	formats[formatURI] = openapi3.NewCallbackValidator(func(s string) error {
		if s == "" {
			return nil
		}
		return checkAbsoluteURI(s)
	})
	return formats
}

// checkAbsoluteURI wants scheme and host: every uri of the API is a link
// a client follows, or a webhook Twilio calls, without a base to resolve
// it against.
func checkAbsoluteURI(s string) error {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return fmt.Errorf("%q is not an absolute URI", s)
	}
	return nil
}

func checkHTTPMethod(s string) error {
	if !slices.Contains(httpMethods, s) {
		return fmt.Errorf("%q is not an upper-case HTTP method", s)
	}
	return nil
}
