package main

import (
	"context"
	"flag"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/supersim-tf/terraform-provider-supersim/internal/provider"
)

// version is set at build time with -ldflags "-X main.version=…" (see
// GNUmakefile and .goreleaser.yml); it reaches the API in the User-Agent.
var version = "dev"

// Docs are generated from the provider's own schemas (see make generate);
// no Terraform CLI is downloaded or needed.
//go:generate make generate

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()
	quietUnlessLogging()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/supersim-tf/supersim",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}

// quietUnlessLogging turns the plugin's own logging off when Terraform keeps
// no logs: without TF_LOG or TF_LOG_PROVIDER, Terraform discards whatever a
// provider writes, yet the plugin libraries still format every trace line
// as JSON, which took a third of the provider's CPU in a plan. With either
// variable set, or with a level set for the libraries themselves, nothing
// changes.
func quietUnlessLogging() {
	for _, asked := range []string{"TF_LOG", "TF_LOG_PROVIDER", "TF_LOG_PROVIDER_SUPERSIM"} {
		if os.Getenv(asked) != "" {
			return
		}
	}
	for _, name := range []string{"TF_LOG_PROVIDER", "TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK"} {
		if os.Getenv(name) == "" {
			_ = os.Setenv(name, "OFF")
		}
	}
}
