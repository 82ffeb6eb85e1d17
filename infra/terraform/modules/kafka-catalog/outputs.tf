output "topics" {
  description = "Names of the topics created (the catalog's, dead-letter topics included)."
  value       = keys(kafka_topic.this)
}

output "scram_secret_arns" {
  description = "Secrets Manager ARN of each principal's SCRAM credentials (JSON: username, password), by service id."
  value       = { for principal, secret in aws_secretsmanager_secret.scram : principal => secret.arn }
}
