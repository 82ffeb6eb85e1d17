output "dns_name" {
  description = "DNS name of the load balancer (point the public host name or the services' registry URL at it)."
  value       = aws_lb.this.dns_name
}

output "target_group_arn" {
  description = "Target group the ECS service registers its tasks in."
  value       = aws_lb_target_group.this.arn
}

output "security_group_id" {
  description = "Security group of the load balancer (the targets allow it in)."
  value       = aws_security_group.this.id
}
