# The networks one profile allows, one result per network
# (terraform query, Terraform 1.14 or later).
list "supersim_network_access_profile_network" "trackers_eu" {
  provider         = supersim
  include_resource = true
  config {
    network_access_profile_sid = "trackers-eu" # its SID or unique name
  }
}
