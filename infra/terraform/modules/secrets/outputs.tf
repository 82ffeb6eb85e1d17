output "arns" {
  description = "ARN of each secret, by name (generated and supplied)."
  value       = { for name, secret in aws_secretsmanager_secret.this : name => secret.arn }
}

output "kms_key_arn" {
  description = "KMS key of the secrets; task execution roles need kms:Decrypt on it."
  value       = aws_kms_key.this.arn
}
