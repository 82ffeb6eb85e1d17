output "gateway_dns_name" {
  description = "Public DNS name of the gateway's load balancer: point the clients' host name (CNAME/alias) at it."
  value       = module.gateway_lb.dns_name
}

output "registry_url" {
  description = "Internal URL of the schema registry's Confluent-compatible API."
  value       = "http://${module.registry_lb.dns_name}:8080/apis/ccompat/v7"
}

output "kafka_bootstrap_brokers_sasl_iam" {
  description = "IAM listener of the brokers, for Terraform's kafka provider."
  value       = module.kafka.bootstrap_brokers_sasl_iam
}

output "kafka_bootstrap_brokers_sasl_scram" {
  description = "SCRAM listener of the brokers, for the services and the analytics teams."
  value       = module.kafka.bootstrap_brokers_sasl_scram
}

output "topics" {
  description = "Topics created from the catalog."
  value       = module.kafka_catalog.topics
}

output "media_edge_autoscaling_group" {
  description = "Auto Scaling group of the media edges."
  value       = module.media_edge.autoscaling_group_name
}
