package emulator

import (
	"errors"
	"net/http"
	"net/url"
	"testing"
)

func consoleURL(ref string) string {
	return "/_console/NetworkAccessProfiles/" + url.PathEscape(ref)
}

func TestConsoleDeleteRefusedWhileAFleetUsesTheNAP(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	nap := mustCreateNAP(t, h.e, "in use", attSID)
	spare := mustCreateNAP(t, h.e, "spare")
	fleet, err := h.e.CreateFleet("in use", "")
	if err != nil {
		t.Fatal(err)
	}

	h.do(http.MethodDelete, consoleURL("in use"), nil).expectError(t, 409, 20409, nap, fleet)
	if err := h.e.DeleteNAP(nap); !errors.Is(err, ErrConflict) {
		t.Fatalf("Go API delete: %v, want ErrConflict", err)
	}

	if err := h.e.AssignFleet(fleet, spare); err != nil {
		t.Fatal(err)
	}
	h.do(http.MethodDelete, consoleURL("in use"), nil).expectNoContent(t)
	h.do(http.MethodGet, napURL(nap), nil).expectError(t, 404, 20404)
	h.do(http.MethodGet, napURL(nap)+"/Networks", nil).expectError(t, 404, 20404)
	h.do(http.MethodDelete, consoleURL(nap), nil).expectError(t, 404, 20404)
	// The name is free again once the NAP is gone.
	h.do(http.MethodPost, "/v1/NetworkAccessProfiles", form("UniqueName", "in use")).expect(t, http.StatusCreated)
}

func TestConsoleDeleteBySID(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Options{})
	nap := mustCreateNAP(t, h.e, "")
	h.do(http.MethodDelete, consoleURL(nap), nil).expectNoContent(t)
	if _, ok := h.e.NetworkAccessProfile(nap); ok {
		t.Fatal("NAP still present")
	}
	h.do(http.MethodGet, consoleURL(nap), nil).expectError(t, 405, 20004)
}
