variable "name" {
  description = "Environment name, prefix of every resource: roomcast-dev, roomcast-prod."
  type        = string
}

variable "vpc_cidr_block" {
  description = "IPv4 range of the VPC (/16)."
  type        = string
}

variable "single_nat_gateway" {
  description = "One NAT gateway instead of one per zone."
  type        = bool
}

variable "deletion_protection" {
  description = "Protect the database and the load balancers from deletion. True in prod."
  type        = bool
}

variable "kafka" {
  description = "MSK size: brokers (a multiple of 3 zones), instance type, initial and largest storage per broker (GiB)."
  type = object({
    broker_count         = number
    broker_instance_type = string
    volume_size_gib      = number
    max_volume_size_gib  = number
  })
}

variable "kafka_admin_cidr_blocks" {
  description = "Private ranges Terraform's kafka provider connects from (VPN, CI runners in the VPC); never 0.0.0.0/0."
  type        = list(string)
}

variable "redis" {
  description = "ElastiCache size: node type, shards, replicas per shard."
  type = object({
    node_type          = string
    shards             = number
    replicas_per_shard = number
  })
}

variable "postgres" {
  description = "RDS size: instance class, Multi-AZ, backup retention (days)."
  type = object({
    instance_class        = string
    multi_az              = bool
    backup_retention_days = number
  })
}

variable "elasticsearch" {
  description = "Elastic Cloud: region, zones of the hot tier, the region's PrivateLink service name."
  type = object({
    ec_region                = string
    zone_count               = number
    privatelink_service_name = string
  })
}

variable "images" {
  description = "Container image of each service and of the registry (pinned tags or digests), by service id."
  type = object({
    ingress-ws          = string
    room-state-stream   = string
    ranking-stream      = string
    notification-worker = string
    search-indexer      = string
    media-edge          = string
    schema-registry     = string
  })
}

variable "services" {
  description = "Tasks, CPU units and memory (MiB) of each container service, by service id."
  type = map(object({
    desired_count = number
    cpu           = number
    memory_mib    = number
  }))
}

variable "gateway_certificate_arn" {
  description = "ACM certificate of the gateway's public HTTPS listener."
  type        = string
}

variable "media_edges" {
  description = "Media edge fleet: AMI, instance type, least and most edges."
  type = object({
    ami_id        = string
    instance_type = string
    min_size      = number
    max_size      = number
  })
}
