# Run with `terraform test` while the emulator runs and its export lines are
# in the environment (SUPERSIM_BASE_URL, TWILIO_ACCOUNT_SID,
# TWILIO_AUTH_TOKEN). Each run block applies the module to the emulator;
# terraform test destroys what it made at the end.

provider "supersim" {}

run "a_country_allows_all_its_networks" {
  variables {
    name      = "test-gb"
    countries = ["GB"]
  }

  assert {
    condition     = output.network_count == length(data.supersim_networks.country["GB"].sids)
    error_message = "The profile does not allow exactly the networks of GB."
  }

  assert {
    condition     = output.network_count > 0
    error_message = "The catalog has no network in GB."
  }
}

run "operators_add_to_countries" {
  variables {
    name      = "test-gb-att"
    countries = ["GB"]
    operators = [{ mcc = "310", mnc = "410" }]
  }

  assert {
    condition     = contains(supersim_network_access_profile.this.networks, data.supersim_network.operator["310-410"].sid)
    error_message = "AT&T (310-410) is not allowed."
  }

  assert {
    condition     = output.network_count == length(data.supersim_networks.country["GB"].sids) + 1
    error_message = "The operator was not added to the country's networks."
  }
}

run "an_empty_allow_list_is_refused" {
  command = plan

  variables {
    name = "test-empty"
  }

  expect_failures = [supersim_network_access_profile.this]
}
