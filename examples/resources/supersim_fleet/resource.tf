# Every network of the catalog in Great Britain.
data "supersim_networks" "gb" {
  iso_country = "GB"
}

resource "supersim_network_access_profile" "gb" {
  unique_name = "trackers-gb"
  networks    = data.supersim_networks.gb.sids
}

# The Fleet puts the profile to work: its SIMs may attach to those networks.
# Changing network_access_profile moves every SIM of the Fleet in place.
resource "supersim_fleet" "trackers" {
  unique_name            = "trackers"
  network_access_profile = supersim_network_access_profile.gb.sid
  data_limit             = 500 # MB per SIM and billing period

  # Set on create only: a later change fails the plan.
  sms_commands_enabled = true

  sms_commands_url    = "https://devices.example.com/sms-commands"
  sms_commands_method = "POST"
}

# Assign SIMs to the Fleet by its SID or unique name.
output "fleet_sid" {
  value = supersim_fleet.trackers.sid
}
