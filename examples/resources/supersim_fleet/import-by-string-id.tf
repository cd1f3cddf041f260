# Adopt an existing Fleet on the next apply. The id is the Fleet's SID
# (HF...) or its unique name.
import {
  to = supersim_fleet.example
  id = "trackers"
}
