# A small module a team might keep in its own repository: one Network
# Access Profile allowing every network of the given countries, plus named
# operators. Its tests (tests/*.tftest.hcl) run with `terraform test`
# against the Super SIM API emulator, with no Twilio account: see the guide
# "Testing your modules offline". `make test` runs them.

terraform {
  required_version = ">= 1.6"
  required_providers {
    supersim = {
      source  = "supersim-tf/supersim"
      version = "~> 0.1"
    }
  }
}

variable "name" {
  description = "Unique name of the profile."
  type        = string
}

variable "countries" {
  description = "ISO 3166-1 alpha-2 codes of the countries whose every network the profile allows."
  type        = set(string)
  default     = []
}

variable "operators" {
  description = "Further networks to allow, by MCC and MNC."
  type        = list(object({ mcc = string, mnc = string }))
  default     = []
}

data "supersim_networks" "country" {
  for_each    = var.countries
  iso_country = each.value
}

data "supersim_network" "operator" {
  for_each = { for op in var.operators : "${op.mcc}-${op.mnc}" => op }
  mcc      = each.value.mcc
  mnc      = each.value.mnc
}

locals {
  networks = setunion(
    flatten([for d in data.supersim_networks.country : d.sids]),
    [for d in data.supersim_network.operator : d.sid],
  )
}

resource "supersim_network_access_profile" "this" {
  unique_name = var.name
  networks    = local.networks

  lifecycle {
    # A profile that allows nothing strands every SIM of its Fleets, and the
    # API cannot delete it afterwards: refuse it before it is made.
    precondition {
      condition     = length(local.networks) > 0
      error_message = "The profile would allow no network: give at least one country or operator."
    }
  }
}

output "sid" {
  description = "The profile's SID, for the Fleets that use it."
  value       = supersim_network_access_profile.this.sid
}

output "network_count" {
  description = "How many networks the profile allows."
  value       = length(supersim_network_access_profile.this.networks)
}
