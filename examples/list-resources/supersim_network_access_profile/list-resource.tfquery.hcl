# Every profile whose unique name starts with "trackers-", with its networks
# (terraform query, Terraform 1.14 or later).
list "supersim_network_access_profile" "trackers" {
  provider         = supersim
  include_resource = true
  config {
    unique_name_prefix = "trackers-"
  }
}
