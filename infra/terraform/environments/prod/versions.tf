terraform {
  required_version = "1.12.2"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "6.25.0"
    }
    kafka = {
      source  = "Mongey/kafka"
      version = "0.13.1"
    }
    ec = {
      source  = "elastic/ec"
      version = "0.12.2"
    }
  }

  # State in S3 with a DynamoDB lock table, both made once by ../../bootstrap.
  backend "s3" {
    bucket         = "roomcast-terraform-state"
    key            = "prod/terraform.tfstate"
    region         = "eu-west-1"
    dynamodb_table = "roomcast-terraform-locks"
    encrypt        = true
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      project     = "roomcast"
      environment = "prod"
      managed-by  = "terraform"
    }
  }
}

# Terraform reaches the brokers' IAM listener from inside the VPC (admin CIDR blocks); README: first apply.
provider "kafka" {
  bootstrap_servers = split(",", module.platform.kafka_bootstrap_brokers_sasl_iam)
  tls_enabled       = true
  sasl_mechanism    = "aws-iam"
  sasl_aws_region   = var.region
}

# The Elastic Cloud API key comes from the EC_API_KEY environment variable, never from a file.
provider "ec" {}
