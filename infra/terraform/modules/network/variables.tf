variable "name" {
  description = "Name prefix of every resource, e.g. roomcast-prod."
  type        = string
}

variable "cidr_block" {
  description = "IPv4 range of the VPC; split into 3 public and 3 private subnets (/20 each in a /16)."
  type        = string
}

variable "az_count" {
  description = "Availability zones to spread over (MSK wants its broker count to be a multiple of it)."
  type        = number
  default     = 3
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all private subnets (cheaper, dev) instead of one per zone (prod)."
  type        = bool
  default     = false
}
