output "security_group_id" {
  description = "Security group of the service's tasks (data stores allow it in)."
  value       = aws_security_group.this.id
}

output "name" {
  description = "ECS service name."
  value       = aws_ecs_service.this.name
}
