output "cluster_arn" {
  description = "ARN of the MSK cluster."
  value       = aws_msk_cluster.this.arn
}

output "bootstrap_brokers_sasl_scram" {
  description = "host:port list (comma-separated) of the SASL/SCRAM listener (9096): the services' KAFKA_BOOTSTRAP_SERVERS."
  value       = aws_msk_cluster.this.bootstrap_brokers_sasl_scram
}

output "bootstrap_brokers_sasl_iam" {
  description = "host:port list (comma-separated) of the IAM listener (9098): Terraform's kafka provider."
  value       = aws_msk_cluster.this.bootstrap_brokers_sasl_iam
}

output "kms_key_arn" {
  description = "Customer-managed KMS key of the cluster; SCRAM secrets must be encrypted with it."
  value       = aws_kms_key.this.arn
}

output "replication_factor" {
  description = "Replication factor for the catalog's topics."
  value       = var.default_replication_factor
}
