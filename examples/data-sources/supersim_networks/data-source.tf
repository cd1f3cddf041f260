# Every network of the catalog in Germany, ordered by name.
data "supersim_networks" "germany" {
  iso_country = "DE"
}

# The networks that carry a given mobile country code (310 is one of the
# United States' codes).
data "supersim_networks" "mcc_310" {
  mcc = "310"
}

# A profile that allows every German network. sids keeps a stable order, so
# the plan does not change while the catalog does not.
resource "supersim_network_access_profile" "germany" {
  unique_name = "fleet-de"
  networks    = data.supersim_networks.germany.sids
}

output "german_networks" {
  value = { for n in data.supersim_networks.germany.networks : n.sid => n.friendly_name }
}
