locals {
  # The allow list under review.
  eu_networks = [
    "HW0123456789abcdef0123456789abcdef", # Vodafone Germany
    "HWfedcba9876543210fedcba9876543210", # Orange France
  ]
}

resource "supersim_network_access_profile" "eu" {
  unique_name = "trackers-eu"
  networks    = local.eu_networks

  lifecycle {
    # Fail the plan, not just warn, when the new list would strand SIMs
    # that were active in the last 30 days.
    precondition {
      condition     = data.supersim_network_access_profile_impact.eu.stranded_sims == 0
      error_message = "This allow list strands ${data.supersim_network_access_profile_impact.eu.stranded_sims} SIMs that used only networks it drops in the last 30 days."
    }
  }
}

# What giving the profile that list does to the SIMs of the Fleets using it,
# judged from their usage. The profile is named by its unique name, not by
# the resource's sid: the data source must not depend on the resource whose
# precondition reads it.
data "supersim_network_access_profile_impact" "eu" {
  network_access_profile = "trackers-eu"
  networks               = local.eu_networks
  lookback               = "720h"
}

# Or only warn: a check block reports a failed assertion and lets the
# plan go on.
check "no_stranded_sims" {
  assert {
    condition     = data.supersim_network_access_profile_impact.eu.stranded_sims == 0
    error_message = "${data.supersim_network_access_profile_impact.eu.stranded_sims} SIMs would lose every network they used: ${join(", ", flatten(data.supersim_network_access_profile_impact.eu.fleets[*].stranded_sim_sids))}"
  }
}
