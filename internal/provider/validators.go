package provider

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// sidValidator checks a SID attribute at plan time. The message carries the
// pattern, so a typo is fixed without opening the docs.
type sidPatternValidator struct {
	re   *regexp.Regexp
	what string
}

func sidValidator(pattern, what string) sidPatternValidator {
	return sidPatternValidator{re: regexp.MustCompile(pattern), what: what}
}

func (v sidPatternValidator) Description(context.Context) string {
	return fmt.Sprintf("must be %s matching %s", v.what, v.re)
}

func (v sidPatternValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v sidPatternValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if s := req.ConfigValue.ValueString(); !v.re.MatchString(s) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid SID",
			fmt.Sprintf("%s must be %s matching %s (two letters and 32 hexadecimal digits); got %q.", req.Path, v.what, v.re, s))
	}
}

// durationValidator accepts a positive Go duration such as "30s", and
// zero too when zero means something (it turns a feature off).
type durationValidator struct {
	zeroMeans string
}

func (v durationValidator) Description(context.Context) string {
	if v.zeroMeans != "" {
		return "must be a duration such as 168h or 720h, or 0s to " + v.zeroMeans
	}
	return "must be a positive duration such as 30s, 2m or 1m30s"
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	d, err := time.ParseDuration(s)
	switch {
	case err == nil && d > 0, err == nil && d == 0 && v.zeroMeans != "":
		return
	case v.zeroMeans != "":
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			fmt.Sprintf("%s must be a duration such as \"168h\" (7 days) or \"720h\" (30 days), or \"0s\" to %s; got %q.", req.Path, v.zeroMeans, s))
	default:
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			fmt.Sprintf("%s must be a positive duration such as \"30s\", \"2m\" or \"1m30s\"; got %q.", req.Path, s))
	}
}

// notMatching rejects strings that match re, explaining why.
type notMatching struct {
	re  *regexp.Regexp
	why string
}

func (v notMatching) Description(context.Context) string {
	return fmt.Sprintf("must not match %s: %s", v.re, v.why)
}

func (v notMatching) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v notMatching) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if s := req.ConfigValue.ValueString(); v.re.MatchString(s) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid value",
			fmt.Sprintf("%s is %q, which matches %s: %s.", req.Path, s, v.re, v.why))
	}
}

// absoluteHTTPURL accepts an absolute http or https URL with a host, as the
// API's webhooks need.
type absoluteHTTPURL struct{}

func (absoluteHTTPURL) Description(context.Context) string {
	return "must be an absolute http or https URL, such as https://example.com/commands"
}

func (v absoluteHTTPURL) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (absoluteHTTPURL) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if u, err := url.Parse(s); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid URL",
			fmt.Sprintf("%s must be an absolute http or https URL, such as \"https://example.com/commands\"; got %q.", req.Path, s))
	}
}
