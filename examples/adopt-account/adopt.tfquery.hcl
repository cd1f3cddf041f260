# Every Network Access Profile of the account, with its allowed networks, so
# that the generated resources manage each allow list exactly as it is.
list "supersim_network_access_profile" "all" {
  provider         = supersim
  include_resource = true
}

# To adopt only some profiles, filter by unique name:
#
# list "supersim_network_access_profile" "trackers" {
#   provider         = supersim
#   include_resource = true
#   config {
#     unique_name_prefix = "trackers-"
#   }
# }
#
# To manage one profile's networks as one resource per network instead
# (then delete `networks` from that profile's generated resource):
#
# list "supersim_network_access_profile_network" "trackers_eu" {
#   provider         = supersim
#   include_resource = true
#   config {
#     network_access_profile_sid = "trackers-eu" # SID or unique name
#   }
# }

# Every Fleet, with its settings and the profile it uses (by SID).
list "supersim_fleet" "all" {
  provider         = supersim
  include_resource = true
}
