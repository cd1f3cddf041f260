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
	diags.AddError(fmt.Sprintf("Could not %s", doing), apiErrorDetail(doing, err))
}

func apiErrorDetail(doing string, err error) string {
	detail := fmt.Sprintf("While trying to %s: %v", doing, err)
	if hint := errorHint(err); hint != "" {
		detail += "\n\n" + hint
	}
	return detail
}

func errorHint(err error) string {
	var notConfirmed *supersim.CreateNotConfirmedError
	switch {
	case errors.Is(err, context.Canceled):
		return "The operation was interrupted. Run terraform plan to see what was applied before the interruption."
	case errors.Is(err, context.DeadlineExceeded):
		return "The operation ran out of time. Raise request_timeout or max_retry_duration in the provider block if the API is slow, then apply again."
	case errors.As(err, &notConfirmed):
		return "Network Access Profiles cannot be deleted through the API, so the provider did not try again and risk a duplicate. " +
			"List your profiles (Twilio Console > Internet of Things > Network access profiles, or GET /v1/NetworkAccessProfiles), " +
			"then adopt the one this apply made with: terraform import <resource address> HA…. Giving profiles a unique_name lets the provider recover from this on its own."
	case supersim.IsOutcomeUnknown(err):
		return "The request may have been applied. Run terraform plan to see the current state before applying again."
	case supersim.IsUnauthorized(err):
		return fmt.Sprintf("The API refused the credentials. Check account_sid and auth_token (or %s and %s), or api_key and api_secret (or %s and %s), and that the key belongs to the account.",
			envAccountSID, envAuthToken, envAPIKey, envAPISecret)
	case supersim.IsRateLimited(err):
		return "The account's API rate limit was still exceeded after the retries. Lower terraform's -parallelism or raise max_retries, then apply again."
	}
	return ""
}
