# The Fleets that use one profile, with their settings
# (terraform query, Terraform 1.14 or later).
list "supersim_fleet" "trackers" {
  provider         = supersim
  include_resource = true
  config {
    network_access_profile = "trackers-eu" # its SID or unique name
  }
}
