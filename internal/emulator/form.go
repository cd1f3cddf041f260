package emulator

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

const formContentType = "application/x-www-form-urlencoded"

// readForm reads a POST body as the API does: form-encoded only, with the
// size limit already installed on r.Body. Query-string parameters are
// deliberately ignored so a client that puts them there notices.
func readForm(r *http.Request) (url.Values, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, errTooLarge(tooLarge.Limit)
		}
		return nil, errInvalidParam("Could not read the request body")
	}
	return parseFormBody(r.Header.Get("Content-Type"), body)
}

// parseFormBody decodes a form body. A body-less POST without a Content-Type
// is accepted (there is nothing to misread); anything else must declare the
// form media type, which catches clients sending JSON.
func parseFormBody(contentType string, body []byte) (url.Values, error) {
	if contentType == "" && len(body) == 0 {
		return url.Values{}, nil
	}
	mediaType, _, err := mime.ParseMediaType(contentType)
	if err != nil || mediaType != formContentType {
		return nil, errInvalidParam("Content-Type must be %s, got '%s'", formContentType, contentType)
	}
	values, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, errInvalidParam("Malformed form body: %v", err)
	}
	return values, nil
}

// parseQuery is strict where url.URL.Query silently drops malformed pairs:
// a list filter the emulator cannot read must not turn into "no filter".
func parseQuery(r *http.Request) (url.Values, error) {
	values, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, errInvalidParam("Malformed query string: %v", err)
	}
	return values, nil
}

// singleParam returns a scalar parameter and whether it was sent. Sending a
// scalar twice is refused: it is always a client bug, and silently picking
// one value would hide it.
func singleParam(values url.Values, name string) (string, bool, error) {
	vals, ok := values[name]
	if !ok {
		return "", false, nil
	}
	if len(vals) != 1 {
		return "", true, errInvalidParam("Parameter %s must be sent once, got %d values", name, len(vals))
	}
	return vals[0], true, nil
}

// optionalString is singleParam for callers that want nil when absent.
func optionalString(values url.Values, name string) (*string, error) {
	v, ok, err := singleParam(values, name)
	if err != nil || !ok {
		return nil, err
	}
	return &v, nil
}

func optionalBool(values url.Values, name string) (*bool, error) {
	v, ok, err := singleParam(values, name)
	if err != nil || !ok {
		return nil, err
	}
	switch strings.ToLower(v) {
	case "true":
		b := true
		return &b, nil
	case "false":
		b := false
		return &b, nil
	}
	return nil, errInvalidParam("Invalid %s value '%s': expected true or false", name, v)
}

func optionalInt(values url.Values, name string, lo, hi int) (*int, error) {
	v, ok, err := singleParam(values, name)
	if err != nil || !ok {
		return nil, err
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return nil, errInvalidParam("Invalid %s value '%s': expected an integer between %d and %d", name, v, lo, hi)
	}
	return &n, nil
}

// optionalInt64 is optionalInt for amounts beyond a 32-bit int, such as
// byte counts.
func optionalInt64(values url.Values, name string, lo, hi int64) (*int64, error) {
	v, ok, err := singleParam(values, name)
	if err != nil || !ok {
		return nil, err
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < lo || n > hi {
		return nil, errInvalidParam("Invalid %s value '%s': expected an integer between %d and %d", name, v, lo, hi)
	}
	return &n, nil
}

// optionalMethod accepts GET or POST in any case and normalises to upper
// case, the form responses use.
func optionalMethod(values url.Values, name string) (*string, error) {
	v, ok, err := singleParam(values, name)
	if err != nil || !ok {
		return nil, err
	}
	m := strings.ToUpper(v)
	if m != http.MethodGet && m != http.MethodPost {
		return nil, errInvalidParam("Invalid %s value '%s': expected GET or POST", name, v)
	}
	return &m, nil
}

// optionalURL accepts an absolute http(s) URL, or "" meaning "no URL".
func optionalURL(values url.Values, name string) (*string, error) {
	v, ok, err := singleParam(values, name)
	if err != nil || !ok {
		return nil, err
	}
	if v == "" {
		return &v, nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errInvalidParam("Invalid %s value '%s': expected an absolute http or https URL", name, v)
	}
	return &v, nil
}

// formReader reads several optional parameters and keeps the first error,
// so a parser can list its fields in one struct literal and check once.
// After an error every further read returns nil.
type formReader struct {
	values url.Values
	err    error
}

func readWith[T any](p *formReader, read func() (*T, error)) *T {
	if p.err != nil {
		return nil
	}
	v, err := read()
	p.err = err
	return v
}

func (p *formReader) str(name string) *string {
	return readWith(p, func() (*string, error) { return optionalString(p.values, name) })
}

func (p *formReader) boolean(name string) *bool {
	return readWith(p, func() (*bool, error) { return optionalBool(p.values, name) })
}

func (p *formReader) integer(name string, lo, hi int) *int {
	return readWith(p, func() (*int, error) { return optionalInt(p.values, name, lo, hi) })
}

func (p *formReader) int64(name string, lo, hi int64) *int64 {
	return readWith(p, func() (*int64, error) { return optionalInt64(p.values, name, lo, hi) })
}

func (p *formReader) url(name string) *string {
	return readWith(p, func() (*string, error) { return optionalURL(p.values, name) })
}

func (p *formReader) method(name string) *string {
	return readWith(p, func() (*string, error) { return optionalMethod(p.values, name) })
}
