package emulator

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

const (
	defaultPageSize = 50
	maxPageSize     = 1000
	// maxOffset keeps offset arithmetic far from integer overflow whatever
	// token a client forges; no emulated list is anywhere near this long.
	maxOffset = 1 << 40
)

// pageRequest is a validated PageSize/Page/PageToken triple.
type pageRequest struct {
	size   int
	page   int
	offset int
}

// parsePageRequest validates paging parameters. Only PageToken locates the
// window; Page is the client's own count, which the reference calls client
// state: it is validated and echoed in meta.page, and moves nothing. A
// request without a token gets the first page, whatever its Page says.
func parsePageRequest(q url.Values, listKey string) (pageRequest, error) {
	pr := pageRequest{size: defaultPageSize}
	if v, ok, err := singleParam(q, "PageSize"); err != nil {
		return pr, err
	} else if ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxPageSize {
			return pr, errInvalidParam("Invalid PageSize value '%s': expected an integer between 1 and %d", v, maxPageSize)
		}
		pr.size = n
	}
	pageGiven := false
	if v, ok, err := singleParam(q, "Page"); err != nil {
		return pr, err
	} else if ok {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > maxOffset { // echoed as page+1 in next_page_url: no overflow
			return pr, errInvalidParam("Invalid Page value '%s': expected a non-negative integer", v)
		}
		pr.page, pageGiven = n, true
	}
	if v, ok, err := singleParam(q, "PageToken"); err != nil {
		return pr, err
	} else if ok {
		offset, valid := decodePageToken(v, listKey)
		if !valid {
			return pr, errInvalidParam("Invalid PageToken value '%s'", v)
		}
		pr.offset = offset
		if !pageGiven {
			pr.page = offset / pr.size
		}
	}
	return pr, nil
}

// Page tokens are opaque to clients but bound to their list, so a token
// copied from one list into another is rejected rather than misread.
const pageTokenPrefix = "PT"

func encodePageToken(listKey string, offset int) string {
	raw := fmt.Sprintf("%s:%d", listKey, offset)
	return pageTokenPrefix + base64.RawURLEncoding.EncodeToString([]byte(raw))
}

func decodePageToken(token, listKey string) (int, bool) {
	encoded, ok := strings.CutPrefix(token, pageTokenPrefix)
	if !ok {
		return 0, false
	}
	raw, err := base64.RawURLEncoding.DecodeString(encoded)
	if err != nil {
		return 0, false
	}
	key, offsetText, ok := strings.Cut(string(raw), ":")
	if !ok || key != listKey {
		return 0, false
	}
	offset, err := strconv.Atoi(offsetText)
	if err != nil || offset < 0 || offset > maxOffset {
		return 0, false
	}
	return offset, true
}

// queryParam is an ordered key/value pair; url.Values would sort the keys
// and lose the order the reference's page URLs use.
type queryParam struct{ name, value string }

// listPage describes one list response: where the list lives and which
// filters to carry into every page URL so following next_page_url keeps
// the same filtered view.
type listPage struct {
	base    string
	path    string
	key     string
	filters []queryParam
}

func (e *Emulator) newListPage(r *http.Request, path, key string, filters ...queryParam) listPage {
	kept := make([]queryParam, 0, len(filters))
	for _, f := range filters {
		if f.value != "" {
			kept = append(kept, f)
		}
	}
	origin := e.opts.PageURLOrigin
	if origin == "" {
		origin = baseURL(r)
	}
	return listPage{base: strings.TrimSuffix(origin, "/"), path: path, key: key, filters: kept}
}

func (l listPage) pageURL(size, page int, token string) string {
	var b strings.Builder
	b.WriteString(l.base)
	b.WriteString(l.path)
	b.WriteByte('?')
	for _, f := range l.filters {
		b.WriteString(url.QueryEscape(f.name) + "=" + url.QueryEscape(f.value) + "&")
	}
	fmt.Fprintf(&b, "PageSize=%d&Page=%d", size, page)
	if token != "" {
		b.WriteString("&PageToken=" + url.QueryEscape(token))
	}
	return b.String()
}

// listMeta is the meta object of every list response.
type listMeta struct {
	FirstPageURL    string  `json:"first_page_url"`
	Key             string  `json:"key"`
	NextPageURL     *string `json:"next_page_url"`
	Page            int     `json:"page"`
	PageSize        int     `json:"page_size"`
	PreviousPageURL *string `json:"previous_page_url"`
	URL             string  `json:"url"`
}

// window returns the slice bounds of the requested page within total items.
func (pr pageRequest) window(total int) (start, end int) {
	start = min(pr.offset, total)
	end = min(start+pr.size, total)
	return start, end
}

func (l listPage) meta(pr pageRequest, total int) listMeta {
	currentToken := ""
	if pr.offset > 0 {
		currentToken = encodePageToken(l.key, pr.offset)
	}
	m := listMeta{
		FirstPageURL: l.pageURL(pr.size, 0, ""),
		Key:          l.key,
		Page:         pr.page,
		PageSize:     pr.size,
		URL:          l.pageURL(pr.size, pr.page, currentToken),
	}
	if next := pr.offset + pr.size; next < total {
		u := l.pageURL(pr.size, pr.page+1, encodePageToken(l.key, next))
		m.NextPageURL = &u
	}
	if pr.offset > 0 {
		prev := max(pr.offset-pr.size, 0)
		token := ""
		if prev > 0 {
			token = encodePageToken(l.key, prev)
		}
		u := l.pageURL(pr.size, max(pr.page-1, 0), token)
		m.PreviousPageURL = &u
	}
	return m
}

// writePage answers a list request with the page of items selected by pr.
// The items slice is always non-nil so an empty page encodes as [] not null.
func writePage[T any](w http.ResponseWriter, l listPage, pr pageRequest, items []T, render func(T) any) {
	start, end := pr.window(len(items))
	out := make([]any, 0, end-start)
	for _, it := range items[start:end] {
		out = append(out, render(it))
	}
	writeJSON(w, http.StatusOK, map[string]any{l.key: out, "meta": l.meta(pr, len(items))})
}
