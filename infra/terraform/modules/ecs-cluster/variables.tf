variable "name" {
  description = "Cluster name, e.g. roomcast-prod."
  type        = string
}
