package main

import (
	"os"
	"testing"
)

func TestLogsAreOffUnlessTerraformKeepsThem(t *testing.T) {
	libraries := []string{"TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"}
	unset := func() {
		for _, v := range append([]string{"TF_LOG", "TF_LOG_PROVIDER_SUPERSIM"}, libraries...) {
			t.Setenv(v, "") // restored when the test ends
			os.Unsetenv(v)
		}
	}

	unset()
	quietUnlessLogging()
	for _, v := range libraries {
		if got := os.Getenv(v); got != "OFF" {
			t.Errorf("without TF_LOG, %s = %q, want OFF", v, got)
		}
	}

	for _, asked := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_SUPERSIM"} {
		unset()
		t.Setenv(asked, "TRACE")
		quietUnlessLogging()
		for _, v := range libraries {
			if v != asked && os.Getenv(v) != "" {
				t.Errorf("with %s set, %s was changed to %q", asked, v, os.Getenv(v))
			}
		}
	}

	// A level set for one library on purpose is kept.
	unset()
	t.Setenv("TF_LOG_SDK_PROTO", "DEBUG")
	quietUnlessLogging()
	if got := os.Getenv("TF_LOG_SDK_PROTO"); got != "DEBUG" {
		t.Errorf("TF_LOG_SDK_PROTO = %q, want the DEBUG that was set", got)
	}
}
