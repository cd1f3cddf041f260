# A Fleet managed elsewhere, by unique name (or set sid instead).
data "supersim_fleet" "trackers" {
  unique_name = "trackers"
}

# The profile its SIMs use, with its networks.
data "supersim_network_access_profile" "in_use" {
  sid = data.supersim_fleet.trackers.network_access_profile_sid
}

output "networks_of_the_trackers" {
  value = data.supersim_network_access_profile.in_use.network_sids
}
