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
		"Page=-1", "Page=x", "Page=9223372036854775807",
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

// Page is the client's own count: it is echoed, and only the token moves
// the window.
func TestPageIsClientStateOnly(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	first := h.do(http.MethodGet, "/v1/Networks?PageSize=10", nil).expect(t, 200)
	m := h.do(http.MethodGet, "/v1/Networks?PageSize=10&Page=99", nil).expect(t, 200)
	if got, want := itemsAt(t, m, "networks"), itemsAt(t, first, "networks"); len(got) != 10 || got[0]["sid"] != want[0]["sid"] {
		t.Fatalf("Page=99 without a token moved the window: %d items, first %v, want the first page's %v", len(got), got[0]["sid"], want[0]["sid"])
	}
	if page := objectAt(t, m, "meta")["page"]; page != float64(99) {
		t.Fatalf("meta.page = %v, want the Page sent (99)", page)
	}
}

func TestTokenBeyondTheEndIsEmpty(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	m := h.do(http.MethodGet, "/v1/Networks?PageSize=10&PageToken="+url.QueryEscape(encodePageToken(networkListKey, 990)), nil).expect(t, 200)
	next := objectAt(t, m, "meta")["next_page_url"]
	if n := len(itemsAt(t, m, "networks")); n != 0 || next != nil {
		t.Fatalf("got %d items and next %v", n, next)
	}
}

// With PageURLOrigin, page URLs name that origin as an API behind a proxy
// names its public host, and following one's path and query on the
// requested host reads the next page.
func TestPageURLsNameTheConfiguredOrigin(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{PageURLOrigin: "https://supersim.twilio.com"})
	m := h.do(http.MethodGet, "/v1/Networks?PageSize=10", nil).expect(t, 200)
	meta := objectAt(t, m, "meta")
	next, _ := meta["next_page_url"].(string)
	for _, key := range []string{"url", "first_page_url", "next_page_url"} {
		if u, _ := meta[key].(string); !strings.HasPrefix(u, "https://supersim.twilio.com/v1/Networks?") {
			t.Errorf("meta.%s = %q, want the configured origin", key, u)
		}
	}
	u, err := url.Parse(next)
	if err != nil {
		t.Fatal(err)
	}
	second := h.do(http.MethodGet, u.RequestURI(), nil).expect(t, 200)
	if page := objectAt(t, second, "meta")["page"]; page != float64(1) {
		t.Fatalf("following next_page_url on the requested host gave page %v, want 1", page)
	}
}
