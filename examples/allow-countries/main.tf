# Allow every network of two countries in one Network Access Profile, one
# supersim_network_access_profile_network per network.
#
# The links are keyed by network SID, so a network that joins or leaves the
# catalog adds or removes only its own link, and the order of the catalog
# never causes churn. The profile leaves `networks` unset: the links manage
# its membership, and a profile with `networks` set would undo them.

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

variable "countries" {
  description = "ISO 3166-1 alpha-2 codes of the countries whose networks the profile allows."
  type        = set(string)
  default     = ["GB", "DE"]
}

data "supersim_networks" "allowed" {
  for_each    = var.countries
  iso_country = each.value
}

locals {
  # Network SID => "Name (CC)", over all the countries.
  allowed_networks = merge([
    for country, catalog in data.supersim_networks.allowed : {
      for n in catalog.networks : n.sid => "${n.friendly_name} (${n.iso_country})"
    }
  ]...)
}

resource "supersim_network_access_profile" "europe" {
  unique_name = "fleet-gb-de"
}

resource "supersim_network_access_profile_network" "allowed" {
  for_each = local.allowed_networks

  network_access_profile_sid = supersim_network_access_profile.europe.sid
  network_sid                = each.key
}

output "network_access_profile_sid" {
  value = supersim_network_access_profile.europe.sid
}

output "allowed_networks" {
  value = sort(values(local.allowed_networks))
}
