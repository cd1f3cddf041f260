package supersim

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"time"
)

// `terraform apply` plans in one provider process and applies in another,
// and both plan every resource, so the plan-time catalog check would read
// the whole catalog twice, the second time on the apply's critical path.
// The catalog is public and read-only, so the first read is shared through a
// small file with the other processes of the same Terraform run (the caller
// chooses the key, normally from Terraform's process ID). Anything amiss
// with the file means an ordinary read from the API.

// catalogShareTTL bounds how long a shared catalog serves, so a key that
// is reused much later (a recycled process ID) never sees an old catalog.
const catalogShareTTL = 30 * time.Minute

type sharedCatalog struct {
	BaseURL  string    `json:"base_url"`
	ReadAt   time.Time `json:"read_at"`
	Networks []Network `json:"networks"`
}

// catalogSharePath names the file for a key, base URL and account: a hash,
// so no credential or URL appears in a file name.
func (c *Client) catalogSharePath() string {
	if c.catalogShareDir == "" || c.catalogShareKey == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(c.catalogShareKey + "\x00" + c.base.String() + "\x00" + c.username))
	return filepath.Join(c.catalogShareDir, "catalog-"+hex.EncodeToString(sum[:12])+".json")
}

// loadSharedCatalog returns the catalog another process of the same run
// read, when there is a fresh one.
func (c *Client) loadSharedCatalog() ([]Network, bool) {
	path := c.catalogSharePath()
	if path == "" {
		return nil, false
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, false
	}
	var shared sharedCatalog
	if json.Unmarshal(data, &shared) != nil || shared.BaseURL != c.base.String() || c.now().Sub(shared.ReadAt) > catalogShareTTL || len(shared.Networks) == 0 {
		return nil, false
	}
	return shared.Networks, true
}

// shareCatalog writes the catalog for the other processes of the run, and
// clears files of earlier runs. The write goes through a temporary file and
// a rename, so a reader never sees half a catalog.
func (c *Client) shareCatalog(networks []Network) {
	path := c.catalogSharePath()
	if path == "" {
		return
	}
	if err := os.MkdirAll(c.catalogShareDir, 0o700); err != nil {
		return
	}
	c.removeStaleShares()
	data, err := json.Marshal(sharedCatalog{BaseURL: c.base.String(), ReadAt: c.now(), Networks: networks})
	if err != nil {
		return
	}
	tmp, err := os.CreateTemp(c.catalogShareDir, ".catalog-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), path) != nil {
		_ = os.Remove(tmp.Name())
	}
}

func (c *Client) removeStaleShares() {
	old, _ := filepath.Glob(filepath.Join(c.catalogShareDir, "catalog-*.json"))
	for _, f := range old {
		if info, err := os.Stat(f); err == nil && c.now().Sub(info.ModTime()) > catalogShareTTL {
			_ = os.Remove(f)
		}
	}
}
