variable "name" {
  description = "Cluster name, e.g. roomcast-prod (prefix of the SCRAM secrets' names)."
  type        = string
}

variable "cluster_arn" {
  description = "ARN of the MSK cluster the SCRAM users are attached to."
  type        = string
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key of the cluster (MSK requires one for SCRAM secrets)."
  type        = string
}

variable "replication_factor" {
  description = "Replicas of every topic's partitions."
  type        = number
}
