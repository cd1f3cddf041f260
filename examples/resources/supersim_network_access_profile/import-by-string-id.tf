# Adopt an existing profile on the next apply. The id is the profile's SID
# (HA...) or its unique name.
import {
  to = supersim_network_access_profile.example
  id = "trackers-de-fr"
}
