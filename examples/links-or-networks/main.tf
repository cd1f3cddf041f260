# The same allow list managed two ways, side by side.
#
# `networks` on the profile: the whole list in one attribute. Terraform
# enforces it exactly: a network added out of band is removed, one removed
# out of band is restored. Creating the profile sends the whole list in a
# single request. Prefer it when one team owns the profile and the list is
# short and deliberate (a few named operators).
#
# One supersim_network_access_profile_network per network, with `networks`
# omitted on the profile: each network is its own resource. Prefer it when
# the list is computed (every network of some countries, with for_each over
# supersim_networks), when different modules or teams add networks to one
# profile, or when you want a plan to name exactly which network changes.
#
# Never both on one profile: `networks` would remove what the links add, on
# every apply. The plan warns when a configuration does that.

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

data "supersim_networks" "uk" {
  iso_country = "GB"
}

# Way 1: the list on the profile.
resource "supersim_network_access_profile" "uk_as_a_set" {
  unique_name = "uk-as-a-set"
  networks    = data.supersim_networks.uk.sids
}

# Way 2: one link per network.
resource "supersim_network_access_profile" "uk_as_links" {
  unique_name = "uk-as-links"
}

resource "supersim_network_access_profile_network" "uk" {
  for_each = toset(data.supersim_networks.uk.sids)

  network_access_profile_sid = supersim_network_access_profile.uk_as_links.sid
  network_sid                = each.value
}
