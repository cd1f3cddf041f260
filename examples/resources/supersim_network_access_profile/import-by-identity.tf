# Adopt an existing profile by its identity (Terraform 1.12 or later).
import {
  to = supersim_network_access_profile.trackers_eu
  identity = {
    sid = "HA0123456789abcdef0123456789abcdef"
  }
}
