output "configuration_endpoint" {
  description = "Cluster configuration endpoint (host); clients connect with TLS on 6379 (rediss://)."
  value       = aws_elasticache_replication_group.this.configuration_endpoint_address
}
