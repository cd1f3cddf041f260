data "supersim_network_access_profiles" "all" {}

# Profiles by unique name; profiles without one are left out.
output "profiles_by_name" {
  value = {
    for p in data.supersim_network_access_profiles.all.network_access_profiles :
    p.unique_name => p.sid if p.unique_name != null
  }
}

# Profiles without a unique name are hard to tell apart: list them for review.
output "unnamed_profiles" {
  value = [
    for p in data.supersim_network_access_profiles.all.network_access_profiles :
    "${p.sid} (created ${p.date_created})" if p.unique_name == null
  ]
}
