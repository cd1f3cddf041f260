# Pin a Network Access Profile to two named operators, so the SIMs of the
# Fleets using it attach to those networks only.
#
# supersim_network fails the plan, listing the closest names, if an operator
# is misspelled or missing from the catalog, rather than silently allowing
# nothing. The profile's `networks` is the whole allow list: a network added
# to the profile out of band is removed again by the next apply.

terraform {
  required_version = ">= 1.5"

  required_providers {
    supersim = {
      source  = "supersim-tf/supersim"
      version = "~> 0.1"
    }
  }
}

provider "supersim" {
  # Credentials come from TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or
  # TWILIO_API_KEY and TWILIO_API_SECRET).
}

variable "operators" {
  description = "The operators to allow, by catalog name and ISO 3166-1 alpha-2 country code."
  type = map(object({
    friendly_name = string
    iso_country   = string
  }))
  default = {
    primary = {
      friendly_name = "Vodafone UK"
      iso_country   = "GB"
    }
    fallback = {
      friendly_name = "Telekom Deutschland"
      iso_country   = "DE"
    }
  }
}

data "supersim_network" "pinned" {
  for_each = var.operators

  friendly_name = each.value.friendly_name
  iso_country   = each.value.iso_country
}

resource "supersim_network_access_profile" "pinned" {
  unique_name = "pinned-operators"
  networks    = [for op in data.supersim_network.pinned : op.sid]
}

output "network_access_profile_sid" {
  value = supersim_network_access_profile.pinned.sid
}

output "pinned_networks" {
  value = {
    for key, op in data.supersim_network.pinned :
    key => "${op.friendly_name} (${op.iso_country}): ${op.sid}"
  }
}
