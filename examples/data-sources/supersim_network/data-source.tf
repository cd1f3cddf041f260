# By name within a country; the name matches ignoring case.
data "supersim_network" "ee" {
  friendly_name = "EE"
  iso_country   = "GB"
}

# By one of the network's MCC-MNC pairs.
data "supersim_network" "att" {
  mcc = "310"
  mnc = "410"
}

# By SID, for instance to show what a SID in an existing profile refers to.
data "supersim_network" "by_sid" {
  sid = data.supersim_network.att.sid
}

resource "supersim_network_access_profile" "roaming" {
  unique_name = "roaming-gb-us"
  networks    = [data.supersim_network.ee.sid, data.supersim_network.att.sid]
}

output "att_identifiers" {
  value = [for id in data.supersim_network.by_sid.identifiers : "${id.mcc}-${id.mnc}"]
}
