variable "name" {
  description = "Deployment name, e.g. roomcast-prod."
  type        = string
}

variable "ec_region" {
  description = "Elastic Cloud region, the AWS one of the VPC (e.g. aws-eu-west-1)."
  type        = string
}

variable "elasticsearch_version" {
  description = "Elastic Stack version; the services use the 9.x Java client."
  type        = string
  default     = "9.2.0"
}

variable "deployment_template_id" {
  description = "Elastic Cloud hardware profile."
  type        = string
  default     = "aws-general-purpose"
}

variable "zone_count" {
  description = "Availability zones of the hot tier (2 or 3 for replicas on failure)."
  type        = number
}

variable "privatelink_service_name" {
  description = "Elastic Cloud's PrivateLink endpoint service in this region (Elastic docs, 'AWS PrivateLink traffic filters')."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the interface endpoint."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets of the interface endpoint."
  type        = list(string)
}

variable "client_security_group_ids" {
  description = "Security groups allowed to reach Elasticsearch over the endpoint (443), by name."
  type        = map(string)
}

variable "kms_key_arn" {
  description = "KMS key for the secret holding the deployment's credentials."
  type        = string
}
