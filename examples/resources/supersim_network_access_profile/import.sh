# By SID (HA followed by 32 hexadecimal digits):
terraform import supersim_network_access_profile.example HA0123456789abcdef0123456789abcdef

# Or by unique name; the state records the SID either way:
terraform import supersim_network_access_profile.example trackers-de-fr
