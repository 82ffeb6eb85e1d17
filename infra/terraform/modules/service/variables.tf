variable "name" {
  description = "Service name: its ECS service, task family, log group and security group (e.g. room-state-stream)."
  type        = string
}

variable "prefix" {
  description = "Environment prefix of the resources' names, e.g. roomcast-prod."
  type        = string
}

variable "cluster_arn" {
  description = "ECS cluster to run in."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the tasks."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets of the tasks."
  type        = list(string)
}

variable "image" {
  description = "Container image, pinned by tag or digest."
  type        = string
}

variable "cpu" {
  description = "Fargate CPU units per task (1024 = 1 vCPU)."
  type        = number
}

variable "memory_mib" {
  description = "Fargate memory per task (MiB)."
  type        = number
}

variable "desired_count" {
  description = "Tasks to run; Kafka spreads partitions over them."
  type        = number
}

variable "container_port" {
  description = "Port of the service's HTTP server (health, metrics, and its API if it has one)."
  type        = number
}

variable "health_check_path" {
  description = "HTTP path answering 200 when the service is ready."
  type        = string
  default     = "/health"
}

variable "environment" {
  description = "Plain settings (Micronaut environment overrides such as KAFKA_BOOTSTRAP_SERVERS), by variable name."
  type        = map(string)
  default     = {}
}

variable "secrets" {
  description = "Settings read from Secrets Manager at start, by variable name: a secret ARN, or ARN:json-key:: for one key."
  type        = map(string)
  default     = {}
}

variable "secret_kms_key_arns" {
  description = "KMS keys the secrets are encrypted with (the task execution role may decrypt with them)."
  type        = list(string)
}

variable "ephemeral_storage_gib" {
  description = "Task-local disk (GiB, 21-200): a Streams app's state stores, rebuilt from their changelogs."
  type        = number
  default     = 21
}

variable "load_balancer" {
  description = "Target group to register in and the load balancer's security group; null for none."
  type = object({
    target_group_arn  = string
    security_group_id = string
  })
  default = null
}

variable "log_retention_days" {
  description = "Days the service's logs are kept."
  type        = number
  default     = 30
}
