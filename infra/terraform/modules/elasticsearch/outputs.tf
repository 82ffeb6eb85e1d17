output "https_endpoint" {
  description = "Elasticsearch URL (through the PrivateLink endpoint's private DNS)."
  value       = ec_deployment.this.elasticsearch.https_endpoint
}

output "deployment_id" {
  description = "Elastic Cloud deployment id."
  value       = ec_deployment.this.id
}

output "credentials_secret_arn" {
  description = "Secrets Manager secret with the Elasticsearch credentials (JSON: username, password)."
  value       = aws_secretsmanager_secret.credentials.arn
}
