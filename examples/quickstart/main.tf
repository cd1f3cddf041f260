# A complete configuration: one Network Access Profile per region, chosen
# from the Networks catalog, and a Fleet that puts one of them to work.
# `make demo` drives it against the emulator.
#
# Credentials and the API address come from the environment:
#   TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN (or TWILIO_API_KEY, TWILIO_API_SECRET)
#   SUPERSIM_BASE_URL (only to point at the emulator)

terraform {
  required_version = ">= 1.5"
  required_providers {
    supersim = {
      source  = "supersim-tf/supersim"
      version = "~> 0.1"
    }
  }
}

provider "supersim" {}

variable "name_prefix" {
  description = "Prefix of the profiles' unique names."
  type        = string
  default     = "quickstart"
}

variable "europe_countries" {
  description = "Countries whose every network the European fleet may use."
  type        = set(string)
  default     = ["GB", "DE", "FR"]
}

# Europe: every network of the chosen countries, one link resource each, so
# a network removed out of band shows up as one resource to create again.
data "supersim_networks" "europe" {
  for_each    = var.europe_countries
  iso_country = each.value
}

resource "supersim_network_access_profile" "europe" {
  unique_name = "${var.name_prefix}-europe"
  # No `networks` here: the links below manage membership.
}

resource "supersim_network_access_profile_network" "europe" {
  for_each = toset(flatten([for country in data.supersim_networks.europe : country.sids]))

  network_access_profile_sid = supersim_network_access_profile.europe.sid
  network_sid                = each.value
}

# North America: pinned to two named operators, as one set on the profile.
data "supersim_network" "att" {
  friendly_name = "AT&T"
  iso_country   = "US"
}

data "supersim_network" "tmobile" {
  mcc = "310"
  mnc = "260"
}

resource "supersim_network_access_profile" "north_america" {
  unique_name = "${var.name_prefix}-north-america"
  networks = [
    data.supersim_network.att.sid,
    data.supersim_network.tmobile.sid,
  ]
}

# The Fleet: every SIM assigned to it may attach to the networks of its
# profile. Pointing it at another profile moves all its SIMs, in place.
resource "supersim_fleet" "trackers" {
  unique_name            = "${var.name_prefix}-trackers"
  network_access_profile = supersim_network_access_profile.europe.sid
  data_limit             = 500
}

output "europe_profile_sid" {
  description = "Use this SID (or the unique name) as a Fleet's network access profile."
  value       = supersim_network_access_profile.europe.sid
}

output "europe_network_count" {
  value = length(supersim_network_access_profile_network.europe)
}

output "north_america_profile_sid" {
  value = supersim_network_access_profile.north_america.sid
}

output "fleet_sid" {
  description = "Assign SIMs to this Fleet (by SID or unique name)."
  value       = supersim_fleet.trackers.sid
}
