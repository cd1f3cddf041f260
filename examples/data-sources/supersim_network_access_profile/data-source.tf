# A profile managed elsewhere (in the Console, or by another team's
# configuration), found by its unique name.
data "supersim_network_access_profile" "shared" {
  unique_name = "fleet-eu"
}

# The same lookup by SID.
data "supersim_network_access_profile" "by_sid" {
  sid = "HA0123456789abcdef0123456789abcdef"
}

output "shared_profile_sid" {
  value = data.supersim_network_access_profile.shared.sid
}

# The countries the shared profile allows, for a report or a check.
output "shared_profile_countries" {
  value = distinct([for n in data.supersim_network_access_profile.shared.networks : n.iso_country])
}

# Start a new profile from the networks of the shared one.
resource "supersim_network_access_profile" "copy" {
  unique_name = "fleet-eu-staging"
  networks    = data.supersim_network_access_profile.shared.network_sids
}
