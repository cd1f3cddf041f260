# Adopt an existing Fleet by its identity (Terraform 1.12 or later).
import {
  to = supersim_fleet.trackers
  identity = {
    sid = "HF0123456789abcdef0123456789abcdef"
  }
}
