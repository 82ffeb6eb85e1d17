variable "name" {
  description = "Load balancer name, e.g. roomcast-prod-gateway."
  type        = string
}

variable "public" {
  description = "Internet-facing on HTTPS 443 from anywhere (the gateway); otherwise internal, reachable from client_security_group_ids only."
  type        = bool
}

variable "vpc_id" {
  description = "VPC of the load balancer and its targets."
  type        = string
}

variable "subnet_ids" {
  description = "Public subnets for an internet-facing load balancer, private ones for an internal one."
  type        = list(string)
}

variable "listener_port" {
  description = "Port clients connect to: 443 (HTTPS) when public; the internal listener speaks HTTP."
  type        = number
}

variable "certificate_arn" {
  description = "ACM certificate of the public listener (null for an internal one)."
  type        = string
  default     = null
}

variable "target_port" {
  description = "Container port the targets listen on."
  type        = number
}

variable "health_check_path" {
  description = "HTTP path answering 200 when a target is ready."
  type        = string
}

variable "idle_timeout_seconds" {
  description = "Seconds a connection may stay silent; above the clients' WebSocket heartbeat (15 s)."
  type        = number
  default     = 60
}

variable "client_security_group_ids" {
  description = "Security groups allowed to reach an internal listener, by name."
  type        = map(string)
  default     = {}
}

variable "deletion_protection" {
  description = "Refuse to delete the load balancer. True in prod."
  type        = bool
}
