terraform {
  required_providers {
    supersim = {
      source  = "supersim-tf/supersim"
      version = "~> 0.1"
    }
  }
}

# Credentials are best kept out of configuration files. With an empty block
# the provider reads them from the environment:
#
#   export TWILIO_ACCOUNT_SID=AC...   # Account SID
#   export TWILIO_AUTH_TOKEN=...      # its auth token
#
# or, with an API key instead of the auth token:
#
#   export TWILIO_API_KEY=SK...
#   export TWILIO_API_SECRET=...
provider "supersim" {}

# Against a local emulator (go run ./cmd/supersim-emulator, in a checkout of
# this provider), use the credentials it prints and its URL, either through
# SUPERSIM_BASE_URL or explicitly:
#
# provider "supersim" {
#   base_url = "http://127.0.0.1:PORT" # the port the emulator prints
# }
