# A link is imported as <profile>/<network SID>, where the profile is its SID
# or its unique name. A unique name may itself contain "/": the ID is split at
# the last one.
terraform import supersim_network_access_profile_network.att HA0123456789abcdef0123456789abcdef/HW0123456789abcdef0123456789abcdef
terraform import supersim_network_access_profile_network.att "trackers-us/HW0123456789abcdef0123456789abcdef"
