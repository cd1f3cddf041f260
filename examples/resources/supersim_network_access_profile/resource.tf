# The networks of the catalog in two countries.
data "supersim_networks" "germany" {
  iso_country = "DE"
}

data "supersim_networks" "france" {
  iso_country = "FR"
}

# A profile that allows exactly those networks. Networks added to it out of
# band are removed by the next apply, and networks removed are restored.
resource "supersim_network_access_profile" "example" {
  unique_name = "trackers-de-fr"
  networks = concat(
    data.supersim_networks.germany.sids,
    data.supersim_networks.france.sids,
  )
}

# Fleets refer to the profile by its SID.
output "network_access_profile_sid" {
  value = supersim_network_access_profile.example.sid
}
