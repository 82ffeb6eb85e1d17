terraform {
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.25"
    }
    kafka = {
      source  = "Mongey/kafka"
      version = ">= 0.13"
    }
    ec = {
      source  = "elastic/ec"
      version = ">= 0.12"
    }
  }
}
