variable "name" {
  description = "DB instance identifier, e.g. roomcast-prod."
  type        = string
}

variable "vpc_id" {
  description = "VPC of the database."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets, one per zone."
  type        = list(string)
}

variable "instance_class" {
  description = "RDS instance class, e.g. db.t4g.medium (dev) or db.r7g.large (prod)."
  type        = string
}

variable "allocated_storage_gib" {
  description = "Initial storage (GiB); grows automatically up to max_allocated_storage_gib."
  type        = number
  default     = 50
}

variable "max_allocated_storage_gib" {
  description = "Largest storage autoscaling may reach (GiB)."
  type        = number
  default     = 500
}

variable "engine_version" {
  description = "PostgreSQL major version."
  type        = string
  default     = "16"
}

variable "multi_az" {
  description = "A synchronous standby in another zone, promoted on failure."
  type        = bool
  default     = true
}

variable "backup_retention_days" {
  description = "Days of automated backups (point-in-time recovery window)."
  type        = number
  default     = 7
}

variable "deletion_protection" {
  description = "Refuse to delete the database (and take a final snapshot when it is deleted). True in prod."
  type        = bool
}

variable "client_security_group_ids" {
  description = "Security groups allowed to reach PostgreSQL (5432), by name."
  type        = map(string)
}
