# Adopt a network that a profile already allows (Terraform 1.5 or later).
import {
  to = supersim_network_access_profile_network.att
  id = "trackers-us/HW0123456789abcdef0123456789abcdef"
}
