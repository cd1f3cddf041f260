package provider

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// catalogShare returns where and under which key the provider processes of
// one Terraform run share their read of the Networks catalog, or empty
// strings to read it in each process.
//
// `terraform apply` starts one provider process to plan and another to
// apply, both children of the same terraform process, so the key is that
// process: its ID and start time (the start time tells a recycled ID from
// the original). Only a provider that Terraform launched as a plugin
// shares: Terraform sets TF_PLUGIN_MAGIC_COOKIE for its plugins, and a
// provider served inside a test process has no run to share with.
func catalogShare() (dir, key string) {
	if os.Getenv("TF_PLUGIN_MAGIC_COOKIE") == "" {
		return "", ""
	}
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	ppid := os.Getppid()
	return filepath.Join(base, "terraform-provider-supersim"), strconv.Itoa(ppid) + "@" + processStart(ppid)
}

// processStart reads a process's start time from /proc where there is one
// (field 22 of /proc/PID/stat, after the command name in parentheses).
func processStart(pid int) string {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return ""
	}
	s := string(data)
	if i := strings.LastIndexByte(s, ')'); i >= 0 {
		if fields := strings.Fields(s[i+1:]); len(fields) > 19 {
			return fields[19]
		}
	}
	return ""
}
