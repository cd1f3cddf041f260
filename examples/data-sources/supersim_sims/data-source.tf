# The active SIMs of one Fleet, by its unique name or SID.
data "supersim_sims" "trackers" {
  fleet  = "trackers-eu"
  status = "active"
}

output "active_trackers" {
  value = length(data.supersim_sims.trackers.sims)
}

# Refuse to go on when the Fleet has fewer devices than the rollout expects.
check "trackers_are_registered" {
  assert {
    condition     = length(data.supersim_sims.trackers.sims) >= 100
    error_message = "Fleet trackers-eu has ${length(data.supersim_sims.trackers.sims)} active SIMs, fewer than the 100 this rollout expects."
  }
}
