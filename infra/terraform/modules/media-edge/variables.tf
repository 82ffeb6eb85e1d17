variable "prefix" {
  description = "Environment prefix of the resources' names, e.g. roomcast-prod."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the edges."
  type        = string
}

variable "subnet_ids" {
  description = "Public subnets: each edge gets a public IPv4 address that clients and other edges send to."
  type        = list(string)
}

variable "ami_id" {
  description = "Machine image with a container runtime (e.g. the ECS-optimized Amazon Linux 2023 AMI of the region)."
  type        = string
}

variable "instance_type" {
  description = "EC2 instance type; about 2,000 listeners per 2 vCPUs (docs/benchmarks.md)."
  type        = string
}

variable "min_size" {
  description = "Edges always running."
  type        = number
}

variable "max_size" {
  description = "Most edges the group scales out to."
  type        = number
}

variable "image" {
  description = "media-edge container image, pinned by tag or digest."
  type        = string
}

variable "media_port" {
  description = "UDP port of RTP, RTCP, STUN and DTLS (one port, RFC 7983 demultiplexing); the only port open to the internet."
  type        = number
  default     = 5004
}

variable "listener_capacity" {
  description = "Listeners the gateway assigns to one edge at most (registered in Redis)."
  type        = number
  default     = 2000
}

variable "environment" {
  description = "Plain settings for the container (KAFKA_BOOTSTRAP_SERVERS, ROOMCAST_REDIS_URI, ...), by variable name."
  type        = map(string)
}

variable "secrets" {
  description = "Settings read from Secrets Manager at boot, by variable name: secret ARN, optionally ARN:json-key."
  type        = map(string)
}

variable "secret_kms_key_arns" {
  description = "KMS keys the secrets are encrypted with."
  type        = list(string)
}
