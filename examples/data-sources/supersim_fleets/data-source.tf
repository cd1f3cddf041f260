# Every Fleet of the account.
data "supersim_fleets" "all" {}

# Only the Fleets that a profile's networks reach, by its SID or unique name.
data "supersim_fleets" "on_eu_profile" {
  network_access_profile = "trackers-eu"
}

output "fleets_on_eu_profile" {
  value = [for f in data.supersim_fleets.on_eu_profile.fleets : coalesce(f.unique_name, f.sid)]
}
