package main

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Resource labels are what a team reads and types in the configuration,
// so they come from unique names: "Trackers EU/2" becomes trackers_eu_2.
// They must be valid identifiers, the same on every run against the same
// account, and unique among the blocks of one type.

// slug turns text into lower-case words of ASCII letters and digits joined
// by underscores. Accents are dropped (é is e); any other character
// separates words. The result may be empty, or start with a digit.
func slug(s string) string {
	var b strings.Builder
	gap := false
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// a combining accent of the letter before it
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if gap && b.Len() > 0 {
				b.WriteByte('_')
			}
			gap = false
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			if gap && b.Len() > 0 {
				b.WriteByte('_')
			}
			gap = false
			b.WriteRune(unicode.ToLower(r))
		default:
			gap = true
		}
	}
	return b.String()
}

// baseLabel is the label text wants, before collisions are resolved: its
// slug, with prefix in front when the slug starts with a digit (a label
// must start with a letter). It is "" when text has nothing to make a
// label of.
func baseLabel(text, prefix string) string {
	s := slug(text)
	if s != "" && s[0] >= '0' && s[0] <= '9' {
		s = prefix + "_" + s
	}
	return s
}

// sidLabel is the label of an object known only by its SID: the SID in
// lower case, which starts with a letter (ha…, hf…).
func sidLabel(sid string) string { return strings.ToLower(sid) }

// validLabel reports whether s is a label this command may write: an HCL
// identifier of lower-case ASCII letters, digits and underscores that
// starts with a letter.
func validLabel(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < 'a' || c > 'z') && (c < '0' || c > '9') && c != '_' {
			return false
		}
	}
	return true
}

// labelRequest asks for a label: base is the one it wants, and order
// decides, among requests that want the same base, which one gets it
// (the first) and in which order the others get suffixes.
type labelRequest struct {
	base  string
	order string
}

// assignLabels gives each request a distinct label. A base wanted once is
// given as it is. When several requests want the same base, the first in
// order gets it, and the others get the base with _2, _3… in order,
// skipping any label that another request wants as its base, so a suffix
// never takes a label that a name produces on its own. The result
// depends only on the requests, not on their order in the slice.
func assignLabels(reqs []labelRequest) []string {
	byBase := map[string][]int{}
	for i, r := range reqs {
		byBase[r.base] = append(byBase[r.base], i)
	}
	taken := make(map[string]bool, len(reqs))
	for base := range byBase {
		taken[base] = true
	}
	bases := make([]string, 0, len(byBase))
	for base := range byBase {
		bases = append(bases, base)
	}
	slices.Sort(bases)

	out := make([]string, len(reqs))
	for _, base := range bases {
		group := byBase[base]
		slices.SortStableFunc(group, func(a, b int) int {
			return cmp.Compare(reqs[a].order, reqs[b].order)
		})
		out[group[0]] = base
		n := 2
		for _, i := range group[1:] {
			for taken[base+"_"+strconv.Itoa(n)] {
				n++
			}
			out[i] = base + "_" + strconv.Itoa(n)
			taken[out[i]] = true
			n++
		}
	}
	return out
}
