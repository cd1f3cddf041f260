# Adopt a network that a profile already allows, by its identity
# (Terraform 1.12 or later).
import {
  to = supersim_network_access_profile_network.vodafone_uk
  identity = {
    network_access_profile_sid = "HA0123456789abcdef0123456789abcdef"
    network_sid                = "HW0123456789abcdef0123456789abcdef"
  }
}
