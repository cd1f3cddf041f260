package supersim

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
)

// Run with: go test -run '^$' -bench . -benchmem ./internal/supersim/

// benchNetworkSID is a deterministic Network SID, shaped like the API's
// (HW and 32 hexadecimal digits).
func benchNetworkSID(i int) string {
	sum := sha256.Sum256([]byte(fmt.Sprint("HW", i)))
	return "HW" + hex.EncodeToString(sum[:16])
}

var benchCountries = []string{"US", "GB", "DE", "FR", "ES", "IT", "NL", "CA", "MX", "AU", "JP", "BR"}

// benchNetworkPage is one list page of n catalog networks as the API sends
// it: every field of a network, one to three identifiers each, and the
// paging envelope.
func benchNetworkPage(n int) []byte {
	type ident struct {
		MCC string `json:"mcc"`
		MNC string `json:"mnc"`
	}
	type network struct {
		SID          string  `json:"sid"`
		FriendlyName string  `json:"friendly_name"`
		URL          string  `json:"url"`
		ISOCountry   string  `json:"iso_country"`
		Identifiers  []ident `json:"identifiers"`
	}
	networks := make([]network, n)
	for i := range networks {
		sid := benchNetworkSID(i)
		ids := make([]ident, 1+i%3)
		for j := range ids {
			ids[j] = ident{MCC: fmt.Sprintf("%03d", 200+i%700), MNC: fmt.Sprintf("%02d", (i+j)%100)}
		}
		networks[i] = network{
			SID:          sid,
			FriendlyName: fmt.Sprintf("Operator %04d Mobile", i),
			URL:          "https://supersim.twilio.com/v1/Networks/" + sid,
			ISOCountry:   benchCountries[i%len(benchCountries)],
			Identifiers:  ids,
		}
	}
	body, err := json.Marshal(map[string]any{
		"networks": networks,
		"meta": map[string]any{
			"key": "networks", "page": 0, "page_size": maxPageSize,
			"first_page_url":    "https://supersim.twilio.com/v1/Networks?PageSize=1000&Page=0",
			"previous_page_url": nil, "next_page_url": nil,
			"url": "https://supersim.twilio.com/v1/Networks?PageSize=1000&Page=0",
		},
	})
	if err != nil {
		panic(err)
	}
	return body
}

// memoryTransport answers every request with the same JSON body, without a
// socket, so a benchmark measures the client and not the loopback.
type memoryTransport []byte

func (m memoryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		req.Body.Close()
	}
	return &http.Response{
		StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"application/json"}},
		Body:   io.NopCloser(bytes.NewReader(m)), ContentLength: int64(len(m)), Request: req,
	}, nil
}

func benchClient(b *testing.B, baseURL string, transport http.RoundTripper) *Client {
	b.Helper()
	c, err := New(Config{BaseURL: baseURL, Username: "AC0123456789abcdef0123456789abcdef", Password: "secret", Transport: transport})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkDecodeNetworkPage lists a 1000-network catalog, one page, through
// listAll and fetchPage as ListNetworks does. "memory" hands the bytes over
// without a socket; "httptest" adds a real loopback HTTP round trip.
// "reference-one-pass" decodes the same bytes with a single json.Unmarshal
// into a struct, for comparison with fetchPage's two passes (the envelope
// into json.RawMessage values, then the items).
func BenchmarkDecodeNetworkPage(b *testing.B) {
	page := benchNetworkPage(maxPageSize)
	ctx := context.Background()
	list := func(b *testing.B, c *Client) {
		b.SetBytes(int64(len(page)))
		b.ReportAllocs()
		for b.Loop() {
			networks, err := c.ListNetworks(ctx, NetworkFilter{})
			if err != nil || len(networks) != maxPageSize {
				b.Fatalf("got %d networks, err %v", len(networks), err)
			}
		}
	}

	b.Run("memory", func(b *testing.B) {
		list(b, benchClient(b, "https://supersim.twilio.com", memoryTransport(page)))
	})
	b.Run("httptest", func(b *testing.B) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(page)
		}))
		defer srv.Close()
		list(b, benchClient(b, srv.URL, nil))
	})
	b.Run("reference-one-pass", func(b *testing.B) {
		b.SetBytes(int64(len(page)))
		b.ReportAllocs()
		for b.Loop() {
			var v struct {
				Meta     pageMeta  `json:"meta"`
				Networks []Network `json:"networks"`
			}
			if err := json.Unmarshal(page, &v); err != nil || len(v.Networks) != maxPageSize {
				b.Fatalf("got %d networks, err %v", len(v.Networks), err)
			}
		}
	})
}

// BenchmarkNetworksDiff diffs two 10,000-SID lists that share half their
// SIDs: 5,000 to add and 5,000 to remove.
func BenchmarkNetworksDiff(b *testing.B) {
	const n = 10_000
	all := make([]string, n+n/2)
	for i := range all {
		all[i] = benchNetworkSID(i)
	}
	current, desired := all[:n], all[n/2:]
	b.ReportAllocs()
	for b.Loop() {
		toAdd, toRemove := diffSets(current, desired)
		if len(toAdd) != n/2 || len(toRemove) != n/2 {
			b.Fatalf("diff gave %d to add and %d to remove, want %d each", len(toAdd), len(toRemove), n/2)
		}
	}
}

// BenchmarkSetNetworkAccessProfileNetworks measures what a change of a
// profile's networks costs the client apart from the API's latency:
// "unchanged" is the planning alone (diff, nothing to send); "change" adds
// and removes 1% of the networks through an in-memory transport, so it
// includes building, sending and decoding those requests.
func BenchmarkSetNetworkAccessProfileNetworks(b *testing.B) {
	const nap = "HA0123456789abcdef0123456789abcdef"
	ctx := context.Background()
	sids := func(from, to int) []string {
		out := make([]string, 0, to-from)
		for i := from; i < to; i++ {
			out = append(out, benchNetworkSID(i))
		}
		return out
	}
	link, _ := json.Marshal(map[string]any{
		"sid": benchNetworkSID(0), "network_access_profile_sid": nap, "friendly_name": "Operator 0000 Mobile",
		"iso_country": "US", "identifiers": []map[string]string{{"mcc": "310", "mnc": "410"}},
		"url": "https://supersim.twilio.com/v1/NetworkAccessProfiles/" + nap + "/Networks/" + benchNetworkSID(0),
	})
	c := benchClient(b, "https://supersim.twilio.com", memoryTransport(link))

	for _, n := range []int{1_000, 10_000} {
		current := sids(0, n)
		shuffled := slices.Clone(current)
		slices.Reverse(shuffled) // same set, another order
		b.Run(fmt.Sprintf("unchanged-%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				res, err := c.SetNetworkAccessProfileNetworks(ctx, nap, current, shuffled)
				if err != nil || len(res.Added)+len(res.Removed) != 0 || len(res.Allowed) != n {
					b.Fatalf("unexpected result %d added, %d removed, %d allowed, err %v", len(res.Added), len(res.Removed), len(res.Allowed), err)
				}
			}
		})
		changed := sids(n/100, n+n/100) // drop the first 1%, add 1% new
		b.Run(fmt.Sprintf("change-1%%-of-%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				res, err := c.SetNetworkAccessProfileNetworks(ctx, nap, current, changed)
				if err != nil || len(res.Added) != n/100 || len(res.Removed) != n/100 {
					b.Fatalf("unexpected result %d added, %d removed, err %v", len(res.Added), len(res.Removed), err)
				}
			}
		})
	}
}
