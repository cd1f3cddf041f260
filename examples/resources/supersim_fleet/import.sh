# By SID (HF followed by 32 hexadecimal digits):
terraform import supersim_fleet.example HF0123456789abcdef0123456789abcdef

# Or by unique name; the state records the SID either way:
terraform import supersim_fleet.example trackers
