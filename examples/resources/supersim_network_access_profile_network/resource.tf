# Allow AT&T in a profile whose membership is managed link by link. The
# profile leaves `networks` unset, so it does not undo the link.
resource "supersim_network_access_profile" "trackers" {
  unique_name = "trackers-us"
}

data "supersim_network" "att" {
  friendly_name = "AT&T"
  iso_country   = "US"
}

resource "supersim_network_access_profile_network" "att" {
  network_access_profile_sid = supersim_network_access_profile.trackers.sid
  network_sid                = data.supersim_network.att.sid
}
