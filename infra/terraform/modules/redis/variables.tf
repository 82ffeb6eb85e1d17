variable "name" {
  description = "Replication group id, e.g. roomcast-prod."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the cache nodes."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets, one per zone."
  type        = list(string)
}

variable "node_type" {
  description = "Cache node type, e.g. cache.t4g.small (dev) or cache.r7g.large (prod)."
  type        = string
}

variable "shards" {
  description = "Node groups (hash-slot shards) of the cluster."
  type        = number
}

variable "replicas_per_shard" {
  description = "Read replicas per shard, in other zones (at least 1 for automatic failover)."
  type        = number
  default     = 1
}

variable "engine_version" {
  description = "Redis OSS engine version."
  type        = string
  default     = "7.1"
}

variable "auth_token_secret_arn" {
  description = "Secrets Manager secret holding the AUTH token."
  type        = string
}

variable "client_security_group_ids" {
  description = "Security groups allowed to reach Redis (6379), by name."
  type        = map(string)
}
