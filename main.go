package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/supersim-tf/terraform-provider-supersim/internal/provider"
)

// version is set at build time with -ldflags "-X main.version=…" (see
// GNUmakefile and .goreleaser.yml); it reaches the API in the User-Agent.
var version = "dev"

// Docs are generated with the installed terraform, never a downloaded one.
//go:generate make generate

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/supersim-tf/supersim",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
