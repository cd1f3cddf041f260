package emulator

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestPagingThroughLargeCatalog(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{CatalogSize: 2500})
	var sizes []int
	seen := map[string]bool{}
	next := h.ts.URL + "/v1/Networks?PageSize=1000"
	for page := 0; next != ""; page++ {
		if page > 3 {
			t.Fatal("paging did not terminate")
		}
		if !strings.HasPrefix(next, h.ts.URL+"/v1/Networks?") {
			t.Fatalf("next_page_url %q is not absolute on the emulator", next)
		}
		m := h.getURL(next).expect(t, 200)
		items := itemsAt(t, m, "networks")
		sizes = append(sizes, len(items))
		for _, it := range items {
			sid := stringAt(t, it, "sid")
			if seen[sid] {
				t.Fatalf("network %s returned twice", sid)
			}
			seen[sid] = true
		}
		meta := objectAt(t, m, "meta")
		if meta["page"] != float64(page) || meta["page_size"] != float64(1000) {
			t.Fatalf("page %d meta = %v", page, meta)
		}
		if page > 0 && meta["previous_page_url"] == nil {
			t.Fatalf("page %d has no previous_page_url", page)
		}
		next, _ = meta["next_page_url"].(string)
	}
	if len(sizes) != 3 || sizes[0] != 1000 || sizes[1] != 1000 || sizes[2] != 500 || len(seen) != 2500 {
		t.Fatalf("page sizes %v, %d distinct networks; want [1000 1000 500] and 2500", sizes, len(seen))
	}
}

func TestPagingKeepsFilters(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{CatalogSize: 600})
	m := h.do(http.MethodGet, "/v1/Networks?IsoCountry=DE&PageSize=20", nil).expect(t, 200)
	total := 0
	for {
		for _, it := range itemsAt(t, m, "networks") {
			if c := it["iso_country"]; c != "DE" {
				t.Fatalf("filter lost while paging: got %v", c)
			}
			total++
		}
		next, _ := objectAt(t, m, "meta")["next_page_url"].(string)
		if next == "" {
			break
		}
		if !strings.Contains(next, "IsoCountry=DE") {
			t.Fatalf("next_page_url %q dropped the filter", next)
		}
		m = h.getURL(next).expect(t, 200)
	}
	want := 0
	for _, n := range h.e.Catalog() {
		if n.IsoCountry == "DE" {
			want++
		}
	}
	if total != want {
		t.Fatalf("paged %d DE networks, catalog has %d", total, want)
	}
}

func TestPagingParameterValidation(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	otherListToken := encodePageToken(napListKey, 50)
	for _, q := range []string{
		"PageSize=0", "PageSize=1001", "PageSize=abc", "PageSize=", "PageSize=1.5", "PageSize=10&PageSize=20",
		"Page=-1", "Page=x",
		"PageToken=garbage", "PageToken=PT%21%21", "PageToken=" + url.QueryEscape(otherListToken),
		"PageToken=" + url.QueryEscape(encodePageToken(networkListKey, -5)),
	} {
		field := strings.SplitN(q, "=", 2)[0]
		h.do(http.MethodGet, "/v1/Networks?"+q, nil).expectError(t, 400, 20001, field)
	}
	h.do(http.MethodGet, "/v1/Networks?PageSize=1000", nil).expect(t, 200)
	h.do(http.MethodGet, "/v1/Networks?PageSize=1", nil).expect(t, 200)
	h.do(http.MethodGet, "/v1/Networks?Mcc=%zz", nil).expectError(t, 400, 20001)
}

func TestPageBeyondTheEndIsEmpty(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	m := h.do(http.MethodGet, "/v1/Networks?PageSize=10&Page=99", nil).expect(t, 200)
	next := objectAt(t, m, "meta")["next_page_url"]
	if n := len(itemsAt(t, m, "networks")); n != 0 || next != nil {
		t.Fatalf("got %d items and next %v", n, next)
	}
}
