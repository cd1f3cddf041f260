package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/supersim-tf/terraform-provider-supersim/internal/supersim"
)

// addAPIError turns a client error into a diagnostic that says what was
// being done, what the API answered and what the user can do about it.
func addAPIError(diags *diag.Diagnostics, doing string, err error) {
	summary := fmt.Sprintf("Could not %s", doing)
	if supersim.IsEarlierFailure(err) {
		summary += ": the Super SIM API is not usable"
	}
	diags.AddError(summary, apiErrorDetail(doing, err))
}

func apiErrorDetail(doing string, err error) string {
	var earlier *supersim.EarlierFailureError
	if errors.As(err, &earlier) {
		// The first failure of the run carries the whole explanation; the
		// others only point to it, so a configuration with hundreds of
		// resources shows one diagnosis, not hundreds.
		detail := "No request was sent: an earlier request of this run found that the API cannot be used, and this one would fail the same way. " +
			"Fix the first error, then run again. It was: " + earlier.First.Error()
		if hint := errorHint(earlier.First); hint != "" {
			detail += "\n\n" + hint
		}
		return detail
	}
	detail := fmt.Sprintf("While trying to %s: %v", doing, err)
	if hint := errorHint(err); hint != "" {
		detail += "\n\n" + hint
	}
	return detail
}

func errorHint(err error) string {
	switch {
	case supersim.IsNotApplied(err):
		return "The provider looked up the change after its answer went missing: it was not made, and nothing else changed. Apply again to make it."
	case supersim.IsUnconfirmed(err):
		return "The change may or may not have been made. Apply again when the API is reachable: the provider reads the profile first and plans only what is left."
	case errors.Is(err, context.Canceled):
		return "The operation was interrupted before the request reached the API, so it changed nothing."
	}
	return requestHint(err)
}

// requestHint says what to do about a failed request whatever the
// operation around it did: for an operation of many requests, what one of
// them did is not what the whole did.
func requestHint(err error) string {
	switch {
	case supersim.IsNotApplied(err):
		return "That request was looked up after its answer went missing: the API had not applied it."
	case supersim.IsUnconfirmed(err):
		return "Whether that request was applied could not be looked up; the next refresh reads what the profile allows."
	case errors.Is(err, context.Canceled):
		return "The apply was interrupted before the rest was sent."
	case errors.Is(err, context.DeadlineExceeded):
		return "The operation ran out of time. Raise request_timeout or max_retry_duration in the provider block if the API is slow, then apply again."
	case supersim.IsOutcomeUnknown(err):
		return "The request may have been applied: its answer was lost."
	case supersim.IsUnauthorized(err):
		return fmt.Sprintf("The API refused the credentials. Check account_sid and auth_token (or %s and %s), or api_key and api_secret (or %s and %s), and that the key belongs to the account.",
			envAccountSID, envAuthToken, envAPIKey, envAPISecret)
	case supersim.IsRateLimited(err):
		return "The account's API rate limit was still exceeded after the retries. Lower terraform's -parallelism or raise max_retries, then apply again."
	}
	return ""
}
