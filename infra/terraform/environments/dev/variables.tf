variable "region" {
  description = "AWS region of the environment."
  type        = string
  default     = "eu-west-1"
}

variable "gateway_certificate_arn" {
  description = "ACM certificate of the gateway's host name."
  type        = string
}

variable "media_edge_ami_id" {
  description = "AMI of the media edges (ECS-optimized Amazon Linux 2023 of the region)."
  type        = string
}

variable "image_tag" {
  description = "Release of the Roomcast images to run (one tag for every service)."
  type        = string
}

variable "kafka_admin_cidr_blocks" {
  description = "Private ranges Terraform's kafka provider connects from."
  type        = list(string)
}

variable "image_registry" {
  description = "Registry and namespace of the Roomcast images, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/roomcast."
  type        = string
}

variable "elastic_privatelink_service_name" {
  description = "Elastic Cloud's PrivateLink service name for the region (Elastic docs, 'AWS PrivateLink traffic filters')."
  type        = string
}
