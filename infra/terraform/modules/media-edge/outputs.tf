output "security_group_id" {
  description = "Security group of the edges (Kafka and Redis allow it in)."
  value       = aws_security_group.edge.id
}

output "autoscaling_group_name" {
  description = "Auto Scaling group of the edges."
  value       = aws_autoscaling_group.edge.name
}
