variable "name" {
  description = "Cluster name, e.g. roomcast-prod."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the brokers."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets, one per zone; the broker count must be a multiple of their number."
  type        = list(string)
}

variable "kafka_version" {
  description = "MSK Kafka version in KRaft mode (MSK's `.kraft` versions; no ZooKeeper)."
  type        = string
  default     = "3.9.x.kraft"
}

variable "broker_count" {
  description = "Brokers in all zones together (3 = one per zone)."
  type        = number
}

variable "broker_instance_type" {
  description = "MSK broker instance type, e.g. kafka.t3.small (dev) or kafka.m7g.large (prod)."
  type        = string
}

variable "volume_size_gib" {
  description = "Initial EBS storage per broker (GiB); storage autoscaling grows it."
  type        = number
  default     = 100
}

variable "max_volume_size_gib" {
  description = "Largest EBS storage per broker storage autoscaling may reach (GiB)."
  type        = number
  default     = 1000
}

variable "storage_target_utilization" {
  description = "Disk use (percent) above which storage autoscaling grows the volumes."
  type        = number
  default     = 60
}

variable "default_replication_factor" {
  description = "Replicas of each partition (3 survives one zone down with min.insync.replicas 2)."
  type        = number
  default     = 3
}

variable "min_insync_replicas" {
  description = "Replicas that must have a write before acks=all succeeds."
  type        = number
  default     = 2
}

variable "client_security_group_ids" {
  description = "Security groups allowed to reach the brokers (SASL/SCRAM 9096, IAM 9098), by name."
  type        = map(string)
}

variable "admin_cidr_blocks" {
  description = "Private ranges (VPN, CI runners in the VPC) from which Terraform's kafka provider reaches the IAM listener."
  type        = list(string)
  default     = []
}
