# Adopting an account whose profiles were made in the Twilio Console.
# `terraform query` (Terraform 1.14 or later) reads adopt.tfquery.hcl, lists
# the account's profiles through the provider, and writes an import block and
# a resource for each one:
#
#   terraform query -generate-config-out=generated.tf
#   terraform apply       # imports them all; changes nothing in the account
#
# See the guide "Adopting an existing account" in the provider's docs.

terraform {
  required_providers {
    supersim = {
      source  = "supersim-tf/supersim"
      version = "~> 0.1"
    }
  }
}

# Credentials come from TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (or an API
# key pair); SUPERSIM_BASE_URL points at the emulator when you rehearse.
provider "supersim" {}
